"""Loads as jobs (issue 17): POST /v1/ingest/jobs answers at once, GET follows the
job to its report; a dry run first, then the load; a refused bundle; history."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient

from graph.store import GraphStore
from tests.api.conftest import auth
from tests.api.test_ingest_api import BROKEN, INITECH, zipped


def start(client: TestClient, content: bytes, **data: str) -> Any:
    return client.post(
        "/v1/ingest/jobs",
        files={"file": ("initech.zip", content, "application/zip")},
        data=data,
        headers=auth("writer"),
    )


def finished(client: TestClient, job_id: str) -> dict[str, Any]:
    """The job once it has ended (polled; the load runs on the server's thread)."""
    for _ in range(600):
        job: dict[str, Any] = client.get(f"/v1/ingest/jobs/{job_id}", headers=auth("writer")).json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end")


def test_dry_run_then_load(client: TestClient, world_store: GraphStore) -> None:
    r = start(client, zipped(INITECH), dry_run="true")
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/v1/ingest/jobs/{r.json()['id']}"
    job = finished(client, r.json()["id"])
    assert job["status"] == "done"
    assert job["dry_run"] is True
    assert job["report"]["outcome"] == "dry_run"
    assert job["report"]["kinds"]["account"]["created"] == 1  # would be created
    assert job["progress"]["percent"] == 100
    assert "accounts.csv" in " ".join(job["progress"]["steps"])
    assert world_store.counts()["account"] == 2  # nothing written

    job = finished(client, start(client, zipped(INITECH)).json()["id"])
    assert job["status"] == "done"
    assert job["report"]["outcome"] == "loaded"
    assert world_store.counts()["account"] == 3
    again = finished(client, start(client, zipped(INITECH)).json()["id"])
    assert again["report"]["kinds"]["account"]["unchanged"] == 1  # a second load: no change

    history = client.get("/v1/ingest/jobs", headers=auth("writer")).json()["items"]
    assert [j["id"] for j in history][:3] == [again["id"], job["id"], r.json()["id"]]


def test_a_refused_bundle_writes_nothing(client: TestClient, world_store: GraphStore) -> None:
    job = finished(client, start(client, zipped(BROKEN)).json()["id"])
    assert job["status"] == "refused"
    assert job["report"]["status"] == 422
    assert job["report"]["outcome"] == "invalid"
    assert world_store.counts()["account"] == 2


def test_roles_and_errors(client: TestClient) -> None:
    r = client.post(
        "/v1/ingest/jobs",
        files={"file": ("x.zip", zipped(INITECH), "application/zip")},
        headers=auth("reader"),
    )
    assert r.status_code == 403
    assert client.get("/v1/ingest/jobs", headers=auth("reader")).status_code == 403
    assert client.get("/v1/ingest/jobs/nope", headers=auth("writer")).status_code == 404
    r = client.post(
        "/v1/ingest/jobs",
        files={"file": ("x.zip", b"not a zip", "application/zip")},
        headers=auth("writer"),
    )
    assert r.status_code == 400
