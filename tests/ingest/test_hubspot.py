"""HubSpot over HTTP: POST /v1/ingest takes the dialect by name, and without it
detects the export; mapped, which needs a mapping file, is refused with why."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from graph.store import GraphStore
from tests.api.conftest import auth, make_client
from tests.ingest import dialect_world as world


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


def test_post_ingest_takes_the_hubspot_dialect(embedded_store: GraphStore, tmp_path: Path) -> None:
    client = make_client(embedded_store)
    body = _zip(world.hubspot(tmp_path / "h"))
    for fmt in ("hubspot", None):
        r = client.post(
            "/v1/ingest",
            files={"file": ("hubspot.zip", body, "application/zip")},
            data={"format": fmt} if fmt else {},
            params={"dry_run": "true"},
            headers=auth("writer"),
        )
        assert r.status_code == 200, r.text
        report = r.json()
        assert report["dialect"] == "hubspot"
        assert report["kinds"]["person"]["created"] == 4
    r = client.post(
        "/v1/ingest",
        files={"file": ("hubspot.zip", body, "application/zip")},
        data={"format": "mapped"},
        headers=auth("writer"),
    )
    assert r.status_code in (400, 422), r.text
    assert "format mapped needs a mapping file" in r.json()["detail"]
    assert embedded_store.counts()["person"] == 0
