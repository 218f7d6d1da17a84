"""Derived answers kept on disk per account revision (issue 17/20): the second tier
behind :class:`api.service.Answers`, for the answers lists need — each account's
list line, its alerts and its month-end trend points.

A small SQLite file (WAL), by default beside the embedded store (``<store>.answers``,
like the job history's ``<store>.jobs``), for Neo4j in the temporary folder or
where :attr:`api.settings.Settings.answers_file` says. Each row is keyed by
(answer name, as-of date, version, account) and holds the account revision it was
computed at and the answer as JSON; a read asks for the revision the store gives
now, so an answer of an older revision is never returned, and a write to one
account leaves every other account's rows good. ``version`` names the rules and
format (:func:`answers_version`): a code or settings change reads nothing old.

It is a cache: losing it only costs time. A file that is not one (corrupt, or
another program's) is moved aside and made anew, never trusted; a read that fails
answers "not kept". Several processes may read and write it: SQLite's lock lets
one writer at a time, and each write is one short transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import queries
from graph.store import GraphStore
from queries.settings import QuerySettings

log = logging.getLogger("powermap.api.answers")

ANSWERS_SUFFIX: Final = ".answers"
#: Bumped when what is kept changes shape (the models' JSON is covered by the sources).
FORMAT: Final = "1"
#: Marks the file as ours (SQLite's application_id): "PmAn".
APPLICATION_ID: Final = 0x506D416E
_BUSY_MS: Final = 5000

_SCHEMA: Final = (
    "CREATE TABLE IF NOT EXISTS answers ("
    " name TEXT NOT NULL, as_of TEXT NOT NULL, version TEXT NOT NULL,"
    " account_id TEXT NOT NULL, revision INTEGER NOT NULL, body TEXT NOT NULL,"
    " PRIMARY KEY (name, as_of, version, account_id)) WITHOUT ROWID"
)
_GET_DAY: Final = (
    "SELECT account_id, revision, body FROM answers WHERE name = ? AND as_of = ? AND version = ?"
)
# IN (json_each) rather than a join: SQLite then searches the key for each value
# (a join scanned every row of the name).
_GET_SOME: Final = (
    "SELECT account_id, revision, body FROM answers WHERE name = ? AND as_of = ?"
    " AND version = ? AND account_id IN (SELECT value FROM json_each(?))"
)
_GET_DAYS: Final = (
    "SELECT as_of, revision, body FROM answers WHERE name = ? AND version = ?"
    " AND account_id = ? AND as_of IN (SELECT value FROM json_each(?))"
)
_HELD: Final = (
    "SELECT account_id, as_of, revision FROM answers WHERE name = ? AND version = ?"
    " AND as_of IN (SELECT value FROM json_each(?))"
)
_PUT: Final = (
    "INSERT INTO answers (name, as_of, version, account_id, revision, body)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name, as_of, version, account_id)"
    " DO UPDATE SET revision = excluded.revision, body = excluded.body"
)
_ROWS: Final = "SELECT account_id, revision, version FROM answers"
_DELETE_STALE: Final = (
    "DELETE FROM answers WHERE account_id = ? AND (revision != ? OR version != ?)"
)
_DELETE_ACCOUNT: Final = "DELETE FROM answers WHERE account_id = ?"
# Rows of days long past, but a month end's trend point (a trend's past months).
_DELETE_OLD: Final = (
    "DELETE FROM answers WHERE as_of < ?"
    " AND NOT (name = ? AND strftime('%d', as_of, '+1 day') = '01')"
)

#: (account id, as-of date ISO, account revision, body)
Row = tuple[str, str, int, str]


def answers_version(settings: QuerySettings) -> str:
    """The rules and format of what is kept: :data:`FORMAT`, the query settings, and
    the source of the ``queries`` package (the domain rules), so a changed rule,
    model or setting reads nothing computed before it."""
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(settings.model_dump_json().encode())
    root = Path(queries.__file__).parent
    for source in sorted(root.rglob("*.py")):
        digest.update(source.relative_to(root).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def answers_path(answers_file: str | None, store: GraphStore, store_setting: str) -> Path:
    """The file for ``store``: the setting when given; else beside the embedded
    store's file; else (Neo4j) in the temporary folder, named after the database."""
    if answers_file:
        return Path(answers_file)
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        return path.with_name(path.name + ANSWERS_SUFFIX)
    name = hashlib.sha256(store_setting.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"powermap-answers-{name}.sqlite"


class AnswerStore:
    """The file of kept answers (thread-safe: one connection under a lock)."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version
        self._lock = threading.Lock()
        self._conn = self._open()

    # ----------------------------------------------------------------- opening
    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            log.warning(
                "kept answers: %s is not a usable answers file (%s); replacing it",
                self.path,
                type(exc).__name__,
            )
            self._move_aside()
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app_id != APPLICATION_ID and tables:
                raise sqlite3.DatabaseError("another program's file (application_id)")
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(_SCHEMA)
        except BaseException:
            conn.close()
            raise
        return conn

    def _move_aside(self) -> None:
        """The unusable file and its WAL go away (renamed, to look at; replaced next time)."""
        for suffix in ("", "-wal", "-shm"):
            part = self.path.with_name(self.path.name + suffix)
            if part.exists():
                part.replace(part.with_name(part.name + ".bad"))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # ----------------------------------------------------------------- reading
    def get(
        self, name: str, as_of: str, revisions: Mapping[str, int], *, every: bool = False
    ) -> dict[str, str]:
        """The kept ``name`` answers as of ``as_of`` of the accounts in ``revisions``
        computed at the revision given there, by account. ``every``: ``revisions``
        holds every account, read the day's rows in one scan."""
        if not revisions:
            return {}
        if every:
            found = self._select(_GET_DAY, (name, as_of, self.version))
        else:
            ids = json.dumps(sorted(revisions))
            found = self._select(_GET_SOME, (name, as_of, self.version, ids))
        return {str(a): str(body) for a, rev, body in found if revisions.get(a) == rev}

    def get_days(
        self, name: str, account_id: str, revision: int, days: Iterable[str]
    ) -> dict[str, str]:
        """The kept ``name`` answers of one account at its ``revision``, by as-of date."""
        wanted = json.dumps(sorted(set(days)))
        found = self._select(_GET_DAYS, (name, self.version, account_id, wanted))
        return {str(d): str(body) for d, rev, body in found if rev == revision}

    def held(
        self, name: str, days: Iterable[str], revisions: Mapping[str, int]
    ) -> set[tuple[str, str]]:
        """The (account, day) pairs among ``days`` whose ``name`` answer is kept at the
        account's revision in ``revisions`` (one pass over those days' rows)."""
        wanted = json.dumps(sorted(set(days)))
        found = self._select(_HELD, (name, self.version, wanted))
        return {(str(a), str(d)) for a, d, rev in found if revisions.get(a) == rev}

    def _select(self, statement: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            with self._lock:
                return self._conn.execute(statement, params).fetchall()
        except sqlite3.Error as exc:
            # A cache that cannot be read is a miss: the answer is computed instead.
            log.warning("kept answers: cannot read %s (%s)", self.path, type(exc).__name__)
            return []

    # ----------------------------------------------------------------- writing
    def put(self, name: str, rows: Iterable[Row]) -> bool:
        """Keep ``rows`` (one transaction); False when the file refused them."""
        params = [(name, d, self.version, a, rev, body) for a, d, rev, body in rows]
        if not params:
            return True
        try:
            with self._lock:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    self._conn.executemany(_PUT, params)
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            log.warning("kept answers: cannot write %s (%s)", self.path, type(exc).__name__)
            return False
        return True

    def drop_old(self, before: str, month_end_name: str) -> int:
        """Drop rows of days before ``before`` except the month-end ``month_end_name``
        rows (a trend's past points); how many. Other days' answers, computed on
        demand, are kept until then."""
        try:
            with self._lock:
                return self._conn.execute(_DELETE_OLD, (before, month_end_name)).rowcount
        except sqlite3.Error as exc:
            log.warning("kept answers: cannot prune %s (%s)", self.path, type(exc).__name__)
            return 0

    def prune(self, revisions: Mapping[str, int]) -> int:
        """Drop rows of an older revision or version, or of accounts gone; how many."""
        try:
            with self._lock:
                stale = {
                    str(a)
                    for a, rev, version in self._conn.execute(_ROWS)
                    if revisions.get(a) != rev or version != self.version
                }
                if not stale:
                    return 0
                before = self._conn.total_changes
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for account_id in sorted(stale):
                        if account_id in revisions:
                            self._conn.execute(
                                _DELETE_STALE, (account_id, revisions[account_id], self.version)
                            )
                        else:
                            self._conn.execute(_DELETE_ACCOUNT, (account_id,))
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                return self._conn.total_changes - before
        except sqlite3.Error as exc:
            log.warning("kept answers: cannot prune %s (%s)", self.path, type(exc).__name__)
            return 0


def open_answer_store(
    answers_file: str | None, store: GraphStore, store_setting: str, settings: QuerySettings
) -> AnswerStore | None:
    """The kept answers of ``store``, or None (answers computed each time, with a
    warning) where the file cannot be made (a read-only folder)."""
    path = answers_path(answers_file, store, store_setting)
    try:
        return AnswerStore(path, answers_version(settings))
    except (OSError, sqlite3.Error) as exc:
        log.warning(
            "kept answers are off: cannot use %s (%s); set POWERMAP_ANSWERS_FILE to a "
            "writable file to keep the lists fast across writes and restarts",
            path,
            type(exc).__name__,
        )
        return None
