"""GET /v1/accounts sorted and filtered on the server (issue 17), on the sample
world (A1 Acme: 6 rows, 1 covered, 1 weak, 4 uncovered, 0 of 3 executives; A2
Globex: 1 person, nobody known) and on many small accounts across pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graph.store import GraphStore
from tests.api.conftest import auth, make_client
from tests.web.worlds import MANY, many_accounts_batch, many_people

AS_OF = "2026-11-15"


def ids(body: dict[str, object]) -> list[str]:
    return [a["account_id"] for a in body["items"]]  # type: ignore[attr-defined]


def get(client: TestClient, query: str) -> dict[str, object]:
    r = client.get(f"/v1/accounts?as_of={AS_OF}&{query}", headers=auth("reader"))
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def test_lines_carry_gaps_alerts_and_shares(client: TestClient) -> None:
    body = get(client, "")
    acme = body["items"][0]  # type: ignore[index]
    assert acme["account_id"] == "A1"
    assert (acme["gaps"], acme["coverage_share"]) == (5, pytest.approx(1 / 6))
    assert acme["executive_share"] == 0.0
    assert acme["alerts"] >= 1
    assert body["sort"] == "name"
    assert body["order"] == "asc"


def test_sort_by_figures_with_ties_by_name(client: TestClient) -> None:
    assert ids(get(client, "sort=gaps&order=desc")) == ["A1", "A2"]
    assert ids(get(client, "sort=gaps&order=asc")) == ["A2", "A1"]
    assert ids(get(client, "sort=people&order=asc")) == ["A2", "A1"]
    assert ids(get(client, "sort=name&order=desc")) == ["A2", "A1"]
    assert ids(get(client, "sort=tier")) == ["A1", "A2"]  # tiers "1", "2"


def test_filters(client: TestClient) -> None:
    assert ids(get(client, "tier=2")) == ["A2"]
    assert ids(get(client, "team_member=T1")) == ["A1"]
    assert ids(get(client, "min_gaps=5")) == ["A1"]
    assert ids(get(client, "min_gaps=6")) == []
    assert ids(get(client, "max_coverage=0")) == ["A2"]
    assert ids(get(client, "max_coverage=0.17")) == ["A1", "A2"]
    assert ids(get(client, "max_executive_coverage=0")) == ["A1", "A2"]
    body = get(client, "min_alerts=1&sort=alerts&order=desc")
    assert "A1" in ids(body)
    assert body["filters"]["min_alerts"] == 1  # type: ignore[index]


@pytest.mark.parametrize(
    "query",
    ["sort=nope", "order=up", "max_coverage=1.5", "min_gaps=-1", "limit=0", "limit=201"],
)
def test_bad_parameters_are_refused(client: TestClient, query: str) -> None:
    r = client.get(f"/v1/accounts?{query}", headers=auth("reader"))
    assert r.status_code == 422, r.text


def test_an_unknown_team_member_is_a_404(client: TestClient) -> None:
    r = client.get("/v1/accounts?team_member=T404", headers=auth("reader"))
    assert r.status_code == 404


@pytest.fixture
def many(embedded_store: GraphStore) -> Iterator[TestClient]:
    embedded_store.apply(many_accounts_batch())
    with make_client(embedded_store) as c:
        yield c


def test_sorting_holds_across_pages(many: TestClient) -> None:
    first = get(many, "sort=people&order=desc&limit=20")
    second = get(many, "sort=people&order=desc&limit=20&offset=20")
    last = get(many, "sort=people&order=desc&limit=20&offset=40")
    people = [
        a["active_people"]
        for page in (first, second, last)
        for a in page["items"]  # type: ignore[attr-defined]
    ]
    assert people == list(range(MANY, 0, -1))
    assert first["total"] == MANY
    tier1 = get(many, "tier=1&sort=people&limit=5&offset=5")
    expected = sorted(many_people(i) for i in range(MANY) if i % 3 == 0)[5:10]
    assert [a["active_people"] for a in tier1["items"]] == expected  # type: ignore[attr-defined]
    assert tier1["total"] == len([i for i in range(MANY) if i % 3 == 0])
