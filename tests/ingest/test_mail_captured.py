"""Captured contacts through the CLI and the HTTP API, and how they become people:
``powermap promote``, or a later CRM load bringing a person with that e-mail."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Final

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.captured import CapturedStore
from graph.embedded import EmbeddedStore
from graph.schema import ActivityType, Namespace, RelType
from graph.store import GraphStore
from ingest.mail.options import MailOptions
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.api.conftest import auth, make_client
from tests.graph._graphs import account_graph
from tests.ingest.conftest import write_files

FIXTURES: Final = Path(__file__).parent / "fixtures" / "mail"
runner = CliRunner()


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "graph.db"
    code, out = _cli("ingest", str(FIXTURES / "world"), "--store", str(path))
    assert code == 0, out
    code, out = _cli(
        "ingest", str(FIXTURES / "export"), "--format", "mail", "--until", "2026-10-10",
        "--store", str(path), "--json",
    )  # fmt: skip
    assert code == 0, out
    return path


def _knows(store: GraphStore, account: str, person: str) -> list[ActivityType]:
    graph = account_graph(store, account)
    return [
        a.type
        for u, v, d in graph.edges(data=True)
        if d["type"] is RelType.KNOWS and u[0] == Namespace.TEAM_MEMBER.value and v[1] == person
        for a in d["activities"]
    ]


def test_cli_lists_captured_contacts(db: Path) -> None:
    code, out = _cli("captured", "A1", "--store", str(db), "--json")
    assert code == 0, out
    body = json.loads(out)
    assert [c["address"] for c in body["items"]] == ["greg@acme.example", "jo@acme.example"]
    assert body["items"][0]["messages"] == 2
    code, out = _cli("captured", "NOPE", "--store", str(db))
    assert code == 1
    assert "NOPE" in out


def test_promote_makes_a_person_with_the_activities(db: Path) -> None:
    code, out = _cli(
        "promote", "GREG+x@acme.example", "--unit", "U2", "--name", "Greg Gray",
        "--id", "P9", "--store", str(db),
    )  # fmt: skip
    assert code == 0, out
    assert "2 activities" in out
    store = EmbeddedStore(db)
    try:
        person = store.people(["P9"])["P9"]
        assert (person.unit_id, person.email) == ("U2", "greg@acme.example")
        assert _knows(store, "A1", "P9") == [ActivityType.EMAIL, ActivityType.EMAIL]
        assert [c.address for c in store.captured_of_account("A1")] == ["jo@acme.example"]
    finally:
        store.close()
    # reloading the mail now finds Greg as a person: the same activities, no new ones
    code, out = _cli(
        "ingest", str(FIXTURES / "export"), "--until", "2026-10-10", "--store", str(db), "--json"
    )
    assert code == 0, out
    report = json.loads(out)
    assert report["kinds"]["activity"]["created"] == 0
    assert report["kinds"]["captured_sighting"]["read"] == 2


def test_promote_refuses_unknown_address_and_unit(db: Path) -> None:
    code, _ = _cli(
        "promote", "nobody@acme.example", "--unit", "U2", "--name", "N", "--store", str(db)
    )
    assert code == 1
    code, _ = _cli(
        "promote", "greg@acme.example", "--unit", "NOPE", "--name", "N", "--store", str(db)
    )
    assert code == 1
    code, _ = _cli("promote", "not-an-address", "--unit", "U2", "--name", "N", "--store", str(db))
    assert code == 2


def test_a_later_crm_load_with_that_email_promotes(db: Path, tmp_path: Path) -> None:
    bundle = write_files(
        tmp_path / "later",
        {
            "people.csv": """
                id,account_id,unit_id,name,title,email
                P7,A1,U2,Jo Jones,Buyer,JO@acme.example
            """
        },
    )
    code, out = _cli("ingest", str(bundle), "--store", str(db))
    assert code == 0, out
    store = EmbeddedStore(db)
    try:
        assert _knows(store, "A1", "P7") == [ActivityType.MEETING]
        assert [c.address for c in store.captured_of_account("A1")] == ["greg@acme.example"]
    finally:
        store.close()


def test_api_lists_captured_contacts(embedded_store: GraphStore) -> None:
    load_bundle(FIXTURES / "world", embedded_store)
    load_bundle(
        FIXTURES / "export",
        embedded_store,
        IngestOptions(mail=MailOptions(until=dt.date(2026, 10, 10))),
    )
    client = make_client(embedded_store)
    r = client.get("/v1/accounts/A2/captured", headers=auth("reader"))
    assert r.status_code == 200, r.text
    assert r.json() == {
        "account_id": "A2",
        "items": [
            {
                "address": "ivy@eu.globex.example",
                "first_seen": "2026-09-07",
                "last_seen": "2026-09-07",
                "messages": 1,
                "meetings": 0,
                "team_member_ids": ["T1"],
            }
        ],
    }
    assert client.get("/v1/accounts/NOPE/captured", headers=auth("reader")).status_code == 404
    assert client.get("/v1/accounts/A2/captured").status_code == 401
    assert isinstance(embedded_store, CapturedStore)
