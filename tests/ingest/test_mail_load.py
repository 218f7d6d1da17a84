"""``--format mail``: fixtures written in the shapes real exports have (a Thunderbird
style mbox, .eml files saved by a mail client, Google Calendar and Outlook .ics
exports), each test asserting the activities, strengths and captured contacts."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections import Counter
from pathlib import Path
from typing import Final

import pytest

from graph.captured import CapturedStore
from graph.schema import Activity, ActivityType, Namespace, RelType, node_key
from graph.store import GraphStore
from ingest.errors import IngestOptionError
from ingest.mail.options import MailOptions
from ingest.report import IngestOptions, IngestReport
from ingest.service import load_bundle
from queries.settings import ActivityWeights
from queries.strength import activity_strength
from tests.graph._graphs import account_graph

FIXTURES: Final = Path(__file__).parent / "fixtures" / "mail"
UNTIL: Final = dt.date(2026, 10, 10)


def load_world(store: GraphStore) -> None:
    load_bundle(FIXTURES / "world", store)


def load_mail(store: GraphStore, source: Path, **mail: object) -> IngestReport:
    options = IngestOptions(format="auto", mail=MailOptions(until=UNTIL, **mail))
    return load_bundle(source, store, options)


def activities(store: GraphStore, account_id: str) -> dict[tuple[str, str], list[Activity]]:
    graph = account_graph(store, account_id)
    found: dict[tuple[str, str], list[Activity]] = {}
    for u, v, data in graph.edges(data=True):
        if data["type"] is RelType.KNOWS and u[0] == Namespace.TEAM_MEMBER.value:
            found[(u[1], v[1])] = list(data["activities"])
    return found


def kinds(acts: list[Activity]) -> Counter[str]:
    return Counter(str(a.type) for a in acts)


@pytest.fixture
def loaded(store: GraphStore) -> tuple[GraphStore, IngestReport]:
    load_world(store)
    return store, load_mail(store, FIXTURES / "export")


def test_mail_export_is_detected_and_read(loaded: tuple[GraphStore, IngestReport]) -> None:
    _, report = loaded
    assert report.dialect == "mail"
    assert report.kinds["message"].read == 13  # 11 in the mbox (not the body's From line) + 2 .eml
    assert report.files["ann@ours.example.mbox"] == 11
    assert report.files["calendars/ben.ics"] == 6
    assert report.kinds["activity"].read == report.kinds["activity"].created == 14


def test_emails_between_team_and_people_become_activities(
    loaded: tuple[GraphStore, IngestReport],
) -> None:
    store, _ = loaded
    acme = activities(store, "A1")
    assert [a.date for a in acme[("T1", "P1")] if a.type is ActivityType.EMAIL] == [
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 2),  # the reply, also in Ben's folder: counted once per pair
    ]
    assert kinds(acme[("T2", "P1")])["email"] == 1
    assert kinds(acme[("T1", "P2")])["email"] == 1  # ERIC+crm@ACME.example is Eric@Acme.Example
    assert kinds(acme[("T1", "P4")]) == Counter({"email": 1})  # a known person's gmail address
    globex = activities(store, "A2")
    # the message without a Message-ID still counts; a Cc of Dana's reply does not
    assert globex == {
        ("T2", "P3"): [
            Activity(globex[("T2", "P3")][0].id, dt.date(2026, 9, 10), ActivityType.EMAIL)
        ]
    }


def test_recurring_meeting_counts_attended_occurrences_up_to_the_date(
    loaded: tuple[GraphStore, IngestReport],
) -> None:
    store, _ = loaded
    acme = activities(store, "A1")
    meetings = [a.date for a in acme[("T1", "P1")] if a.type is ActivityType.MEETING]
    # weekly from 7 Sep: 14 Sep an EXDATE, 21 Sep moved to the 22nd, 28 Sep cancelled,
    # 12 Oct after --until; the same series in Ben's calendar counts once
    assert meetings == [dt.date(2026, 9, 7), dt.date(2026, 9, 22), dt.date(2026, 10, 5)]
    # Eric declined the series but accepted the moved occurrence
    assert [a.date for a in acme[("T1", "P2")] if a.type is ActivityType.MEETING] == [
        dt.date(2026, 9, 22)
    ]
    assert kinds(acme[("T2", "P1")])["meeting"] == 3
    assert kinds(acme[("T2", "P2")]) == Counter({"meeting": 1})


def test_strength_follows_from_the_mail_activities(
    loaded: tuple[GraphStore, IngestReport],
) -> None:
    store, _ = loaded
    acts = activities(store, "A1")[("T1", "P1")]
    s = activity_strength(acts, UNTIL, ActivityWeights(), 180)
    assert s is not None
    # 3 meetings and 2 e-mails within six weeks: strong (>= 0.5)
    assert 0.9 < s < 0.99
    eric = activity_strength(activities(store, "A1")[("T1", "P2")], UNTIL, ActivityWeights(), 180)
    assert eric is not None
    assert 0.5 < eric < 0.8


def test_ignored_mail_and_meetings_are_counted_by_reason(
    loaded: tuple[GraphStore, IngestReport],
) -> None:
    _, report = loaded
    reasons = report.skipped_reasons
    assert reasons["message: mass mail"] == 1
    assert reasons["message: list or bulk mail"] == 1
    assert reasons["message: automated sender"] == 2  # no-reply, and an auto-reply
    assert reasons["message: dated after the load date"] == 1
    assert reasons["meeting: cancelled"] == 3  # twice the series' 28 Sep, Ben's own
    assert reasons["meeting: declined or tentative only"] == 2
    assert reasons["message: seen again (another mailbox or calendar), counted once"] == 1
    assert reasons["meeting: seen again (another mailbox or calendar), counted once"] == 3
    assert "message: no team member with a customer address" not in reasons


def test_unknown_addresses_at_customer_domains_are_captured(
    loaded: tuple[GraphStore, IngestReport],
) -> None:
    store, _ = loaded
    assert isinstance(store, CapturedStore)
    acme = {c.address: c for c in store.captured_of_account("A1")}
    assert set(acme) == {"greg@acme.example", "jo@acme.example"}  # not no-reply, list, mass
    greg = acme["greg@acme.example"]
    assert (greg.messages, greg.meetings, greg.team_member_ids) == (2, 0, ("T1",))
    assert (greg.first_seen, greg.last_seen) == (dt.date(2026, 9, 7), dt.date(2026, 9, 8))
    assert (acme["jo@acme.example"].meetings, acme["jo@acme.example"].messages) == (1, 0)
    # a sub-domain of a customer's domain is the customer's; gmail never is
    assert [c.address for c in store.captured_of_account("A2")] == ["ivy@eu.globex.example"]
    assert not store.sightings(["hugo@gmail.com"])


def test_reloading_changes_nothing(loaded: tuple[GraphStore, IngestReport]) -> None:
    store, _ = loaded
    again = load_mail(store, FIXTURES / "export")
    assert again.kinds["activity"].created == 0
    assert again.kinds["activity"].unchanged == 14
    assert again.kinds["captured_sighting"].created == 0


def test_a_secret_in_subject_or_body_never_reaches_store_or_logs(
    loaded: tuple[GraphStore, IngestReport],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store, report = loaded
    caplog.set_level(logging.DEBUG)
    load_mail(store, FIXTURES / "export")
    assert "SECRET" not in report.model_dump_json()
    assert "SECRET" not in caplog.text
    store.close()
    for path in tmp_path.rglob("graph.db*"):
        assert b"SECRET" not in path.read_bytes()
        assert b"pricing" not in path.read_bytes()


def test_report_names_no_address_outside_the_store(
    loaded: tuple[GraphStore, IngestReport],
) -> None:
    _, report = loaded
    text = report.model_dump_json()
    for outsider in ("greg", "hugo", "ivy", "jo@", "user0", "no-reply", "procurement"):
        assert outsider not in text


def test_excluded_member_mailbox_is_not_read(store: GraphStore) -> None:
    load_world(store)
    report = load_mail(store, FIXTURES / "export", exclude_members=("ben@ours.example",))
    # the two .eml files of the folder named by Ben's address
    assert report.skipped_reasons["file: mailbox of an excluded team member, not read"] == 2
    assert "ben@ours.example/reply.eml" not in report.files
    acme = activities(store, "A1")
    assert not any(tm == "T2" for tm, _ in acme)  # not from Ann's copies either
    assert ("T1", "P1") in acme


def test_unknown_excluded_member_is_an_option_error(store: GraphStore) -> None:
    load_world(store)
    with pytest.raises(IngestOptionError, match="no team member"):
        load_mail(store, FIXTURES / "export", exclude_members=("nobody",))


def test_excluded_addresses_and_domains_are_never_used(store: GraphStore) -> None:
    load_world(store)
    load_mail(
        store,
        FIXTURES / "export",
        exclude_addresses=("Dana+x@acme.example",),
        exclude_domains=("globex.example",),
    )
    assert not any(p == "P1" for _, p in activities(store, "A1"))
    assert activities(store, "A2") == {}
    assert isinstance(store, CapturedStore)
    assert store.captured_of_account("A2") == []


def test_mass_mail_threshold_is_a_setting(store: GraphStore) -> None:
    load_world(store)
    report = load_mail(store, FIXTURES / "export", mass_mail_recipients=11)
    assert "message: mass mail" not in report.skipped_reasons
    assert len(activities(store, "A1")[("T1", "P1")]) == 6  # + the newsletter to 11


def test_aliases_map_to_known_addresses(store: GraphStore, tmp_path: Path) -> None:
    load_world(store)
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,email\ngreg@acme.example,dana@acme.example\n")
    load_mail(store, FIXTURES / "export", aliases=aliases)
    emails = [a for a in activities(store, "A1")[("T1", "P1")] if a.type is ActivityType.EMAIL]
    assert len(emails) == 4  # Greg's two messages are Dana's


def test_a_single_mbox_file_and_a_dry_run(store: GraphStore) -> None:
    load_world(store)
    options = IngestOptions(dry_run=True, mail=MailOptions(until=UNTIL))
    report = load_bundle(FIXTURES / "export" / "ann@ours.example.mbox", store, options)
    assert report.dialect == "mail"
    assert report.kinds["activity"].read == 5
    assert activities(store, "A1") == {}


def test_same_meeting_two_calendars_once(store: GraphStore, tmp_path: Path) -> None:
    load_world(store)
    only = tmp_path / "only-calendars"
    shutil.copytree(FIXTURES / "export" / "calendars", only)
    report = load_mail(store, only)
    assert report.kinds["activity"].read == 8
    assert node_key(Namespace.PERSON, "P1") in account_graph(store, "A1")
