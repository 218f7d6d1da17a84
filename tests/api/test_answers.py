"""Every answer endpoint through the real app on the embedded store loaded with the
sample world, asserting the figures worked out by hand in ``tests/sample_world.py``.

Strengths as of 2026-11-15: T1-P3 0.9·0.5^(14/180) = 0.8528, T1-P2 0.4·0.5^(45/180)
= 0.3364, T2-P4 0.8·0.5^(5/180) = 0.7847.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.embedded import EmbeddedStore
from graph.schema import AccountRecord
from tests.api.conftest import auth, make_client
from tests.sample_world import sample_batch

AS_OF = "2026-11-15"
S_T1_P3 = 0.9 * 0.5 ** (14 / 180)
S_T1_P2 = 0.4 * 0.5 ** (45 / 180)
S_T2_P4 = 0.8 * 0.5 ** (5 / 180)


def get(client: TestClient, path: str, expect: int = 200, **params: Any) -> Any:
    """GET as a reader, as of the sample date; ``from_`` is sent as ``from``."""
    params.setdefault("as_of", AS_OF)
    if "from_" in params:
        params["from"] = params.pop("from_")
    r = client.get(path, params=params, headers=auth("reader"))
    assert r.status_code == expect, r.text
    return r.json()


def problem(client: TestClient, path: str, expect: int, **params: Any) -> str:
    body = get(client, path, expect, **params)
    assert body["status"] == expect
    detail: str = body["detail"]
    return detail


# ----------------------------------------------------------------- accounts
def test_accounts_list_summarises_coverage_by_name(client: TestClient) -> None:
    body = get(client, "/v1/accounts")
    assert (body["total"], body["limit"], body["offset"]) == (2, 50, 0)
    assert [a["account_id"] for a in body["items"]] == ["A1", "A2"]
    acme = body["items"][0]
    assert acme["name"] == "Acme Holdings"
    assert acme["coverage"] == {"uncovered": 4, "weak": 1, "single_threaded": 0, "covered": 1}
    assert acme["executive_coverage"] == {"executives": 3, "known_strongly": 0}
    assert (acme["units"], acme["active_people"], acme["team_members"]) == (5, 6, 2)


def test_accounts_list_pages(client: TestClient) -> None:
    body = get(client, "/v1/accounts", limit=1, offset=1)
    assert body["total"] == 2
    assert [a["name"] for a in body["items"]] == ["Globex"]
    assert get(client, "/v1/accounts", offset=5)["items"] == []


def test_account_detail_has_the_unit_tree_by_name(client: TestClient) -> None:
    body = get(client, "/v1/accounts/A1")
    assert body["account"]["account_id"] == "A1"
    tree = body["tree"]
    assert (tree["id"], tree["kind"]) == ("A1", "account")
    assert [c["id"] for c in tree["children"]] == ["D2", "D1"]  # Americas < Europe
    europe = tree["children"][1]
    assert [c["id"] for c in europe["children"]] == ["B2", "B1"]  # Lyon < Paris
    assert europe["children"][1]["children"][0]["id"] == "BC1"


def test_org_chart_lists_people_managers_and_contacts(client: TestClient) -> None:
    body = get(client, "/v1/accounts/A1/org-chart")
    units = {u["id"]: u for u in body["units"]}
    assert list(units) == ["A1", "D2", "D1", "B2", "B1", "BC1"]
    assert units["BC1"]["people"] == []  # Gina left: she counts nowhere
    paris = [(p["person"]["id"], p["manager_id"]) for p in units["B1"]["people"]]
    assert paris == [("P3", "P2"), ("P4", "P3")]
    chloe = units["B1"]["people"][0]["known_by"]
    assert [(c["team_member_id"], round(c["strength"], 3)) for c in chloe] == [("T1", 0.853)]

    scoped = get(client, "/v1/accounts/A1/org-chart", unit_id="B1")
    assert scoped["root_id"] == "B1"
    assert [u["id"] for u in scoped["units"]] == ["B1", "BC1"]


# ----------------------------------------------------------------- coverage
def test_coverage_statuses_and_figures(client: TestClient) -> None:
    body = get(client, "/v1/accounts/A1/coverage")
    assert body["account"] == {"id": "A1", "name": "Acme Holdings"}
    assert body["as_of"] == AS_OF
    rows = {r["id"]: r for r in body["units"]}
    assert {k: r["status"] for k, r in rows.items()} == {
        "A1": "uncovered",
        "D1": "weak",
        "B1": "covered",
        "B2": "uncovered",
        "BC1": "uncovered",
        "D2": "uncovered",
    }
    account = rows["A1"]
    assert (account["kind"], account["parent_id"], account["name"]) == (
        "account",
        None,
        "Acme Holdings",
    )
    assert rows["D1"]["parent_id"] == "A1"
    assert rows["B1"]["parent_id"] == "D1"
    assert round(rows["D1"]["best_strength"], 3) == round(S_T1_P2, 3) == 0.336
    assert rows["B1"]["customer_status"] == "customer"  # won opportunity O1
    assert (rows["B1"]["people_known_strongly"], rows["B1"]["strong_team_members"]) == (2, 2)
    assert rows["BC1"]["has_people"] is False
    assert rows["A1"]["subtree"]["active_people"] == 6
    assert body["summary"]["statuses"] == {
        "uncovered": 4,
        "weak": 1,
        "single_threaded": 0,
        "covered": 1,
    }


def test_gaps_rank_customer_sisters_then_headcount(client: TestClient) -> None:
    gaps = get(client, "/v1/accounts/A1/coverage")["gaps"]
    assert [g["id"] for g in gaps] == ["D2", "B2", "D1", "BC1", "A1"]
    assert gaps[0]["sister_customer_ids"] == ["D1"]
    assert gaps[1]["sister_customer_ids"] == ["B1"]


def test_before_the_won_opportunity_b1_is_a_prospect(client: TestClient) -> None:
    body = get(client, "/v1/accounts/A1/coverage", as_of="2025-05-01")
    rows = {r["id"]: r for r in body["units"]}
    assert rows["B1"]["customer_status"] == "prospect"
    b2 = next(g for g in body["gaps"] if g["id"] == "B2")
    assert b2["sister_customer_ids"] == []


def test_a_relationship_from_activities_starts_at_its_first_activity(client: TestClient) -> None:
    # T2 meets P6 (in B2) on 2026-12-01: 1 - exp(-1) = 0.632, strong from that day.
    before = get(client, "/v1/accounts/A1/coverage", as_of="2026-11-30")
    on = get(client, "/v1/accounts/A1/coverage", as_of="2026-12-01")
    status = {r["id"]: r["status"] for r in before["units"]}
    assert status["B2"] == "uncovered"
    b2 = next(r for r in on["units"] if r["id"] == "B2")
    assert b2["status"] == "single_threaded"
    assert round(b2["best_strength"], 3) == 0.632


def test_before_gina_left_she_counts(client: TestClient) -> None:
    body = get(client, "/v1/accounts/A1/coverage", as_of="2026-09-15")
    bc1 = next(r for r in body["units"] if r["id"] == "BC1")
    assert (bc1["status"], bc1["has_people"]) == ("single_threaded", True)
    alerts = get(client, "/v1/alerts", as_of="2026-09-15", account_id="A1")["items"]
    assert all(a["person_id"] != "P7" for a in alerts)


# ---------------------------------------------------------------- advocates
def test_advocates_for_b2(client: TestClient) -> None:
    body = get(client, "/v1/units/B2/advocates")
    assert body["unit"] == {"id": "B2", "kind": "branch", "name": "Acme Lyon"}
    found = body["advocates"]
    assert [(a["person"]["id"], a["tie"]["kind"]) for a in found] == [
        ("P3", "knows"),
        ("P4", "former_member"),
    ]
    assert [round(a["score"], 3) for a in found] == [
        round(S_T1_P3 * 0.7 * 1.25, 3),
        round(S_T2_P4 * 0.6 * 1.25, 3),
    ]
    assert [round(a["score"], 3) for a in found] == [0.746, 0.589]
    assert found[0]["tie"]["reached_person_ids"] == ["P5"]
    assert found[0]["person"]["unit_id"] == "B1"
    assert found[0]["person"]["title"] == "Director of IT"
    assert [
        (a["known_by"]["team_member_id"], round(a["known_by"]["strength"], 3)) for a in found
    ] == [
        ("T1", 0.853),
        ("T2", 0.785),
    ]
    assert len(get(client, "/v1/units/B2/advocates", limit=1)["advocates"]) == 1


# -------------------------------------------------------------------- paths
def test_executive_paths_from_the_team(client: TestClient) -> None:
    paths = get(client, "/v1/accounts/A1/executive-paths")["paths"]
    assert [p["target"]["id"] for p in paths] == ["P5", "P2", "P1"]
    assert [[n["id"] for n in p["nodes"]] for p in paths] == [
        ["T1", "P3", "P5"],
        ["T1", "P3", "P2"],
        ["T1", "P3", "P2", "P1"],
    ]
    assert [n["kind"] for n in paths[0]["nodes"]] == ["team_member", "person", "person"]
    assert [round(p["strength"], 3) for p in paths] == [
        round(S_T1_P3 * 0.7, 3),
        round(S_T1_P3 * 0.6, 3),
        round(S_T1_P3 * 0.36, 3),
    ]
    assert [[h["relation"] for h in p["hops"]] for p in paths] == [
        ["relationship", "tie:colleague"],
        ["relationship", "reports_to"],
        ["relationship", "reports_to", "reports_to"],
    ]
    first = paths[0]["hops"][0]
    assert (first["last_contact"], round(first["strength"], 3)) == ("2026-11-01", 0.853)
    assert paths[0]["hops"][1]["last_contact"] is None


def test_executive_paths_parameters_change_the_answer(client: TestClient) -> None:
    url = "/v1/accounts/A1/executive-paths"
    from_t2 = get(client, url, from_="T2")
    assert from_t2["from_team_member_id"] == "T2"
    best = from_t2["paths"][0]
    assert [n["id"] for n in best["nodes"]] == ["T2", "T1", "P3", "P5"]
    assert best["hops"][0]["relation"] == "colleague"
    assert round(best["strength"], 3) == round(0.9 * S_T1_P3 * 0.7, 3)

    assert len(get(client, url, k=1)["paths"]) == 1
    # Within two hops Alice is reached through Bruno, whom Tom knows weakly.
    two = get(client, url, max_hops=2)["paths"]
    assert [n["id"] for n in two[2]["nodes"]] == ["T1", "P2", "P1"]
    assert round(two[2]["strength"], 3) == round(S_T1_P2 * 0.6, 3)
    one = get(client, url, max_hops=1)
    assert [p["target"]["id"] for p in one["paths"]] == ["P2"]
    assert one["unreachable_ids"] == ["P1", "P5"]
    lyon = get(client, url, unit_id="B2")
    assert [p["target"]["id"] for p in lyon["paths"]] == ["P5"]
    assert lyon["executives_in_scope"] == 1
    # Any k with any alternatives is valid; next-best paths go to the strongest
    # executives only (at most 20 searches), the same as asking for fewer.
    many = get(client, url, alternatives=3, k=100)["paths"]
    few = get(client, url, alternatives=3, k=6)["paths"]
    assert many[: len(few)] == few
    alternatives = get(client, url, alternatives=1)["paths"][0]["alternatives"]
    assert len(alternatives) == 1
    assert alternatives[0]["strength"] < S_T1_P3 * 0.7


def test_introducers_for_b2_from_t1(client: TestClient) -> None:
    body = get(client, "/v1/units/B2/introducers", from_="T1")
    found = body["introductions"]
    assert [(i["introducer"]["id"], i["introducer"]["kind"]) for i in found] == [
        ("P3", "person"),
        ("T2", "team_member"),
        ("P2", "person"),
    ]
    assert [round(i["strength"], 3) for i in found] == [
        round(S_T1_P3 * 0.7, 3),
        round(0.9 * S_T2_P4 * 0.6 * 0.7, 3),
        round(S_T1_P2 * 0.6, 3),
    ]
    assert {i["target"]["id"] for i in found} == {"P5"}
    assert [n["id"] for n in found[1]["nodes"]] == ["T1", "T2", "P4", "P3", "P5"]
    assert [h["relation"] for h in found[1]["hops"]] == [
        "colleague",
        "relationship",
        "reports_to",
        "tie:colleague",
    ]
    assert len(get(client, "/v1/units/B2/introducers", k=1, from_="T1")["introductions"]) == 1


def test_paths_to_one_person(client: TestClient) -> None:
    body = get(client, "/v1/people/P5/paths", from_="T1")
    assert body["person"]["id"] == "P5"
    paths = body["paths"]
    assert [n["id"] for n in paths[0]["nodes"]] == ["T1", "P3", "P5"]
    assert round(paths[0]["strength"], 3) == round(S_T1_P3 * 0.7, 3)
    assert [p["strength"] for p in paths] == sorted((p["strength"] for p in paths), reverse=True)
    assert len(get(client, "/v1/people/P5/paths", k=2)["paths"]) == 2


# --------------------------------------------------------------- resilience
def test_key_people(client: TestClient) -> None:
    found = get(client, "/v1/accounts/A1/key-people")["key_people"]
    chloe = found[0]
    assert chloe["node"] == {"id": "P3", "kind": "person", "name": "Chloé Durand"}
    assert [u["id"] for u in chloe["units"]] == ["A1", "D1", "B2"]
    assert [p["id"] for p in chloe["executives"]] == ["P1", "P2", "P5"]


def test_departure_impact_of_t1(client: TestClient) -> None:
    body = get(client, "/v1/accounts/A1/departure-impact", team_member="T1")
    assert body["subject"]["id"] == "T1"
    assert [(c["unit"]["id"], c["before"], c["after"]) for c in body["units_falling"]] == [
        ("D1", "weak", "uncovered"),
        ("B1", "covered", "single_threaded"),
    ]
    assert body["executives_lost"] == []
    # Without Tom, Sara reaches them through Daniel: T2-P4-P3 = 0.7847 * 0.6.
    via_daniel = S_T2_P4 * 0.6
    weakened = {
        w["executive"]["id"]: round(w["after"], 3) for w in body["executive_paths_weakened"]
    }
    assert weakened == {
        "P5": round(via_daniel * 0.7, 3),
        "P2": round(via_daniel * 0.6, 3),
        "P1": round(via_daniel * 0.36, 3),
    }


def test_departure_impact_of_p3(client: TestClient) -> None:
    body = get(client, "/v1/accounts/A1/departure-impact", person="P3")
    assert [(c["unit"]["id"], c["after"]) for c in body["units_falling"]] == [
        ("B1", "single_threaded")
    ]
    weakened = {
        w["executive"]["id"]: round(w["after"], 3) for w in body["executive_paths_weakened"]
    }
    assert weakened == {
        "P5": round(S_T1_P2 * 0.6, 3),
        "P2": round(S_T1_P2, 3),
        "P1": round(S_T1_P2 * 0.6, 3),
    }


@pytest.mark.parametrize("params", [{}, {"team_member": "T1", "person": "P3"}])
def test_departure_impact_needs_exactly_one_subject(
    client: TestClient, params: dict[str, str]
) -> None:
    detail = problem(client, "/v1/accounts/A1/departure-impact", 422, **params)
    assert "exactly one" in detail


# ------------------------------------------------------------------- alerts
def test_champion_left_fires_for_gina_and_she_appears_nowhere_else(client: TestClient) -> None:
    body = get(client, "/v1/alerts")
    assert body["account_ids"] == ["A1", "A2"]
    assert [(a["kind"], a["person_id"], a["date"]) for a in body["items"]] == [
        ("champion_left", "P7", "2026-10-01")
    ]
    assert body["items"][0]["team_member_id"] == "T1"
    answers: list[tuple[str, dict[str, Any]]] = [
        ("/v1/accounts/A1/coverage", {}),
        ("/v1/accounts/A1/org-chart", {}),
        ("/v1/accounts/A1/executive-paths", {"alternatives": 3}),
        ("/v1/accounts/A1/key-people", {}),
        ("/v1/units/BC1/advocates", {}),
        ("/v1/units/BC1/introducers", {"from": "T1"}),
        ("/v1/people/P4/paths", {}),
    ]
    for path, params in answers:
        text = str(get(client, path, **params))
        assert "P7" not in text, path
        assert "Gina" not in text, path
    assert "left" in problem(client, "/v1/people/P7/paths", 404)


def test_alerts_filters_and_pages(client: TestClient) -> None:
    assert get(client, "/v1/alerts", account_id="A2")["items"] == []
    mine = get(client, "/v1/alerts", team_member="T1")
    assert (mine["account_ids"], mine["total"]) == (["A1"], 1)
    assert get(client, "/v1/alerts", offset=1)["items"] == []
    # 106 days after she left: outside the 90-day window.
    later = get(client, "/v1/alerts", as_of="2027-01-15", account_id="A1")["items"]
    assert all(a["kind"] != "champion_left" for a in later)
    # Both filters: the account, if the member works on it (the schema allows both).
    both = get(client, "/v1/alerts", account_id="A1", team_member="T1")
    assert (both["account_ids"], both["total"]) == (["A1"], 1)
    assert get(client, "/v1/alerts", account_id="A2", team_member="T1")["account_ids"] == []


def test_alerts_page_over_any_number_of_accounts(tmp_path: Path) -> None:
    """The old cap answered a plain GET /v1/alerts with 422 from 201 accounts on."""
    batch = sample_batch()
    batch.accounts.extend(AccountRecord(id=f"X{i}", name=f"Extra {i}") for i in range(203))
    with EmbeddedStore(tmp_path / "many.db") as store:
        store.apply(batch)
        with make_client(store) as c:
            params: dict[str, str | int] = {"as_of": AS_OF, "limit": 200}
            first = c.get("/v1/alerts", params=params, headers=auth("reader"))
            assert first.status_code == 200, first.text
            body = first.json()
            assert len(body["account_ids"]) == 205
            rest = c.get(
                "/v1/alerts", params={"as_of": AS_OF, "offset": 200}, headers=auth("reader")
            ).json()
            assert len(body["items"]) + len(rest["items"]) == body["total"] == 1


# ------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/v1/accounts/NOPE", {}, "NOPE"),
        ("/v1/accounts/NOPE/coverage", {}, "NOPE"),
        ("/v1/accounts/NOPE/org-chart", {}, "NOPE"),
        ("/v1/accounts/NOPE/executive-paths", {}, "NOPE"),
        ("/v1/accounts/NOPE/key-people", {}, "NOPE"),
        ("/v1/accounts/NOPE/departure-impact", {"person": "P3"}, "NOPE"),
        ("/v1/accounts/A1/departure-impact", {"person": "PX"}, "PX"),
        ("/v1/accounts/A1/departure-impact", {"team_member": "TX"}, "TX"),
        ("/v1/accounts/A1/org-chart", {"unit_id": "G1"}, "G1"),  # Globex's unit
        ("/v1/accounts/A1/executive-paths", {"from": "TX"}, "TX"),
        ("/v1/accounts/A1/executive-paths", {"unit_id": "UX"}, "UX"),
        ("/v1/units/UX/advocates", {}, "UX"),
        ("/v1/units/UX/introducers", {"from": "T1"}, "UX"),
        ("/v1/units/B2/introducers", {"from": "TX"}, "TX"),
        ("/v1/people/PX/paths", {}, "PX"),
        ("/v1/people/P5/paths", {"from": "TX"}, "TX"),
        ("/v1/alerts", {"account_id": "NOPE"}, "NOPE"),
        ("/v1/alerts", {"team_member": "TX"}, "TX"),
    ],
)
def test_unknown_ids_are_404_naming_the_id(
    client: TestClient, path: str, params: dict[str, str], named: str
) -> None:
    r = client.get(path, params={"as_of": AS_OF, **params}, headers=auth("reader"))
    assert r.status_code == 404, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert named in r.json()["detail"]


@pytest.mark.parametrize(
    ("path", "params", "bound"),
    [
        ("/v1/accounts", {"limit": 0}, "1"),
        ("/v1/accounts", {"limit": 201}, "200"),
        ("/v1/accounts", {"offset": -1}, "0"),
        ("/v1/accounts/A1/executive-paths", {"k": 0}, "1"),
        ("/v1/accounts/A1/executive-paths", {"k": 101}, "100"),
        ("/v1/accounts/A1/executive-paths", {"max_hops": 9}, "8"),
        ("/v1/accounts/A1/executive-paths", {"alternatives": 4}, "3"),
        ("/v1/people/P5/paths", {"k": 21}, "20"),
        ("/v1/units/B2/advocates", {"limit": 1000}, "200"),
        ("/v1/people/P5/paths", {"k": "many"}, "integer"),
        ("/v1/accounts/A1/coverage", {"as_of": "1800-01-01"}, "1900-01-01"),
        ("/v1/accounts/A1/coverage", {"as_of": "9999-12-31"}, "2199-12-31"),
        ("/v1/accounts/A1/coverage", {"as_of": "15/11/2026"}, "date"),
        ("/v1/accounts/" + "x" * 300, {}, "256"),
    ],
)
def test_bad_parameters_are_422_stating_the_bound(
    client: TestClient, path: str, params: dict[str, Any], bound: str
) -> None:
    r = client.get(path, params={"as_of": AS_OF, **params}, headers=auth("reader"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert bound in r.json()["detail"]


def test_introducers_need_a_requester(client: TestClient) -> None:
    assert "from" in problem(client, "/v1/units/B2/introducers", 422)


def test_answers_follow_a_load(client: TestClient, world_store: Any) -> None:
    from graph.schema import Batch, RelationshipRecord

    assert get(client, "/v1/accounts/A1/coverage")["units"][0]["status"] == "uncovered"
    world_store.apply(Batch(relationships=[RelationshipRecord("T2", "P1", 0.9, None, None, "crm")]))
    # Cached answers are keyed by the store's revision: the write shows at once.
    assert get(client, "/v1/accounts/A1/coverage")["units"][0]["status"] == "single_threaded"


# -------------------------------------------------------------------- roles
GET_ENDPOINTS = [
    "/v1/accounts",
    "/v1/accounts/A1",
    "/v1/accounts/A1/org-chart",
    "/v1/accounts/A1/coverage",
    "/v1/accounts/A1/executive-paths",
    "/v1/accounts/A1/key-people",
    "/v1/accounts/A1/departure-impact?person=P3",
    "/v1/units/B2/advocates",
    "/v1/units/B2/introducers?from=T1",
    "/v1/people/P5/paths",
    "/v1/alerts",
]
BAD_KEY = {"Authorization": "Bearer not-a-valid-key-0123456789"}


@pytest.mark.parametrize("path", GET_ENDPOINTS)
@pytest.mark.parametrize("role", ["none", "bad", "reader", "writer", "admin"])
def test_role_matrix_for_answers(client: TestClient, path: str, role: str) -> None:
    headers = {"none": {}, "bad": BAD_KEY}[role] if role in ("none", "bad") else auth(role)
    r = client.get(path, headers=headers)
    if role in ("none", "bad"):
        assert r.status_code == 401
        assert r.headers["content-type"] == "application/problem+json"
    else:
        assert r.status_code == 200, r.text


def test_buying_committee_of_the_account_and_a_unit(client: TestClient) -> None:
    body = get(client, "/v1/accounts/A1/committee")
    seats = {s["role"]: s for s in body["seats"]}
    # P7, the economic buyer, left on 2026-10-01: the seat is empty, not unreached.
    assert seats["economic_buyer"]["state"] == "empty"
    assert seats["decision_maker"]["state"] == "empty"
    champion = seats["champion"]
    assert champion["state"] == "filled"
    assert [h["person"]["id"] for h in champion["holders"]] == ["P3"]
    assert champion["holders"][0]["strength"] == pytest.approx(S_T1_P3, abs=1e-4)
    assert champion["holders"][0]["known_by"][0]["team_member_id"] == "T1"
    assert (body["empty_seats"], body["unreached_seats"]) == (2, 0)
    lyon = get(client, "/v1/accounts/A1/committee", unit_id="B2")
    assert lyon["scope"] == {"id": "B2", "kind": "branch", "name": "Acme Lyon"}
    assert lyon["empty_seats"] == 3
    # G1 is Globex's: not a unit of A1.
    assert "'G1' is not in account 'A1'" in problem(
        client, "/v1/accounts/A1/committee", 404, unit_id="G1"
    )


def test_empty_seats_are_among_the_coverage_gaps(client: TestClient) -> None:
    gaps = get(client, "/v1/accounts/A1/coverage")["seat_gaps"]
    assert [(g["scope"]["id"], g["role"], g["state"]) for g in gaps] == [
        ("A1", "economic_buyer", "empty"),
        ("A1", "decision_maker", "empty"),
        ("B2", "champion", "empty"),  # D1's champion (P3) sits in B1
    ]
    assert gaps[2]["description"] == "nobody is the champion at Acme Lyon"
