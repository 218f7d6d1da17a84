"""Which accounts a load changes, whatever the store: what the per-account revision
(:meth:`graph.store.GraphStore.account_revisions`) is set for.

An account is changed by a load when anything ``account_data`` returns for it
changes (:mod:`graph.account_data`): its own record, its units, people and
opportunities, the relationships, activities, ties and positions of its people.
Team members and account-team rows are part of *every* account's data (the whole
team is our side of every path, with each member's accounts), so a load that
writes one of them, or deletes an account or a team member, changes every account.

The planner's plans say which rows a load writes, and the stored rows they
replace (a person moved to another account changes both). Rows are in the
store's own form, read by field name through a function of the store.
People and units are resolved to their accounts by the store
(:class:`AccountLookup`) after the upserts are written and before the deletions
run, so new people are found and deleted ones are still there.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final, Protocol, TypeVar

from graph.cascade import id_pairs
from graph.plan import KindPlan
from graph.schema import Deletion, DeletionKind, RecordKind

RowT = TypeVar("RowT")


def new_stamp() -> int:
    """The revision a write gives the accounts it changes: random, 62 bits, never 0.
    Not the store's revision counter, which starts again at 0 when a store is wiped
    and loaded anew: answers kept beside it under an old number must not match."""
    return secrets.randbits(62) | 1


#: Kinds in every account's data: writing one changes every account.
_EVERY_ACCOUNT: Final = frozenset({RecordKind.TEAM_MEMBER, RecordKind.ACCOUNT_TEAM})
_OWN_ACCOUNT: Final = frozenset({RecordKind.UNIT, RecordKind.PERSON, RecordKind.OPPORTUNITY})
_OF_PERSON: Final = frozenset({RecordKind.RELATIONSHIP, RecordKind.ACTIVITY})


class AccountLookup(Protocol):
    """What :meth:`Touched.resolve` asks of a store, inside the load's transaction."""

    def accounts_of(self, kind: RecordKind, ids: list[str]) -> set[str]:
        """The accounts of the stored people (``kind`` PERSON) or units (UNIT) among ``ids``."""
        ...


@dataclass(slots=True)
class Touched:
    """The accounts a load changes, gathered as it is written.

    >>> t = Touched()
    >>> t.note_deletions([Deletion(DeletionKind.PERSON, "P1")])
    >>> sorted(t.people), t.everything
    (['P1'], False)
    >>> t.note_deletions([Deletion(DeletionKind.TEAM_MEMBER, "T1")])
    >>> t.everything
    True
    """

    everything: bool = False
    accounts: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    units: set[str] = field(default_factory=set)

    def watch(
        self, plans: Iterable[KindPlan[RowT]], value: Callable[[RecordKind, RowT, str], Any]
    ) -> Iterator[KindPlan[RowT]]:
        """``plans`` passed through, each noted (for a store writing them as they come)."""
        for plan in plans:
            self.note_plan(plan, value)
            yield plan

    def note_plan(
        self, plan: KindPlan[RowT], value: Callable[[RecordKind, RowT, str], Any]
    ) -> None:
        """Note the rows ``plan`` writes and the stored rows they replace;
        ``value(row, name)`` reads a field of a row."""
        if self.everything or not plan.rows:
            return
        kind = plan.kind
        if kind in _EVERY_ACCOUNT:
            self.everything = True
            return
        replaced = plan.replaced

        def get(row: RowT, name: str) -> Any:
            return value(kind, row, name)

        rows = [*plan.rows.values(), *(replaced[k] for k in plan.rows if k in replaced)]
        if kind is RecordKind.ACCOUNT:
            self.accounts.update(get(r, "id") for r in rows)
        elif kind in _OWN_ACCOUNT:
            self.accounts.update(get(r, "account_id") for r in rows)
        elif kind in _OF_PERSON:
            self.people.update(get(r, "person_id") for r in rows)
        elif kind is RecordKind.PERSON_TIE:
            for r in rows:
                self.people.update((get(r, "person_id"), get(r, "other_person_id")))
        elif kind is RecordKind.EMPLOYMENT:
            for r in rows:
                self.people.add(get(r, "person_id"))
                # The place is a unit, or the account itself when at_account.
                place = self.accounts if get(r, "at_account") else self.units
                place.add(get(r, "unit_id"))

    def note_deletions(self, deletions: Iterable[Deletion]) -> None:
        """Note what ``deletions`` name (before they run: their records still exist)."""
        for d in deletions:
            if d.kind in (DeletionKind.ACCOUNT, DeletionKind.TEAM_MEMBER):
                # An account takes its account-team rows (in every account's data).
                self.everything = True
            elif d.kind is DeletionKind.UNIT:
                self.units.add(d.id)
            elif d.kind is DeletionKind.PERSON:
                self.people.add(d.id)
            elif d.kind is DeletionKind.RELATIONSHIP:
                self.people.update(p for _, p in id_pairs(d.id))
            elif d.kind is DeletionKind.PERSON_TIE:
                for a, b in id_pairs(d.id):
                    self.people.update((a, b))

    def resolve(self, lookup: AccountLookup) -> set[str] | None:
        """The accounts changed so far (None: every account). People and units
        are looked up now and then forgotten, so call it once the upserts are
        written and again before the deletions run, adding up the results."""
        if self.everything:
            return None
        if self.people:
            self.accounts |= lookup.accounts_of(RecordKind.PERSON, sorted(self.people))
        if self.units:
            self.accounts |= lookup.accounts_of(RecordKind.UNIT, sorted(self.units))
        self.people.clear()
        self.units.clear()
        return set(self.accounts)
