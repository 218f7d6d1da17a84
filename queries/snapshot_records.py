"""The parts of an :class:`queries.snapshot.AccountSnapshot`: a unit, a person, a
team member, a relationship and a person tie as of the snapshot's date, and the
date arithmetic the builder shares (split out of ``queries.snapshot``)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from graph.schema import BuyingRole, Seniority, UnitKind, UnitStatus
from queries.strength import KnowsEdge, StrengthState


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: str
    kind: UnitKind
    name: str
    parent_id: str | None  # None: directly under the account
    depth: int  # 1 for units directly under the account
    headcount: int | None
    status: UnitStatus  # as of the snapshot's date
    children: tuple[str, ...]  # by (name, id)


class PersonInfo(NamedTuple):
    """A person as of the snapshot's date. This and :class:`Relationship` are named
    tuples, not frozen dataclasses: a snapshot makes one per person and
    relationship, and a frozen dataclass costs several times more to make."""

    id: str
    name: str
    title: str | None
    seniority: Seniority
    buying_role: BuyingRole | None
    executive: bool
    unit_ids: tuple[str | None, ...]  # current positions; None: the account level
    past_unit_ids: tuple[str, ...]
    manager_id: str | None  # an active manager in the account, else None
    left_on: dt.date | None

    @property
    def unit_id(self) -> str | None:
        """The main current position."""
        return self.unit_ids[0] if self.unit_ids else None


@dataclass(frozen=True, slots=True)
class TeamMemberInfo:
    id: str
    name: str
    role: str | None
    on_team: bool  # on this account's team
    teams: frozenset[str] = frozenset()  # every account whose team they are on


class Relationship(NamedTuple):
    team_member_id: str
    person_id: str
    edge: KnowsEdge
    state: StrengthState
    strong: bool
    stale: bool

    @property
    def strength(self) -> float:
        return self.state.strength

    @property
    def last_contact(self) -> dt.date | None:
        return self.state.last_contact


@dataclass(frozen=True, slots=True)
class PersonTie:
    strength: float
    kind: str


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier, clamped to the month's end.

    >>> months_before(dt.date(2026, 3, 31), 1)
    datetime.date(2026, 2, 28)
    >>> months_before(dt.date(2026, 11, 15), 24)
    datetime.date(2024, 11, 15)
    """
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def in_force(start: dt.date | None, end: dt.date | None, as_of: dt.date) -> bool:
    return (start is None or start <= as_of) and (end is None or end > as_of)
