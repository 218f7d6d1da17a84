"""GET /v1/accounts/{id}/changes and /trend over the sample world (its figures are
worked out in tests/sample_world.py)."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from api.routes.review import account_changes
from api.service import MIB, Answers
from graph.store import GraphStore
from queries.settings import QuerySettings
from tests.api.conftest import auth


def test_changes_name_the_unit_and_relationship_the_december_meeting_changed(
    client: TestClient,
) -> None:
    # T2 Sara Kim meets P6 Farid Benali on 2026-12-01: by 12-15 the score is
    # 0.5**(14/180) = 0.947 -> 1 - e**-0.947 = 0.612, strong; B2 had nobody known.
    r = client.get(
        "/v1/accounts/A1/changes",
        params={"from": "2026-11-15", "to": "2026-12-15"},
        headers=auth("reader"),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["from_date"], body["to_date"]) == ("2026-11-15", "2026-12-15")
    assert [(u["unit"]["id"], u["from_status"], u["to_status"]) for u in body["units"]] == [
        ("B2", "uncovered", "single_threaded")
    ]
    [rel] = body["relationships"]
    assert (rel["team_member"]["name"], rel["person"]["name"], rel["change"]) == (
        "Sara Kim",
        "Farid Benali",
        "became_strong",
    )
    assert rel["activities_between"] == 1
    assert abs(rel["to_strength"] - 0.612) < 1e-3
    assert body["people"] == []


def test_changes_since_before_gina_left_show_her_leaving_and_her_seat_emptied(
    client: TestClient,
) -> None:
    r = client.get(
        "/v1/accounts/A1/changes",
        params={"from": "2026-09-15", "to": "2026-11-15"},
        headers=auth("reader"),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert [(p["person"]["name"], p["change"], p["date"]) for p in body["people"]] == [
        ("Gina Lopez", "left", "2026-10-01")
    ]
    assert [(s["scope"]["id"], s["role"], s["change"]) for s in body["seats"]] == [
        ("A1", "economic_buyer", "emptied")
    ]
    assert "champion_left" in {a["kind"] for a in body["alerts"]}


def test_changes_refuse_a_from_date_not_before_the_to_date(client: TestClient) -> None:
    for start in ("2026-11-15", "2026-11-16"):
        r = client.get(
            "/v1/accounts/A1/changes",
            params={"from": start, "to": "2026-11-15"},
            headers=auth("reader"),
        )
        assert r.status_code == 422, r.text
        assert "must be before" in r.json()["detail"]
    r = client.get("/v1/accounts/A1/changes", params={"to": "2026-11-15"}, headers=auth("reader"))
    assert r.status_code == 422
    r = client.get("/v1/accounts/A1/changes", params={"from": "15/11/2026"}, headers=auth("reader"))
    assert r.status_code == 422


def test_changes_of_an_unknown_account_are_404(client: TestClient) -> None:
    r = client.get(
        "/v1/accounts/NOPE/changes", params={"from": "2026-01-01"}, headers=auth("reader")
    )
    assert r.status_code == 404


def test_trend_counts_statuses_at_each_month_end(client: TestClient) -> None:
    r = client.get(
        "/v1/accounts/A1/trend", params={"as_of": "2026-12-15", "months": 2}, headers=auth("reader")
    )
    assert r.status_code == 200, r.text
    points = r.json()["points"]
    assert [p["as_of"] for p in points] == ["2026-11-30", "2026-12-15"]
    # 11-30: B2 still uncovered; 12-15: P6 known strongly -> B2 single-threaded.
    assert points[0]["statuses"]["single_threaded"] + 1 == points[1]["statuses"]["single_threaded"]
    assert points[0]["statuses"]["uncovered"] - 1 == points[1]["statuses"]["uncovered"]
    r = client.get("/v1/accounts/A1/trend", headers=auth("reader"))
    assert len(r.json()["points"]) == 12
    for months in ("0", "37"):
        r = client.get("/v1/accounts/A1/trend", params={"months": months}, headers=auth("reader"))
        assert r.status_code == 422


def test_the_review_reads_the_account_once_and_shares_its_snapshots(
    world_store: GraphStore,
) -> None:
    answers = Answers(world_store, QuerySettings(), cache_bytes=64 * MIB)
    t1, t2 = dt.date(2026, 11, 15), dt.date(2026, 12, 15)
    found = account_changes(answers, "A1", t1, t2)
    earlier, later = answers.snapshot("A1", t1), answers.snapshot("A1", t2)
    # Built from one read: the records (and their date-independent reading) are shared.
    assert earlier.data is later.data
    assert (earlier.as_of, later.as_of) == (t1, t2)
    # Cached as the other answers' snapshots, and the review itself once.
    assert answers.snapshots("A1", (t1, t2)) == [earlier, later]
    assert account_changes(answers, "A1", t1, t2) is found
