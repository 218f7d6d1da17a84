"""The account plan over the API on the sample world (tests/sample_world.py):
suggestions, accepting and dismissing, and an accepted action that turns done
when a later load brings the activity, overdue when it does not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.schema import ActivityRecord, ActivityType, Batch
from graph.store import GraphStore
from tests.api.conftest import auth, make_client
from tests.sample_world import sample_batch

PLAN = "/v1/accounts/A1/plan"


def plan(client: TestClient, as_of: str) -> dict[str, Any]:
    r = client.get(PLAN, params={"as_of": as_of}, headers=auth("reader"))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def introduction_to_emma(body: dict[str, Any]) -> dict[str, Any]:
    return next(
        a
        for a in body["suggestions"]
        if a["kind"] == "introduction" and a["target"]["name"] == "Emma Leroy"
    )


def test_suggestions_name_owner_introducer_target_and_due_date(client: TestClient) -> None:
    body = plan(client, "2026-11-15")
    assert body["actions"] == []
    # Emma Leroy (P5, head of operations: an executive) is reached only through
    # Chloé Durand (P3), whom Tom Reed (T1) knows strongly.
    intro = introduction_to_emma(body)
    assert intro["owner"]["name"] == "Tom Reed"
    assert intro["introducer"] == {"id": "P3", "kind": "person", "name": "Chloé Durand"}
    assert intro["due"] == "2026-12-15"  # 30 days after the as-of date
    assert intro["status"] == "suggested"
    # Acme Lyon (B2) is uncovered and Chloé has a tie there: ask the advocate.
    kinds = {(a["kind"], a["target"]["name"]) for a in body["suggestions"]}
    assert ("advocate", "Acme Lyon") in kinds
    # Nobody is the champion at Acme Lyon: find and meet them.
    assert ("meeting", "Acme Lyon") in kinds
    # The same suggestion has the same id at another date.
    assert introduction_to_emma(plan(client, "2026-11-20"))["id"] == intro["id"]


@pytest.fixture
def both_stores_client(store: GraphStore) -> Iterator[tuple[TestClient, GraphStore]]:
    """The sample world in each store (Neo4j with POWERMAP_TEST_NEO4J_URI)."""
    store.apply(sample_batch())
    with make_client(store) as c:
        yield c, store


def test_an_accepted_action_turns_overdue_then_done_when_a_load_brings_the_activity(
    both_stores_client: tuple[TestClient, GraphStore],
) -> None:
    client, world_store = both_stores_client
    intro = introduction_to_emma(plan(client, "2026-11-15"))
    r = client.post(
        f"{PLAN}/{intro['id']}/accept",
        params={"as_of": "2026-11-15", "due": "2026-12-01"},
        headers=auth("writer"),
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["created_on"]) == ("open", "2026-11-15")

    body = plan(client, "2026-11-20")
    assert [(a["id"], a["status"]) for a in body["actions"]] == [(intro["id"], "open")]
    assert intro["id"] not in {a["id"] for a in body["suggestions"]}
    # On the due date it is still open; the day after, overdue.
    assert plan(client, "2026-12-01")["actions"][0]["status"] == "open"
    assert plan(client, "2026-12-02")["actions"][0]["status"] == "overdue"

    # A load brings a meeting on the creation day itself: not after it, not done.
    world_store.apply(
        Batch(
            activities=[
                ActivityRecord("M0", "T1", "P5", ActivityType.MEETING, dt.date(2026, 11, 15))
            ]
        )
    )
    assert plan(client, "2026-12-05")["actions"][0]["status"] == "overdue"
    # The next load brings the meeting after it: done, as of that day.
    world_store.apply(
        Batch(
            activities=[
                ActivityRecord("M1", "T1", "P5", ActivityType.MEETING, dt.date(2026, 11, 25))
            ]
        )
    )
    done = plan(client, "2026-12-05")["actions"][0]
    assert (done["status"], done["done_on"]) == ("done", "2026-11-25")
    # As of a day before the meeting, it was still open.
    assert plan(client, "2026-11-24")["actions"][0]["status"] == "open"


def test_accepting_needs_the_writer_role_and_a_known_action(client: TestClient) -> None:
    intro = introduction_to_emma(plan(client, "2026-11-15"))
    r = client.post(f"{PLAN}/{intro['id']}/accept", headers=auth("reader"))
    assert r.status_code == 403
    r = client.post(
        f"{PLAN}/pa-0000/accept", params={"as_of": "2026-11-15"}, headers=auth("writer")
    )
    assert r.status_code == 404
    assert "no action" in r.json()["detail"]
    r = client.post(
        f"{PLAN}/{intro['id']}/accept",
        params={"as_of": "2026-11-15", "due": "2026-11-14"},
        headers=auth("writer"),
    )
    assert r.status_code == 422


def test_a_dismissed_action_leaves_the_suggestions(client: TestClient) -> None:
    intro = introduction_to_emma(plan(client, "2026-11-15"))
    r = client.post(
        f"{PLAN}/{intro['id']}/dismiss", params={"as_of": "2026-11-15"}, headers=auth("writer")
    )
    assert r.status_code == 200, r.text
    body = plan(client, "2026-11-15")
    assert intro["id"] not in {a["id"] for a in body["suggestions"]}
    assert body["actions"] == []


def test_accepting_again_moves_the_due_date_and_keeps_the_creation_date(
    client: TestClient,
) -> None:
    intro = introduction_to_emma(plan(client, "2026-11-15"))
    url = f"{PLAN}/{intro['id']}/accept"
    first = client.post(url, params={"as_of": "2026-11-15"}, headers=auth("writer"))
    assert first.json()["due"] == "2026-12-15"
    again = client.post(
        url, params={"as_of": "2026-11-20", "due": "2027-01-10"}, headers=auth("writer")
    )
    assert again.status_code == 200, again.text
    assert (again.json()["created_on"], again.json()["due"]) == ("2026-11-15", "2027-01-10")
    # Without a new due date, the one kept stays.
    third = client.post(url, params={"as_of": "2026-11-21"}, headers=auth("writer"))
    assert third.json()["due"] == "2027-01-10"
