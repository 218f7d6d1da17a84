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
from graph.store import GraphStore
from ingest.sfid import canonical_sfid
from queries.models import NamedId
from queries.models.plan import ActionKind, ActionStatus, ActionTarget, PlanAction
from tests.api.conftest import auth, make_client
from tests.api.plan_worlds import AS_OF, accept_re_engage, plan_action, re_engage_world

ACCOUNT = canonical_sfid("001000000000001")
CONTACT = canonical_sfid("003000000000001")
USER = canonical_sfid("005000000000001")


@pytest.fixture
def sf_client(embedded_store: GraphStore) -> Iterator[TestClient]:
    embedded_store.apply(re_engage_world(ACCOUNT, CONTACT, USER))
    with make_client(embedded_store) as c:
        yield c


def _events(client: TestClient) -> list[icalendar.Event]:
    r = client.get(
        f"/v1/accounts/{ACCOUNT}/plan/calendar.ics", params={"as_of": AS_OF}, headers=auth("reader")
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(r.content)
    return [e for e in cal.walk("VEVENT") if isinstance(e, icalendar.Event)]


def test_the_calendar_has_one_event_per_accepted_action_with_a_stable_uid(
    sf_client: TestClient,
) -> None:
    assert _events(sf_client) == []
    action = accept_re_engage(sf_client, ACCOUNT)
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
    accept_re_engage(sf_client, ACCOUNT)
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
    """A done meeting with Emma Leroy, with ``changes``."""
    done = {"kind": ActionKind.MEETING, "why": "w", "status": ActionStatus.DONE}
    return plan_action(**{**done, "done_on": dt.date(2026, 11, 20), **changes})


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
