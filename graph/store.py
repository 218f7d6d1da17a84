"""The ``GraphStore`` protocol: the only way the other layers reach a database.

Two implementations conform to it, verified by one suite
(``tests/graph/test_conformance.py``): :class:`graph.embedded.EmbeddedStore`
(SQLite, the default) and :class:`graph.neo4j_store.Neo4jStore`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Protocol, runtime_checkable

from graph.account_data import AccountData
from graph.audit import LoadRecord
from graph.schema import (
    AccountRecord,
    ApplyResult,
    Batch,
    PersonRecord,
    TeamMemberRecord,
    UnitRecord,
)
from graph.search import SearchKey


@runtime_checkable
class GraphStore(Protocol):
    """A graph of customer accounts and our team's relationships with them.

    Writes are whole batches, applied atomically: a batch commits entirely or not
    at all. Reads return typed records; ``account_data`` reads one account (see
    :mod:`graph.account_data`), as of the last commit, never a mix of two.
    """

    def apply(self, batch: Batch) -> ApplyResult:
        """Upsert every record of ``batch`` then apply its deletions, in one
        transaction. Raises :class:`graph.errors.StoreWriteError` (nothing written)
        when the write fails.

        Deletion semantics: an account takes its units, people and opportunities
        with it; a unit is dissolved — its sub-units, people and past positions move
        to its parent, its opportunities are deleted; a person or team member takes
        their relationships, and their reports lose their manager.
        """
        ...

    def account_data(self, account_id: str) -> AccountData:
        """One account's records (see :mod:`graph.account_data` for what they are).
        Raises :class:`graph.errors.NotFoundError` for an unknown account."""
        ...

    def accounts(self, ids: Iterable[str]) -> dict[str, AccountRecord]:
        """The accounts among ``ids`` that exist, by id."""
        ...

    def units(self, ids: Iterable[str]) -> dict[str, UnitRecord]:
        """The units among ``ids`` that exist, by id."""
        ...

    def people(self, ids: Iterable[str]) -> dict[str, PersonRecord]:
        """The people among ``ids`` that exist, by id."""
        ...

    def team_members(self, ids: Iterable[str]) -> dict[str, TeamMemberRecord]:
        """The team members among ``ids`` that exist, by id."""
        ...

    def list_accounts(self) -> list[AccountRecord]:
        """Every account, ordered by id."""
        ...

    def accounts_of_team_member(self, team_member_id: str) -> list[str]:
        """Ids of the accounts whose graph contains the team member (on the account
        team, or knowing one of its people), ordered by id."""
        ...

    def largest_accounts(self, limit: int) -> list[str]:
        """Ids of the ``limit`` accounts with the most people, most first, ties by
        id ascending; fewer when the store holds fewer accounts (none when ``limit``
        is 0 or less). Every person record of the account counts, departed people
        included; an account without people counts 0 and still takes part."""
        ...

    def unit_parents(self, account_id: str) -> dict[str, str | None]:
        """Every unit of the account and its parent unit id (None: under the
        account). Ingest uses it to check a bundle's hierarchy against the store."""
        ...

    def counts(self) -> dict[str, int]:
        """Number of nodes per namespace and of relationships per type, keyed by
        namespace value (``"person"``) or relationship type (``"KNOWS"``), plus
        ``"activity"``: every key present, zero when empty."""
        ...

    def revision(self) -> int | None:
        """A number that changes whenever a write commits, for callers that cache
        answers per account; None when the store cannot tell cheaply (another
        process may write), in which case callers must not cache."""
        ...

    def account_revisions(self, ids: Iterable[str] | None = None) -> dict[str, int]:
        """Each stored account's revision among ``ids`` (None: every account), by id;
        unknown ids are left out. An account's revision changes, in the transaction
        of the write, whenever a write changes anything :meth:`account_data` returns
        for it (:mod:`graph.touched`), and only then: a write that changes other
        accounts leaves it as it was, so answers kept per account revision stay good.
        A write of a team member or an account-team row changes every account (the
        whole team is in every account's data). A revision is a random stamp of the
        write (never 0), so it does not come back after the store is wiped and
        loaded again; 0 means unchanged since the store gained them."""
        ...

    def ping(self) -> None:
        """Return when the store can answer; raise
        :class:`graph.errors.StoreUnavailableError` when it cannot."""
        ...

    def close(self) -> None: ...

    # --------------------------------------------------------------- search
    def search(
        self, query: str, limit: int, account_ids: Collection[str] | None = None
    ) -> list[SearchKey]:
        """Accounts, units, people and team members matching ``query``, as
        :meth:`graph.search.SearchStore.search` describes."""
        ...

    # ------------------------------------------------------------ audit log
    def record_load(self, entry: LoadRecord) -> None:
        """Add ``entry`` to the audit log (it is never changed or removed). Raises
        :class:`graph.errors.StoreWriteError` when it cannot be written."""
        ...

    def loads(self, limit: int, offset: int = 0) -> tuple[list[LoadRecord], int]:
        """A page of the audit log, newest first, and how many entries it holds."""
        ...
