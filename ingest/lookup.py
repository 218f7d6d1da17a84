"""What ingest asks the store: the records a bundle refers to but does not carry.

Lookups are batched (one call per kind and round) and cached, so validating a large
bundle against a large store costs a handful of store calls, not one per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from graph.schema import AccountRecord, PersonRecord, TeamMemberRecord, UnitRecord
from graph.store import GraphStore

R = TypeVar("R")


class StoreView:
    """Cached, batched reads of the store (an empty store when ``store`` is None)."""

    def __init__(self, store: GraphStore | None) -> None:
        self._store = store
        self._accounts: dict[str, AccountRecord | None] = {}
        self._units: dict[str, UnitRecord | None] = {}
        self._people: dict[str, PersonRecord | None] = {}
        self._team: dict[str, TeamMemberRecord | None] = {}
        self._unit_parents: dict[str, dict[str, str | None]] = {}

    @staticmethod
    def _fetch(cache: dict[str, R | None], ids: Iterable[str], read: object) -> dict[str, R]:
        wanted = {i for i in ids if i and i not in cache}
        if wanted:
            found: dict[str, R] = read(wanted)  # type: ignore[operator]
            for i in wanted:
                cache[i] = found.get(i)
        return {i: r for i in ids if (r := cache.get(i)) is not None}

    def accounts(self, ids: Iterable[str]) -> dict[str, AccountRecord]:
        if self._store is None:
            return {}
        return self._fetch(self._accounts, list(ids), self._store.accounts)

    def units(self, ids: Iterable[str]) -> dict[str, UnitRecord]:
        if self._store is None:
            return {}
        return self._fetch(self._units, list(ids), self._store.units)

    def people(self, ids: Iterable[str]) -> dict[str, PersonRecord]:
        if self._store is None:
            return {}
        return self._fetch(self._people, list(ids), self._store.people)

    def team_members(self, ids: Iterable[str]) -> dict[str, TeamMemberRecord]:
        if self._store is None:
            return {}
        return self._fetch(self._team, list(ids), self._store.team_members)

    def unit_parents(self, account_ids: Iterable[str]) -> dict[str, str | None]:
        """The stored hierarchy of the accounts among ``account_ids`` that exist."""
        merged: dict[str, str | None] = {}
        if self._store is None:
            return merged
        wanted = set(account_ids)
        existing = self.accounts(wanted)
        for account_id in sorted(existing):
            parents = self._unit_parents.get(account_id)
            if parents is None:
                parents = self._unit_parents[account_id] = self._store.unit_parents(account_id)
            merged.update(parents)
        return merged

    def manager_chains(
        self, start: Iterable[str], in_bundle: Mapping[str, object], team: bool
    ) -> dict[str, str | None]:
        """Stored reporting lines reachable from ``start`` (ids not in the bundle),
        following managers until they reach the bundle or end: id -> manager id."""
        chains: dict[str, str | None] = {}
        frontier = {i for i in start if i not in in_bundle}
        while frontier:
            found = self.team_members(frontier) if team else self.people(frontier)
            nxt: set[str] = set()
            for i, rec in found.items():
                chains[i] = rec.manager_id
                m = rec.manager_id
                if m and m not in chains and m not in in_bundle and m not in frontier:
                    nxt.add(m)
            frontier = nxt
        return chains
