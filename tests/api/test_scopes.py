"""Scoped keys (issue 16, finding 10): role × scope × endpoint.

A scoped key sees its accounts (listed, or those its team member works on) and
nothing else: outside them every endpoint and page answers exactly what it
answers for an id that does not exist, and lists leave the hidden accounts out.

The sample world: A1 (Acme, units B1/B2/BC1/D1/D2, people P1-P7, team T1 and T2)
and A2 (Globex, unit G1, person P8).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.settings import KeyScope, Settings, parse_api_keys
from graph.store import GraphStore
from tests.api.conftest import KEYS, SECRETS, make_client

AS_OF = "2026-11-15"
SCOPED_SECRETS = {
    "acme": "acme-reader-secret-0123456789",  # accounts: A1
    "tom": "tom-team-reader-secret-0123456",  # team member T1: works on A1
    "globex": "globex-reader-secret-012345678",  # accounts: A2
}
SCOPES = {
    "acme": KeyScope(accounts=("A1",)),
    "tom": KeyScope(team_member="T1"),
    "globex": KeyScope(accounts=("A2",)),
}
ALL_KEYS = KEYS + "," + ",".join(f"{n}:reader:{s}" for n, s in SCOPED_SECRETS.items())
SECRET_OF = {**SECRETS, **SCOPED_SECRETS}
#: Who sees A1 (the account every row below is about).
SEES_A1 = {"reader", "writer", "admin", "acme", "tom"}

#: Each endpoint about A1's data, with the same request for an id that does not
#: exist: a caller who may not see A1 must get exactly that answer.
ABOUT_A1: list[tuple[str, str]] = [
    ("/v1/accounts/A1", "/v1/accounts/{x}"),
    ("/v1/accounts/A1/org-chart", "/v1/accounts/{x}/org-chart"),
    ("/v1/accounts/A1/committee?unit_id=B2", "/v1/accounts/{x}/committee?unit_id=B2"),
    ("/v1/accounts/A1/coverage", "/v1/accounts/{x}/coverage"),
    ("/v1/accounts/A1/changes?from=2026-01-01", "/v1/accounts/{x}/changes?from=2026-01-01"),
    ("/v1/accounts/A1/trend", "/v1/accounts/{x}/trend"),
    ("/v1/accounts/A1/plan", "/v1/accounts/{x}/plan"),
    ("/v1/accounts/A1/plan/calendar.ics", "/v1/accounts/{x}/plan/calendar.ics"),
    ("/v1/accounts/A1/plan/tasks.csv", "/v1/accounts/{x}/plan/tasks.csv"),
    ("/v1/accounts/A1/executive-paths", "/v1/accounts/{x}/executive-paths"),
    ("/v1/accounts/A1/key-people", "/v1/accounts/{x}/key-people"),
    ("/v1/accounts/A1/departure-impact?person=P3", "/v1/accounts/{x}/departure-impact?person=P3"),
    ("/v1/units/B2/advocates", "/v1/units/{x}/advocates"),
    ("/v1/units/B2/introducers?from=T1", "/v1/units/{x}/introducers?from=T1"),
    ("/v1/people/P5/paths", "/v1/people/{x}/paths"),
    ("/v1/people/P5", "/v1/people/{x}"),  # the person profile (issue 17)
    ("/people/P5", "/people/{x}"),
    ("/v1/alerts?account_id=A1", "/v1/alerts?account_id={x}"),
    ("/accounts/A1", "/accounts/{x}"),
    ("/units/B2", "/units/{x}"),
]


@pytest.fixture
def client(world_store: GraphStore) -> Iterator[TestClient]:
    with make_client(world_store, keys=ALL_KEYS, key_scopes=SCOPES) as c:
        yield c


def _get(c: TestClient, url: str, caller: str) -> Any:
    sep = "&" if "?" in url else "?"
    headers = {"Authorization": f"Bearer {SECRET_OF[caller]}"}
    return c.get(f"{url}{sep}as_of={AS_OF}", headers=headers)


def _hidden_id(url: str) -> str:
    for part in ("A1", "B2", "P5"):
        if f"/{part}" in url or f"={part}" in url:
            return part
    raise AssertionError(url)


@pytest.mark.parametrize("caller", list(SECRET_OF))
@pytest.mark.parametrize(("url", "missing"), ABOUT_A1)
def test_outside_its_scope_a_key_gets_the_answer_for_a_missing_id(
    client: TestClient, caller: str, url: str, missing: str
) -> None:
    r = _get(client, url, caller)
    if caller in SEES_A1:
        assert r.status_code == 200, (caller, url, r.text[:300])
        return
    hidden = _hidden_id(url)
    absent = _get(client, missing.format(x="NOPE"), caller)
    assert r.status_code == absent.status_code == 404
    assert r.headers["content-type"] == absent.headers["content-type"]
    assert r.text.replace(hidden, "NOPE") == absent.text, (url, r.text[:300], absent.text[:300])


@pytest.mark.parametrize("caller", list(SECRET_OF))
def test_lists_leave_hidden_accounts_out(client: TestClient, caller: str) -> None:
    listed = _get(client, "/v1/accounts", caller).json()
    ids = [a["account_id"] for a in listed["items"]]
    expected = {"acme": ["A1"], "tom": ["A1"], "globex": ["A2"]}.get(caller, ["A1", "A2"])
    assert sorted(ids) == expected
    assert listed["total"] == len(expected)
    alerts = _get(client, "/v1/alerts", caller).json()
    assert set(alerts["account_ids"]) == set(expected)
    assert all(a["account_id"] in expected for a in alerts["items"])
    mine = _get(client, "/v1/alerts?team_member=T1", caller).json()
    assert mine["account_ids"] == (["A1"] if "A1" in expected else [])
    page = _get(client, "/", caller).text
    assert ("Acme Holdings" in page) == ("A1" in expected)
    assert ("Globex" in page) == ("A2" in expected)
    team = _get(client, "/team/T1", caller)
    assert team.status_code == 200
    assert ("Acme Holdings" in team.text) == ("A1" in expected)


@pytest.mark.parametrize(
    ("caller", "url", "status"),
    [
        ("acme", "/v1/stats", 403),  # store-wide totals would tell what is hidden
        ("reader", "/v1/stats", 200),
        ("acme", "/v1/loads", 403),
        ("reader", "/v1/loads", 403),
        ("writer", "/v1/loads", 403),
        ("admin", "/v1/loads", 200),
        ("globex", "/v1/accounts/A2/coverage", 200),
        ("globex", "/v1/units/G1/advocates", 200),
    ],
)
def test_roles_and_scopes_on_the_rest(
    client: TestClient, caller: str, url: str, status: int
) -> None:
    assert _get(client, url, caller).status_code == status


def test_scoped_keys_can_sign_in_to_the_pages_and_stay_scoped(client: TestClient) -> None:
    r = client.post("/login", data={"key": SCOPED_SECRETS["globex"]}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get(f"/accounts/A2?as_of={AS_OF}").status_code == 200
    assert client.get(f"/accounts/A1?as_of={AS_OF}").status_code == 404
    assert client.get(f"/v1/accounts/A1?as_of={AS_OF}").status_code == 404


def test_only_reader_keys_can_be_scoped() -> None:
    keys = parse_api_keys(KEYS)
    with pytest.raises(ValueError, match="only reader keys"):
        Settings(api_keys=keys, key_scopes={"writer-key": KeyScope(accounts=("A1",))}).check_safe()
    with pytest.raises(ValueError, match="not a key"):
        Settings(api_keys=keys, key_scopes={"nobody": KeyScope()}).check_safe()


def test_scopes_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POWERMAP_API_KEYS", ALL_KEYS)
    monkeypatch.setenv(
        "POWERMAP_KEY_SCOPES", '{"acme": {"accounts": ["A1"]}, "tom": {"team_member": "T1"}}'
    )
    settings = Settings()
    assert settings.scope_of("acme") == KeyScope(accounts=("A1",))
    assert settings.scope_of("tom") == KeyScope(team_member="T1")
    assert settings.scope_of("reader-key") is None
