"""The graph's vocabulary: id namespaces, node kinds, Neo4j labels, relationship
types, and the enumerated values records carry (statuses, seniorities, buying
roles, activity and tie kinds, what a load deletes and counts).

:mod:`graph.schema` re-exports every name here beside the records that use them;
import from there.

>>> node_key(Namespace.PERSON, "P1")
('person', 'P1')
>>> UnitKind("branch").node_kind is NodeKind.BRANCH
True
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Namespace(StrEnum):
    """Id namespaces: ids are unique within one namespace."""

    ACCOUNT = "account"
    UNIT = "unit"
    PERSON = "person"
    TEAM_MEMBER = "team_member"
    OPPORTUNITY = "opportunity"


class NodeKind(StrEnum):
    ACCOUNT = "account"
    DIVISION = "division"
    BRANCH = "branch"
    BUDGET_CENTER = "budget_center"
    PERSON = "person"
    TEAM_MEMBER = "team_member"
    OPPORTUNITY = "opportunity"

    @property
    def namespace(self) -> Namespace:
        if self in UNIT_NODE_KINDS:
            return Namespace.UNIT
        return Namespace(self.value)

    @property
    def is_unit(self) -> bool:
        return self in UNIT_NODE_KINDS


UNIT_NODE_KINDS: Final = frozenset({NodeKind.DIVISION, NodeKind.BRANCH, NodeKind.BUDGET_CENTER})


class UnitKind(StrEnum):
    DIVISION = "division"
    BRANCH = "branch"
    BUDGET_CENTER = "budget_center"

    @property
    def node_kind(self) -> NodeKind:
        return NodeKind(self.value)


class Label(StrEnum):
    """Neo4j labels. Every unit carries ``Unit`` plus the label of its kind."""

    ACCOUNT = "Account"
    UNIT = "Unit"
    DIVISION = "Division"
    BRANCH = "Branch"
    BUDGET_CENTER = "BudgetCenter"
    PERSON = "Person"
    TEAM_MEMBER = "TeamMember"
    OPPORTUNITY = "Opportunity"
    # Neo4j store only: one node per activity, keyed by id (see graph.cypher).
    ACTIVITY = "Activity"
    # Neo4j store only: one node per captured-contact sighting (graph.captured).
    CAPTURED_SIGHTING = "CapturedSighting"
    # Neo4j store only: one node per accepted or dismissed plan action (graph.plans).
    PLAN_ACTION = "PlanAction"
    # Neo4j store only: bookkeeping singletons keyed by ``key`` (the revision).
    META = "Meta"


UNIT_KIND_LABEL: Final[dict[UnitKind, Label]] = {
    UnitKind.DIVISION: Label.DIVISION,
    UnitKind.BRANCH: Label.BRANCH,
    UnitKind.BUDGET_CENTER: Label.BUDGET_CENTER,
}

#: The label that holds the uniqueness constraint on ``id`` for each namespace.
NAMESPACE_LABEL: Final[dict[Namespace, Label]] = {
    Namespace.ACCOUNT: Label.ACCOUNT,
    Namespace.UNIT: Label.UNIT,
    Namespace.PERSON: Label.PERSON,
    Namespace.TEAM_MEMBER: Label.TEAM_MEMBER,
    Namespace.OPPORTUNITY: Label.OPPORTUNITY,
}


class RelType(StrEnum):
    PART_OF = "PART_OF"  # unit -> unit | account
    WORKS_IN = "WORKS_IN"  # person -> unit | account (current position)
    WORKED_IN = "WORKED_IN"  # person -> unit | account (past position)
    REPORTS_TO = "REPORTS_TO"  # person -> person, team member -> team member
    ON_TEAM = "ON_TEAM"  # team member -> account
    KNOWS = "KNOWS"  # team member -> person (relationship), person -> person (tie)
    FOR = "FOR"  # opportunity -> unit | account


class UnitStatus(StrEnum):
    CUSTOMER = "customer"
    PROSPECT = "prospect"
    FORMER_CUSTOMER = "former_customer"


class Seniority(StrEnum):
    C_LEVEL = "c_level"
    VP = "vp"
    DIRECTOR = "director"
    MANAGER = "manager"
    STAFF = "staff"


class BuyingRole(StrEnum):
    ECONOMIC_BUYER = "economic_buyer"
    DECISION_MAKER = "decision_maker"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    USER = "user"
    BLOCKER = "blocker"


class ActivityType(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    OTHER = "other"
    DEAL = "deal"  # the owner of an opportunity worked with its contact roles


class TieKind(StrEnum):
    COLLEAGUE = "colleague"
    FORMER_COLLEAGUE = "former_colleague"
    FRIEND = "friend"
    OTHER = "other"


class DeletionKind(StrEnum):
    ACCOUNT = "account"
    UNIT = "unit"
    PERSON = "person"
    TEAM_MEMBER = "team_member"
    RELATIONSHIP = "relationship"  # id "team_member_id:person_id"
    PERSON_TIE = "person_tie"  # id "person_id:other_person_id" (either order)


class RecordKind(StrEnum):
    """The kinds of record a batch carries; the unit of load-report counts."""

    ACCOUNT = "account"
    UNIT = "unit"
    PERSON = "person"
    TEAM_MEMBER = "team_member"
    ACCOUNT_TEAM = "account_team"
    RELATIONSHIP = "relationship"
    ACTIVITY = "activity"
    PERSON_TIE = "person_tie"
    EMPLOYMENT = "employment"
    OPPORTUNITY = "opportunity"
    DELETION = "deletion"


NodeKey = tuple[str, str]


def node_key(namespace: Namespace, id_: str) -> NodeKey:
    """The networkx node key of a record: ``(namespace, id)``."""
    return (namespace.value, id_)
