"""Why this strength (GET /v1/relationships/{team_member_id}/{person_id}) on the
sample world, and the minimal worlds of issue 21 through the real app and store:
a colleague on another account's team (0.81) and a requester three reporting lines
away (0.729)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    Batch,
    PersonRecord,
    RelationshipRecord,
    Seniority,
    TeamMemberRecord,
    UnitStatus,
)
from graph.store import GraphStore
from tests.api.conftest import make_client
from tests.api.test_answers import AS_OF, S_T1_P3, get, problem


def test_why_this_strength(client: TestClient) -> None:
    e = get(client, "/v1/relationships/T1/P3")
    assert (e["team_member_name"], e["person"]["name"]) == ("Tom Reed", e["person"]["name"])
    assert e["given"] == {
        "strength": 0.9,
        "last_contact": "2026-11-01",
        "days_since_contact": 14,
        "decayed": pytest.approx(S_T1_P3),
    }
    assert e["activities"] == []
    assert e["strength"] == pytest.approx(S_T1_P3)
    assert (e["strong"], e["from_source"]) == (True, "given")
    # 0.9 · 0.5^(n/180) < 0.5 from n = 153 (152.64 rounds up): 2027-04-03.
    assert e["strong_until"] == "2027-04-03"
    assert "0.85" in e["explanation"]


def test_why_this_strength_counts_each_activity(client: TestClient) -> None:
    e = get(client, "/v1/relationships/T2/P6", as_of="2026-12-01")
    (act,) = e["activities"]
    assert (act["type"], act["date"], act["weight"]) == ("meeting", "2026-12-01", 1.0)
    assert act["contribution"] == pytest.approx(1.0)
    assert e["activity_score"] == pytest.approx(1.0)
    assert e["strength"] == pytest.approx(0.6321, abs=1e-4)
    assert e["from_source"] == "activities"


def test_why_this_strength_names_what_is_missing(client: TestClient) -> None:
    assert "has no relationship" in problem(client, "/v1/relationships/T2/P3", 404)
    assert "T9" in problem(client, "/v1/relationships/T9/P3", 404)
    # Before its first activity the relationship does not exist.
    assert "has no relationship" in problem(client, "/v1/relationships/T2/P6", 404)


# ----------------------------------------------------------- issue 21, through the API
def issue_21_batch() -> Batch:
    """Accounts A1 and A2. T1, T2 on A2's team; T2 knows A1's CEO (0.9). T5 (on
    A1's team) knows the CEO too (0.9); T5 reports to T4, who reports to T3."""
    return Batch(
        accounts=[
            AccountRecord("A1", "Alpha", status=UnitStatus.FORMER_CUSTOMER),
            AccountRecord("A2", "Beta"),
        ],
        people=[PersonRecord("CEO", "A1", "Cleo Eriksen", seniority=Seniority.C_LEVEL)],
        team_members=[
            TeamMemberRecord("T1", "Tia One"),
            TeamMemberRecord("T2", "Teo Two"),
            TeamMemberRecord("T3", "Tor Three"),
            TeamMemberRecord("T4", "Tua Four", manager_id="T3"),
            TeamMemberRecord("T5", "Tim Five", manager_id="T4"),
        ],
        account_teams=[
            AccountTeamRecord("T1", "A2"),
            AccountTeamRecord("T2", "A2"),
            AccountTeamRecord("T5", "A1"),
        ],
        relationships=[
            RelationshipRecord("T2", "CEO", 0.9, None),
            RelationshipRecord("T5", "CEO", 0.9, None),
        ],
    )


@pytest.fixture
def issue_21(embedded_store: GraphStore) -> Iterator[TestClient]:
    embedded_store.apply(issue_21_batch())
    with make_client(embedded_store) as c:
        yield c


def test_21_1_colleague_through_another_accounts_team(issue_21: TestClient) -> None:
    body = get(issue_21, "/v1/accounts/A1/executive-paths", from_="T1")
    (path,) = body["paths"]
    assert [n["id"] for n in path["nodes"]] == ["T1", "T2", "CEO"]
    assert [h["relation"] for h in path["hops"]] == ["colleague", "relationship"]
    assert path["strength"] == pytest.approx(0.81)
    assert body["from_team_member_name"] == "Tia One"


def test_21_2_requester_reporting_lines_away(issue_21: TestClient) -> None:
    body = get(issue_21, "/v1/accounts/A1/executive-paths", from_="T3")
    (path,) = body["paths"]
    assert [n["id"] for n in path["nodes"]] == ["T3", "T4", "T5", "CEO"]
    assert [h["relation"] for h in path["hops"]] == ["manages", "manages", "relationship"]
    assert path["strength"] == pytest.approx(0.729)


def test_21_6_the_accounts_list_shows_the_accounts_own_status(issue_21: TestClient) -> None:
    items = get(issue_21, "/v1/accounts")["items"]
    assert {a["account_id"]: a["customer_status"] for a in items} == {
        "A1": "former_customer",
        "A2": "prospect",
    }


def test_created_on_hides_what_did_not_exist_yet(embedded_store: GraphStore) -> None:
    batch = issue_21_batch()
    batch.relationships[1] = RelationshipRecord(
        "T5", "CEO", 0.9, None, created_on=dt.date(2026, 1, 1)
    )
    embedded_store.apply(batch)
    with make_client(embedded_store) as c:
        then = get(c, "/v1/accounts/A1/executive-paths", from_="T3", as_of="2025-12-31")
        assert then["paths"] == []
        assert [u["name"] for u in then["unreachable"]] == ["Cleo Eriksen"]
        now = get(c, "/v1/accounts/A1/executive-paths", from_="T3", as_of=AS_OF)
        assert now["paths"][0]["strength"] == pytest.approx(0.729)
