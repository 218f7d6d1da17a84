"""A 15-character Salesforce id works wherever a person types an id — API paths and
query parameters, web URLs, CLI arguments — resolved to the 18-character one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from graph.embedded import EmbeddedStore
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.api.conftest import auth, make_client
from tests.ingest.sf_weekly import A1, U1, C, write_weekly


def test_fifteen_character_ids_resolve_everywhere(tmp_path: Path) -> None:
    db = tmp_path / "graph.db"
    store = EmbeddedStore(db)
    try:
        load_bundle(
            write_weekly(tmp_path / "export"), store, IngestOptions(as_of=dt.date(2024, 6, 1))
        )
        short_account, short_person, short_user = A1[:15], C[1][:15], U1[:15]
        with make_client(store) as client:
            reader = auth("reader")
            detail = client.get(f"/v1/accounts/{short_account}", headers=reader)
            assert (detail.status_code, detail.json()["account"]["account_id"]) == (200, A1)
            coverage = client.get(f"/v1/accounts/{short_account}/coverage", headers=reader)
            assert coverage.status_code == 200
            paths = client.get(f"/v1/people/{short_person}/paths", headers=reader)
            assert paths.status_code == 200, paths.text
            alerts = client.get("/v1/alerts", params={"account_id": short_account}, headers=reader)
            assert alerts.status_code == 200
            page = client.get(f"/accounts/{short_account}", headers=reader)
            assert (page.status_code, "Hütte AG" in page.text) == (200, True)
            team = client.get(f"/team/{short_user}", headers=reader)
            assert (team.status_code, "Uma Seller" in team.text) == (200, True)
            unknown = client.get("/v1/accounts/001Wk00000000AA", headers=reader)
            assert unknown.status_code == 404
    finally:
        store.close()

    result = CliRunner().invoke(app, ["coverage", short_account, "--store", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["account"]["id"] == A1
