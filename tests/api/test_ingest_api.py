"""POST /v1/ingest: the same validation and report as the CLI, over HTTP, on the
real embedded store loaded with the sample world."""

from __future__ import annotations

import io
import textwrap
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.store import GraphStore
from tests.api.conftest import auth, make_client
from tests.graph._graphs import account_graph

INITECH = {
    "accounts.csv": """
        id,name,industry,country,tier
        A3,Initech,Software,US,3
    """,
    "units.csv": """
        id,account_id,parent_id,kind,name,status,headcount
        I1,A3,,division,Initech Labs,customer,40
    """,
    "people.csv": """
        id,account_id,unit_id,name,title
        P9,A3,I1,Bill Lumbergh,VP Engineering
    """,
    "relationships.csv": """
        team_member_id,person_id,strength,last_contact
        T1,P9,0.9,2026-11-01
    """,
}

#: Two bad values and one reference to a unit that does not exist.
BROKEN = {
    "accounts.csv": INITECH["accounts.csv"],
    "units.csv": """
        id,account_id,parent_id,kind,name,status,headcount
        I1,A3,,division,Initech Labs,customer,40
        I2,A3,,site,Initech Depot,prospect,10
    """,
    "people.csv": """
        id,account_id,unit_id,name,title
        P9,A3,I1,Bill Lumbergh,VP Engineering
        P10,A3,NOWHERE,Milton Waddams,Collator
    """,
    "relationships.csv": """
        team_member_id,person_id,strength,last_contact
        T1,P9,1.7,2026-11-01
    """,
}


def zipped(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, textwrap.dedent(text).strip() + "\n")
    return buffer.getvalue()


def post(
    client: TestClient,
    content: bytes,
    role: str = "writer",
    data: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    filename: str = "initech.zip",
) -> Any:
    return client.post(
        "/v1/ingest",
        files={"file": (filename, content, "application/zip")},
        data=data or {},
        params=params or {},
        headers=auth(role) if role else {},
    )


def test_a_valid_bundle_loads_and_answers_follow(
    client: TestClient, world_store: GraphStore
) -> None:
    before = client.get("/v1/accounts", headers=auth("reader")).json()
    assert before["total"] == 2
    r = post(client, zipped(INITECH))
    assert r.status_code == 200, r.text
    report = r.json()
    assert (report["dialect"], report["source"], report["dry_run"]) == (
        "powermap",
        "initech.zip",
        False,
    )
    assert report["kinds"]["account"]["created"] == 1
    assert report["kinds"]["person"]["created"] == 1
    assert report["problem_count"] == 0
    assert world_store.counts()["account"] == 3
    # The cached account list is keyed by the store revision: the load shows at once.
    after = client.get("/v1/accounts", headers=auth("reader")).json()
    assert [a["account_id"] for a in after["items"]] == ["A1", "A2", "A3"]
    coverage = client.get(
        "/v1/accounts/A3/coverage", params={"as_of": "2026-11-15"}, headers=auth("reader")
    ).json()
    assert {r["id"]: r["status"] for r in coverage["units"]}["I1"] == "single_threaded"


def test_an_invalid_bundle_is_422_listing_every_problem(
    client: TestClient, world_store: GraphStore
) -> None:
    counts = world_store.counts()
    r = post(client, zipped(BROKEN))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert "nothing was written" in body["detail"]
    problems = {(e["file"], e["line"], e["column"], e["value"]) for e in body["errors"]}
    assert ("units.csv", 3, "kind", "site") in problems
    assert ("people.csv", 3, "unit_id", "NOWHERE") in problems
    assert ("relationships.csv", 2, "strength", "1.7") in problems
    assert all(e["reason"] for e in body["errors"])
    assert world_store.counts() == counts


def test_skip_invalid_loads_the_good_rows(client: TestClient, world_store: GraphStore) -> None:
    r = post(client, zipped(BROKEN), data={"skip_invalid": "true"})
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["problem_count"] >= 3
    assert any(p.startswith("units.csv:3: kind: site") for p in report["problems"])
    assert world_store.people(["P9", "P10"]).keys() == {"P9"}


@pytest.mark.parametrize("where", ["data", "params"])
def test_dry_run_writes_nothing(client: TestClient, world_store: GraphStore, where: str) -> None:
    counts = world_store.counts()
    option = {"dry_run": "true"}
    r = post(client, zipped(INITECH), **{where: option})  # type: ignore[arg-type]
    assert r.status_code == 200, r.text
    assert r.json()["dry_run"] is True
    assert world_store.counts() == counts


def test_an_option_given_twice_differently_is_422(client: TestClient) -> None:
    r = post(client, zipped(INITECH), data={"dry_run": "true"}, params={"dry_run": "false"})
    assert r.status_code == 422
    assert "dry_run" in r.json()["detail"]


def test_a_bad_option_is_422(client: TestClient) -> None:
    r = post(client, zipped(INITECH), data={"format": "excel"})
    assert r.status_code == 422
    assert "format" in r.json()["detail"]


def test_a_non_zip_is_400(client: TestClient, world_store: GraphStore) -> None:
    counts = world_store.counts()
    r = post(client, b"id,name\nA9,Not a zip\n", filename="accounts.csv")
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert "zip" in r.json()["detail"]
    assert "/tmp" not in r.json()["detail"]  # the server's temp path is not shown
    assert world_store.counts() == counts


def test_the_wrong_dialect_is_400(client: TestClient) -> None:
    r = post(client, zipped(INITECH), data={"format": "salesforce"})
    assert r.status_code == 400
    assert "salesforce" in r.json()["detail"]


def test_a_missing_file_is_422(client: TestClient) -> None:
    r = client.post("/v1/ingest", data={"dry_run": "true"}, headers=auth("writer"))
    assert r.status_code == 422
    assert "file" in r.json()["detail"]


def test_uploads_over_the_limit_are_413(world_store: GraphStore) -> None:
    with make_client(world_store, max_upload_bytes=2048) as small:
        r = post(small, zipped(INITECH) + b"\0" * 4096)
        assert r.status_code == 413
        assert "2048" in r.json()["detail"]


def test_a_zip_bomb_is_refused_by_the_uncompressed_bound(world_store: GraphStore) -> None:
    bomb = {"accounts.csv": "id,name\n" + "A9,x\n" * 2000}
    counts = world_store.counts()
    with make_client(world_store, max_uncompressed_bytes=4096) as small:
        r = post(small, zipped(bomb))
        assert r.status_code == 400
        assert "4096" in r.json()["detail"]
    assert world_store.counts() == counts


@pytest.mark.parametrize(
    ("role", "status"),
    [("", 401), ("reader", 403), ("writer", 200), ("admin", 200)],
)
def test_ingest_role_matrix(
    client: TestClient, world_store: GraphStore, role: str, status: int
) -> None:
    r = post(client, zipped(INITECH), role=role)
    assert r.status_code == status, r.text
    assert world_store.counts()["account"] == (3 if status == 200 else 2)
    if status == 403:
        assert "writer" in r.json()["detail"]


def test_a_bad_key_cannot_ingest(client: TestClient) -> None:
    r = client.post(
        "/v1/ingest",
        files={"file": ("b.zip", zipped(INITECH), "application/zip")},
        headers={"Authorization": "Bearer not-a-valid-key-0123456789"},
    )
    assert r.status_code == 401


def test_cli_json_and_api_share_one_report_shape(
    client: TestClient, world_store: GraphStore, tmp_path: Any
) -> None:
    import json

    from typer.testing import CliRunner

    from api.cli import app
    from tests.ingest.conftest import write_files

    folder = write_files(tmp_path / "broken", BROKEN)
    cli = CliRunner().invoke(
        app, ["ingest", str(folder), "--store", str(tmp_path / "g.db"), "--json"]
    )
    api = post(client, zipped(BROKEN))

    cli_body, api_body = json.loads(cli.stdout), api.json()
    assert (cli.exit_code, api.status_code) == (1, 422)
    assert set(api_body) - set(cli_body) == {"instance"}  # the request path
    for key in ("outcome", "error_count", "kinds", "problem_groups", "errors", "title", "status"):
        assert cli_body[key] == api_body[key], key
    assert api_body["outcome"] == "invalid"
    assert [(g["file"], g["column"], g["count"]) for g in api_body["problem_groups"]] == [
        ("units.csv", "kind", 1),
        ("people.csv", "unit_id", 1),
        ("relationships.csv", "strength", 1),
    ]


SPREADSHEET = {
    "accounts.csv": INITECH["accounts.csv"],
    "units.csv": INITECH["units.csv"],
    "opportunities.csv": """
        id,unit_id,stage,won,amount,close_date
        O7,I1,Closed Won,true,5000,02/03/24
    """,
}


@pytest.mark.parametrize("where", ["form", "query"])
def test_the_upload_takes_date_format_encoding_and_units_from(
    client: TestClient, world_store: GraphStore, where: str
) -> None:
    refused = post(client, zipped(SPREADSHEET))
    assert refused.status_code == 422
    assert "--date-format" in refused.text  # the hint names the option
    options = {"date_format": "MM/DD/YY", "encoding": "cp1252"}
    if where == "form":
        loaded = post(client, zipped(SPREADSHEET), data=options)
    else:
        loaded = post(client, zipped(SPREADSHEET), params=options)
    assert loaded.status_code == 200, loaded.text
    graph = account_graph(world_store, "A3")
    assert str(graph.nodes[("opportunity", "O7")]["close_date"]) == "2024-02-03"
    bad = post(client, zipped(SPREADSHEET), data={"units_from": "title"})
    assert bad.status_code == 422  # not one of the documented values
    clash = post(
        client,
        zipped(SPREADSHEET),
        data={"date_format": "MM/DD/YY"},
        params={"date_format": "DD.MM.YYYY"},
    )
    assert clash.status_code == 422
