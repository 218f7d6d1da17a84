"""The audit log of writes (issue 16, finding 10): every load that wrote is kept in
the store — who (the key's name, never the key), what, when, the report's summary
— and admins read it at ``GET /v1/loads``; the same on both stores."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app as cli
from graph.audit import LoadRecord
from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from tests.api.conftest import SECRETS, auth
from tests.api.test_ingest_api import BROKEN, INITECH, zipped
from tests.reliability.conftest import fingerprint

AS_OF = "2026-11-15"


def _upload(c: TestClient, files: dict[str, str], role: str, **params: str) -> int:
    upload = {"file": ("initech.zip", zipped(files), "application/zip")}
    r = c.post("/v1/ingest", params={"as_of": AS_OF, **params}, files=upload, headers=auth(role))
    return r.status_code


def test_each_load_that_wrote_is_recorded_with_its_key_name(client: TestClient) -> None:
    assert _upload(client, INITECH, "writer", dry_run="true") == 200
    assert _upload(client, BROKEN, "writer") == 422
    assert client.get("/v1/loads", headers=auth("admin")).json()["total"] == 0
    assert _upload(client, INITECH, "writer") == 200
    assert _upload(client, INITECH, "admin") == 200
    page = client.get("/v1/loads", headers=auth("admin"))
    assert page.status_code == 200
    body = page.json()
    assert body["total"] == 2
    newest, oldest = body["items"]
    assert (newest["who"], oldest["who"]) == ("admin-key", "writer-key")
    assert oldest["source"] == "initech.zip"
    assert oldest["report"]["kinds"]["account"]["created"] == 1
    assert "problems" not in oldest["report"]
    assert dt.datetime.fromisoformat(newest["at"]) >= dt.datetime.fromisoformat(oldest["at"])
    assert not any(secret in page.text for secret in SECRETS.values())
    second = client.get("/v1/loads?limit=1&offset=1", headers=auth("admin")).json()
    assert [e["who"] for e in second["items"]] == ["writer-key"]


def test_the_audit_log_changes_no_answer_and_no_count(world_store: GraphStore) -> None:
    before = fingerprint(world_store)
    revision = world_store.revision()
    world_store.record_load(
        LoadRecord(dt.datetime(2026, 11, 15, tzinfo=dt.UTC), "ci", "b.zip", json.dumps({}))
    )
    assert fingerprint(world_store) == before
    assert world_store.revision() == revision


def test_both_stores_keep_the_log_newest_first(store: GraphStore) -> None:
    assert store.loads(10) == ([], 0)
    for i in range(3):
        at = dt.datetime(2026, 11, 15, 9, i, tzinfo=dt.UTC)
        store.record_load(LoadRecord(at, f"key-{i}", f"b{i}.zip", json.dumps({"n": i})))
    entries, total = store.loads(2, 0)
    assert total == 3
    assert [e.who for e in entries] == ["key-2", "key-1"]
    assert entries[0].at == dt.datetime(2026, 11, 15, 9, 2, tzinfo=dt.UTC)
    assert json.loads(entries[0].report) == {"n": 2}
    assert [e.source for e in store.loads(2, 2)[0]] == ["b0.zip"]


def test_a_cli_load_is_recorded_as_cli(tmp_path: Path) -> None:
    bundle = tmp_path / "initech.zip"
    alone = {k: v for k, v in INITECH.items() if k != "relationships.csv"}  # T1 not here
    bundle.write_bytes(zipped(alone))
    db = tmp_path / "graph.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(bundle), "--store", str(db), "--as-of", AS_OF, "--json"]
    )
    assert result.exit_code == 0, result.output
    with EmbeddedStore(db) as store:
        entries, total = store.loads(10)
    assert total == 1
    assert (entries[0].who, entries[0].source) == ("cli", "initech.zip")
