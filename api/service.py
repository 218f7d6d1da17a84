"""The service between routes and queries: which account an id belongs to, the
account graph, and prepared per-account snapshots cached per store revision.

Domain rules live in ``queries``; this module only finds and caches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from api.cache import BuildOnceCache
from graph.account_data import AccountData
from graph.errors import NotFoundError
from graph.store import GraphStore
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot

T = TypeVar("T")

#: Answers are much smaller than the snapshots they come from: keep more of them.
ANSWERS_PER_SNAPSHOT = 4


class Answers:
    def __init__(self, store: GraphStore, settings: QuerySettings, *, cache_size: int) -> None:
        self.store = store
        self.settings = settings
        self._cache: BuildOnceCache[Any] = BuildOnceCache(cache_size)
        self._answers: BuildOnceCache[Any] = BuildOnceCache(cache_size * ANSWERS_PER_SNAPSHOT)

    def data(self, account_id: str) -> AccountData:
        return self.store.account_data(account_id)

    # The old name, still called by api/shapes.py (issue 15 removes that module).
    graph = data

    def account_of_unit(self, unit_id: str) -> str:
        found = self.store.units([unit_id]).get(unit_id)
        if found is None:
            raise NotFoundError(f"unit {unit_id!r} does not exist")
        return found.account_id

    def account_of_person(self, person_id: str) -> str:
        found = self.store.people([person_id]).get(person_id)
        if found is None:
            raise NotFoundError(f"person {person_id!r} does not exist")
        return found.account_id

    def require_team_member(self, team_member_id: str) -> None:
        if team_member_id not in self.store.team_members([team_member_id]):
            raise NotFoundError(f"team member {team_member_id!r} does not exist")

    def cached(self, key: tuple[Any, ...], build: Any) -> Any:
        """``build()`` once per key and store revision; uncached when the store
        cannot tell its revision (another process may write)."""
        revision = self.store.revision()
        if revision is None:
            return build()
        return self._cache.get((revision, *key), build)

    def snapshot(self, account_id: str, as_of: dt.date) -> AccountSnapshot:
        """The account prepared as of ``as_of``, built once per store revision."""
        snap: AccountSnapshot = self.cached(
            ("snapshot", account_id, as_of),
            lambda: AccountSnapshot.build(self.data(account_id), as_of, self.settings),
        )
        return snap

    def answer(
        self,
        account_id: str,
        as_of: dt.date,
        key: tuple[Hashable, ...],
        compute: Callable[[AccountSnapshot], T],
    ) -> T:
        """``compute(snapshot)`` once per (account, date, ``key``) and store revision.

        ``key`` names the answer and every argument ``compute`` closes over. Kept in
        a cache of its own, so answers do not evict the snapshots they come from.
        """
        revision = self.store.revision()
        if revision is None:
            return compute(self.snapshot(account_id, as_of))
        found: T = self._answers.get(
            (revision, account_id, as_of, *key),
            lambda: compute(self.snapshot(account_id, as_of)),
        )
        return found

    def today(self) -> dt.date:
        return dt.date.today()
