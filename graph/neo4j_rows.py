"""Records to Neo4j parameter rows and back, and query rows to the account graph.

Pure functions, no driver calls: :mod:`graph.neo4j_write` and
:mod:`graph.neo4j_store` run the statements of :mod:`graph.cypher` and hand the
rows here. A row is a dict of property values as Neo4j stores them (enums as their
values, dates as ``datetime.date``), so a row built from a record compares equal to
the properties read back — that is how ``apply`` tells created, updated and
unchanged records apart.

>>> tie_row(PersonTieRecord("P2", "P1", 1))
{'person_id': 'P1', 'other_person_id': 'P2', 'strength': 1.0, 'kind': 'other', 'created_on': None}
>>> employment_key(EmploymentRecord("P1", "U1"))
('P1', 'U1', '')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import fields
from enum import Enum
from typing import Any, Final

import networkx as nx

from graph.schema import (
    EDGE_FIELDS,
    NODE_FIELDS,
    AccountRecord,
    AccountTeamRecord,
    Activity,
    ActivityRecord,
    ActivityType,
    BuyingRole,
    EmploymentRecord,
    Label,
    Namespace,
    NodeKey,
    NodeKind,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RelationshipRecord,
    RelType,
    Seniority,
    TeamMemberRecord,
    TieKind,
    UnitKind,
    UnitRecord,
    UnitStatus,
)

Props = dict[str, Any]
Record = (
    AccountRecord
    | UnitRecord
    | PersonRecord
    | TeamMemberRecord
    | AccountTeamRecord
    | RelationshipRecord
    | ActivityRecord
    | PersonTieRecord
    | EmploymentRecord
    | OpportunityRecord
)

# Stored as floats whatever number the record holds, as the embedded store does.
_FLOAT_FIELDS: Final = frozenset({"revenue", "amount", "strength"})
# The label a node is known by; a unit's kind label comes with Unit.
_NAMESPACE_OF_LABEL: Final = {
    Label.ACCOUNT.value: Namespace.ACCOUNT,
    Label.UNIT.value: Namespace.UNIT,
    Label.PERSON.value: Namespace.PERSON,
    Label.TEAM_MEMBER.value: Namespace.TEAM_MEMBER,
    Label.OPPORTUNITY.value: Namespace.OPPORTUNITY,
}


def native(value: Any) -> Any:
    """A stored value as Python holds it: driver temporal types become ``datetime``.

    >>> import neo4j.time
    >>> native(neo4j.time.Date(2026, 1, 2)), native("x"), native(None)
    (datetime.date(2026, 1, 2), 'x', None)
    """
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _plain(name: str, value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if name in _FLOAT_FIELDS and value is not None:
        return float(value)
    return value


def record_row(record: Record) -> Props:
    """The properties a record stores, keyed by field name.

    >>> record_row(UnitRecord("U1", "A1", UnitKind.BRANCH, "Lyon", headcount=3, revenue=2))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'id': 'U1', 'account_id': 'A1', 'kind': 'branch', 'name': 'Lyon', 'parent_id': None,
     'status': 'prospect', 'headcount': 3, 'revenue': 2.0, 'created_on': None}
    """
    return {f.name: _plain(f.name, getattr(record, f.name)) for f in fields(record)}


def tie_row(record: PersonTieRecord) -> Props:
    """A tie's row with its two people in id order: a tie is stored once."""
    row = record_row(record)
    if row["other_person_id"] < row["person_id"]:
        row["person_id"], row["other_person_id"] = row["other_person_id"], row["person_id"]
    return row


def deletion_pairs(id_: str) -> list[tuple[str, str]]:
    """Every way to read a deletion's ``a:b`` id as two ids (ids may hold colons),
    as the embedded store reads them.

    >>> deletion_pairs("T1:P:9")
    [('T1', 'P:9'), ('T1:P', '9')]
    """
    return [(id_[:i], id_[i + 1 :]) for i, ch in enumerate(id_) if ch == ":"]


def employment_key(record: EmploymentRecord) -> tuple[str, str, str]:
    """(person, unit or account, from-date as ISO text or ``""``): one position."""
    start = "" if record.from_date is None else record.from_date.isoformat()
    return (record.person_id, record.unit_id, start)


def employment_row(record: EmploymentRecord) -> Props:
    row = record_row(record)
    row["employment_key"] = employment_key(record)[2]
    return row


def stored_employment(
    key: Mapping[str, Any], rel_type: str, props: Mapping[str, Any], at_account: bool
) -> Props:
    """An employment row rebuilt from its stored relationship, to compare with
    :func:`employment_row`.

    >>> stored_employment({"person_id": "P1", "unit_id": "A1", "employment_key": ""},
    ...                   "WORKED_IN", {"employment_key": ""}, True)
    ... # doctest: +NORMALIZE_WHITESPACE
    {'person_id': 'P1', 'unit_id': 'A1', 'from_date': None, 'until_date': None,
     'current': False, 'at_account': True, 'employment_key': ''}
    """
    return {
        "person_id": key["person_id"],
        "unit_id": key["unit_id"],
        "from_date": native(props.get("from_date")),
        "until_date": native(props.get("until_date")),
        "current": rel_type == RelType.WORKS_IN.value,
        "at_account": bool(at_account),
        "employment_key": key["employment_key"],
    }


def unchanged(row: Props, stored: Mapping[str, Any]) -> bool:
    """Whether writing ``row`` over the ``stored`` properties would change nothing:
    driver dates read as dates, an absent property as None (how
    :class:`graph.neo4j_write.Neo4jRows` compares for :mod:`graph.plan`).

    >>> unchanged({"x": 1, "y": None}, {"x": 1}), unchanged({"x": 1}, {"x": 2})
    (True, False)
    """
    return all(native(stored.get(name)) == value for name, value in row.items())


# ------------------------------------------------------------- props -> records
def _date(props: Mapping[str, Any], name: str) -> dt.date | None:
    value = native(props.get(name))
    return value if isinstance(value, dt.date) else None


def account_record(props: Mapping[str, Any]) -> AccountRecord:
    return AccountRecord(
        props["id"],
        props["name"],
        props.get("industry"),
        props.get("country"),
        props.get("tier"),
        UnitStatus(props.get("status") or UnitStatus.PROSPECT),
        _date(props, "created_on"),
    )


def unit_record(props: Mapping[str, Any]) -> UnitRecord:
    return UnitRecord(
        props["id"],
        props["account_id"],
        UnitKind(props["kind"]),
        props["name"],
        props.get("parent_id"),
        UnitStatus(props.get("status") or UnitStatus.PROSPECT),
        props.get("headcount"),
        props.get("revenue"),
        _date(props, "created_on"),
    )


def person_record(props: Mapping[str, Any]) -> PersonRecord:
    role = props.get("buying_role")
    return PersonRecord(
        props["id"],
        props["account_id"],
        props["name"],
        props.get("unit_id"),
        props.get("title"),
        Seniority(props.get("seniority") or Seniority.STAFF),
        BuyingRole(role) if role else None,
        props.get("manager_id"),
        props.get("email"),
        _date(props, "left_on"),
        _date(props, "created_on"),
    )


def team_member_record(props: Mapping[str, Any]) -> TeamMemberRecord:
    return TeamMemberRecord(
        props["id"],
        props["name"],
        props.get("email"),
        props.get("role"),
        props.get("manager_id"),
        bool(props.get("active", True)),
        bool(props.get("placeholder", False)),
        _date(props, "created_on"),
    )


def opportunity_record(props: Mapping[str, Any]) -> OpportunityRecord:
    return OpportunityRecord(
        props["id"],
        props["account_id"],
        props.get("unit_id"),
        props.get("stage"),
        bool(props.get("won", False)),
        bool(props.get("closed", False)),
        props.get("amount"),
        _date(props, "close_date"),
    )


# ------------------------------------------------------------ the account graph
def namespace_of(labels: Iterable[str]) -> Namespace | None:
    """The namespace of a node from its labels (None: not an account-graph node).

    >>> namespace_of(["Branch", "Unit"]), namespace_of(["Activity"])
    (<Namespace.UNIT: 'unit'>, None)
    """
    for label in labels:
        found = _NAMESPACE_OF_LABEL.get(label)
        if found is not None:
            return found
    return None


def node_attrs(namespace: Namespace, props: Mapping[str, Any]) -> Props:
    """A node's attributes in the account graph: ``kind``, ``id`` and its fields."""
    record: AccountRecord | UnitRecord | PersonRecord | TeamMemberRecord | OpportunityRecord
    match namespace:
        case Namespace.ACCOUNT:
            record, kind = account_record(props), NodeKind.ACCOUNT
        case Namespace.UNIT:
            record = unit_record(props)
            kind = record.kind.node_kind
        case Namespace.PERSON:
            record, kind = person_record(props), NodeKind.PERSON
        case Namespace.TEAM_MEMBER:
            record, kind = team_member_record(props), NodeKind.TEAM_MEMBER
        case Namespace.OPPORTUNITY:
            record, kind = opportunity_record(props), NodeKind.OPPORTUNITY
    attrs: Props = {"kind": kind, "id": record.id}
    attrs.update((name, getattr(record, name)) for name in NODE_FIELDS[namespace])
    return attrs


def _activities(found: Iterable[Mapping[str, Any]]) -> tuple[Activity, ...]:
    acts = [Activity(a["id"], native(a["date"]), ActivityType(a["type"])) for a in found]
    acts.sort(key=lambda a: (a.date, a.id))
    return tuple(acts)


def edge_attrs(
    rel_type: RelType,
    start: Namespace,
    props: Mapping[str, Any],
    activities: Iterable[Mapping[str, Any]] = (),
) -> Props:
    """An edge's attributes in the account graph: ``type`` and its properties."""
    attrs: Props = {"type": rel_type}
    if rel_type is RelType.KNOWS and start is Namespace.PERSON:  # a tie: TIE_FIELDS
        kind = props.get("kind")
        attrs["kind"] = TieKind(kind) if kind else TieKind.OTHER
        attrs["strength"] = props.get("strength")
        attrs["created_on"] = _date(props, "created_on")
        return attrs
    for name in EDGE_FIELDS[rel_type]:
        attrs[name] = native(props.get(name))
    if rel_type is RelType.KNOWS:
        attrs["activities"] = _activities(activities)
    return attrs


def build_account_graph(
    node_rows: Iterable[Mapping[str, Any]], edge_rows: Iterable[Mapping[str, Any]]
) -> nx.MultiDiGraph[NodeKey]:
    """The frozen account graph from the rows of ``ACCOUNT_GRAPH_NODES`` (labels,
    props) and ``ACCOUNT_GRAPH_EDGES`` (start_labels, start_id, rel_type, props,
    end_labels, end_id, activities). Edges whose ends are not both among the nodes
    are dropped, so the graph is closed even if a write landed between the two reads.
    """
    graph: nx.MultiDiGraph[NodeKey] = nx.MultiDiGraph()
    nodes: dict[NodeKey, Props] = {}
    for row in node_rows:
        namespace = namespace_of(row["labels"])
        if namespace is not None:
            props = row["props"]
            attrs = node_attrs(namespace, props)
            if namespace is Namespace.TEAM_MEMBER:
                attrs["team_accounts"] = tuple(sorted(row.get("team_accounts") or ()))
            nodes[(namespace.value, props["id"])] = attrs
    graph.add_nodes_from(sorted(nodes.items()))
    edges: list[tuple[NodeKey, NodeKey, Props]] = []
    for row in edge_rows:
        start, end = namespace_of(row["start_labels"]), namespace_of(row["end_labels"])
        if start is None or end is None:
            continue
        u, v = (start.value, row["start_id"]), (end.value, row["end_id"])
        if u in nodes and v in nodes:
            rel_type = RelType(row["rel_type"])
            attrs = edge_attrs(rel_type, start, row["props"], row.get("activities") or ())
            edges.append((u, v, attrs))
    edges.sort(key=lambda e: (e[0], e[1], e[2]["type"].value))
    graph.add_edges_from(edges)
    frozen: nx.MultiDiGraph[NodeKey] = nx.freeze(graph)
    return frozen
