"""Security: every endpoint (API and pages) x every caller (no key, bad key,
reader, writer, admin), with security headers on every answer; keys compared in
constant time against every key; no secret, e-mail or person name in any log
record (in-process and from a real ``powermap serve``); CORS closed by default;
body limits with and without Content-Length; uploads refused before their body
is read when the caller has no key.

``tests/api/test_answers.py`` and ``test_ingest_api.py`` hold per-route role
tests; this matrix covers every route the app serves, including the ones added
later (it fails on an OpenAPI path it does not know).
"""

from __future__ import annotations

import hmac
import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api import auth as auth_module
from api.app import create_app
from api.middleware import DOCS_CSP, SECURITY_HEADERS
from api.settings import Settings, parse_api_keys
from graph.embedded import EmbeddedStore
from tests.api.conftest import KEYS, LOCAL, SECRETS, auth
from tests.reliability.conftest import fingerprint
from tests.reliability.server import Server
from tests.sample_world import sample_batch

AS_OF = "2026-11-15"
BAD = {"Authorization": "Bearer not-a-valid-key-0123456789"}
CALLERS: dict[str, dict[str, str]] = {
    "none": {},
    "bad": BAD,
    **{role: auth(role) for role in SECRETS},
}
#: Every API operation with concrete parameters, and the weakest role it needs
#: (None: public).
API: dict[tuple[str, str], tuple[str, str | None]] = {
    ("get", "/healthz"): ("/healthz", None),
    ("get", "/readyz"): ("/readyz", None),
    ("get", "/v1/stats"): ("/v1/stats", "reader"),
    ("get", "/v1/accounts"): ("/v1/accounts", "reader"),
    ("get", "/v1/accounts/{account_id}"): ("/v1/accounts/A1", "reader"),
    ("get", "/v1/accounts/{account_id}/org-chart"): ("/v1/accounts/A1/org-chart", "reader"),
    ("get", "/v1/accounts/{account_id}/committee"): ("/v1/accounts/A1/committee", "reader"),
    ("get", "/v1/accounts/{account_id}/coverage"): ("/v1/accounts/A1/coverage", "reader"),
    ("get", "/v1/accounts/{account_id}/executive-paths"): (
        "/v1/accounts/A1/executive-paths",
        "reader",
    ),
    ("get", "/v1/accounts/{account_id}/key-people"): ("/v1/accounts/A1/key-people", "reader"),
    ("get", "/v1/accounts/{account_id}/captured"): ("/v1/accounts/A1/captured", "reader"),
    ("get", "/v1/accounts/{account_id}/departure-impact"): (
        "/v1/accounts/A1/departure-impact?person=P3",
        "reader",
    ),
    ("get", "/v1/units/{unit_id}/advocates"): ("/v1/units/B2/advocates", "reader"),
    ("get", "/v1/units/{unit_id}/introducers"): ("/v1/units/B2/introducers?from=T1", "reader"),
    ("get", "/v1/people/{person_id}/paths"): ("/v1/people/P5/paths", "reader"),
    ("get", "/v1/relationships/{team_member_id}/{person_id}"): (
        "/v1/relationships/T1/P3",
        "reader",
    ),
    ("get", "/v1/alerts"): ("/v1/alerts", "reader"),
    ("post", "/v1/ingest"): ("/v1/ingest?dry_run=true", "writer"),
    # issue 17
    ("get", "/v1/search"): ("/v1/search?q=acme", "reader"),
    ("get", "/v1/people/{person_id}"): ("/v1/people/P5", "reader"),
    ("post", "/v1/ingest/jobs"): ("/v1/ingest/jobs", "writer"),
    ("get", "/v1/ingest/jobs"): ("/v1/ingest/jobs", "writer"),
    ("get", "/v1/ingest/jobs/{job_id}"): ("/v1/ingest/jobs/none", "writer"),
    ("get", "/v1/loads"): ("/v1/loads", "admin"),
    # Reviews and plans (issue 20); the writes name an action that does not exist.
    ("get", "/v1/accounts/{account_id}/changes"): (
        "/v1/accounts/A1/changes?from=2026-10-01",
        "reader",
    ),
    ("get", "/v1/accounts/{account_id}/trend"): ("/v1/accounts/A1/trend", "reader"),
    ("get", "/v1/accounts/{account_id}/plan"): ("/v1/accounts/A1/plan", "reader"),
    ("get", "/v1/accounts/{account_id}/plan/calendar.ics"): (
        "/v1/accounts/A1/plan/calendar.ics",
        "reader",
    ),
    ("get", "/v1/accounts/{account_id}/plan/tasks.csv"): (
        "/v1/accounts/A1/plan/tasks.csv",
        "reader",
    ),
    ("get", "/v1/accounts/{account_id}/plan/export"): (
        "/v1/accounts/A1/plan/export?format=hubspot",
        "reader",
    ),
    ("post", "/v1/accounts/{account_id}/plan/{action_id}/accept"): (
        "/v1/accounts/A1/plan/pa-none/accept",
        "writer",
    ),
    ("post", "/v1/accounts/{account_id}/plan/{action_id}/dismiss"): (
        "/v1/accounts/A1/plan/pa-none/dismiss",
        "writer",
    ),
}
#: The pages (not in the OpenAPI document): None for public ones.
PAGES: dict[str, str | None] = {
    "/": "reader",
    "/accounts/A1": "reader",
    "/units/B2": "reader",
    "/team/T1": "reader",
    # issue 17
    "/people/P3": "reader",
    "/search?q=acme": "reader",
    "/team": "reader",
    "/alerts": "reader",
    "/glossary": "reader",
    "/upload": "reader",
    "/accounts/A1/org-chart": "reader",
    "/login": None,
    "/docs": None,
    "/static/powermap.css": None,
    "/openapi.json": None,
}
ORDER = ["reader", "writer", "admin"]

_WORLD = sample_batch()
PERSON_NAMES = [p.name for p in _WORLD.people] + [t.name for t in _WORLD.team_members]
EMAILS = [p.email for p in _WORLD.people if p.email] + [
    t.email for t in _WORLD.team_members if t.email
]
NEVER_LOGGED = [*SECRETS.values(), BAD["Authorization"].split()[1], *PERSON_NAMES, *EMAILS]


def _bundle() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("accounts.csv", "id,name\nA7,Initrode\n")
        archive.writestr(
            "people.csv",
            "id,account_id,name,email\nP70,A7,Zelda Quartermain,zelda@initrode.example\n"
            "P71,A7,Broken Row,not-an-email,extra\n",
        )
    return buffer.getvalue()


@pytest.fixture
def client(world: EmbeddedStore) -> Iterator[TestClient]:
    # A burst large enough for one bad key on every operation of the matrix (the
    # throttle has tests of its own).
    settings = Settings(api_keys=parse_api_keys(KEYS), auth_failure_burst=2 * len(API))
    app = create_app(settings, store=world)
    with TestClient(app, client=("127.0.0.1", 50000), base_url=LOCAL, follow_redirects=False) as c:
        yield c


def _call(client: TestClient, method: str, url: str, headers: dict[str, str]) -> Any:
    sep = "&" if "?" in url else "?"
    if method == "post":
        files = {"file": ("b.zip", _bundle(), "application/zip")}
        return client.post(f"{url}{sep}as_of={AS_OF}", files=files, headers=headers)
    return client.get(f"{url}{sep}as_of={AS_OF}", headers=headers)


def _has_security_headers(r: Any) -> None:
    for name, value in SECURITY_HEADERS:
        if name == b"cache-control" and r.url.path.startswith("/static/"):
            continue  # public assets are meant to be cached
        if name == b"content-security-policy" and r.url.path == "/docs":
            assert r.headers[name.decode()] == DOCS_CSP.decode()
            continue
        assert r.headers.get(name.decode()) == value.decode(), (r.url, name)


def test_every_api_operation_is_in_the_matrix(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    listed = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert listed == set(API), "classify the new operations in API above"


@pytest.mark.parametrize("caller", list(CALLERS))
def test_every_operation_x_every_caller(
    client: TestClient, world: EmbeddedStore, caller: str
) -> None:
    before = fingerprint(world)
    for (method, _), (url, needed) in API.items():
        r = _call(client, method, url, CALLERS[caller])
        _has_security_headers(r)
        if needed is None:
            expected = 200
        elif caller in ("none", "bad"):
            expected = 401
        elif ORDER.index(caller) < ORDER.index(needed):
            expected = 403
        else:
            # The upload has a bad row: a writer gets the bundle's 422, never a 2xx;
            # as a job, 202 at once (the job is then refused: nothing written);
            # a plan write names no suggested action: 404, nothing written.
            expected = 200 if method == "get" else 404 if "/plan/" in url else 422
            if url == "/v1/ingest/jobs" and method == "post":
                expected = 202
            elif url == "/v1/ingest/jobs/none":
                expected = 404  # no such job: the role check passed
        assert r.status_code == expected, (caller, method, url, r.text[:300])
        if expected >= 400:
            assert r.headers["content-type"] == "application/problem+json"
        if expected == 401:
            assert r.headers["www-authenticate"].startswith("Bearer")
    assert fingerprint(world) == before


@pytest.mark.parametrize("caller", list(CALLERS))
def test_every_page_x_every_caller(client: TestClient, caller: str) -> None:
    for url, needed in PAGES.items():
        r = client.get(url, headers=CALLERS[caller])
        _has_security_headers(r)
        if needed is None or caller not in ("none", "bad"):
            assert r.status_code == 200, (caller, url)
        else:
            assert r.status_code == 303, (caller, url)
            assert r.headers["location"].startswith("/login?next=")


def test_errors_and_refusals_carry_the_security_headers_too(client: TestClient) -> None:
    answers = [
        client.get("/nowhere"),
        client.delete("/v1/accounts/A1", headers=auth("admin")),
        client.get("/v1/accounts?limit=0", headers=auth("admin")),
        client.get("/v1/accounts/NOPE", headers=auth("admin")),
        client.get("/accounts/NOPE", headers=auth("admin")),
        client.post("/v1/stats", content=b"x" * 2_000_000, headers=auth("admin")),
        client.post("/login", data={"key": "wrong-key-0123456789"}),
    ]
    assert [r.status_code for r in answers] == [404, 405, 422, 404, 404, 413, 401]
    for r in answers:
        _has_security_headers(r)


# ------------------------------------------------------------ constant time
def test_every_key_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = parse_api_keys(KEYS)
    calls: list[tuple[bytes, bytes]] = []
    real: Callable[[bytes, bytes], bool] = hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    # api.auth looks hmac.compare_digest up at each call: count what it compares.
    monkeypatch.setattr(hmac, "compare_digest", counting)
    for given in [*SECRETS.values(), "not-a-valid-key-0123456789", "x"]:
        calls.clear()
        found = auth_module._match(given, keys)
        assert (found is not None) == (given in SECRETS.values())
        # One constant-time comparison per configured key, whichever matched.
        assert len(calls) == len(keys)
        assert {b for _, b in calls} == {k.secret.get_secret_value().encode() for k in keys}


# ------------------------------------------------------------------ logging
def _exercise(client: TestClient) -> None:
    for headers in CALLERS.values():
        for (method, _), (url, _needed) in API.items():
            _call(client, method, url, headers)
        client.get("/accounts/A1", headers=headers)
    client.post("/login", data={"key": SECRETS["admin"], "next": "/"})
    client.post("/login", data={"key": "wrong-key-0123456789"})
    client.get("/v1/people/P5/paths", headers={"Authorization": f"Basic {SECRETS['admin']}"})


def test_no_secret_email_or_name_reaches_the_logs(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        _exercise(client)
    assert caplog.records, "nothing was logged: the test would prove nothing"
    for record in caplog.records:
        if record.levelno < logging.INFO:
            continue
        text = record.getMessage() + " " + repr(record.args)
        for word in [*NEVER_LOGGED, "Zelda Quartermain", "zelda@initrode.example"]:
            assert word not in text, (record.name, word)


def test_a_real_server_logs_no_secret_email_or_name(tmp_path: Path) -> None:
    store = tmp_path / "graph.db"
    with EmbeddedStore(store) as s:
        s.apply(sample_batch())
    log = tmp_path / "server.log"
    server = Server(store, log).start()
    try:
        for headers in CALLERS.values():
            for (method, _), (path, _needed) in API.items():
                url = f"{server.url}{path}"
                if method == "post":
                    files = {"file": ("b.zip", _bundle(), "application/zip")}
                    httpx.post(url, files=files, headers=headers, timeout=60)
                else:
                    httpx.get(url, headers=headers, timeout=60)
            httpx.get(f"{server.url}/accounts/A1", headers=headers, timeout=60)
        httpx.post(f"{server.url}/login", data={"key": SECRETS["reader"]}, timeout=60)
    finally:
        server.stop()
    text = log.read_text()
    assert "GET /v1/accounts/A1/coverage" in text, "the access log is missing"
    for word in [*NEVER_LOGGED, "Zelda Quartermain", "zelda@initrode.example"]:
        assert word not in text, word


# ---------------------------------------------------------- CORS and limits
def test_cors_is_closed_by_default_for_preflights_and_errors(client: TestClient) -> None:
    pre = client.options(
        "/v1/ingest",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in pre.headers
    r = client.get("/v1/stats", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_configured_cors_answers_refusals_with_cors_headers(world: EmbeddedStore) -> None:
    settings = Settings(api_keys=parse_api_keys(KEYS), cors_origins=("https://plan.example",))
    with TestClient(create_app(settings, store=world), base_url=LOCAL) as c:
        origin = {"Origin": "https://plan.example"}
        refused = c.post("/v1/ingest", files={"file": ("b.zip", b"x")}, headers=origin)
        assert refused.status_code == 401
        assert refused.headers["access-control-allow-origin"] == "https://plan.example"
        evil = c.post("/v1/ingest", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in evil.headers


def test_bodies_over_the_limit_are_413_even_without_content_length(world: EmbeddedStore) -> None:
    settings = Settings(api_keys=parse_api_keys(KEYS), max_upload_bytes=4096)

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"x" * 1024

    with TestClient(create_app(settings, store=world), base_url=LOCAL) as c:
        headers = {**auth("writer"), "Content-Type": "multipart/form-data; boundary=x"}
        r = c.post("/v1/ingest", content=chunks(), headers=headers)
        assert "content-length" not in r.request.headers
        assert r.status_code == 413
        assert r.headers["content-type"] == "application/problem+json"
        assert "4096" in r.json()["detail"]
        _has_security_headers(r)
        # The sign-in form is small: a chunked body over 8 KiB is refused too.
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        login = c.post("/login", content=chunks(), headers=form)
        assert login.status_code == 413


def test_an_upload_without_a_key_is_refused_before_its_body_is_read(
    world: EmbeddedStore,
) -> None:
    settings = Settings(api_keys=parse_api_keys(KEYS), max_upload_bytes=1024 * 1024)
    with TestClient(create_app(settings, store=world), base_url=LOCAL) as c:
        body = b"\0" * (4 * 1024 * 1024)  # over the upload limit, and not a form at all
        for headers, status in [({}, 401), (BAD, 401), (auth("reader"), 403)]:
            r = c.post(
                "/v1/ingest", content=body, headers={**headers, "Content-Type": "multipart/x"}
            )
            assert r.status_code == status, r.text
            assert r.headers["content-type"] == "application/problem+json"
        assert c.post("/v1/ingest", content=body, headers=auth("writer")).status_code == 413
