"""Opening the SQLite file, and turning SQLite failures into Powermap errors that
say what happened and what to do."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from graph import sql
from graph.embedded import account_revisions, search
from graph.errors import StoreBusyError, StoreUnavailableError, StoreWriteError
from graph.sql_tables import missing_columns


def open_writer(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Open (creating when needed) the store file for writing, in WAL mode."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
    except (OSError, sqlite3.Error) as exc:
        raise StoreUnavailableError(
            f"cannot open the store file {path}: {exc}. Check that the folder exists and "
            "is writable, or point POWERMAP_STORE elsewhere."
        ) from exc
    try:
        conn.execute(sql.PRAGMA_WAL)
        conn.execute(sql.PRAGMA_SYNCHRONOUS)
        conn.execute(sql.PRAGMA_CACHE_SIZE)
        _ensure_schema(conn, path)
        _ensure_columns(conn)
        account_revisions.ensure_table(conn)
        _ensure_read_indexes(conn)
        search.ensure_index(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise _open_failure(path, exc) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def open_reader(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Open the store file for reading only; it must exist and hold a store."""
    if not path.exists():
        raise StoreUnavailableError(
            f"there is no store at {path}: load a bundle first (powermap ingest), or "
            "check POWERMAP_STORE."
        )
    try:
        conn = sqlite3.connect(
            path.resolve().as_uri() + "?mode=ro",
            uri=True,
            timeout=busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise _open_failure(path, exc) from exc
    try:
        version = conn.execute(sql.PRAGMA_GET_USER_VERSION).fetchone()[0]
        if version != sql.SCHEMA_VERSION:
            raise StoreUnavailableError(
                f"{path} is not a Powermap store of this version (schema {version}, "
                f"expected {sql.SCHEMA_VERSION}): open it writable once to create it, or "
                "point POWERMAP_STORE at the right file."
            )
    except sqlite3.Error as exc:
        conn.close()
        raise _open_failure(path, exc) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def checkpoint(conn: sqlite3.Connection) -> None:
    """Copy the WAL into the database file and empty it, after a load. Best effort:
    when a reader still holds an old snapshot, SQLite leaves the rest for later."""
    conn.execute(sql.CHECKPOINT).fetchall()


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute(sql.PRAGMA_GET_USER_VERSION).fetchone()[0]
    if version == sql.SCHEMA_VERSION:
        return
    if version not in (0, 1, 2, 3):
        raise StoreUnavailableError(
            f"{path} holds schema version {version}; this Powermap reads version "
            f"{sql.SCHEMA_VERSION}. Load the data into a new store file."
        )
    conn.execute(sql.BEGIN_IMMEDIATE)
    try:
        # An older store gains its new columns first; CREATE ... IF NOT EXISTS then
        # leaves its tables alone and adds whatever else is missing.
        for statement in sql.MIGRATE_1_TO_2 if version == 1 else ():
            conn.execute(statement)
        for statement in sql.MIGRATE_2_TO_3 if version in (1, 2) else ():
            conn.execute(statement)
        for statement in sql.MIGRATE_3_TO_4 if version in (1, 2, 3) else ():
            conn.execute(statement)
        for statement in sql.SCHEMA:
            conn.execute(statement)
        conn.execute(sql.PRAGMA_SET_USER_VERSION)
        conn.execute(sql.COMMIT)
    except BaseException:
        conn.execute(sql.ROLLBACK)
        raise


def _ensure_columns(conn: sqlite3.Connection) -> None:
    """Schema drift: add any declared column a stored table lacks (a record field
    added without a migration), so reads never meet a missing column."""
    tables = [r[0] for r in conn.execute(_SELECT_TABLES)]
    present = {
        t: {str(c[1]) for c in conn.execute("SELECT * FROM pragma_table_info(?)", (t,))}
        for t in tables
    }
    statements = missing_columns(present)
    if not statements:
        return
    conn.execute(sql.BEGIN_IMMEDIATE)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.execute(sql.COMMIT)
    except BaseException:
        conn.execute(sql.ROLLBACK)
        raise


_SELECT_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"


def _ensure_read_indexes(conn: sqlite3.Connection) -> None:
    """Add the read path's indexes to a store made before them (once: building them
    on a large store takes a while); a store that has them is left alone."""
    wanted = json.dumps(sql.READ_INDEX_NAMES)
    present = {r[0] for r in conn.execute(sql.SELECT_INDEXES_PRESENT, (wanted,))}
    if present.issuperset(sql.READ_INDEX_NAMES):
        return
    conn.execute(sql.BEGIN_IMMEDIATE)
    try:
        for statement in sql.READ_INDEXES:
            conn.execute(statement)
        conn.execute(sql.COMMIT)
    except BaseException:
        conn.execute(sql.ROLLBACK)
        raise


def _open_failure(path: Path, exc: sqlite3.Error) -> StoreUnavailableError:
    if _is_busy(exc):
        return StoreUnavailableError(
            f"the store {path} stayed locked by another process while opening it; "
            "try again when the running load has finished."
        )
    return StoreUnavailableError(
        f"cannot open the store {path}: {exc}. Check that it is a Powermap store file and "
        "that it is readable (and writable, unless opened read-only)."
    )


def _is_busy(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc)
    )


def busy_error(path: Path, timeout: float) -> StoreBusyError:
    return StoreBusyError(
        f"another load is writing to the store {path} and still held its lock after "
        f"{timeout:g} s; wait for it to finish and run this load again."
    )


def write_failure(
    path: Path, exc: BaseException, timeout: float
) -> StoreBusyError | StoreWriteError:
    """The error to raise for a write that failed with ``exc`` (already rolled back)."""
    message = str(exc)
    if isinstance(exc, sqlite3.Error) and _is_busy(exc):
        return busy_error(path, timeout)
    if "disk is full" in message or "disk I/O error" in message:
        what = "the disk is full" if "full" in message else "the disk reported an I/O error"
        return StoreWriteError(
            f"writing the store {path} failed: {what}. Nothing was written; free space on "
            "that disk (or move the store) and run the load again."
        )
    if "readonly" in message or "read-only" in message:
        return StoreWriteError(
            f"the store {path} (or its folder, which holds the -wal and -shm files) is "
            "read-only. Nothing was written; make them writable by this user, or open "
            "the store read-only for queries."
        )
    if isinstance(exc, sqlite3.IntegrityError):
        return StoreWriteError(
            f"the batch breaks a rule of the store {path} ({message}); nothing was written. "
            "Fix the records named and load again."
        )
    return StoreWriteError(
        f"writing the store {path} failed ({type(exc).__name__}: {message}); nothing was written."
    )
