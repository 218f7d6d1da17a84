"""The names every Cypher statement is built from: labels and relationship types
(from the enums of :mod:`graph.schema`), the properties each label and type stores,
and which relationship joins which labels. See :mod:`graph.cypher` for the layout."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from graph.schema import NODE_FIELDS, Label, Namespace, RelType

ACCOUNT: Final = Label.ACCOUNT.value
UNIT: Final = Label.UNIT.value
PERSON: Final = Label.PERSON.value
TEAM_MEMBER: Final = Label.TEAM_MEMBER.value
OPPORTUNITY: Final = Label.OPPORTUNITY.value
ACTIVITY: Final = Label.ACTIVITY.value
META: Final = Label.META.value

PART_OF: Final = RelType.PART_OF.value
WORKS_IN: Final = RelType.WORKS_IN.value
WORKED_IN: Final = RelType.WORKED_IN.value
REPORTS_TO: Final = RelType.REPORTS_TO.value
ON_TEAM: Final = RelType.ON_TEAM.value
KNOWS: Final = RelType.KNOWS.value
FOR: Final = RelType.FOR.value

#: The properties each node label stores besides ``id``.
ACCOUNT_PROPERTIES: Final = NODE_FIELDS[Namespace.ACCOUNT]
UNIT_PROPERTIES: Final = ("kind", *NODE_FIELDS[Namespace.UNIT])
PERSON_PROPERTIES: Final = NODE_FIELDS[Namespace.PERSON]
TEAM_MEMBER_PROPERTIES: Final = NODE_FIELDS[Namespace.TEAM_MEMBER]
OPPORTUNITY_PROPERTIES: Final = NODE_FIELDS[Namespace.OPPORTUNITY]
ACTIVITY_PROPERTIES: Final = ("team_member_id", "person_id", "type", "date")
RELATIONSHIP_PROPERTIES: Final = ("strength", "last_contact", "touches", "source", "created_on")
TIE_PROPERTIES: Final = ("kind", "strength", "created_on")
EMPLOYMENT_PROPERTIES: Final = ("from_date", "until_date", "employment_key")
#: Property keys stored beyond the schema's NODE_FIELDS / EDGE_FIELDS.
#: The Account node's per-account revision (graph.touched), set by every load that changes it.
ACCOUNT_REVISION: Final = "account_revision"
BOOKKEEPING_PROPERTIES: Final = (
    "kind",
    "snapshot",
    "employment_key",
    ACCOUNT_REVISION,
    *ACTIVITY_PROPERTIES,
)
#: Property keys of the Meta node (the revision).
META_PROPERTIES: Final = ("key", "value")

#: Which relationship joins which labels: the shape the statements read and write.
RELATIONSHIP_ENDPOINTS: Final[tuple[tuple[Label, RelType, Label], ...]] = (
    (Label.UNIT, RelType.PART_OF, Label.UNIT),
    (Label.UNIT, RelType.PART_OF, Label.ACCOUNT),
    (Label.PERSON, RelType.WORKS_IN, Label.UNIT),
    (Label.PERSON, RelType.WORKS_IN, Label.ACCOUNT),
    (Label.PERSON, RelType.WORKED_IN, Label.UNIT),
    (Label.PERSON, RelType.WORKED_IN, Label.ACCOUNT),
    (Label.PERSON, RelType.REPORTS_TO, Label.PERSON),
    (Label.TEAM_MEMBER, RelType.REPORTS_TO, Label.TEAM_MEMBER),
    (Label.TEAM_MEMBER, RelType.ON_TEAM, Label.ACCOUNT),
    (Label.TEAM_MEMBER, RelType.KNOWS, Label.PERSON),
    (Label.PERSON, RelType.KNOWS, Label.PERSON),
    (Label.OPPORTUNITY, RelType.FOR, Label.UNIT),
    (Label.OPPORTUNITY, RelType.FOR, Label.ACCOUNT),
)


def assign(var: str, properties: Iterable[str], source: str = "row") -> str:
    return ", ".join(f"{var}.{p} = {source}.{p}" for p in properties)
