"""The embedded store: one SQLite file, read one account at a time by indexed SQL."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from graph import cascade, plan, sql
from graph.account_data import AccountData
from graph.audit import LoadRecord
from graph.embedded import account_revisions, captured, connection, planner, reads, rows
from graph.embedded import loads as load_log
from graph.embedded import search as search_index
from graph.embedded.plans import PlansMixin
from graph.errors import (
    NotFoundError,
    PowermapError,
    StoreUnavailableError,
    StoreWriteError,
)
from graph.gc_pause import collector_paused as _collector_paused
from graph.schema import (
    AccountRecord,
    ApplyResult,
    Batch,
    PersonRecord,
    TeamMemberRecord,
    UnitRecord,
)
from graph.search import SearchKey
from graph.touched import Touched, new_stamp

T = TypeVar("T")

DEFAULT_BUSY_TIMEOUT = 10.0


class EmbeddedStore(captured.CapturedMixin, PlansMixin):
    """A :class:`graph.store.GraphStore` in one SQLite file.

    SQLite (WAL mode) holds the store: one table per record kind, keyed by the
    record's identity. Reads go to SQLite: an account is read when asked about, by
    its indexes (:mod:`graph.embedded.reads`), and nothing is kept between reads, so
    opening the store reads no rows and the memory it holds does not grow with the
    store. ``apply`` asks SQLite, inside its ``BEGIN IMMEDIATE`` transaction, for
    the stored rows and ids of just the batch's keys (:mod:`graph.plan`), writes
    each kind of record as it is checked, then runs the deletions with their
    cascades (:mod:`graph.cascade`) and commits; if anything fails, SQLite rolls
    back. After the commit the WAL is checkpointed into the database file, so that
    file alone is the store.

    **What apply enforces.** Every reference must resolve, to a stored record or
    one in the batch: a unit's account and parent, a person's account, unit and
    manager, a team member's manager, both ends of an account-team row,
    relationship, activity and person tie, an employment's person and unit (or
    account when ``at_account``), an opportunity's account and unit. Otherwise the
    batch fails whole with :class:`StoreWriteError` naming the records. Also
    refused: a tie of a person with themselves, a missing required field (a name, a
    unit's kind). Not checked (ingest validates them): cycles, a unit or person
    pointing at another account's unit.

    **Counts.** Records with the same identity in one batch are written once (the
    last wins) and counted once. A deletion counts under ``RecordKind.DELETION``
    (``deleted``, or ``unchanged`` when nothing matched) and, when it removed
    something, as ``deleted`` under the kind it names; what a deletion takes with
    it (an account's people, a unit's opportunities) is not counted. Deleting a
    relationship removes the snapshot and the pair's activities. A batch that
    changes nothing commits nothing and leaves :meth:`revision` unchanged.

    **Several processes.** Writers are serialised by SQLite's write lock: a second
    writer waits up to ``busy_timeout`` seconds, then gets :class:`StoreBusyError`.
    :meth:`write_session` holds that lock across a read-check-write (ingest
    validates and applies inside one), so a check cannot be overtaken by another
    process's commit.
    Each read sees the last committed state, never a mix of two: an account is
    read in one read transaction. ``read_only=True`` opens the file without writing
    (a second reader process); ``apply`` then raises :class:`StoreWriteError`.
    Within one process the store is thread-safe: each thread reads through a
    connection of its own, so a large account's read holds up no other reader.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> None:
        self._path = Path(path)
        self._busy_timeout = busy_timeout
        self._write_lock = threading.Lock()  # one apply at a time in this process
        self._session_thread: int | None = None  # the thread inside write_session
        self._lock = threading.RLock()  # the shared reader connection and the list of them
        self._local = threading.local()  # each thread's reader connection
        self._readers: list[sqlite3.Connection] = []
        self._closed = False
        self._writer: sqlite3.Connection | None = None
        if not read_only:
            self._writer = connection.open_writer(self._path, busy_timeout)
        try:
            # Opened now, so a missing or foreign file fails here, not at the first read.
            self._reader = connection.open_reader(self._path, busy_timeout)
        except BaseException:
            if self._writer is not None:
                self._writer.close()
            raise
        # Kept for captured contacts, search and the audit log, under the lock; each
        # thread reads through a connection of its own (_thread_reader).
        self._readers.append(self._reader)

    # ---------------------------------------------------------------- lifecycle
    def close(self) -> None:
        with self._write_lock, self._lock:
            self._closed = True
            if self._writer is not None:
                self._writer.close()
                self._writer = None
            for conn in self._readers:
                conn.close()
            self._readers.clear()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._path

    def ping(self) -> None:
        try:
            self._thread_reader().execute(sql.SELECT_ONE).fetchone()
        except sqlite3.Error as exc:
            raise StoreUnavailableError(f"the store {self._path} does not answer: {exc}") from exc

    # ------------------------------------------------------------------ writing
    def _writable(self) -> sqlite3.Connection:
        if self._writer is None:
            raise StoreWriteError(
                f"the store {self._path} was opened read-only (or closed); open it "
                "writable to load data."
            )
        return self._writer

    def _begin(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute(sql.BEGIN_IMMEDIATE)
        except sqlite3.Error as exc:
            raise connection.write_failure(self._path, exc, self._busy_timeout) from exc

    @contextmanager
    def write_session(self) -> Iterator[None]:
        """Hold the store's write lock — this process's and SQLite's, which other
        processes honour — until the block ends, so what the block reads (ingest's
        validation against the store) is still true when its ``apply`` commits.
        Meanwhile no other writer commits: others wait up to ``busy_timeout``, then
        get :class:`StoreBusyError`. Reads go on as usual (WAL). ``apply`` called in
        the block by the same thread commits inside it; leaving the block without
        one writes nothing. A killed process loses the lock with its connection."""
        conn = self._writable()
        with self._write_lock:
            self._begin(conn)
            self._session_thread = threading.get_ident()
            try:
                yield
            finally:
                self._session_thread = None
                self._rollback(conn)

    def apply(self, batch: Batch) -> ApplyResult:
        conn = self._writable()
        if self._session_thread == threading.get_ident():
            # Inside write_session: the lock is held, the transaction open (begun
            # again only if an earlier apply in the session has committed).
            if not conn.in_transaction:
                self._begin(conn)
            return self._apply_begun(conn, batch)
        with self._write_lock:
            self._begin(conn)
            return self._apply_begun(conn, batch)

    def _apply_begun(self, conn: sqlite3.Connection, batch: Batch) -> ApplyResult:
        try:
            return self._apply_in_transaction(conn, batch)
        except PowermapError:
            self._rollback(conn)
            raise
        except BaseException as exc:
            self._rollback(conn)
            if not isinstance(exc, Exception):
                raise
            raise connection.write_failure(self._path, exc, self._busy_timeout) from exc

    def _apply_in_transaction(self, conn: sqlite3.Connection, batch: Batch) -> ApplyResult:
        # The write lock is held: what SQLite answers now is the state the batch is
        # planned against (graph.plan, graph.cascade), asked for just its keys.
        with _collector_paused():
            stored = planner.SqliteRows(conn)
            result = ApplyResult()
            # Each kind (each batch of a streamed kind) is written as soon as it is
            # planned, so only that many rows are held at a time; a failing later
            # kind rolls the transaction back.
            plans = plan.plan_kinds(batch, stored, f"the store {self._path}", result)
            touched = Touched()  # the accounts the load changes (graph.touched)
            plans = touched.watch(plans, account_revisions.value)
            wrote = planner.write_plans(conn, plans, stored)
            touched.note_deletions(batch.deletions)
            changed = touched.resolve(account_revisions.SqliteLookup(conn))
            deleted = cascade.apply_deletions(
                batch.deletions, planner.SqlitePrimitives(conn), result
            )
            if not wrote and not deleted:
                conn.execute(sql.ROLLBACK)  # nothing changed: the revision stays
                return result
            conn.execute(sql.BUMP_REVISION).fetchone()
            account_revisions.set_revisions(conn, changed, new_stamp())
            conn.execute(sql.COMMIT)
        # The WAL holds the whole load until checkpointed: fold it into the .db
        # file, so that file alone is the store and the next reader starts fast.
        connection.checkpoint(conn)
        return result

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            conn.execute(sql.ROLLBACK)

    # ------------------------------------------------------------------ reading
    def revision(self) -> int:
        return int(self._read(lambda conn: conn.execute(sql.SELECT_REVISION).fetchone()[0]))

    def account_revisions(self, ids: Iterable[str] | None = None) -> dict[str, int]:
        wanted = None if ids is None else list(ids)
        return self._read(lambda conn: account_revisions.read(conn, wanted))

    def account_data(self, account_id: str) -> AccountData:
        found = self._read(lambda conn: reads.account_data(conn, account_id))
        if found is None:
            raise NotFoundError(f"there is no account with id {account_id!r} in the store")
        return found

    def accounts(self, ids: Iterable[str]) -> dict[str, AccountRecord]:
        found = self._by_id(sql.SELECT_ACCOUNTS_BY_ID, ids)
        return {r[0]: rows.account_record(r) for r in found}

    def units(self, ids: Iterable[str]) -> dict[str, UnitRecord]:
        return {r[0]: rows.unit_record(r) for r in self._by_id(sql.SELECT_UNITS_BY_ID, ids)}

    def people(self, ids: Iterable[str]) -> dict[str, PersonRecord]:
        return {r[0]: rows.person_record(r) for r in self._by_id(sql.SELECT_PEOPLE_BY_ID, ids)}

    def team_members(self, ids: Iterable[str]) -> dict[str, TeamMemberRecord]:
        found = self._by_id(sql.SELECT_TEAM_MEMBERS_BY_ID, ids)
        return {r[0]: rows.team_member_record(r) for r in found}

    def _by_id(self, statement: str, ids: Iterable[str]) -> list[rows.Row]:
        wanted = list(ids)
        return self._read(lambda conn: reads.rows_by_id(conn, statement, wanted))

    def list_accounts(self) -> list[AccountRecord]:
        found = self._read(lambda conn: conn.execute(sql.SELECT_ACCOUNTS_ORDERED).fetchall())
        return [rows.account_record(r) for r in found]

    def accounts_of_team_member(self, team_member_id: str) -> list[str]:
        return self._read(lambda conn: reads.accounts_of_team_member(conn, team_member_id))

    def largest_accounts(self, limit: int) -> list[str]:
        if limit <= 0:
            return []
        return self._read(lambda conn: reads.largest_accounts(conn, limit))

    def unit_parents(self, account_id: str) -> dict[str, str | None]:
        return self._read(lambda conn: reads.unit_parents(conn, account_id))

    def counts(self) -> dict[str, int]:
        return self._read(reads.counts)

    def _read(self, read: Callable[[sqlite3.Connection], T]) -> T:
        """``read`` on this thread's reader connection: readers in WAL mode never
        wait for each other nor for a writer, and each sees the last commit."""
        conn = self._thread_reader()
        try:
            return read(conn)
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute(sql.ROLLBACK)
            raise StoreUnavailableError(f"cannot read the store {self._path}: {exc}") from exc

    def _thread_reader(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                if self._closed:
                    raise StoreUnavailableError(f"the store {self._path} is closed")
                conn = connection.open_reader(self._path, self._busy_timeout)
                self._readers.append(conn)
            self._local.conn = conn
        return conn

    # ---------------------------------------------------------------- audit log
    def record_load(self, entry: LoadRecord) -> None:
        if self._writer is None:
            raise StoreWriteError(
                f"the store {self._path} was opened read-only (or closed); the load "
                "could not be recorded."
            )
        with self._write_lock:
            try:
                load_log.record(self._writer, entry)
            except sqlite3.Error as exc:
                raise connection.write_failure(self._path, exc, self._busy_timeout) from exc

    def search(
        self, query: str, limit: int, account_ids: Collection[str] | None = None
    ) -> list[SearchKey]:
        with self._lock:
            return search_index.search(self._reader, self._path, query, limit, account_ids)

    def loads(self, limit: int, offset: int = 0) -> tuple[list[LoadRecord], int]:
        with self._lock:
            try:
                return load_log.page(self._reader, limit, offset)
            except sqlite3.Error as exc:
                raise StoreUnavailableError(f"cannot read the store {self._path}: {exc}") from exc
