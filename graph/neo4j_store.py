"""The Neo4j store: a :class:`graph.store.GraphStore` on a Neo4j 5 server, cluster
or Aura database, through the official driver.

Every statement it runs is a constant of :mod:`graph.cypher` (the storage layout is
described there). Writes go through :func:`graph.neo4j_write.apply_batch` in one
managed write transaction per batch; reads use ``driver.execute_query`` with an
explicit database and read routing. Both retry transient failures (cluster leader
changes, deadlocks, a database briefly unavailable) with the driver's own backoff;
what still fails becomes :class:`StoreUnavailableError` or :class:`StoreWriteError`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from neo4j import READ_ACCESS, Driver, GraphDatabase, ManagedTransaction, Record, RoutingControl
from neo4j.exceptions import (
    AuthError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import cypher, neo4j_search
from graph.account_data import AccountData
from graph.audit import LoadRecord
from graph.errors import NotFoundError, PowermapError, StoreUnavailableError, StoreWriteError
from graph.neo4j_captured import Neo4jCapturedMixin
from graph.neo4j_plans import Neo4jPlansMixin
from graph.neo4j_rows import (
    account_data,
    account_record,
    person_record,
    team_member_record,
    unit_record,
)
from graph.neo4j_write import REVISION_KEY, apply_batch
from graph.schema import (
    AccountRecord,
    ApplyResult,
    Batch,
    PersonRecord,
    TeamMemberRecord,
    UnitRecord,
)
from graph.search import SearchKey

USER_AGENT: Final = "powermap/0.1"
CLEAR_CHUNK: Final = 10_000
MIN_SCRUBBED: Final = 6


def redact_uri(uri: str) -> str:
    """The URI without any user or password it carries, for messages and logs.

    >>> redact_uri("neo4j+s://me:secret@db.example.io:7687")
    'neo4j+s://db.example.io:7687'
    >>> redact_uri("bolt://localhost:7687")
    'bolt://localhost:7687'
    """
    parts = urlsplit(uri)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


class Neo4jStore(Neo4jCapturedMixin, Neo4jPlansMixin):
    """A :class:`graph.store.GraphStore` on Neo4j.

    ``uri`` is passed to the driver as is: ``bolt://`` for one server,
    ``neo4j://`` for routing (a cluster), ``+s`` / ``+ssc`` for TLS. Opening
    connects lazily; :meth:`ping` checks the server, credentials and database.
    The uniqueness constraints (one per namespace label, plus ``Activity``) and
    the ``account_id`` indexes are created, if missing, before the first write of
    an instance. ``apply`` follows the embedded store's rules exactly (see
    :mod:`graph.neo4j_write`). ``account_data`` is five read queries in one read
    transaction (the nodes, positions, ties, account team and relationships).
    Other API processes may write to the same database:
    :meth:`revision` reads the counter each changing ``apply`` bumps in its
    transaction (a ``Meta`` node), so callers cache per revision and drop what
    another process's load made stale.
    """

    def __init__(
        self,
        uri: str,
        *,
        user: str,
        password: str | None,
        database: str = "neo4j",
        retry_seconds: float = 5.0,
        connect_timeout: float = 5.0,
    ) -> None:
        """``retry_seconds`` bounds how long the driver retries a transient failure
        (a leader switch, a dropped connection) with backoff before the error
        surfaces; the driver's own default of 30 s would hold an API request that
        long while the server is down."""
        self._where = f"the Neo4j database {database!r} at {redact_uri(uri)}"
        self._user = user
        self._password = password
        self._database = database
        self._schema_ready = False
        self._search_ready = False
        self._schema_lock = threading.Lock()
        auth = None if password is None else (user, password)
        try:
            self._driver: Driver = GraphDatabase.driver(
                uri,
                auth=auth,
                user_agent=USER_AGENT,
                max_transaction_retry_time=retry_seconds,
                connection_timeout=connect_timeout,
                connection_acquisition_timeout=retry_seconds + connect_timeout,
            )
        except (DriverError, ValueError) as exc:
            raise StoreUnavailableError(
                f"cannot use {redact_uri(uri)!r} as a Neo4j URI ({self._scrub(exc)}); write "
                "it as bolt://host:7687, neo4j://host:7687 or neo4j+s://host."
            ) from None

    # ----------------------------------------------------------------- lifecycle
    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ping(self) -> None:
        # verify_connectivity fails at once when the server is down (execute_query
        # would retry for up to retry_seconds); the query then checks credentials and
        # database.
        with self._errors("connecting"):
            self._driver.verify_connectivity()
        self._read(cypher.PING, "checking the connection")

    def revision(self) -> int:
        """The revision counter every changing ``apply`` bumps in its transaction:
        one indexed read, so any process serving the database sees another's load."""
        found = self._read(cypher.READ_REVISION, "reading the revision", key=REVISION_KEY)
        return int(found[0]["revision"])

    def account_revisions(self, ids: Iterable[str] | None = None) -> dict[str, int]:
        if ids is None:
            found = self._read(cypher.READ_EVERY_ACCOUNT_REVISION, "reading account revisions")
        else:
            found = self._read(
                cypher.READ_ACCOUNT_REVISIONS, "reading account revisions", ids=_unique(ids)
            )
        return {str(r["id"]): int(r["revision"]) for r in found}

    # ------------------------------------------------------------------- writing
    def apply(self, batch: Batch) -> ApplyResult:
        self._ensure_schema()
        with (
            self._errors("writing a batch", writing=True),
            self._driver.session(database=self._database) as session,
        ):
            result: ApplyResult = session.execute_write(apply_batch, batch, self._where)
            return result

    def clear(self) -> None:
        """Delete every node and relationship of the database but the revision,
        which moves on (tests only)."""
        with self._errors("clearing the database", writing=True):
            while True:
                records, _, _ = self._driver.execute_query(
                    cypher.CLEAR_SOME, {"limit": CLEAR_CHUNK}, database_=self._database
                )
                if not records or records[0]["deleted"] == 0:
                    break
            self._driver.execute_query(
                cypher.LOCK_REVISION, {"key": REVISION_KEY}, database_=self._database
            )
            self._driver.execute_query(
                cypher.BUMP_REVISION, {"key": REVISION_KEY}, database_=self._database
            )

    def _ensure_schema(self) -> None:
        # Schema statements cannot share a transaction with data writes; each runs
        # alone, and IF NOT EXISTS makes a race with another process harmless.
        with self._schema_lock:
            if self._schema_ready:
                return
            with self._errors("creating the constraints and indexes", writing=True):
                for statement in cypher.SCHEMA_STATEMENTS:
                    self._driver.execute_query(statement, database_=self._database)
            self._schema_ready = True

    # ------------------------------------------------------------------- reading
    def account_data(self, account_id: str) -> AccountData:
        nodes, positions, ties, team, knows = self._read_each(
            cypher.ACCOUNT_DATA, "reading an account", account_id=account_id
        )
        found = account_data(account_id, nodes, positions, ties, team, knows)
        if found is None:
            raise NotFoundError(f"there is no account with id {account_id!r} in {self._where}")
        return found

    def accounts(self, ids: Iterable[str]) -> dict[str, AccountRecord]:
        found = self._read(cypher.READ_ACCOUNTS, "reading accounts", ids=_unique(ids))
        return {r["props"]["id"]: account_record(r["props"]) for r in found}

    def units(self, ids: Iterable[str]) -> dict[str, UnitRecord]:
        found = self._read(cypher.READ_UNITS, "reading units", ids=_unique(ids))
        return {r["props"]["id"]: unit_record(r["props"]) for r in found}

    def people(self, ids: Iterable[str]) -> dict[str, PersonRecord]:
        found = self._read(cypher.READ_PEOPLE, "reading people", ids=_unique(ids))
        return {r["props"]["id"]: person_record(r["props"]) for r in found}

    def team_members(self, ids: Iterable[str]) -> dict[str, TeamMemberRecord]:
        found = self._read(cypher.READ_TEAM_MEMBERS, "reading team members", ids=_unique(ids))
        return {r["props"]["id"]: team_member_record(r["props"]) for r in found}

    def list_accounts(self) -> list[AccountRecord]:
        found = self._read(cypher.LIST_ACCOUNTS, "listing accounts")
        return [account_record(r["props"]) for r in found]

    def accounts_of_team_member(self, team_member_id: str) -> list[str]:
        found = self._read(
            cypher.ACCOUNTS_OF_TEAM_MEMBER,
            "reading a team member's accounts",
            team_member_id=team_member_id,
        )
        return sorted({r["account_id"] for r in found if r["account_id"] is not None})

    def largest_accounts(self, limit: int) -> list[str]:
        if limit <= 0:
            return []
        found = self._read(cypher.LARGEST_ACCOUNTS, "ranking accounts by size", limit=limit)
        return [r["account_id"] for r in found]

    def unit_parents(self, account_id: str) -> dict[str, str | None]:
        found = self._read(cypher.UNIT_PARENTS, "reading a unit hierarchy", account_id=account_id)
        return {r["id"]: r["parent_id"] for r in found}

    def counts(self) -> dict[str, int]:
        found = self._read(cypher.COUNTS, "counting nodes and relationships")
        return {r["key"]: int(r["total"]) for r in found}

    # ------------------------------------------------------------------ plumbing
    # ---------------------------------------------------------------- audit log
    def record_load(self, entry: LoadRecord) -> None:
        with self._errors("recording a load", writing=True):
            self._driver.execute_query(
                cypher.RECORD_LOAD,
                {
                    "at": entry.at.isoformat(),
                    "who": entry.who,
                    "source": entry.source,
                    "report": entry.report,
                },
                database_=self._database,
            )

    def loads(self, limit: int, offset: int = 0) -> tuple[list[LoadRecord], int]:
        action = "reading the audit log"
        rows = self._read(cypher.LIST_LOADS, action, limit=limit, offset=offset)
        total = self._read(cypher.COUNT_LOADS, action)[0]["total"]
        return [_load_record(r) for r in rows], int(total)

    def _read(self, statement: str, action: str, **params: Any) -> list[Record]:
        with self._errors(action):
            records, _, _ = self._driver.execute_query(
                statement, params, database_=self._database, routing_=RoutingControl.READ
            )
        found: list[Record] = records
        return found

    def _read_each(
        self, statements: Iterable[str], action: str, **params: Any
    ) -> list[list[Record]]:
        """The rows of each statement, read in one transaction (one snapshot)."""

        def work(tx: ManagedTransaction) -> list[list[Record]]:
            # A statement ignores the parameters it does not name.
            return [list(tx.run(statement, params)) for statement in statements]

        with (
            self._errors(action),
            self._driver.session(
                database=self._database, default_access_mode=READ_ACCESS
            ) as session,
        ):
            return session.execute_read(work)

    def _scrub(self, exc: BaseException) -> str:
        """An error's text with the password cut out, should a message ever echo it."""
        text = str(exc)
        # Too short a password would match ordinary words and garble the message.
        if self._password and len(self._password) >= MIN_SCRUBBED:
            text = text.replace(self._password, "***")
        return text

    @contextmanager
    def _errors(self, action: str, *, writing: bool = False) -> Iterator[None]:
        """Turn driver failures into Powermap errors that say what to do."""
        try:
            yield
        except PowermapError:
            raise
        except AuthError as exc:
            raise StoreUnavailableError(
                f"{self._where} refused the credentials of user {self._user!r} while "
                f"{action}; check POWERMAP_NEO4J_USER and POWERMAP_NEO4J_PASSWORD."
            ) from exc
        except IncompleteCommit as exc:
            raise StoreWriteError(
                f"the connection to {self._where} dropped while committing ({action}): the "
                "batch may or may not have been written. Loading it again is safe: records "
                "are upserted by id."
            ) from exc
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailableError(
                f"{self._where} cannot be reached while {action} ({self._scrub(exc)}); check "
                "that the server is running and that POWERMAP_STORE names it."
            ) from exc
        except Neo4jError as exc:
            code = exc.code or ""
            if code.endswith("DatabaseNotFound"):
                raise StoreUnavailableError(
                    f"{self._where} does not exist; create it, or set "
                    "POWERMAP_NEO4J_DATABASE to an existing database."
                ) from exc
            raise self._failure(action, f"{code}: {self._scrub(exc)}", writing) from exc
        except DriverError as exc:
            raise self._failure(action, self._scrub(exc), writing) from exc

    def _failure(self, action: str, reason: str, writing: bool) -> PowermapError:
        if writing:
            return StoreWriteError(
                f"{action} on {self._where} failed ({reason}); nothing was written."
            )
        return StoreUnavailableError(f"{action} on {self._where} failed ({reason}).")

    # ------------------------------------------------------------------- search
    def search(
        self, query: str, limit: int, account_ids: Collection[str] | None = None
    ) -> list[SearchKey]:
        lucene = neo4j_search.lucene_query(query)
        if lucene is None or limit < 1:
            return []
        self._ensure_search_index()
        found = self._read(
            cypher.SEARCH,
            "searching",
            query=lucene,
            limit=limit,
            account_ids=None if account_ids is None else sorted(account_ids),
        )
        return neo4j_search.keys((r["labels"], r["id"]) for r in found)

    def _ensure_search_index(self) -> None:
        # Created on first use (a server that only reads needs it too), then awaited:
        # a FULLTEXT index is filled in the background and cannot answer before.
        with self._schema_lock:
            if self._search_ready:
                return
            with self._errors("creating the search index", writing=True):
                self._driver.execute_query(cypher.CREATE_SEARCH_INDEX, database_=self._database)
                self._driver.execute_query(cypher.AWAIT_SEARCH_INDEX, database_=self._database)
            self._search_ready = True


def _load_record(record: Record) -> LoadRecord:
    return LoadRecord(
        at=dt.datetime.fromisoformat(record["at"]),
        who=record["who"],
        source=record["source"],
        report=record["report"],
    )


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))
