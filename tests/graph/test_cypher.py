"""The Cypher statements, and the pure mapping between Neo4j rows and the contract.

The statements are checked as text here (parameters for every value, names only
from the schema enums, MERGE only on constrained keys); ``test_cypher_lint.py``
has Neo4j's parser check them. The mapping functions of :mod:`graph.neo4j_rows`
are run on rows shaped like the driver returns them (``neo4j.time.Date`` and all),
and the data they build is compared with the embedded store's data for the same
records: both stores must hand queries the same account data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields
from enum import Enum
from pathlib import Path
from typing import Any, Final

import neo4j.time
import pytest

from graph import cypher
from graph.account_data import AccountData
from graph.embedded import EmbeddedStore
from graph.neo4j_rows import (
    account_data,
    account_record,
    employment_key,
    employment_row,
    opportunity_record,
    person_record,
    record_row,
    sort_changes,
    stored_employment,
    team_member_record,
    tie_row,
    unit_record,
)
from graph.schema import (
    NAMESPACE_LABEL,
    UNIT_KIND_LABEL,
    AccountRecord,
    Activity,
    ActivityRecord,
    ActivityType,
    KindCounts,
    Label,
    Namespace,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RelationshipRecord,
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
    constrained = {label.value for label in NAMESPACE_LABEL.values()} | {
        Label.ACTIVITY.value,
        Label.PLAN_ACTION.value,  # unique on id: cypher.PLAN_SCHEMA_STATEMENTS
    }
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
        counts = KindCounts()
        assert sort_changes({"k": row}, {"k": stored}, counts) == []
        assert counts.unchanged == 1


def test_sort_changes_reads_driver_dates_and_absent_properties() -> None:
    row = {"id": "P1", "left_on": dt.date(2026, 1, 2), "title": None}
    counts = KindCounts()
    same = {"id": "P1", "left_on": neo4j.time.Date(2026, 1, 2)}
    moved = {"id": "P1", "left_on": neo4j.time.Date(2026, 1, 3)}
    assert sort_changes({"P1": row}, {"P1": same}, counts) == []
    assert sort_changes({"P1": row}, {"P1": moved}, counts) == [row]
    assert sort_changes({"P1": row}, {}, counts) == [row]
    assert (counts.created, counts.updated, counts.unchanged) == (1, 1, 1)


# ------------------------------------------------------------- one account's data
def to_driver(value: Any) -> Any:
    """A Python value as the driver returns it from Neo4j."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return neo4j.time.Date(value.year, value.month, value.day)
    return value


def props_of(record: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A record's fields as Neo4j stores them (no nulls)."""
    return {
        f.name: to_driver(getattr(record, f.name))
        for f in fields(record)
        if f.name not in skip and getattr(record, f.name) is not None
    }


def rows_of(data: AccountData) -> tuple[list[dict[str, Any]], ...]:
    """The rows the ACCOUNT_DATA statements return for ``data``, in no useful order,
    with the bookkeeping properties the store keeps (the mapping must ignore them)."""
    unit_labels = {
        UnitKind.DIVISION: ["Unit", "Division"],
        UnitKind.BRANCH: ["Branch", "Unit"],
        UnitKind.BUDGET_CENTER: ["Unit", "BudgetCenter"],
    }
    nodes: list[dict[str, Any]] = [
        {"labels": ["Account"], "props": props_of(data.account), "team_accounts": []},
        *({"labels": unit_labels[u.kind], "props": props_of(u)} for u in data.units),
        *({"labels": ["Person"], "props": props_of(x)} for x in data.people),
        *({"labels": ["Opportunity"], "props": props_of(o)} for o in data.opportunities),
        *(
            {
                "labels": ["TeamMember"],
                "props": props_of(m),
                # In any order: the mapping sorts them.
                "team_accounts": list(reversed(data.team_accounts.get(m.id, ()))),
            }
            for m in data.team
        ),
    ]
    positions = [
        {
            "person_id": e.person_id,
            "unit_id": e.unit_id,
            "rel_type": "WORKS_IN" if e.current else "WORKED_IN",
            "props": {
                **props_of(e, skip=("person_id", "unit_id", "current", "at_account")),
                "employment_key": "" if e.from_date is None else e.from_date.isoformat(),
            },
            "at_account": e.at_account,
        }
        for e in data.positions
    ]
    ties = [
        # Stored from the smaller id; the mapping orders a pair whichever way it comes.
        {
            "person_id": t.other_person_id,
            "other_person_id": t.person_id,
            "props": props_of(t, skip=("person_id", "other_person_id")),
        }
        for t in data.ties
    ]
    team = [{"team_member_id": m.team_member_id, "role": m.role} for m in data.account_team]
    knows = [
        {
            "team_member_id": k.record.team_member_id,
            "person_id": k.record.person_id,
            "props": props_of(k.record, skip=("team_member_id", "person_id"))
            | ({"snapshot": True} if k.record.strength is not None else {}),
            "activities": [  # the query does not sort them
                {"id": a.id, "date": to_driver(a.date), "type": a.type.value}
                for a in reversed(k.activities)
            ],
        }
        for k in data.relationships
    ]
    return tuple(list(reversed(rows)) for rows in (nodes, positions, ties, team, knows))


@pytest.mark.parametrize("account_id", ["A1", "A2"])
def test_rows_map_to_the_embedded_stores_data(tmp_path: Path, account_id: str) -> None:
    with EmbeddedStore(tmp_path / "graph.db") as store:
        store.apply(sample_batch())
        expected = store.account_data(account_id)
    # A real example: every kind of record is there.
    assert expected.relationships
    assert expected.team
    assert expected.units
    nodes, positions, ties, team, knows = rows_of(expected)
    nodes.append({"labels": ["Activity"], "props": {"id": "X9"}})  # not a record of the data

    got = account_data(account_id, nodes, positions, ties, team, knows)

    assert got == expected


def test_an_unknown_account_has_no_data() -> None:
    person = {"labels": ["TeamMember"], "props": {"id": "T1", "name": "Ann"}}
    assert account_data("A1", [person], [], [], [], []) is None


def test_a_relationship_known_from_activities_has_sorted_activities() -> None:
    date = neo4j.time.Date
    nodes = [
        {"labels": ["Account"], "props": {"id": "A1", "name": "Acme"}},
        {"labels": ["Person"], "props": {"id": "P1", "account_id": "A1", "name": "Ada"}},
        {"labels": ["TeamMember"], "props": {"id": "T1", "name": "Ann"}},
    ]
    knows = {
        "team_member_id": "T1",
        "person_id": "P1",
        "props": {},  # known from activities only: no snapshot
        "activities": [
            {"id": "X2", "date": date(2026, 1, 5), "type": "call"},
            {"id": "X3", "date": date(2026, 1, 1), "type": "email"},
            {"id": "X1", "date": date(2026, 1, 5), "type": "meeting"},
        ],
    }
    data = account_data("A1", nodes, [], [], [], [knows])
    assert data is not None
    [known] = data.relationships
    assert known.record == RelationshipRecord("T1", "P1")
    assert known.activities == (
        Activity("X3", dt.date(2026, 1, 1), ActivityType.EMAIL),
        Activity("X1", dt.date(2026, 1, 5), ActivityType.MEETING),
        Activity("X2", dt.date(2026, 1, 5), ActivityType.CALL),
    )
    assert data.team[0].active is True
    assert data.people[0].seniority == "staff"
    assert data.team_accounts == {}


def test_a_unit_takes_its_kind_from_its_properties() -> None:
    nodes = [
        {"labels": ["Account"], "props": {"id": "A1", "name": "Acme"}},
        {
            "labels": ["Unit", "BudgetCenter"],
            "props": {"id": "U1", "account_id": "A1", "kind": "budget_center", "name": "IT"},
        },
    ]
    data = account_data("A1", nodes, [], [], [], [])
    assert data is not None
    [unit] = data.units
    assert unit.kind is UnitKind.BUDGET_CENTER
    assert unit.status == "prospect"
    assert unit.parent_id is None


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
