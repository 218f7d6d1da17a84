"""Health, auth, errors and security headers: the parts every route shares."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store import GraphStore
from tests.api.conftest import LOCAL, SECRETS, auth, make_client


def test_healthz_needs_no_key(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_readyz_pings_the_store(client: TestClient) -> None:
    # The app was handed its store: no warm-up, so "warm" does not apply.
    assert client.get("/readyz").json() == {"status": "ok", "warm": None}


def test_stats_counts_the_sample_world(client: TestClient) -> None:
    body = client.get("/v1/stats", headers=auth("reader")).json()
    assert body["nodes"]["account"] == 2
    assert body["nodes"]["unit"] == 6
    assert body["nodes"]["person"] == 8
    assert body["nodes"]["team_member"] == 3
    assert body["relationships"]["activity"] == 1


def test_missing_key_is_401_problem(client: TestClient) -> None:
    r = client.get("/v1/stats")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["www-authenticate"].startswith("Bearer")
    body = r.json()
    assert body["status"] == 401
    assert "Authorization: Bearer" in body["detail"]


def test_wrong_key_is_401_and_never_echoed(client: TestClient) -> None:
    r = client.get("/v1/stats", headers={"Authorization": "Bearer not-a-real-key-000000"})
    assert r.status_code == 401
    assert "not-a-real-key" not in r.text


def test_every_role_can_read(client: TestClient) -> None:
    for role in SECRETS:
        assert client.get("/v1/stats", headers=auth(role)).status_code == 200


def test_without_keys_only_loopback_is_served(world_store: GraphStore) -> None:
    app = create_app(Settings(api_keys=()), store=world_store)
    with TestClient(app, client=("127.0.0.1", 1), base_url=LOCAL) as local:
        assert local.get("/v1/stats").status_code == 200
    with TestClient(app, client=("203.0.113.9", 1), base_url=LOCAL) as remote:
        r = remote.get("/v1/stats")
        assert r.status_code == 403
        assert "POWERMAP_API_KEYS" in r.json()["detail"]


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/healthz", "/v1/stats", "/no/such/path"):
        r = client.get(path)
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_unknown_path_is_404_problem(client: TestClient) -> None:
    r = client.get("/v1/nothing-here", headers=auth("reader"))
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


def test_cors_is_closed_by_default(client: TestClient) -> None:
    r = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_opens_only_to_configured_origins(world_store: GraphStore) -> None:
    with make_client(world_store, cors_origins=("https://plan.example",)) as c:
        ok = c.get("/healthz", headers={"Origin": "https://plan.example"})
        assert ok.headers["access-control-allow-origin"] == "https://plan.example"
        other = c.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_oversized_body_is_413_problem(world_store: GraphStore) -> None:
    with make_client(world_store, max_request_bytes=1024) as c:
        r = c.post("/v1/stats", content=b"x" * 5000, headers=auth("admin"))
        assert r.status_code == 413
        assert "1024" in r.json()["detail"]


def test_session_cookie_works_for_reads_only(client: TestClient) -> None:
    r = client.post("/login", data={"key": SECRETS["admin"]}, follow_redirects=False)
    assert r.status_code == 303
    try:
        assert client.get("/v1/stats").status_code == 200
        # A cross-site form could send the cookie with a POST: it must not count.
        assert client.post("/v1/ingest").status_code == 401
    finally:
        client.cookies.clear()


def test_the_raw_key_in_a_cookie_is_no_credential(client: TestClient) -> None:
    client.cookies.set("powermap_key", SECRETS["admin"])
    client.cookies.set("powermap_session", SECRETS["admin"])
    try:
        assert client.get("/v1/stats").status_code == 401
    finally:
        client.cookies.clear()
