"""One account's records, as a store reads them: what a snapshot is built from.

``GraphStore.account_data(account_id)`` returns an :class:`AccountData`: the
typed records of :mod:`graph.schema`, nothing else. It holds

* the account, every unit and person whose ``account_id`` is the account, and
  the account's opportunities;
* ``positions``: the employment records (further current and past positions) of
  its people that name one of its units, or the account itself (``at_account``);
  a person's own position is their record's ``unit_id``;
* ``relationships``: every pair (team member, person of the account) that has a
  relationship record or an activity, each with its activities sorted by
  (date, id). A pair known only from activities has a record whose snapshot
  fields (strength, last contact, …) are all None;
* ``ties``: the person ties whose two people are both of the account, each stored
  once with ``person_id < other_person_id``;
* the whole team (our side of every path: DOMAIN.md, "Paths"): every team member,
  this account's team (``account_team``) and, per team member, every account whose
  team they are on (``team_accounts``, sorted), so colleagues through any account
  team are known.

Records of other accounts are never in it. Every tuple is sorted by the records'
identity, so two stores holding the same data return equal values.

>>> from graph.schema import AccountRecord
>>> data = AccountData(AccountRecord("A", "Acme"))
>>> data.account.name, data.people, data.memo("n", lambda: 1), data.memo("n", lambda: 2)
('Acme', (), 1, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar, cast

from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    Activity,
    EmploymentRecord,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RelationshipRecord,
    TeamMemberRecord,
    UnitRecord,
)

T = TypeVar("T")


class KnownPerson(NamedTuple):
    """One team member's relationship with one person: the CRM's snapshot (all
    None when the pair is known only from activities) and its activities, sorted
    by (date, id). A named tuple: an account has one per relationship, and a
    frozen dataclass costs several times more to make (issue 14)."""

    record: RelationshipRecord
    activities: tuple[Activity, ...] = ()


@dataclass(frozen=True, slots=True)
class AccountData:
    """One account's records (see the module docstring for what each holds)."""

    account: AccountRecord
    units: tuple[UnitRecord, ...] = ()
    people: tuple[PersonRecord, ...] = ()
    positions: tuple[EmploymentRecord, ...] = ()
    relationships: tuple[KnownPerson, ...] = ()
    ties: tuple[PersonTieRecord, ...] = ()
    opportunities: tuple[OpportunityRecord, ...] = ()
    team: tuple[TeamMemberRecord, ...] = ()
    account_team: tuple[AccountTeamRecord, ...] = ()
    team_accounts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Date-independent readings a snapshot builder makes of this data, shared by
    # the snapshots of several dates built from the same object.
    _memo: dict[str, object] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def account_id(self) -> str:
        return self.account.id

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per data object and ``name``: for readings that do not
        depend on the as-of date. Two threads may both compute it: the results are
        equal, either is kept."""
        try:
            return cast(T, self._memo[name])
        except KeyError:
            return cast(T, self._memo.setdefault(name, compute()))
