"""The Cypher statements, and the pure mapping between Neo4j rows and the contract.

The statements are checked as text here (parameters for every value, names only
from the schema enums, MERGE only on constrained keys); ``test_cypher_lint.py``
has Neo4j's parser check them. The mapping functions of :mod:`graph.neo4j_rows`
are run on rows shaped like the driver returns them (``neo4j.time.Date`` and all),
and the graph they build is compared with the embedded store's graph of the same
data: both stores must hand queries the same account graph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Hashable
from dataclasses import fields
from enum import Enum
from pathlib import Path
from typing import Any, Final

import neo4j.time
import networkx as nx
import pytest

from graph import cypher
from graph.embedded import EmbeddedStore
from graph.neo4j_rows import (
    account_record,
    build_account_graph,
    employment_key,
    employment_row,
    opportunity_record,
    person_record,
    record_row,
    stored_employment,
    team_member_record,
    tie_row,
    unchanged,
    unit_record,
)
from graph.schema import (
    NAMESPACE_LABEL,
    UNIT_KIND_LABEL,
    AccountRecord,
    Activity,
    ActivityRecord,
    ActivityType,
    Label,
    Namespace,
    NodeKey,
    NodeKind,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RelType,
    TeamMemberRecord,
    TieKind,
    UnitKind,
    UnitRecord,
)
from tests.graph._batches import sample_batch
from tests.graph.test_cypher_lint import PARAMETERS as LINT_PARAMETERS
from tests.graph.test_cypher_lint import statements

STATEMENTS: Final = statements()
PARAMETERS: Final = set(LINT_PARAMETERS)


# ---------------------------------------------------------------- the statements
def test_there_are_statements_and_only_statements() -> None:
    assert len(STATEMENTS) > 50
    for name, text in STATEMENTS.items():
        assert name.isupper(), name
        assert re.match(r"\s*(UNWIND|MATCH|OPTIONAL|CREATE|MERGE|RETURN)\b", text), name


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_no_formatting_placeholder_is_left(name: str) -> None:
    text = STATEMENTS[name]
    # A Cypher map holds "key:" or ".key"; a bare {name} is an unfilled f-string field.
    assert not re.search(r"\{\s*\w+\s*\}", text), text
    assert "%s" not in text
    assert "?" not in text


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_labels_and_types_come_from_the_schema(name: str) -> None:
    known = {label.value for label in Label} | {rel.value for rel in RelType}
    known |= set(cypher.AUDIT_LABELS)
    used = set(re.findall(r":\s*`?([A-Z][A-Za-z_]*)", STATEMENTS[name]))
    assert used <= known, used - known


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_values_travel_as_parameters(name: str) -> None:
    text = STATEMENTS[name]
    assert set(re.findall(r"\$(\w+)", text)) <= PARAMETERS
    literals = set(re.findall(r"'([^']*)'|\"([^\"]*)\"", text))
    # The only string literals are COUNTS' keys, which are enum values.
    keys = {ns.value for ns in Namespace} | {rel.value for rel in RelType} | {"activity"}
    assert {a or b for a, b in literals} <= (keys if name == "COUNTS" else set())


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_batched_statements_unwind_their_rows(name: str) -> None:
    text = STATEMENTS[name]
    for param in ("rows", "ids", "keys"):
        if f"${param}" in text:
            assert text.lstrip().startswith(f"UNWIND ${param} AS "), text


def test_merges_are_on_constrained_ids() -> None:
    constrained = {label.value for label in NAMESPACE_LABEL.values()} | {Label.ACTIVITY.value}
    merges = [m for text in STATEMENTS.values() for m in re.findall(r"MERGE \([^)]*\)", text)]
    assert merges
    for merge in merges:
        node = re.fullmatch(r"MERGE \((\w+):(\w+) \{id: row\.id\}\)", merge)
        bound = re.fullmatch(r"MERGE \((\w+)\)", merge)  # a relationship between matched nodes
        meta = merge == f"MERGE (m:{Label.META.value} {{key: $key}})"  # unique on key
        assert (node is not None and node.group(2) in constrained) or bound or meta, merge


def test_the_revision_is_locked_first_and_bumped_last_in_every_write() -> None:
    assert f"FOR (n:{Label.META.value}) REQUIRE n.key IS UNIQUE" in cypher.CONSTRAINT_META_KEY
    assert cypher.CONSTRAINT_META_KEY in cypher.SCHEMA_STATEMENTS
    assert "m.value + 1" in cypher.BUMP_REVISION
    assert "+" not in cypher.LOCK_REVISION  # takes the lock, leaves the value
    assert "NOT n:Meta" in cypher.CLEAR_SOME  # a wipe keeps the revision moving on


def test_every_namespace_label_has_a_uniqueness_constraint() -> None:
    for label in [*NAMESPACE_LABEL.values(), Label.ACTIVITY]:
        expected = f"FOR (n:{label.value}) REQUIRE n.id IS UNIQUE"
        assert any(expected in s and "IF NOT EXISTS" in s for s in cypher.SCHEMA_STATEMENTS)


def test_a_unit_upsert_sets_its_kind_label_and_drops_the_others() -> None:
    for kind, statement in cypher.UPSERT_UNITS_BY_KIND.items():
        own = UNIT_KIND_LABEL[kind].value
        others = {label.value for k, label in UNIT_KIND_LABEL.items() if k is not kind}
        assert f"n:{own}\n" in statement
        removed = re.search(r"REMOVE n((?::\w+)+)", statement)
        assert removed is not None
        assert set(removed.group(1).strip(":").split(":")) == others


def test_every_relationship_type_has_its_endpoints() -> None:
    assert {rel for _, rel, _ in cypher.RELATIONSHIP_ENDPOINTS} == set(RelType)


def test_counts_has_a_key_per_namespace_and_type() -> None:
    keys = set(re.findall(r"RETURN '(\w+)' AS key", cypher.COUNTS))
    assert keys == {ns.value for ns in Namespace} | {rel.value for rel in RelType} | {"activity"}


# ---------------------------------------------------------------- records <-> rows
def test_node_records_survive_a_round_trip_through_their_properties() -> None:
    batch = sample_batch()
    for records, back in (
        (batch.accounts, account_record),
        (batch.units, unit_record),
        (batch.people, person_record),
        (batch.team_members, team_member_record),
        (batch.opportunities, opportunity_record),
    ):
        for record in records:
            stored = {k: to_driver(v) for k, v in record_row(record).items() if v is not None}
            assert back(stored) == record


def test_a_tie_is_keyed_by_its_ordered_pair() -> None:
    row = tie_row(PersonTieRecord("P9", "P1", 0.5, TieKind.FRIEND))
    assert (row["person_id"], row["other_person_id"]) == ("P1", "P9")
    assert row == tie_row(PersonTieRecord("P1", "P9", 0.5, TieKind.FRIEND))


def test_a_stored_employment_compares_equal_to_its_record() -> None:
    for record in sample_batch().employments:
        row = employment_row(record)
        person, unit, start = employment_key(record)
        props = {
            "from_date": to_driver(record.from_date),
            "until_date": to_driver(record.until_date),
            "employment_key": start,
        }
        key = {"person_id": person, "unit_id": unit, "employment_key": start}
        rel = RelType.WORKS_IN if record.current else RelType.WORKED_IN
        stored = stored_employment(key, rel.value, props, record.at_account)
        assert unchanged(row, stored)


def test_change_detection_reads_driver_dates_and_absent_properties() -> None:
    row = {"id": "P1", "left_on": dt.date(2026, 1, 2), "title": None}
    same = {"id": "P1", "left_on": neo4j.time.Date(2026, 1, 2)}
    moved = {"id": "P1", "left_on": neo4j.time.Date(2026, 1, 3)}
    titled = {"id": "P1", "left_on": neo4j.time.Date(2026, 1, 2), "title": "CEO"}
    assert unchanged(row, same)
    assert not unchanged(row, moved)
    assert not unchanged(row, titled)


# ---------------------------------------------------------------- the account graph
def to_driver(value: Any) -> Any:
    """A Python value as the driver returns it from Neo4j."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return neo4j.time.Date(value.year, value.month, value.day)
    return value


_LABELS: Final = {
    NodeKind.ACCOUNT: ["Account"],
    NodeKind.DIVISION: ["Unit", "Division"],
    NodeKind.BRANCH: ["Branch", "Unit"],
    NodeKind.BUDGET_CENTER: ["Unit", "BudgetCenter"],
    NodeKind.PERSON: ["Person"],
    NodeKind.TEAM_MEMBER: ["TeamMember"],
    NodeKind.OPPORTUNITY: ["Opportunity"],
}


def node_row(attrs: dict[str, Any]) -> dict[str, Any]:
    """The ACCOUNT_GRAPH_NODES row of a node: what Neo4j stores (no nulls)."""
    kind: NodeKind = attrs["kind"]
    props = {
        k: to_driver(v)
        for k, v in attrs.items()
        if k not in ("kind", "team_accounts") and v is not None
    }
    if kind.is_unit:
        props["kind"] = kind.value
    # Team members' account teams come as a column of their own, in any order.
    teams = list(reversed(attrs.get("team_accounts") or ()))
    return {"labels": _LABELS[kind], "props": props, "team_accounts": teams}


def edge_row(g: nx.MultiDiGraph[NodeKey], u: NodeKey, v: NodeKey, attrs: dict[str, Any]) -> Any:
    """The ACCOUNT_GRAPH_EDGES row of an edge, with the bookkeeping properties the
    store keeps on it (the mapping must ignore them)."""
    rel: RelType = attrs["type"]
    props = {
        k: to_driver(val)
        for k, val in attrs.items()
        if k not in ("type", "activities") and val is not None
    }
    if rel is RelType.KNOWS and u[0] == Namespace.TEAM_MEMBER.value and "strength" in props:
        props["snapshot"] = True
    if rel in (RelType.WORKS_IN, RelType.WORKED_IN) and attrs["from_date"] is not None:
        props["employment_key"] = attrs["from_date"].isoformat()
    activities = [
        {"id": a.id, "date": to_driver(a.date), "type": a.type.value}
        for a in reversed(attrs.get("activities", ()))  # the query does not sort them
    ]
    return {
        "start_labels": _LABELS[g.nodes[u]["kind"]],
        "start_id": u[1],
        "rel_type": rel.value,
        "props": props,
        "end_labels": _LABELS[g.nodes[v]["kind"]],
        "end_id": v[1],
        "activities": activities,
    }


def edge_multiset(g: nx.MultiDiGraph[NodeKey]) -> Counter[tuple[Hashable, ...]]:
    return Counter((u, v, frozenset(a.items())) for u, v, a in g.edges(data=True))


@pytest.mark.parametrize("account_id", ["A1", "A2"])
def test_rows_map_to_the_embedded_stores_graph(tmp_path: Path, account_id: str) -> None:
    with EmbeddedStore(tmp_path / "graph.db") as store:
        store.apply(sample_batch())
        expected = store.account_graph(account_id)
    nodes = [node_row(a) for _, a in expected.nodes(data=True)]
    edges = [edge_row(expected, u, v, a) for u, v, a in expected.edges(data=True)]
    person = next(key for key in expected if key[0] == Namespace.PERSON.value)
    edges.append(  # a tie to a person outside the graph is dropped
        {
            "start_labels": ["Person"],
            "start_id": person[1],
            "rel_type": "KNOWS",
            "props": {"kind": "friend", "strength": 0.5},
            "end_labels": ["Person"],
            "end_id": "someone-elsewhere",
            "activities": [],
        }
    )
    nodes.append({"labels": ["Activity"], "props": {"id": "X9"}})  # not a graph node

    got = build_account_graph(reversed(nodes), reversed(edges))

    assert nx.is_frozen(got)
    assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
    assert edge_multiset(got) == edge_multiset(expected)


def test_a_team_members_knows_edge_carries_sorted_activities() -> None:
    date = neo4j.time.Date
    nodes = [
        {"labels": ["Account"], "props": {"id": "A1", "name": "Acme"}},
        {"labels": ["Person"], "props": {"id": "P1", "account_id": "A1", "name": "Ada"}},
        {"labels": ["TeamMember"], "props": {"id": "T1", "name": "Ann"}},
    ]
    edge = {
        "start_labels": ["TeamMember"],
        "start_id": "T1",
        "rel_type": "KNOWS",
        "props": {},  # known from activities only: no snapshot
        "end_labels": ["Person"],
        "end_id": "P1",
        "activities": [
            {"id": "X2", "date": date(2026, 1, 5), "type": "call"},
            {"id": "X3", "date": date(2026, 1, 1), "type": "email"},
            {"id": "X1", "date": date(2026, 1, 5), "type": "meeting"},
        ],
    }
    g = build_account_graph(nodes, [edge])
    [(u, v, attrs)] = g.edges(data=True)
    assert (u, v) == (("team_member", "T1"), ("person", "P1"))
    assert attrs == {
        "type": RelType.KNOWS,
        "strength": None,
        "last_contact": None,
        "touches": None,
        "source": None,
        "created_on": None,
        "activities": (
            Activity("X3", dt.date(2026, 1, 1), ActivityType.EMAIL),
            Activity("X1", dt.date(2026, 1, 5), ActivityType.MEETING),
            Activity("X2", dt.date(2026, 1, 5), ActivityType.CALL),
        ),
    }
    assert g.nodes[("team_member", "T1")]["active"] is True
    assert g.nodes[("person", "P1")]["seniority"] == "staff"


def test_a_unit_node_takes_its_kind_from_its_properties() -> None:
    nodes = [
        {"labels": ["Account"], "props": {"id": "A1", "name": "Acme"}},
        {
            "labels": ["Unit", "BudgetCenter"],
            "props": {"id": "U1", "account_id": "A1", "kind": "budget_center", "name": "IT"},
        },
    ]
    g = build_account_graph(nodes, [])
    attrs = g.nodes[("unit", "U1")]
    assert attrs["kind"] is NodeKind.BUDGET_CENTER
    assert attrs["status"] == "prospect"
    assert attrs["parent_id"] is None
    assert UnitKind(attrs["kind"].value).node_kind is attrs["kind"]


def test_every_record_field_is_stored() -> None:
    """A field added to a record but not to the statements would be dropped on
    write and then seen as changed on every load."""
    for record, stored in (
        (AccountRecord, cypher.ACCOUNT_PROPERTIES),
        (UnitRecord, cypher.UNIT_PROPERTIES),
        (PersonRecord, cypher.PERSON_PROPERTIES),
        (TeamMemberRecord, cypher.TEAM_MEMBER_PROPERTIES),
        (OpportunityRecord, cypher.OPPORTUNITY_PROPERTIES),
        (ActivityRecord, cypher.ACTIVITY_PROPERTIES),
    ):
        assert {f.name for f in fields(record)} == {"id", *stored}, record.__name__
