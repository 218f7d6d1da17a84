"""``GET /v1/alerts`` and the alerts inbox filter by severity and kind on the server
(with account and team member), pages keep the filters, and the CSV export
honours them (issue 17), on the demo world: many alerts of every severity."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.commands.serve import load_demo_if_empty
from api.settings import Settings
from graph.embedded import EmbeddedStore
from queries.alerts import alerts
from queries.models import Alert, AlertKind, Severity
from queries.snapshot import AccountSnapshot
from tests.api.conftest import LOCAL, auth, make_client

ANCHOR = dt.date(2026, 11, 15)
DAY = ANCHOR.isoformat()
RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, list[Alert]]]:
    path: Path = tmp_path_factory.mktemp("alerts") / "graph.db"
    with EmbeddedStore(path) as store:
        assert load_demo_if_empty(store, ANCHOR)
        every: list[Alert] = []
        for account in store.list_accounts():
            snap = AccountSnapshot.build(
                store.account_data(account.id), ANCHOR, Settings(api_keys=()).query
            )
            every += alerts(snap).alerts
        with make_client(store) as client:
            yield client, every


def get(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get(
        "/v1/alerts", params={"as_of": DAY, "limit": 200, **params}, headers=auth("reader")
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def keys(items: list[dict[str, Any]] | list[Alert]) -> list[tuple[str, str, str]]:
    return sorted(
        (a["kind"], a["account_id"], a["message"])
        if isinstance(a, dict)
        else (a.kind.value, a.account_id, a.message)
        for a in items
    )


def test_the_demo_has_alerts_of_every_severity(demo: tuple[TestClient, list[Alert]]) -> None:
    _, every = demo
    assert {a.severity for a in every} == set(Severity)
    assert len({a.kind for a in every}) >= 2


@pytest.mark.parametrize("severity", list(Severity))
def test_severity_keeps_that_severity_and_above(
    demo: tuple[TestClient, list[Alert]], severity: Severity
) -> None:
    client, every = demo
    body = get(client, severity=severity.value)
    wanted = [a for a in every if RANK[a.severity] >= RANK[severity]]
    assert body["total"] == len(wanted)
    assert keys(body["items"]) == keys(wanted)
    below = [a for a in every if RANK[a.severity] < RANK[severity]]
    assert not set(keys(below)) & set(keys(body["items"]))


@pytest.mark.parametrize("kind", list(AlertKind))
def test_kind_keeps_that_kind_only(demo: tuple[TestClient, list[Alert]], kind: AlertKind) -> None:
    client, every = demo
    body = get(client, kind=kind.value)
    assert keys(body["items"]) == keys([a for a in every if a.kind is kind])
    assert {a["kind"] for a in body["items"]} <= {kind.value}


def test_filters_combine_with_account_and_team_member(
    demo: tuple[TestClient, list[Alert]],
) -> None:
    client, every = demo
    store = client.app.state.answers.store  # type: ignore[attr-defined]
    account = sorted({a.account_id for a in every})[0]
    body = get(client, account_id=account, severity="medium")
    wanted = [a for a in every if a.account_id == account and a.severity is not Severity.LOW]
    assert keys(body["items"]) == keys(wanted)
    member = sorted({a.team_member_id for a in every if a.team_member_id})[0]
    theirs = set(store.accounts_of_team_member(member))
    body = get(client, team_member=member, kind="cooling")
    assert set(body["account_ids"]) == theirs
    cooling = [a for a in every if a.account_id in theirs and a.kind is AlertKind.COOLING]
    assert keys(body["items"]) == keys(cooling)


def test_order_is_newest_first_then_most_severe(demo: tuple[TestClient, list[Alert]]) -> None:
    client, _ = demo
    items = get(client)["items"]
    order = [
        (-dt.date.fromisoformat(a["date"]).toordinal(), -RANK[Severity(a["severity"])])
        for a in items
    ]
    assert order == sorted(order)


def test_pages_keep_the_filters(demo: tuple[TestClient, list[Alert]]) -> None:
    client, _ = demo
    whole = get(client, severity="medium")
    pages = [
        get(client, severity="medium", limit=3, offset=offset)
        for offset in range(0, whole["total"] + 3, 3)
    ]
    assert all(p["total"] == whole["total"] for p in pages)
    assert [a for p in pages for a in p["items"]] == whole["items"]


@pytest.mark.parametrize(
    ("name", "value"), [("severity", "urgent"), ("kind", "fire"), ("severity", "")]
)
def test_unknown_filter_values_are_refused(
    demo: tuple[TestClient, list[Alert]], name: str, value: str
) -> None:
    client, _ = demo
    r = client.get("/v1/alerts", params={name: value}, headers=auth("reader"))
    assert r.status_code == 422, r.text
    assert name in r.text


def test_csv_export_honours_the_filters(demo: tuple[TestClient, list[Alert]]) -> None:
    client, every = demo
    headers = {**auth("reader"), "Accept": "text/csv"}
    r = client.get(
        "/v1/alerts", params={"as_of": DAY, "limit": 200, "severity": "high"}, headers=headers
    )
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert len(rows) == sum(a.severity is Severity.HIGH for a in every)
    assert {row["severity"] for row in rows} == {"high"}


def test_the_inbox_filters_and_its_links_keep_them(demo: tuple[TestClient, list[Alert]]) -> None:
    api, every = demo
    # The pages of a keyless server (loopback), as `powermap serve --demo` runs.
    store = api.app.state.answers.store  # type: ignore[attr-defined]
    client = TestClient(
        create_app(Settings(api_keys=()), store=store), client=("127.0.0.1", 50000), base_url=LOCAL
    )
    r = client.get("/alerts", params={"as_of": DAY, "severity": "medium", "kind": "cooling"})
    assert r.status_code == 200, r.text
    wanted = [a for a in every if a.kind is AlertKind.COOLING and a.severity is not Severity.LOW]
    assert len(re.findall(r'<li[^>]*data-severity="', r.text)) == len(wanted)
    (export,) = re.findall(r'href="(/v1/alerts\?[^"]*)"', r.text)
    assert "severity=medium" in export
    assert "kind=cooling" in export
    exported = api.get(export.replace("&amp;", "&"), headers=auth("reader"))
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert len(rows) == len(wanted)
    none = client.get("/alerts", params={"as_of": DAY, "severity": "high", "kind": "cooling"})
    high_cooling = [a for a in every if a.kind is AlertKind.COOLING and a.severity is Severity.HIGH]
    assert len(re.findall(r'<li[^>]*data-severity="', none.text)) == len(high_cooling)
