"""Exports of the accepted actions: an iCalendar file parsed back with the
``icalendar`` library, and a Salesforce Task CSV checked against Data Loader's
field names and Salesforce's id shapes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import icalendar
import pytest
from fastapi.testclient import TestClient

from api.plan_export import tasks_csv
from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    Batch,
    PersonRecord,
    RelationshipRecord,
    TeamMemberRecord,
)
from graph.store import GraphStore
from ingest.sfid import canonical_sfid
from queries.models import NamedId
from queries.models.plan import ActionKind, ActionStatus, ActionTarget, PlanAction
from tests.api.conftest import auth, make_client

ACCOUNT = canonical_sfid("001000000000001")
CONTACT = canonical_sfid("003000000000001")
USER = canonical_sfid("005000000000001")
AS_OF = "2026-01-01"


@pytest.fixture
def sf_client(embedded_store: GraphStore) -> Iterator[TestClient]:
    # 0.6 last contacted 2025-12-01: strong until 2026-01-18 -> re-engage by 01-17.
    embedded_store.apply(
        Batch(
            accounts=[AccountRecord(ACCOUNT, "Acme")],
            people=[PersonRecord(CONTACT, ACCOUNT, "Ingrid Haugen")],
            team_members=[TeamMemberRecord(USER, "Jonas Richter")],
            account_teams=[AccountTeamRecord(USER, ACCOUNT)],
            relationships=[RelationshipRecord(USER, CONTACT, 0.6, dt.date(2025, 12, 1))],
        )
    )
    with make_client(embedded_store) as c:
        yield c


def _accept_re_engage(client: TestClient) -> dict[str, Any]:
    body = client.get(
        f"/v1/accounts/{ACCOUNT}/plan", params={"as_of": AS_OF}, headers=auth("reader")
    ).json()
    [action] = [a for a in body["suggestions"] if a["kind"] == "re_engage"]
    r = client.post(
        f"/v1/accounts/{ACCOUNT}/plan/{action['id']}/accept",
        params={"as_of": AS_OF},
        headers=auth("writer"),
    )
    assert r.status_code == 200, r.text
    accepted: dict[str, Any] = r.json()
    return accepted


def _events(client: TestClient) -> list[icalendar.Event]:
    r = client.get(
        f"/v1/accounts/{ACCOUNT}/plan/calendar.ics", params={"as_of": AS_OF}, headers=auth("reader")
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(r.content)
    return list(cal.walk("VEVENT"))


def test_the_calendar_has_one_event_per_accepted_action_with_a_stable_uid(
    sf_client: TestClient,
) -> None:
    assert _events(sf_client) == []
    action = _accept_re_engage(sf_client)
    [event] = _events(sf_client)
    assert str(event["uid"]) == f"{action['id']}@powermap.invalid"
    assert event.decoded("dtstart") == dt.date(2026, 1, 17)
    assert str(event["summary"]) == "Re-engage Ingrid Haugen before 2026-01-18"
    assert "Owner: Jonas Richter" in str(event["description"])
    # A re-export names the same event: a calendar updates it, not adds a copy.
    [again] = _events(sf_client)
    assert str(again["uid"]) == str(event["uid"])


def test_the_task_csv_carries_salesforce_ids_in_data_loader_columns(
    sf_client: TestClient,
) -> None:
    _accept_re_engage(sf_client)
    r = sf_client.get(
        f"/v1/accounts/{ACCOUNT}/plan/tasks.csv", params={"as_of": AS_OF}, headers=auth("reader")
    )
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == ["Subject", "WhoId", "WhatId", "OwnerId", "ActivityDate", "Status"]
    assert rows == [
        {
            "Subject": "Re-engage Ingrid Haugen before 2026-01-18",
            "WhoId": CONTACT,
            "WhatId": ACCOUNT,
            "OwnerId": USER,
            "ActivityDate": "2026-01-17",
            "Status": "Not Started",
        }
    ]
    for row in rows:  # 18 characters, the object's prefix
        assert (row["WhoId"][:3], row["WhatId"][:3], row["OwnerId"][:3]) == ("003", "001", "005")
        assert all(len(row[c]) == 18 for c in ("WhoId", "WhatId", "OwnerId"))


def _action(**changes: Any) -> PlanAction:
    base: dict[str, Any] = {
        "id": "pa-1",
        "account_id": "A1",
        "kind": ActionKind.MEETING,
        "owner": NamedId(id="T1", name="Tom Reed"),
        "target": ActionTarget(id="P5", kind="person", name="Emma Leroy"),
        "introducer": None,
        "title": "Meet Emma Leroy",
        "why": "w",
        "due": dt.date(2026, 12, 1),
        "status": ActionStatus.DONE,
        "created_on": dt.date(2026, 11, 15),
        "done_on": dt.date(2026, 11, 20),
    }
    base.update(changes)
    return PlanAction(**base)


def test_ids_not_of_the_right_salesforce_object_stay_out_of_the_lookups() -> None:
    wrong = _action(
        target=ActionTarget(id=USER, kind="person", name="Not a contact"),
        owner=NamedId(id=CONTACT, name="Not a user"),
    )
    rows = list(csv.DictReader(io.StringIO(tasks_csv([_action(), wrong]))))
    assert [(r["WhoId"], r["WhatId"], r["OwnerId"]) for r in rows] == [("", "", ""), ("", "", "")]
    # Without an OwnerId the Subject names the owner; a done action is Completed.
    assert rows[0]["Subject"] == "Meet Emma Leroy (owner: Tom Reed)"
    assert rows[0]["Status"] == "Completed"


def test_a_cell_that_would_run_as_a_formula_is_neutralised() -> None:
    rows = list(csv.DictReader(io.StringIO(tasks_csv([_action(title='=HYPERLINK("x")')]))))
    assert rows[0]["Subject"].startswith("'=HYPERLINK")
