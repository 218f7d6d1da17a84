"""Signing in and out of the web pages, and what a page does without a key
(TestClient on the real app and a real embedded store; no browser)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings, parse_api_keys
from graph.store import GraphStore
from tests.web.conftest import WEB_SECRET

KEYS = f"web:reader:{WEB_SECRET},other:admin:{'o' * 24}"


def client(store: GraphStore, keys: str = KEYS, base_url: str = "http://localhost") -> TestClient:
    host = base_url.split("://", 1)[1]
    settings = Settings(api_keys=parse_api_keys(keys), allowed_hosts=("localhost", host))
    return TestClient(
        create_app(settings, store=store),
        client=("127.0.0.1", 50000),
        base_url=base_url,
        follow_redirects=False,
    )


def test_page_without_key_redirects_to_login_and_back(world: GraphStore) -> None:
    with client(world) as c:
        r = c.get("/accounts/A1?as_of=2026-11-15")
        assert r.status_code == 303
        assert r.headers["location"] == "/login?next=%2Faccounts%2FA1%3Fas_of%3D2026-11-15"
        form = c.get(r.headers["location"])
        assert form.status_code == 200
        assert 'name="next" value="/accounts/A1?as_of=2026-11-15"' in form.text


def test_bad_key_is_refused_without_a_cookie(world: GraphStore) -> None:
    with client(world) as c:
        r = c.post("/login", data={"key": "not-the-key-0123456789", "next": "/"})
        assert r.status_code == 401
        assert "That key is not valid" in r.text
        assert "set-cookie" not in r.headers
        # An empty key is no way around the check either.
        assert "set-cookie" not in c.post("/login", data={"key": "", "next": "/"}).headers
        assert c.get("/").status_code == 303


def test_login_sets_the_cookie_and_logout_clears_it(world: GraphStore) -> None:
    with client(world) as c:
        r = c.post("/login", data={"key": WEB_SECRET, "next": "/accounts/A1"})
        assert r.status_code == 303
        assert r.headers["location"] == "/accounts/A1"
        cookie = r.headers["set-cookie"]
        assert cookie.startswith("powermap_session=")
        assert WEB_SECRET not in cookie  # an opaque session id, never the key
        lowered = cookie.lower()
        assert "httponly" in lowered
        assert "samesite=strict" in lowered
        assert "path=/" in lowered
        assert "secure" not in lowered  # plain http: a Secure cookie would never come back
        page = c.get("/accounts/A1?as_of=2026-11-15")
        assert page.status_code == 200
        assert "Acme Holdings" in page.text
        assert 'href="/logout"' in page.text

        out = c.get("/logout")
        assert out.status_code == 303
        assert out.headers["location"] == "/login"
        assert out.headers["set-cookie"].startswith('powermap_session="";')
        assert "max-age=0" in out.headers["set-cookie"].lower()
        assert c.get("/accounts/A1").status_code == 303


def test_cookie_is_secure_over_https(world: GraphStore) -> None:
    with client(world, base_url="https://powermap.example") as c:
        r = c.post("/login", data={"key": WEB_SECRET, "next": "/"})
        assert r.status_code == 303
        assert "secure" in r.headers["set-cookie"].lower()


def test_login_from_another_site_is_refused(world: GraphStore) -> None:
    with client(world) as c:
        r = c.post(
            "/login",
            data={"key": WEB_SECRET, "next": "/"},
            headers={"Origin": "https://evil.example"},
        )
        assert r.status_code == 403
        assert "set-cookie" not in r.headers


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_login_never_redirects_off_site(world: GraphStore, target: str) -> None:
    with client(world) as c:
        r = c.post("/login", data={"key": WEB_SECRET, "next": target})
        assert r.status_code == 303
        assert r.headers["location"] == "/"


def test_without_keys_pages_just_work_and_login_is_skipped(world: GraphStore) -> None:
    with client(world, keys="") as c:
        r = c.get("/?as_of=2026-11-15")
        assert r.status_code == 200
        assert "Acme Holdings" in r.text
        assert 'href="/logout"' not in r.text
        assert c.get("/login?next=/accounts/A1").headers["location"] == "/accounts/A1"


def test_names_are_escaped(world: GraphStore) -> None:
    with client(world, keys="") as c:
        text = c.get("/units/Z9-U1?as_of=2026-11-15").text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in text
    assert "<script>window.__pwned" not in text
    assert "<img src=x" not in text


def test_unknown_ids_and_bad_dates_get_html_error_pages(world: GraphStore) -> None:
    with client(world, keys="") as c:
        missing = c.get("/accounts/NOPE")
        assert missing.status_code == 404
        assert missing.headers["content-type"].startswith("text/html")
        assert "NOPE" in missing.text
        bad = c.get("/accounts/A1?as_of=15/11/2026")
        assert bad.status_code == 400
        assert "YYYY-MM-DD" in bad.text
        assert c.get("/team/NOPE").status_code == 404
        assert c.get("/units/NOPE").status_code == 404


def test_assets_are_served_by_name_only(world: GraphStore) -> None:
    with client(world, keys="") as c:
        css = c.get("/static/powermap.css")
        assert css.status_code == 200
        assert css.headers["content-type"].startswith("text/css")
        assert c.get("/static/..%2Fsession.py").status_code == 404
        assert c.get("/static/swagger-ui/package.json").status_code == 404
        js = c.get("/static/swagger-ui/swagger-ui-bundle.js")
        assert js.status_code == 200
        assert "javascript" in js.headers["content-type"]


def test_docs_load_swagger_ui_from_the_app(world: GraphStore) -> None:
    with client(world, keys="") as c:
        html = c.get("/docs").text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/swagger-ui/swagger-ui.css" in html
    assert "cdn." not in html


def test_login_posted_cross_site_is_refused_by_fetch_metadata(world: GraphStore) -> None:
    with client(world) as c:
        r = c.post(
            "/login",
            data={"key": WEB_SECRET, "next": "/"},
            headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"},
        )
        assert r.status_code == 403
        assert "set-cookie" not in r.headers


def test_logout_ends_the_session_on_the_server(world: GraphStore) -> None:
    with client(world) as c:
        c.post("/login", data={"key": WEB_SECRET, "next": "/"})
        stolen = c.cookies["powermap_session"]
        assert c.get("/").status_code == 200
        c.post("/logout")
        # A copy of the cookie taken before the logout is worth nothing after it.
        c.cookies.set("powermap_session", stolen)
        assert c.get("/").status_code == 303
        assert c.get("/v1/stats").status_code == 401


def test_sessions_expire(world: GraphStore) -> None:
    now = [1000.0]
    with client(world) as c:
        c.app.state.sessions.clock = lambda: now[0]  # type: ignore[attr-defined]
        r = c.post("/login", data={"key": WEB_SECRET, "next": "/"})
        assert "max-age=43200" in r.headers["set-cookie"].lower()  # 12 hours
        now[0] += 12 * 3600 - 1
        assert c.get("/").status_code == 200
        now[0] += 1
        assert c.get("/").status_code == 303
        assert c.get("/v1/stats").status_code == 401
