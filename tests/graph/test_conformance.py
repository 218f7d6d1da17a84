"""The store conformance suite: every GraphStore implementation must pass it.

Runs through the ``store`` fixture (tests/conftest.py) and the GraphStore protocol
only. The sample data is described in tests/graph/_batches.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import networkx as nx
import pytest

from graph.errors import NotFoundError, StoreWriteError
from graph.schema import (
    AccountRecord,
    ActivityRecord,
    ActivityType,
    Batch,
    Deletion,
    DeletionKind,
    EmploymentRecord,
    NodeKind,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RecordKind,
    RelationshipRecord,
    RelType,
    TeamMemberRecord,
    TieKind,
    UnitKind,
    UnitRecord,
    UnitStatus,
)
from graph.schema import Activity as Act
from graph.store import GraphStore
from tests.graph._batches import large_batch, sample_batch
from tests.graph._graphs import (
    EdgeFact,
    account_graph,
    edge,
    edges_of,
    knows,
    node,
    nodes_of,
    position,
    snapshot,
)

D = dt.date
A1, A2 = ("account", "A1"), ("account", "A2")


def u(id_: str) -> tuple[str, str]:
    return ("unit", id_)


def p(id_: str) -> tuple[str, str]:
    return ("person", id_)


def t(id_: str) -> tuple[str, str]:
    return ("team_member", id_)


def o(id_: str) -> tuple[str, str]:
    return ("opportunity", id_)


SAMPLE_COUNTS = {
    "account": 2,
    "unit": 5,
    "person": 7,
    "team_member": 6,
    "opportunity": 3,
    "PART_OF": 5,
    "WORKS_IN": 8,  # 7 people + P2's further current position
    "WORKED_IN": 2,
    "REPORTS_TO": 6,
    "ON_TEAM": 3,
    "KNOWS": 7,  # pairs T1-P1, T1-P2, T2-P3 (activities only), T3-Q1 + 3 ties
    "FOR": 3,
    "activity": 4,
}


def a1_edges() -> Counter[EdgeFact]:
    return Counter(
        [
            edge(u("D1"), A1, RelType.PART_OF),
            edge(u("D2"), A1, RelType.PART_OF),
            edge(u("B1"), u("D1"), RelType.PART_OF),
            edge(u("C1"), u("B1"), RelType.PART_OF),
            position(p("P1"), A1),
            position(p("P2"), u("D1")),
            position(p("P3"), u("B1")),
            position(p("P4"), u("C1")),
            position(p("P5"), u("D2")),
            position(p("P2"), u("B1"), from_date=D(2024, 1, 1)),
            position(p("P3"), u("D2"), RelType.WORKED_IN, D(2020, 1, 1), D(2022, 12, 31)),
            position(p("P5"), A1, RelType.WORKED_IN),
            edge(p("P2"), p("P1"), RelType.REPORTS_TO),
            edge(p("P3"), p("P2"), RelType.REPORTS_TO),
            edge(p("P4"), p("P3"), RelType.REPORTS_TO),
            edge(t("T1"), t("T0"), RelType.REPORTS_TO),
            edge(t("T4"), t("T1"), RelType.REPORTS_TO),
            edge(t("T0"), t("T5"), RelType.REPORTS_TO),
            edge(
                p("P1"),
                p("P2"),
                RelType.KNOWS,
                kind=TieKind.COLLEAGUE,
                strength=0.7,
                created_on=None,
            ),
            edge(
                p("P3"), p("P4"), RelType.KNOWS, kind=TieKind.FRIEND, strength=0.5, created_on=None
            ),
            knows(
                "T1",
                "P1",
                strength=0.8,
                last_contact=D(2026, 1, 20),
                touches=12,
                source="crm",
                activities=(
                    Act("X0", D(2026, 1, 5), ActivityType.OTHER),
                    Act("X3", D(2026, 1, 5), ActivityType.EMAIL),
                ),
            ),
            knows("T1", "P2", strength=0.35),
            knows(
                "T2",
                "P3",
                activities=(
                    Act("X2", D(2026, 1, 5), ActivityType.CALL),
                    Act("X1", D(2026, 1, 10), ActivityType.MEETING),
                ),
            ),
            edge(t("T1"), A1, RelType.ON_TEAM, role="owner"),
            edge(o("O1"), u("B1"), RelType.FOR),
            edge(o("O2"), A1, RelType.FOR),
        ]
    )


def expected_nodes(
    batch: Batch, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, object]]:
    found = dict(
        [node(NodeKind.ACCOUNT, r) for r in batch.accounts]
        + [node(r.kind.node_kind, r) for r in batch.units]
        + [node(NodeKind.PERSON, r) for r in batch.people]
        + [node(NodeKind.TEAM_MEMBER, r) for r in batch.team_members]
        + [node(NodeKind.OPPORTUNITY, r) for r in batch.opportunities]
    )
    for r in batch.team_members:  # the accounts whose team each member is on
        teams = sorted(at.account_id for at in batch.account_teams if at.team_member_id == r.id)
        found[t(r.id)] = {**found[t(r.id)], "team_accounts": tuple(teams)}
    return {k: v for k, v in found.items() if k in keys}


ALL_TEAM = {t(f"T{i}") for i in range(6)}  # every account graph holds the whole team


A1_NODES = (
    {A1, u("D1"), u("B1"), u("C1"), u("D2")}
    | {p(f"P{i}") for i in range(1, 6)}
    | ALL_TEAM
    | {o("O1"), o("O2")}
)


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    store.apply(sample_batch())
    return store


# ------------------------------------------------------------------ upsert and read


def test_first_apply_reports_every_record_created(store: GraphStore) -> None:
    batch = sample_batch()
    result = store.apply(batch)
    expected = {
        RecordKind.ACCOUNT: 2,
        RecordKind.UNIT: 5,
        RecordKind.PERSON: 7,
        RecordKind.TEAM_MEMBER: 6,
        RecordKind.ACCOUNT_TEAM: 3,
        RecordKind.RELATIONSHIP: 3,
        RecordKind.ACTIVITY: 4,
        RecordKind.PERSON_TIE: 3,
        RecordKind.EMPLOYMENT: 3,
        RecordKind.OPPORTUNITY: 3,
    }
    for kind, n in expected.items():
        assert dataclasses.astuple(result.of(kind)) == (n, 0, 0, 0), kind


def test_account_graph_holds_every_node_edge_and_property(loaded: GraphStore) -> None:
    g = account_graph(loaded, "A1")
    assert nodes_of(g) == expected_nodes(sample_batch(), A1_NODES)
    assert edges_of(g) == a1_edges()


def test_account_graph_is_frozen(loaded: GraphStore) -> None:
    g = account_graph(loaded, "A1")
    assert nx.is_frozen(g)
    with pytest.raises(nx.NetworkXError):
        g.add_node(("person", "intruder"))


def test_subgraph_holds_only_its_account_and_the_whole_team(
    loaded: GraphStore,
) -> None:
    g = account_graph(loaded, "A2")
    keys = {A2, u("G1"), p("Q1"), p("Q2"), o("O3")} | ALL_TEAM
    assert nodes_of(g) == expected_nodes(sample_batch(), keys)
    assert edges_of(g) == Counter(
        [
            edge(u("G1"), A2, RelType.PART_OF),
            position(p("Q1"), u("G1")),
            position(p("Q2"), A2),
            edge(o("O3"), u("G1"), RelType.FOR),
            edge(t("T3"), A2, RelType.ON_TEAM, role="AE"),
            edge(t("T1"), A2, RelType.ON_TEAM, role=None),
            knows("T3", "Q1", strength=0.4, last_contact=D(2025, 12, 1)),
            edge(t("T1"), t("T0"), RelType.REPORTS_TO),
            edge(t("T4"), t("T1"), RelType.REPORTS_TO),
            edge(t("T0"), t("T5"), RelType.REPORTS_TO),
        ]
    )
    assert g.nodes[t("T1")]["team_accounts"] == ("A1", "A2")  # colleagues through any team
    # The tie P1-Q1 crosses accounts.
    for graph in (g, account_graph(loaded, "A1")):
        assert not any(
            d["type"] == RelType.KNOWS and {a, b} == {p("P1"), p("Q1")}
            for a, b, d in graph.edges(data=True)
        )


def test_records_read_back_exactly(loaded: GraphStore) -> None:
    batch = sample_batch()
    assert loaded.list_accounts() == sorted(batch.accounts, key=lambda r: r.id)
    assert loaded.accounts(["A2", "nope"]) == {"A2": batch.accounts[1]}
    assert loaded.units([r.id for r in batch.units] + ["nope"]) == {r.id: r for r in batch.units}
    assert loaded.people([r.id for r in batch.people]) == {r.id: r for r in batch.people}
    assert loaded.team_members([r.id for r in batch.team_members]) == {
        r.id: r for r in batch.team_members
    }
    assert loaded.people([]) == {}


def test_counts_cover_every_kind(store: GraphStore) -> None:
    assert store.counts() == dict.fromkeys(SAMPLE_COUNTS, 0)
    store.apply(sample_batch())
    assert store.counts() == SAMPLE_COUNTS


def test_lookups_used_by_ingest_and_api(loaded: GraphStore) -> None:
    assert loaded.unit_parents("A1") == {"D1": None, "B1": "D1", "C1": "B1", "D2": None}
    assert loaded.unit_parents("nope") == {}
    assert loaded.accounts_of_team_member("T1") == ["A1", "A2"]  # on both teams
    assert loaded.accounts_of_team_member("T2") == ["A1"]  # knows P3
    assert loaded.accounts_of_team_member("T3") == ["A2"]
    assert loaded.accounts_of_team_member("nope") == []


def test_unknown_account_graph_is_not_found(loaded: GraphStore) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        account_graph(loaded, "nope")


def test_ping_answers(loaded: GraphStore) -> None:
    loaded.ping()


# ------------------------------------------------------------------ re-apply, update


def test_reapplying_a_batch_changes_nothing(loaded: GraphStore) -> None:
    before = snapshot(account_graph(loaded, "A1")), snapshot(account_graph(loaded, "A2"))
    revision = loaded.revision()
    result = loaded.apply(sample_batch())
    for kind, counts in result.counts.items():
        assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0), kind
    assert sum(c.unchanged for c in result.counts.values()) == len(sample_batch())
    after = snapshot(account_graph(loaded, "A1")), snapshot(account_graph(loaded, "A2"))
    assert after == before
    assert loaded.counts() == SAMPLE_COUNTS
    assert loaded.revision() == revision


def test_the_same_record_twice_in_one_batch_is_stored_once(store: GraphStore) -> None:
    batch = sample_batch()
    batch.person_ties.append(PersonTieRecord("P1", "P2", 0.9, TieKind.FRIEND))  # (P2, P1) too
    batch.activities.append(batch.activities[0])
    store.apply(batch)
    assert store.counts() == SAMPLE_COUNTS
    ties = [
        d
        for a, b, d in account_graph(store, "A1").edges(data=True)
        if {a, b} == {p("P1"), p("P2")} and d["type"] == RelType.KNOWS
    ]
    assert ties == [
        {"type": RelType.KNOWS, "kind": TieKind.FRIEND, "strength": 0.9, "created_on": None}
    ]


def test_changes_are_reported_updated_and_visible(loaded: GraphStore) -> None:
    revision = loaded.revision()
    batch = sample_batch()
    p1 = batch.people[0]
    batch.people[0] = dataclasses.replace(p1, title="Chair", unit_id="D2")
    batch.units[1] = dataclasses.replace(batch.units[1], status=UnitStatus.PROSPECT)
    batch.relationships[0] = dataclasses.replace(batch.relationships[0], strength=0.9)
    batch.activities[0] = dataclasses.replace(batch.activities[0], type=ActivityType.CALL)
    batch.person_ties[0] = PersonTieRecord("P1", "P2", 0.2, TieKind.FORMER_COLLEAGUE)
    batch.team_members[2] = dataclasses.replace(batch.team_members[2], active=False)
    result = loaded.apply(batch)
    for kind in (
        RecordKind.PERSON,
        RecordKind.UNIT,
        RecordKind.RELATIONSHIP,
        RecordKind.ACTIVITY,
        RecordKind.PERSON_TIE,
        RecordKind.TEAM_MEMBER,
    ):
        assert result.of(kind).updated == 1, kind
        assert result.of(kind).created == 0, kind
    assert result.of(RecordKind.PERSON).unchanged == 6
    assert result.of(RecordKind.ACCOUNT).unchanged == 2

    g = account_graph(loaded, "A1")
    assert g.nodes[p("P1")]["title"] == "Chair"
    assert g.nodes[u("B1")]["status"] == UnitStatus.PROSPECT
    assert g.nodes[t("T1")]["active"] is False
    edges = edges_of(g)
    assert position(p("P1"), u("D2")) in edges
    assert position(p("P1"), A1) not in edges  # moved from the account to D2
    assert edge(
        p("P1"),
        p("P2"),
        RelType.KNOWS,
        kind=TieKind.FORMER_COLLEAGUE,
        strength=0.2,
        created_on=None,
    ) in (edges)
    (t1_p1,) = (d for d in g.get_edge_data(t("T1"), p("P1")).values())
    assert t1_p1["strength"] == 0.9
    (t2_p3,) = (d for d in g.get_edge_data(t("T2"), p("P3")).values())
    assert t2_p3["activities"] == (
        Act("X2", D(2026, 1, 5), ActivityType.CALL),
        Act("X1", D(2026, 1, 10), ActivityType.CALL),
    )
    assert loaded.people(["P1"])["P1"].title == "Chair"
    new_revision = loaded.revision()
    assert revision is None or new_revision != revision


def test_an_activity_can_move_to_another_pair(loaded: GraphStore) -> None:
    loaded.apply(
        Batch(activities=[ActivityRecord("X1", "T2", "P4", ActivityType.MEETING, D(2026, 1, 10))])
    )
    g = account_graph(loaded, "A1")
    (t2_p3,) = g.get_edge_data(t("T2"), p("P3")).values()
    assert t2_p3["activities"] == (Act("X2", D(2026, 1, 5), ActivityType.CALL),)
    (t2_p4,) = g.get_edge_data(t("T2"), p("P4")).values()
    assert t2_p4["activities"] == (Act("X1", D(2026, 1, 10), ActivityType.MEETING),)
    assert t2_p4["strength"] is None


def test_new_relationship_brings_a_team_member_into_another_account(loaded: GraphStore) -> None:
    account_graph(loaded, "A2")  # a cached graph must not hide the change
    loaded.apply(Batch(relationships=[RelationshipRecord("T2", "Q2", strength=0.6)]))
    g = account_graph(loaded, "A2")
    assert t("T2") in g
    assert loaded.accounts_of_team_member("T2") == ["A1", "A2"]


# ----------------------------------------------------------------------- deletions


def _delete(store: GraphStore, kind: DeletionKind, id_: str) -> None:
    result = store.apply(Batch(deletions=[Deletion(kind, id_)]))
    assert dataclasses.astuple(result.of(RecordKind.DELETION)) == (0, 0, 0, 1)
    assert result.of(RecordKind(kind.value)).deleted == 1


def test_deleting_an_account_takes_its_units_people_and_opportunities(loaded: GraphStore) -> None:
    before = snapshot(account_graph(loaded, "A1"))
    _delete(loaded, DeletionKind.ACCOUNT, "A2")
    with pytest.raises(NotFoundError):
        account_graph(loaded, "A2")
    assert loaded.list_accounts() == [sample_batch().accounts[0]]
    assert loaded.units(["G1"]) == {}
    assert loaded.people(["Q1", "Q2"]) == {}
    assert loaded.team_members(["T3"]).keys() == {"T3"}  # our people stay
    assert loaded.accounts_of_team_member("T3") == []
    assert loaded.accounts_of_team_member("T1") == ["A1"]
    after = account_graph(loaded, "A1")
    # The cross tie was in neither; only the members' account teams changed.
    assert after.nodes[t("T1")]["team_accounts"] == ("A1",)
    assert after.nodes[t("T3")]["team_accounts"] == ()
    assert edges_of(after) == before[1]
    assert loaded.counts() == SAMPLE_COUNTS | {
        "account": 1,
        "unit": 4,
        "person": 5,
        "opportunity": 2,
        "PART_OF": 4,
        "WORKS_IN": 6,
        "ON_TEAM": 1,
        "KNOWS": 5,
        "FOR": 2,
    }


def test_deleting_a_top_unit_moves_its_contents_to_the_account(loaded: GraphStore) -> None:
    loaded.apply(
        Batch(
            opportunities=[OpportunityRecord("O9", "A1", unit_id="D1")],
            employments=[EmploymentRecord("P5", "D1", D(2019, 1, 1), D(2020, 1, 1))],
        )
    )
    _delete(loaded, DeletionKind.UNIT, "D1")
    assert loaded.unit_parents("A1") == {"B1": None, "C1": "B1", "D2": None}
    assert loaded.units(["B1"])["B1"].parent_id is None
    assert loaded.people(["P2"])["P2"].unit_id is None
    g = account_graph(loaded, "A1")
    assert u("D1") not in g
    assert o("O9") not in g
    edges = edges_of(g)
    assert edge(u("B1"), A1, RelType.PART_OF) in edges
    assert position(p("P2"), A1) in edges
    assert position(p("P5"), A1, RelType.WORKED_IN, D(2019, 1, 1), D(2020, 1, 1)) in edges
    assert loaded.counts()["opportunity"] == 3


def test_deleting_a_unit_moves_its_contents_to_its_parent(loaded: GraphStore) -> None:
    _delete(loaded, DeletionKind.UNIT, "B1")
    assert loaded.unit_parents("A1") == {"D1": None, "C1": "D1", "D2": None}
    assert loaded.people(["P3"])["P3"].unit_id == "D1"
    g = account_graph(loaded, "A1")
    assert o("O1") not in g
    edges = edges_of(g)
    assert edge(u("C1"), u("D1"), RelType.PART_OF) in edges
    assert position(p("P3"), u("D1")) in edges
    # P2's further position at B1 is now at D1, beside the primary one.
    assert edges[position(p("P2"), u("D1"))] == 1
    assert edges[position(p("P2"), u("D1"), from_date=D(2024, 1, 1))] == 1
    assert loaded.counts()["opportunity"] == 2


def test_deleting_a_person_takes_their_relationships_and_ties(loaded: GraphStore) -> None:
    _delete(loaded, DeletionKind.PERSON, "P2")
    g = account_graph(loaded, "A1")
    assert p("P2") not in g
    assert loaded.people(["P3"])["P3"].manager_id is None
    assert g.nodes[p("P3")]["manager_id"] is None
    assert not any(d["type"] == RelType.REPORTS_TO for _, _, d in g.out_edges(p("P3"), data=True))
    assert loaded.counts() == SAMPLE_COUNTS | {
        "person": 6,
        "WORKS_IN": 6,  # P2's and their further position
        "REPORTS_TO": 4,
        "KNOWS": 5,
    }


def test_deleting_a_team_member_takes_their_relationships(loaded: GraphStore) -> None:
    _delete(loaded, DeletionKind.TEAM_MEMBER, "T1")
    g = account_graph(loaded, "A1")
    assert {n for n in g if n[0] == "team_member"} == ALL_TEAM - {t("T1")}
    assert not any(n == t("T1") for edge in g.edges for n in edge)
    assert loaded.team_members(["T4"])["T4"].manager_id is None
    assert loaded.accounts_of_team_member("T1") == []
    assert loaded.counts() == SAMPLE_COUNTS | {
        "team_member": 5,
        "REPORTS_TO": 4,
        "ON_TEAM": 1,
        "KNOWS": 5,
        "activity": 2,
    }


def test_deleting_a_relationship_removes_its_snapshot_and_activities(loaded: GraphStore) -> None:
    _delete(loaded, DeletionKind.RELATIONSHIP, "T2:P3")
    g = account_graph(loaded, "A1")
    assert not any(a == t("T2") for a, _ in g.edges())
    _delete(loaded, DeletionKind.RELATIONSHIP, "T1:P1")
    g = account_graph(loaded, "A1")
    assert not g.has_edge(t("T1"), p("P1"))
    assert loaded.counts() == SAMPLE_COUNTS | {"KNOWS": 5, "activity": 0}


@pytest.mark.parametrize("id_", ["P1:P2", "P2:P1"])
def test_deleting_a_tie_works_in_either_order(loaded: GraphStore, id_: str) -> None:
    _delete(loaded, DeletionKind.PERSON_TIE, id_)
    g = account_graph(loaded, "A1")
    assert not any(
        d["type"] == RelType.KNOWS and {a, b} == {p("P1"), p("P2")}
        for a, b, d in g.edges(data=True)
    )
    assert loaded.counts()["KNOWS"] == SAMPLE_COUNTS["KNOWS"] - 1


def test_deleting_what_does_not_exist_counts_unchanged(loaded: GraphStore) -> None:
    revision = loaded.revision()
    result = loaded.apply(
        Batch(
            deletions=[
                Deletion(DeletionKind.ACCOUNT, "nope"),
                Deletion(DeletionKind.UNIT, "nope"),
                Deletion(DeletionKind.PERSON, "nope"),
                Deletion(DeletionKind.TEAM_MEMBER, "nope"),
                Deletion(DeletionKind.RELATIONSHIP, "T3:P1"),
                Deletion(DeletionKind.PERSON_TIE, "P1:P5"),
            ]
        )
    )
    assert dataclasses.astuple(result.of(RecordKind.DELETION)) == (0, 0, 6, 0)
    assert loaded.counts() == SAMPLE_COUNTS
    assert loaded.revision() == revision


def test_upserts_apply_before_deletions(loaded: GraphStore) -> None:
    result = loaded.apply(
        Batch(
            people=[PersonRecord("P6", "A1", "New Hire", unit_id="D1")],
            deletions=[Deletion(DeletionKind.UNIT, "D1")],
        )
    )
    assert result.of(RecordKind.PERSON).created == 1
    assert loaded.people(["P6"])["P6"].unit_id is None
    assert position(p("P6"), A1) in edges_of(account_graph(loaded, "A1"))


# ---------------------------------------------------------------------- atomicity


def _assert_unchanged(store: GraphStore, before: object) -> None:
    assert (
        store.counts(),
        store.list_accounts(),
        snapshot(account_graph(store, "A1")),
        snapshot(account_graph(store, "A2")),
    ) == before


def _state(store: GraphStore) -> object:
    return (
        store.counts(),
        store.list_accounts(),
        snapshot(account_graph(store, "A1")),
        snapshot(account_graph(store, "A2")),
    )


def test_a_dangling_unit_fails_the_whole_batch(loaded: GraphStore) -> None:
    before = _state(loaded)
    batch = Batch(
        accounts=[AccountRecord("A3", "Initech")],
        people=[dataclasses.replace(sample_batch().people[0], name="Renamed")],
        units=[UnitRecord("Z1", "NOPE", UnitKind.BRANCH, "Orphan")],
    )
    with pytest.raises(StoreWriteError, match="NOPE"):
        loaded.apply(batch)
    _assert_unchanged(loaded, before)
    assert loaded.accounts(["A3"]) == {}
    assert loaded.people(["P1"])["P1"].name == "Ada Lovelace"


def test_a_tie_to_a_missing_person_fails_the_whole_batch(loaded: GraphStore) -> None:
    before = _state(loaded)
    batch = Batch(
        relationships=[RelationshipRecord("T3", "P1", strength=0.9)],
        person_ties=[PersonTieRecord("P1", "GHOST", 0.5)],
        deletions=[Deletion(DeletionKind.ACCOUNT, "A2")],
    )
    with pytest.raises(StoreWriteError, match="GHOST"):
        loaded.apply(batch)
    _assert_unchanged(loaded, before)
    # The store still takes a good batch afterwards.
    loaded.apply(Batch(accounts=[AccountRecord("A3", "Initech")]))
    assert [a.id for a in loaded.list_accounts()] == ["A1", "A2", "A3"]


def test_every_problem_of_every_kind_is_counted_and_nothing_is_written(
    loaded: GraphStore,
) -> None:
    before = _state(loaded)
    # Good people come first (and the embedded store writes them first): the
    # relationships and ties after them fail, so the people must not stay either.
    batch = Batch(
        people=[PersonRecord(f"N{i}", "A1", f"New {i}") for i in range(3)],
        relationships=[RelationshipRecord("T1", f"GONE{i}") for i in range(8)],
        person_ties=[PersonTieRecord("P1", f"LOST{i}", 0.5) for i in range(5)],
        employments=[EmploymentRecord("P1", "NOWHERE")],
    )
    with pytest.raises(StoreWriteError) as failed:
        loaded.apply(batch)
    message = str(failed.value)
    # 8 + 5 + 1 problems: the first ten are named, the other four counted.
    assert "and 4 more" in message
    assert "relationship 'T1:GONE0': person_id 'GONE0' does not exist" in message
    assert "and 5 more" not in message
    _assert_unchanged(loaded, before)
    assert loaded.people(["N0", "N1", "N2"]) == {}


def test_a_reference_to_an_existing_record_needs_nothing_in_the_batch(
    loaded: GraphStore,
) -> None:
    result = loaded.apply(
        Batch(
            relationships=[RelationshipRecord("T1", "P3", strength=0.3)],
            employments=[EmploymentRecord("P3", "A1", at_account=True)],
        )
    )
    assert (
        result.of(RecordKind.RELATIONSHIP).created + result.of(RecordKind.RELATIONSHIP).updated == 1
    )
    assert result.of(RecordKind.EMPLOYMENT).created == 1


def test_references_may_point_forward_within_a_batch(store: GraphStore) -> None:
    batch = sample_batch()
    # Children before parents: order within a batch does not matter.
    batch.people.reverse()
    batch.units.reverse()
    batch.team_members.reverse()
    store.apply(batch)
    assert store.counts() == SAMPLE_COUNTS


# ------------------------------------------------------------------ odd and large


UNICODE_NAMES = {
    "emoji": "Zoë 🚀 Müller 👩🏽‍💻",
    "rtl": "شركة الأمل — חברת התקווה",
    "combining": "Jose\u0301 Nin\u0303o",  # decomposed: must come back as given
    "cjk": "株式会社テスト",
}


def test_unicode_names_round_trip(store: GraphStore) -> None:
    batch = Batch(
        accounts=[AccountRecord("Ä-1", UNICODE_NAMES["rtl"], country="IL")],
        units=[UnitRecord("ü-1", "Ä-1", UnitKind.DIVISION, UNICODE_NAMES["cjk"])],
        people=[
            PersonRecord("😀", "Ä-1", UNICODE_NAMES["emoji"], unit_id="ü-1"),
            PersonRecord("ñ", "Ä-1", UNICODE_NAMES["combining"], title="Directeur général"),
        ],
        team_members=[TeamMemberRecord("tm-ß", UNICODE_NAMES["combining"])],
        relationships=[RelationshipRecord("tm-ß", "😀", strength=0.5, source="été")],
    )
    store.apply(batch)
    assert store.list_accounts() == batch.accounts
    assert store.people(["😀", "ñ"]) == {r.id: r for r in batch.people}
    g = account_graph(store, "Ä-1")
    assert g.nodes[("person", "😀")]["name"] == UNICODE_NAMES["emoji"]
    assert g.nodes[("person", "ñ")]["name"] == UNICODE_NAMES["combining"]
    assert g.nodes[("team_member", "tm-ß")]["name"] == UNICODE_NAMES["combining"]
    assert g.nodes[("unit", "ü-1")]["name"] == UNICODE_NAMES["cjk"]
    result = store.apply(batch)
    assert sum(c.unchanged for c in result.counts.values()) == len(batch)


@pytest.mark.slow
def test_a_large_batch_round_trips(store: GraphStore) -> None:
    people = 20_000
    batch = large_batch(people)
    assert len(batch) >= 100_000
    result = store.apply(batch)
    assert result.of(RecordKind.ACTIVITY).created == people
    assert store.counts() == {
        "account": 1,
        "unit": 100,
        "person": people,
        "team_member": 10,
        "opportunity": 0,
        "PART_OF": 100,
        "WORKS_IN": people,
        "WORKED_IN": people,
        "REPORTS_TO": people - 1,
        "ON_TEAM": 10,
        "KNOWS": people + people - 1,
        "FOR": 0,
        "activity": people,
    }
    i = 12_345
    assert store.people([f"LP{i}"])[f"LP{i}"] == batch.people[i]
    g = account_graph(store, "LA")
    assert g.number_of_nodes() == 1 + 100 + people + 10
    (rel,) = g.get_edge_data(("team_member", f"LT{i % 10}"), ("person", f"LP{i}")).values()
    assert rel["strength"] == (i % 100) / 100
    assert rel["activities"] == (Act(f"LX{i}", D(2025, 1, 1 + i % 28), ActivityType.CALL),)
    again = store.apply(batch)
    assert sum(c.unchanged for c in again.counts.values()) == len(batch)
