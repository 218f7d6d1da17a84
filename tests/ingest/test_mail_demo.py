"""The demo's mailbox and calendar (``generate --dialect mail``, ``serve --demo``):
they change coverage, bring captured contacts, and show on the account page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

from fastapi.testclient import TestClient

from api.app import create_app
from api.commands.serve import load_demo_if_empty
from api.settings import Settings, parse_api_keys
from graph.captured import CapturedStore
from graph.store import GraphStore
from ingest.generate import Scale, generate_bundle
from ingest.generate.mail import generate_demo_mail, generate_mail
from ingest.mail.headers import parse
from ingest.mail.mbox import read_mbox
from ingest.report import IngestOptions
from ingest.service import load_bundle
from queries.coverage import coverage
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot

ANCHOR: Final = dt.date(2026, 11, 15)
SECRET: Final = "web-reader-secret-0123456789"


def _status(store: GraphStore, unit: str) -> str:
    snap = AccountSnapshot.build(store.account_data("brightwell"), ANCHOR, QuerySettings())
    return next(str(r.status) for r in coverage(snap).rows if r.id == unit)


def test_demo_mail_turns_solar_farms_from_uncovered_to_covered(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    world = tmp_path / "world"
    generate_bundle(world, Scale.DEMO, anchor=ANCHOR)
    load_bundle(world, embedded_store, IngestOptions(as_of=ANCHOR))
    assert _status(embedded_store, "brightwell-gen-solar") == "uncovered"
    generate_demo_mail(tmp_path / "mail", world, 7, ANCHOR)
    report = load_bundle(tmp_path / "mail", embedded_store, IngestOptions(as_of=ANCHOR))
    assert report.dialect == "mail"
    assert _status(embedded_store, "brightwell-gen-solar") == "covered"
    assert isinstance(embedded_store, CapturedStore)
    captured = embedded_store.captured_of_account("brightwell")
    assert [c.address.split("@")[0] for c in captured] == ["olivia.grant", "samir.patel"]


def test_generated_mail_is_the_same_bytes_for_the_same_seed(tmp_path: Path) -> None:
    one = generate_mail(tmp_path / "a", "demo", 7, ANCHOR, messages=50)
    two = generate_mail(tmp_path / "b", "demo", 7, ANCHOR, messages=50)
    name = next(iter(one.files))
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert one.files == two.files == {name: 50}
    headers = [parse(b) for b in read_mbox(tmp_path / "a" / name)]
    assert len(headers) == 50
    assert all(h.sender and h.date and h.message_id for h in headers)


def test_account_page_lists_captured_contacts(embedded_store: GraphStore) -> None:
    assert load_demo_if_empty(embedded_store, ANCHOR)
    settings = Settings(api_keys=parse_api_keys(f"web:reader:{SECRET}"))
    app = create_app(settings, store=embedded_store)
    with TestClient(
        app, base_url="http://localhost", client=("127.0.0.1", 50000), follow_redirects=False
    ) as c:
        assert c.post("/login", data={"key": SECRET, "next": "/"}).status_code == 303
        page = c.get(f"/accounts/brightwell?as_of={ANCHOR}")
        assert page.status_code == 200
        assert "Who are we missing?" in page.text
        assert "olivia.grant@brightwell-energy.example" in page.text
        # as of a date before anyone wrote, nobody is missing yet
        early = c.get("/accounts/brightwell?as_of=2026-08-01")
        assert "olivia.grant@" not in early.text
