"""The embedded store: SQLite is the durable copy, an in-memory copy serves reads."""

from __future__ import annotations

import gc
import heapq
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import networkx as nx

from graph import sql
from graph.audit import LoadRecord
from graph.embedded import captured, connection, planner, rows
from graph.embedded import loads as load_log
from graph.embedded.memory import Memory, Table
from graph.embedded.plans import PlansMixin
from graph.embedded.subgraph import build_account_graph
from graph.errors import (
    NotFoundError,
    PowermapError,
    StoreUnavailableError,
    StoreWriteError,
)
from graph.gc_pause import collector_paused as _collector_paused
from graph.schema import (
    AccountRecord,
    Activity,
    ApplyResult,
    Batch,
    NodeKey,
    PersonRecord,
    TeamMemberRecord,
    UnitRecord,
)

DEFAULT_BUSY_TIMEOUT = 10.0
DEFAULT_GRAPH_CACHE_SIZE = 32
#: Reads of an account graph made without the lock before one is made under it.
UNLOCKED_READ_ATTEMPTS = 3
#: From this many rows on (scale M holds 1.3 million), a freshly loaded copy is
#: exempted from garbage collection; smaller copies are cheap to walk.
FREEZE_MIN_ROWS = 500_000


def _exempt_from_collection() -> None:
    """Move everything alive now (above all the copy just loaded: millions of
    rows and index entries, none in a reference cycle) out of the collector's
    reach. Otherwise every full collection walks it all again: after each large
    snapshot build one did, for about 0.4 s at scale M. Garbage already waiting
    is collected first; frozen objects are still freed by reference counting
    (the rows, when replaced), but one that later ends up in a garbage cycle is
    kept: a small price, paid only for a large store."""
    gc.collect()
    gc.freeze()


class _Background:
    """Run a function on a thread; ``join`` re-raises what it raised."""

    def __init__(self, fn: Callable[[sqlite3.Connection], None], conn: sqlite3.Connection) -> None:
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, conn), daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[[sqlite3.Connection], None], conn: sqlite3.Connection) -> None:
        try:
            fn(conn)
        except BaseException as exc:  # handed to the joining thread
            self._error = exc

    def join(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


class EmbeddedStore(captured.CapturedMixin, PlansMixin):
    """A :class:`graph.store.GraphStore` in one SQLite file, served from memory.

    SQLite (WAL mode) is the durable copy: one table per record kind, keyed by the
    record's identity. At open the whole store is read into memory (rows plus the
    indexes reads and deletions need); account subgraphs are built from it on
    demand and cached per account (LRU, ``graph_cache_size``). ``apply`` works the
    batch out on memory first (compare, check references, upsert, delete with
    cascades), then writes exactly those rows in one ``BEGIN IMMEDIATE``
    transaction. If anything fails, SQLite rolls back and memory is reloaded from
    it, so both stay at the last commit. Reads in this process wait while a batch
    is applied. A commit drops the cached graphs of the accounts it touched (all of
    them when it deletes anything, changes a team member or writes many rows).

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
    Before every read the store checks ``PRAGMA data_version``; when another
    process has committed, memory is reloaded from SQLite first, so readers always
    see the last committed state, never a mix of two. ``read_only=True`` opens the
    file without writing (a second reader process); ``apply`` then raises
    :class:`StoreWriteError`. Within one process the store is thread-safe; an
    account graph is read from memory without the store's lock and kept only if no
    write changed memory during the read (otherwise it is read again), so a large
    account's first read does not hold up every other reader.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        graph_cache_size: int = DEFAULT_GRAPH_CACHE_SIZE,
    ) -> None:
        self._path = Path(path)
        self._busy_timeout = busy_timeout
        self._cache_size = graph_cache_size
        self._write_lock = threading.Lock()  # one apply at a time in this process
        self._session_thread: int | None = None  # the thread inside write_session
        self._lock = threading.RLock()  # memory, cache and the reader connection
        self._cache: OrderedDict[str, nx.MultiDiGraph[NodeKey]] = OrderedDict()
        self._writer: sqlite3.Connection | None = None
        if not read_only:
            self._writer = connection.open_writer(self._path, busy_timeout)
        try:
            self._reader = connection.open_reader(self._path, busy_timeout)
            self._data_version = self._read_data_version()
            self._mem = self._load()
        except BaseException:
            if self._writer is not None:
                self._writer.close()
            raise

    # ---------------------------------------------------------------- lifecycle
    def close(self) -> None:
        with self._write_lock, self._lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
            self._reader.close()
            self._cache.clear()

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
        with self._lock:
            try:
                self._reader.execute(sql.SELECT_ONE).fetchone()
            except sqlite3.Error as exc:
                raise StoreUnavailableError(
                    f"the store {self._path} does not answer: {exc}"
                ) from exc

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
        revision = int(conn.execute(sql.SELECT_REVISION).fetchone()[0])
        # Reads wait while a batch is applied: memory changes before the commit and
        # is reloaded from SQLite if the commit does not happen.
        with self._lock, _collector_paused():
            # Holding the write lock, nobody else can commit: once memory has caught
            # up with this revision it is the state the batch is compared with.
            if self._mem.revision != revision:
                self._reload()
            mem = self._mem
            prepared = planner.prepare(mem, batch)
            if prepared.is_empty():
                conn.execute(sql.ROLLBACK)
                return prepared.result
            try:
                touched = self._write_and_commit(conn, mem, prepared)
            except BaseException:
                self._rollback(conn)
                self._reload()
                raise
            if touched is None:
                self._cache.clear()
            else:
                for account_id in touched:
                    self._cache.pop(account_id, None)
        return prepared.result

    @staticmethod
    def _write_and_commit(
        conn: sqlite3.Connection, mem: Memory, prepared: planner.Prepared
    ) -> set[str] | None:
        """Write and commit; change memory to match. Returns the touched accounts."""
        # SQLite releases the GIL while it writes: the upserts go to disk on a
        # second thread while this one puts them into memory.
        writer = _Background(prepared.write_upserts, conn)
        touched = prepared.apply_upserts(mem)
        writer.join()
        plan = prepared.apply_deletions(mem)
        if not plan.is_empty():
            planner.write(conn, plan)
            touched = None
        elif not prepared.has_upserts():
            conn.execute(sql.ROLLBACK)  # deletions of things that do not exist
            return set()
        mem.revision = int(conn.execute(sql.BUMP_REVISION).fetchone()[0])
        conn.execute(sql.COMMIT)
        return touched

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            conn.execute(sql.ROLLBACK)

    # ------------------------------------------------------------------ reading
    def revision(self) -> int:
        with self._lock:
            return self._current().revision

    def account_graph(self, account_id: str) -> nx.MultiDiGraph[NodeKey]:
        for _ in range(UNLOCKED_READ_ATTEMPTS):
            with self._lock:
                mem, found = self._cached_graph(account_id)
                if found is not None:
                    return found
                revision = mem.revision
            # Read without the store's lock: a large account takes a few hundred ms
            # and every other reader (each cached answer asks for the revision)
            # would wait for it. Memory changes only under the lock (a write, or a
            # reload after another process's commit), so a read that overlapped one
            # is thrown away (even when it failed: it may have seen a half-made
            # change) and made again.
            learned: dict[tuple[str, str], tuple[Activity, ...]] = {}
            failure: Exception | None = None
            try:
                with _collector_paused():
                    graph = build_account_graph(mem, account_id, learned)
            except Exception as exc:
                failure = exc
            with self._lock:
                if self._current() is mem and mem.revision == revision:
                    if failure is not None:
                        raise failure
                    mem.timelines.update(learned)
                    return self._keep(account_id, graph)
        # Writes kept overlapping: read under the lock, which they wait for.
        with self._lock:
            mem, found = self._cached_graph(account_id)
            if found is not None:
                return found
            with _collector_paused():
                graph = build_account_graph(mem, account_id, mem.timelines)
            return self._keep(account_id, graph)

    def _cached_graph(self, account_id: str) -> tuple[Memory, nx.MultiDiGraph[NodeKey] | None]:
        """Current memory and the account's cached graph; call with the lock held."""
        mem = self._current()
        graph = self._cache.get(account_id)
        if graph is not None:
            self._cache.move_to_end(account_id)
        elif account_id not in mem.rows[Table.ACCOUNTS]:
            raise NotFoundError(f"there is no account with id {account_id!r} in the store")
        return mem, graph

    def _keep(self, account_id: str, graph: nx.MultiDiGraph[NodeKey]) -> nx.MultiDiGraph[NodeKey]:
        """Cache ``graph`` (call with the lock held); when another reader cached one
        first, return that one: callers may key their own caches on the object."""
        cached = self._cache.get(account_id)
        if cached is not None:
            return cached
        if self._cache_size > 0:
            self._cache[account_id] = graph
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return graph

    def accounts(self, ids: Iterable[str]) -> dict[str, AccountRecord]:
        return {k: rows.account_record(r) for k, r in self._found(Table.ACCOUNTS, ids)}

    def units(self, ids: Iterable[str]) -> dict[str, UnitRecord]:
        return {k: rows.unit_record(r) for k, r in self._found(Table.UNITS, ids)}

    def people(self, ids: Iterable[str]) -> dict[str, PersonRecord]:
        return {k: rows.person_record(r) for k, r in self._found(Table.PEOPLE, ids)}

    def team_members(self, ids: Iterable[str]) -> dict[str, TeamMemberRecord]:
        return {k: rows.team_member_record(r) for k, r in self._found(Table.TEAM_MEMBERS, ids)}

    def _found(self, table: Table, ids: Iterable[str]) -> list[tuple[str, Any]]:
        with self._lock:
            stored = self._current().rows[table]
            return [(i, stored[i]) for i in ids if i in stored]

    def list_accounts(self) -> list[AccountRecord]:
        with self._lock:
            stored = self._current().rows[Table.ACCOUNTS]
            return [rows.account_record(stored[k]) for k in sorted(stored)]

    def accounts_of_team_member(self, team_member_id: str) -> list[str]:
        with self._lock:
            return sorted(self._current().accounts_of_team_member(team_member_id))

    def largest_accounts(self, limit: int) -> list[str]:
        if limit <= 0:
            return []
        with self._lock:
            mem = self._current()
            people_of = mem.people_of
            return heapq.nsmallest(
                limit,
                mem.rows[Table.ACCOUNTS],
                key=lambda a: (-len(people_of.get(a, ())), a),
            )

    def unit_parents(self, account_id: str) -> dict[str, str | None]:
        with self._lock:
            mem = self._current()
            units = mem.rows[Table.UNITS]
            return {u: units[u][4] for u in mem.units_of.get(account_id, ())}

    def counts(self) -> dict[str, int]:
        with self._lock:
            return self._current().counts()

    # ------------------------------------------------------------------ memory
    def _current(self) -> Memory:
        """Memory as of the last commit, reloaded if another process committed."""
        try:
            data_version = self._read_data_version()
            if data_version != self._data_version:
                self._data_version = data_version
                revision = self._reader.execute(sql.SELECT_REVISION).fetchone()[0]
                if revision != self._mem.revision:
                    self._reload()
        except sqlite3.Error as exc:
            raise StoreUnavailableError(f"cannot read the store {self._path}: {exc}") from exc
        return self._mem

    def _read_data_version(self) -> int:
        return int(self._reader.execute(sql.PRAGMA_DATA_VERSION).fetchone()[0])

    def _reload(self) -> None:
        self._mem = self._load()
        self._cache.clear()

    def _load(self) -> Memory:
        try:
            with _collector_paused():
                mem = Memory.load(self._reader)
        except sqlite3.Error as exc:
            raise StoreUnavailableError(
                f"cannot read the store {self._path}: {exc}. Check that the file is a "
                "Powermap store and readable."
            ) from exc
        if mem.size() >= FREEZE_MIN_ROWS:
            _exempt_from_collection()
        return mem

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

    def loads(self, limit: int, offset: int = 0) -> tuple[list[LoadRecord], int]:
        with self._lock:
            try:
                return load_log.page(self._reader, limit, offset)
            except sqlite3.Error as exc:
                raise StoreUnavailableError(f"cannot read the store {self._path}: {exc}") from exc
