"""Conformance: ``GraphStore.largest_accounts`` ranks accounts by their people.

Part of the store conformance suite (see tests/graph/test_conformance.py): runs
through the ``store`` fixture, on every store, and the GraphStore protocol only.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graph.schema import AccountRecord, Batch, Deletion, DeletionKind, PersonRecord
from graph.store import GraphStore

#: Account id -> its people; C's third person has left and still counts.
SIZES = {"B": 2, "A": 2, "C": 3, "D": 0, "E": 1}
RANKED = ["C", "A", "B", "E", "D"]


def sized_batch() -> Batch:
    people = [
        PersonRecord(
            f"{account}-{n}",
            account,
            f"Person {account}{n}",
            left_on=dt.date(2025, 1, 31) if (account, n) == ("C", 2) else None,
        )
        for account, size in SIZES.items()
        for n in range(size)
    ]
    return Batch(
        accounts=[AccountRecord(a, f"Account {a}") for a in SIZES],
        people=people,
    )


@pytest.fixture
def sized(store: GraphStore) -> GraphStore:
    store.apply(sized_batch())
    return store


def test_most_people_first_ties_by_id_empty_accounts_last(sized: GraphStore) -> None:
    assert sized.largest_accounts(10) == RANKED


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_limit_keeps_the_first(sized: GraphStore, limit: int) -> None:
    assert sized.largest_accounts(limit) == RANKED[:limit]


@pytest.mark.parametrize("limit", [0, -1])
def test_limit_zero_or_less_is_empty(sized: GraphStore, limit: int) -> None:
    assert sized.largest_accounts(limit) == []


def test_empty_store_has_no_largest(store: GraphStore) -> None:
    assert store.largest_accounts(5) == []


def test_ranking_follows_deletions(sized: GraphStore) -> None:
    sized.apply(
        Batch(
            deletions=[
                Deletion(DeletionKind.PERSON, "C-0"),
                Deletion(DeletionKind.PERSON, "C-1"),
                Deletion(DeletionKind.ACCOUNT, "A"),
            ]
        )
    )
    # C keeps its departed person: a tie with E, broken by id.
    assert sized.largest_accounts(10) == ["B", "C", "E", "D"]
