"""The answer service: the one way routes, web pages, CLI commands and the warm-up
get an answer. It finds the account an id belongs to, prepares the account's
snapshot, and caches snapshots and answers per store revision in one cache
bounded by memory (``POWERMAP_CACHE_MB``).

Domain rules live in ``queries``; this module only finds and caches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from typing import Concatenate, ParamSpec, TypeVar, cast

from api.answers_disk import AnswerStore
from api.cache import BuildOnceCache
from api.sizing import estimate_bytes
from graph.account_data import AccountData
from graph.errors import NotFoundError
from graph.store import GraphStore
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot

T = TypeVar("T")
P = ParamSpec("P")

MIB = 1024 * 1024


class Answers:
    """Answers per (account, date, question) and store revision.

    ``answer`` takes a key and a function of the snapshot; ``ask`` takes a query
    function and its arguments and makes the key from them, so a caller cannot
    forget an argument in the key. ``cached`` is for facts about the whole store
    (the accounts by name, a team member's accounts). Each key is used with one
    kind of value only, which is why the casts below hold.
    """

    def __init__(self, store: GraphStore, settings: QuerySettings, *, cache_bytes: int) -> None:
        self.store = store
        self.settings = settings
        self._cache: BuildOnceCache[object] = BuildOnceCache(cache_bytes, estimate_bytes)
        #: The second tier: answers lists need, kept on disk per account revision
        #: (:mod:`api.answers_disk`, :mod:`api.derived`); None: computed each time.
        self.disk: AnswerStore | None = None
        #: Asks the background filler for a day's missing answers (set by the server).
        self.wanted: Callable[[dt.date], None] | None = None

    @property
    def cache_bytes(self) -> int:
        """The memory budget of the cache (0: nothing is cached)."""
        return self._cache.max_bytes

    @property
    def cached_bytes(self) -> int:
        """The estimated memory the cache holds now."""
        return self._cache.used_bytes

    # ------------------------------------------------------------------- ids
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

    def require_account(self, account_id: str) -> None:
        """The store's 404 for an account that does not exist (a lookup by id, not a
        read of the account)."""
        if account_id not in self.store.accounts([account_id]):
            raise NotFoundError(f"there is no account with id {account_id!r} in the store")

    # --------------------------------------------------------------- answers
    def cached(self, key: tuple[Hashable, ...], build: Callable[[], T]) -> T:
        """``build()`` once per key and store revision; uncached when the store
        cannot tell its revision (another process may write)."""
        revision = self.store.revision()
        if revision is None:
            return build()
        return cast(T, self._cache.get((revision, *key), build))

    def snapshot(self, account_id: str, as_of: dt.date) -> AccountSnapshot:
        """The account prepared as of ``as_of``, built once per store revision."""
        return self.cached(
            ("snapshot", account_id, as_of),
            lambda: AccountSnapshot.build(
                self.store.account_data(account_id), as_of, self.settings
            ),
        )

    def snapshots(self, account_id: str, days: Sequence[dt.date]) -> list[AccountSnapshot]:
        """The account at several dates (cached as :meth:`snapshot`): those not cached
        are built from one read of the account, so the store is read once and the
        date-independent reading of the records is shared (issue 20's review)."""
        read: list[AccountData] = []

        def data() -> AccountData:
            if not read:
                read.append(self.store.account_data(account_id))
            return read[0]

        def build(day: dt.date) -> Callable[[], AccountSnapshot]:
            return lambda: AccountSnapshot.build(data(), day, self.settings)

        return [self.cached(("snapshot", account_id, day), build(day)) for day in days]

    def answer(
        self,
        account_id: str,
        as_of: dt.date,
        key: tuple[Hashable, ...],
        compute: Callable[[AccountSnapshot], T],
    ) -> T:
        """``compute(snapshot)`` once per (account, date, ``key``) and store revision.

        ``key`` names the answer and every argument ``compute`` closes over."""
        return self.cached(
            ("answer", account_id, as_of, *key),
            lambda: compute(self.snapshot(account_id, as_of)),
        )

    def ask(
        self,
        account_id: str,
        as_of: dt.date,
        query: Callable[Concatenate[AccountSnapshot, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """``query(snapshot, *args, **kwargs)``, cached as :meth:`answer` with the
        query's name and every argument as the key (they must be hashable).
        """
        key = _question(query, args, kwargs)
        return self.answer(account_id, as_of, key, lambda s: query(s, *args, **kwargs))

    def holds(
        self,
        account_id: str,
        as_of: dt.date,
        query: Callable[Concatenate[AccountSnapshot, P], object],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> bool:
        """Whether :meth:`ask` with these arguments would answer from the cache."""
        revision = self.store.revision()
        key = ("answer", account_id, as_of, *_question(query, args, kwargs))
        return revision is not None and (revision, *key) in self._cache

    def want(self, as_of: dt.date) -> None:
        """Ask the filler (when there is one) for the answers of ``as_of`` still missing."""
        if self.wanted is not None:
            self.wanted(as_of)

    def today(self) -> dt.date:
        return dt.date.today()


def _question(
    query: Callable[..., object], args: tuple[object, ...], kwargs: dict[str, object]
) -> tuple[Hashable, ...]:
    """The cache key of a query and its arguments: its name and every argument."""
    return (query.__module__, query.__qualname__, args, tuple(sorted(kwargs.items())))
