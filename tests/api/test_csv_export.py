"""CSV exports (issue 17): ``Accept: text/csv`` or ``?format=csv`` on the answers a
user takes away, parsed back; formulas neutralised; errors stay problem+json."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from graph.schema import Batch, PersonRecord, UnitKind, UnitRecord
from graph.store import GraphStore
from tests.api.conftest import auth, make_client

AS_OF = "2026-11-15"
CSV = {**auth("reader"), "Accept": "text/csv"}


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize(
    ("url", "column", "first"),
    [
        (f"/v1/accounts/A1/coverage?as_of={AS_OF}", "name", "Acme Americas"),
        (f"/v1/accounts/A1/executive-paths?as_of={AS_OF}", "name", "Emma Leroy"),
        (f"/v1/units/B2/advocates?as_of={AS_OF}", "name", "Chloé Durand"),
        (f"/v1/units/B2/introducers?as_of={AS_OF}&from=T1", "target", "Emma Leroy"),
        (f"/v1/people/P5/paths?as_of={AS_OF}", "path", "Tom Reed → Chloé Durand → Emma Leroy"),
        (f"/v1/accounts/A1/committee?as_of={AS_OF}", "role", "economic_buyer"),
        (f"/v1/alerts?as_of={AS_OF}", "account_id", "A1"),
    ],
)
def test_each_export_parses_back(client: TestClient, url: str, column: str, first: str) -> None:
    r = client.get(url, headers=CSV)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"].startswith('attachment; filename="')
    rows = parse(r.text)
    assert rows, r.text
    assert rows[0][column] == first
    # The same answer as JSON: one row per item.
    as_json = client.get(url, headers=auth("reader")).json()
    assert r.headers["content-length"] == str(len(r.content))
    assert "items" in as_json or len(as_json) > 0


def test_gaps_and_path_figures(client: TestClient) -> None:
    rows = parse(
        client.get(
            f"/v1/accounts/A1/coverage?as_of={AS_OF}&format=csv", headers=auth("reader")
        ).text
    )
    gaps = [r for r in rows if not r["status"].startswith("seat")]
    assert [r["id"] for r in gaps[:2]] == ["D2", "B2"]  # ranked as the answer ranks them
    assert gaps[0]["headcount"] == "500"
    paths = parse(client.get(f"/v1/people/P5/paths?as_of={AS_OF}", headers=CSV).text)
    assert paths[0]["strength"] == "0.5969"
    assert paths[0]["hops"] == "2"


def test_json_stays_the_default(client: TestClient) -> None:
    r = client.get(f"/v1/accounts/A1/coverage?as_of={AS_OF}", headers=auth("reader"))
    assert r.headers["content-type"].startswith("application/json")
    both = {**auth("reader"), "Accept": "application/json, text/csv"}
    r = client.get(f"/v1/accounts/A1/coverage?as_of={AS_OF}", headers=both)
    assert r.headers["content-type"].startswith("application/json")
    # Not every answer exports: the account detail ignores the ask.
    r = client.get(f"/v1/accounts/A1?as_of={AS_OF}", headers=CSV)
    assert r.headers["content-type"].startswith("application/json")


def test_errors_stay_problems(client: TestClient) -> None:
    r = client.get("/v1/accounts/NOPE/coverage", headers=CSV)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/accounts/A1/coverage?format=csv").status_code == 401


def test_formulas_are_neutralised(world_store: GraphStore) -> None:
    world_store.apply(
        Batch(
            units=[UnitRecord("B9", "A1", UnitKind.BRANCH, '=HYPERLINK("http://x")', "D1")],
            people=[PersonRecord("P9", "A1", "@SUM(1+1)", "B9", "+cmd|' /C calc'!A0")],
        )
    )
    with make_client(world_store) as c:
        text = c.get(f"/v1/accounts/A1/coverage?as_of={AS_OF}", headers=CSV).text
        row = next(r for r in parse(text) if r["id"] == "B9")
        assert row["name"] == '\'=HYPERLINK("http://x")'
        text = c.get(f"/v1/accounts/A1/committee?as_of={AS_OF}", headers=CSV).text
        assert all(not v.startswith(("=", "+", "@", "-")) for r in parse(text) for v in r.values())
