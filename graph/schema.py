"""The graph schema: the records a load writes and a store reads back, with the
vocabulary they use (:mod:`graph.kinds`: node kinds, labels, relationship types,
statuses), re-exported here so one import serves both.

This module and :mod:`graph.kinds` are the single source of names. Every label and
relationship type that reaches Cypher or SQL comes from those enums, never from a
request.

What a store reads back
-----------------------
``GraphStore.account_data(account_id)`` returns one account's records as the
dataclasses below, gathered in a :class:`graph.account_data.AccountData` (see
that module for exactly what it holds). Node keys ``(namespace, id)`` (built with
:func:`node_key`) name people and team members in snapshots and paths; person and
team member ids are separate namespaces. :data:`NODE_FIELDS` and
:data:`EDGE_FIELDS` list what the Neo4j store keeps on its nodes and
relationships.

>>> NODE_FIELDS[Namespace.ACCOUNT][:2]
('name', 'industry')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Final, NamedTuple

from graph.kinds import (
    NAMESPACE_LABEL,
    UNIT_KIND_LABEL,
    UNIT_NODE_KINDS,
    ActivityType,
    BuyingRole,
    DeletionKind,
    Label,
    Namespace,
    NodeKey,
    NodeKind,
    RecordKind,
    RelType,
    Seniority,
    TieKind,
    UnitKind,
    UnitStatus,
    node_key,
)

# --------------------------------------------------------------------------- records
# Frozen, slotted dataclasses: a load builds hundreds of thousands of them, and
# ingest has already validated every field, so no per-row validation happens here.


@dataclass(frozen=True, slots=True)
class AccountRecord:
    id: str
    name: str
    industry: str | None = None
    country: str | None = None
    tier: str | None = None
    # The account's own status (DOMAIN.md): from its data, like a unit's.
    status: UnitStatus = UnitStatus.PROSPECT
    created_on: dt.date | None = None  # DOMAIN.md "Time": does not exist before this date


@dataclass(frozen=True, slots=True)
class UnitRecord:
    id: str
    account_id: str
    kind: UnitKind
    name: str
    parent_id: str | None = None  # None: directly under the account
    status: UnitStatus = UnitStatus.PROSPECT
    headcount: int | None = None
    revenue: float | None = None
    created_on: dt.date | None = None  # DOMAIN.md "Time": does not exist before this date


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: str
    account_id: str
    name: str
    unit_id: str | None = None  # None: at the account level
    title: str | None = None
    seniority: Seniority = Seniority.STAFF  # derived from the title at ingest when not given
    buying_role: BuyingRole | None = None
    manager_id: str | None = None
    email: str | None = None
    left_on: dt.date | None = None
    created_on: dt.date | None = None  # DOMAIN.md "Time": does not exist before this date


@dataclass(frozen=True, slots=True)
class TeamMemberRecord:
    id: str
    name: str
    email: str | None = None
    role: str | None = None
    manager_id: str | None = None
    active: bool = True
    # A stand-in named by its id for an activity owner the export did not include
    # (FORMAT.md, "Partial exports"); a later load that brings the user replaces it,
    # and a placeholder never overwrites a real record.
    placeholder: bool = False
    created_on: dt.date | None = None  # DOMAIN.md "Time": does not exist before this date


@dataclass(frozen=True, slots=True)
class AccountTeamRecord:
    team_member_id: str
    account_id: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class RelationshipRecord:
    """The CRM's snapshot of one team member's relationship with one person."""

    team_member_id: str
    person_id: str
    strength: float | None = None
    last_contact: dt.date | None = None
    touches: int | None = None
    source: str | None = None
    created_on: dt.date | None = None  # DOMAIN.md "Time": does not exist before this date


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """A meeting, call or e-mail between a team member and a person.

    ``id`` identifies the activity across loads (a Salesforce Task/Event id, or one
    ingest derives from the row), so loading the same activity twice stores it once.
    """

    id: str
    team_member_id: str
    person_id: str
    type: ActivityType
    date: dt.date


@dataclass(frozen=True, slots=True)
class PersonTieRecord:
    """A tie between two customer people. Undirected: (a, b) and (b, a) are one tie."""

    person_id: str
    other_person_id: str
    strength: float
    kind: TieKind = TieKind.OTHER
    created_on: dt.date | None = None  # DOMAIN.md "Time": does not exist before this date


@dataclass(frozen=True, slots=True)
class EmploymentRecord:
    """A further (``current``) or past position of a person in a unit or account.

    Identified by (person_id, unit_id, from_date). ``unit_id`` may be an account id
    when ``at_account`` is true.
    """

    person_id: str
    unit_id: str
    from_date: dt.date | None = None
    until_date: dt.date | None = None
    current: bool = False
    at_account: bool = False


@dataclass(frozen=True, slots=True)
class OpportunityRecord:
    id: str
    account_id: str
    unit_id: str | None = None  # None: at the account level
    stage: str | None = None
    won: bool = False
    closed: bool = False
    amount: float | None = None
    close_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Deletion:
    kind: DeletionKind
    id: str


class Activity(NamedTuple):
    """One activity of a relationship, as a store reads it back. A named tuple: the
    largest accounts read tens of thousands, and a frozen dataclass costs several
    times more to create."""

    id: str
    date: dt.date
    type: ActivityType


@dataclass(slots=True)
class Batch:
    """Everything one load writes, applied by a store in one transaction.

    Upserts are applied before deletions. Order within a list does not matter.
    """

    accounts: list[AccountRecord] = field(default_factory=list)
    units: list[UnitRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    team_members: list[TeamMemberRecord] = field(default_factory=list)
    account_teams: list[AccountTeamRecord] = field(default_factory=list)
    relationships: list[RelationshipRecord] = field(default_factory=list)
    activities: list[ActivityRecord] = field(default_factory=list)
    person_ties: list[PersonTieRecord] = field(default_factory=list)
    employments: list[EmploymentRecord] = field(default_factory=list)
    opportunities: list[OpportunityRecord] = field(default_factory=list)
    deletions: list[Deletion] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(len(getattr(self, f.name)) for f in fields(self))


@dataclass(slots=True)
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass(slots=True)
class ApplyResult:
    """Per record kind: how many rows the store created, updated, left unchanged
    or deleted. A deletion of something that does not exist counts as unchanged."""

    counts: dict[RecordKind, KindCounts] = field(default_factory=dict)

    def of(self, kind: RecordKind) -> KindCounts:
        return self.counts.setdefault(kind, KindCounts())


def placeholder_yields(incoming_placeholder: bool, stored_placeholder: bool) -> bool:
    """Whether an incoming team member leaves the stored one as it is: a placeholder
    (an activity owner the export did not include) never overwrites a real record,
    while a real record replaces a placeholder (FORMAT.md, "Partial exports").

    >>> placeholder_yields(True, False), placeholder_yields(False, True)
    (True, False)
    >>> placeholder_yields(True, True), placeholder_yields(False, False)
    (False, False)
    """
    return incoming_placeholder and not stored_placeholder


# The properties each node kind carries (besides kind and id): its record's fields.
NODE_FIELDS: Final[dict[Namespace, tuple[str, ...]]] = {
    namespace: tuple(f.name for f in fields(record) if f.name not in ("id", "kind"))
    for namespace, record in (
        (Namespace.ACCOUNT, AccountRecord),
        (Namespace.UNIT, UnitRecord),
        (Namespace.PERSON, PersonRecord),
        (Namespace.TEAM_MEMBER, TeamMemberRecord),
        (Namespace.OPPORTUNITY, OpportunityRecord),
    )
}

# The properties each relationship kind carries (besides type).
EDGE_FIELDS: Final[dict[RelType, tuple[str, ...]]] = {
    RelType.PART_OF: (),
    RelType.WORKS_IN: ("from_date", "until_date"),
    RelType.WORKED_IN: ("from_date", "until_date"),
    RelType.REPORTS_TO: (),
    RelType.ON_TEAM: ("role",),
    # team member -> person; person -> person ties carry ("kind", "strength")
    RelType.KNOWS: ("strength", "last_contact", "touches", "source", "created_on", "activities"),
    RelType.FOR: (),
}
TIE_FIELDS: Final = ("kind", "strength", "created_on")

__all__ = [
    "EDGE_FIELDS",
    "NAMESPACE_LABEL",
    "NODE_FIELDS",
    "TIE_FIELDS",
    "UNIT_KIND_LABEL",
    "UNIT_NODE_KINDS",
    "AccountRecord",
    "AccountTeamRecord",
    "Activity",
    "ActivityRecord",
    "ActivityType",
    "ApplyResult",
    "Batch",
    "BuyingRole",
    "Deletion",
    "DeletionKind",
    "EmploymentRecord",
    "KindCounts",
    "Label",
    "Namespace",
    "NodeKey",
    "NodeKind",
    "OpportunityRecord",
    "PersonRecord",
    "PersonTieRecord",
    "RecordKind",
    "RelType",
    "RelationshipRecord",
    "Seniority",
    "TeamMemberRecord",
    "TieKind",
    "UnitKind",
    "UnitRecord",
    "UnitStatus",
    "node_key",
    "placeholder_yields",
]
