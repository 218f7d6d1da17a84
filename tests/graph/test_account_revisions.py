"""Per-account revisions (issue 17/20): a load changes the revision of exactly the
accounts whose data it changes, on every store (the ``store`` fixture runs Neo4j
too when a server is configured). Sample data: tests/graph/_batches.py (A1 Acme,
A2 Globex)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from graph.schema import (
    AccountTeamRecord,
    ActivityRecord,
    ActivityType,
    Batch,
    Deletion,
    DeletionKind,
    OpportunityRecord,
    PersonRecord,
    RelationshipRecord,
    TeamMemberRecord,
)
from graph.store import GraphStore
from tests.graph._batches import sample_batch


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    store.apply(sample_batch())
    return store


def _changed(store: GraphStore, batch: Batch) -> set[str]:
    """The accounts whose revision ``batch`` changed."""
    before = store.account_revisions()
    store.apply(batch)
    after = store.account_revisions()
    return {a for a in before.keys() | after.keys() if before.get(a) != after.get(a)}


def test_a_first_load_gives_every_account_a_revision(store: GraphStore) -> None:
    assert store.account_revisions() == {}
    store.apply(sample_batch())
    found = store.account_revisions()
    assert set(found) == {"A1", "A2"}
    assert all(r > 0 for r in found.values())
    assert store.account_revisions(["A2", "nope", "A2"]) == {"A2": found["A2"]}
    assert store.account_revisions([]) == {}


def test_a_load_that_changes_nothing_changes_no_revision(loaded: GraphStore) -> None:
    assert _changed(loaded, sample_batch()) == set()


@pytest.mark.parametrize(
    ("batch", "expected"),
    [
        # a relationship to Q1 (A2), an activity with P3 (A1)
        (Batch(relationships=[RelationshipRecord("T3", "Q1", strength=0.9)]), {"A2"}),
        (
            Batch(
                activities=[
                    ActivityRecord("X9", "T2", "P3", ActivityType.CALL, dt.date(2026, 2, 1))
                ]
            ),
            {"A1"},
        ),
        (Batch(people=[PersonRecord("Q3", "A2", "New Person")]), {"A2"}),
        (Batch(opportunities=[OpportunityRecord("O9", "A1", stage="open")]), {"A1"}),
        (Batch(deletions=[Deletion(DeletionKind.PERSON, "Q2")]), {"A2"}),
        (Batch(deletions=[Deletion(DeletionKind.RELATIONSHIP, "T3:Q1")]), {"A2"}),
        (Batch(deletions=[Deletion(DeletionKind.PERSON_TIE, "P4:P3")]), {"A1"}),
        (Batch(deletions=[Deletion(DeletionKind.UNIT, "D2")]), {"A1"}),
        # nothing matched: nothing changed
        (Batch(deletions=[Deletion(DeletionKind.PERSON, "nobody")]), set()),
    ],
    ids=[
        "relationship",
        "activity",
        "person",
        "opportunity",
        "del-person",
        "del-rel",
        "del-tie",
        "del-unit",
        "del-none",
    ],
)
def test_a_load_touching_one_account_changes_only_its_revision(
    loaded: GraphStore, batch: Batch, expected: set[str]
) -> None:
    assert _changed(loaded, batch) == expected


def test_a_person_moving_accounts_changes_both(loaded: GraphStore) -> None:
    p5 = next(p for p in sample_batch().people if p.id == "P5")
    moved = dataclasses.replace(p5, account_id="A2", unit_id="G1", manager_id=None)
    assert _changed(loaded, Batch(people=[moved])) == {"A1", "A2"}


def test_the_team_is_in_every_account(loaded: GraphStore) -> None:
    t3 = next(t for t in sample_batch().team_members if t.id == "T3")
    renamed = dataclasses.replace(t3, name="Renamed")
    assert _changed(loaded, Batch(team_members=[renamed])) == {"A1", "A2"}
    assert _changed(loaded, Batch(account_teams=[AccountTeamRecord("T2", "A2")])) == {"A1", "A2"}
    new = TeamMemberRecord("T9", "Nine")
    assert _changed(loaded, Batch(team_members=[new])) == {"A1", "A2"}


def test_a_revision_never_comes_back(loaded: GraphStore) -> None:
    seen = {loaded.account_revisions()["A2"]}
    for strength in (0.9, 0.4, 0.9):
        loaded.apply(Batch(relationships=[RelationshipRecord("T3", "Q1", strength=strength)]))
        now = loaded.account_revisions()["A2"]
        assert now not in seen
        seen.add(now)


def test_a_deleted_account_has_no_revision(loaded: GraphStore) -> None:
    assert _changed(loaded, Batch(deletions=[Deletion(DeletionKind.ACCOUNT, "A2")])) == {
        "A1",
        "A2",
    }
    assert set(loaded.account_revisions()) == {"A1"}


def test_a_store_emptied_and_loaded_again_does_not_repeat_revisions(loaded: GraphStore) -> None:
    before = loaded.account_revisions()
    loaded.apply(
        Batch(
            deletions=[
                Deletion(DeletionKind.ACCOUNT, "A1"),
                Deletion(DeletionKind.ACCOUNT, "A2"),
            ]
        )
    )
    assert loaded.account_revisions() == {}
    loaded.apply(sample_batch())
    after = loaded.account_revisions()
    assert set(after) == {"A1", "A2"}
    assert not set(after.values()) & set(before.values())
