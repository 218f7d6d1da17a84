"""Accepted actions as Dynamics 365 (Dataverse ``task``) and HubSpot tasks import
CSVs: parsed back and checked for the CRMs' column names, id shapes (Dataverse
GUIDs, HubSpot numeric record ids and owner e-mails), dates, statuses, the
row-level notes for ids from elsewhere, and formula neutralisation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from collections.abc import Iterator

import icalendar
import pytest
from fastapi.testclient import TestClient

from api import plan_export_dynamics, plan_export_hubspot
from graph.store import GraphStore
from queries.models import NamedId
from queries.models.plan import ActionStatus, ActionTarget
from tests.api.conftest import auth, make_client
from tests.api.plan_worlds import AS_OF, accept_re_engage, plan_action, re_engage_world

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Dataverse ids as the dynamics dialect keeps them: lower case, no braces.
DV_ACCOUNT = str(uuid.UUID(int=1))
DV_CONTACT = str(uuid.UUID(int=2))
DV_USER = str(uuid.UUID(int=3))
# HubSpot: numeric record ids; a team member's id is its e-mail.
HS_COMPANY = "5001"
HS_CONTACT = "7001"
HS_OWNER = "ana.ruiz@seller.example"


@pytest.fixture
def client(embedded_store: GraphStore) -> Iterator[TestClient]:
    embedded_store.apply(re_engage_world(DV_ACCOUNT, DV_CONTACT, DV_USER))
    embedded_store.apply(re_engage_world(HS_COMPANY, HS_CONTACT, HS_OWNER))
    with make_client(embedded_store) as c:
        yield c


def _export(client: TestClient, account: str, fmt: str) -> list[dict[str, str]]:
    r = client.get(
        f"/v1/accounts/{account}/plan/export",
        params={"as_of": AS_OF, "format": fmt},
        headers=auth("reader"),
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert f'filename="{fmt}-tasks.csv"' in r.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(r.text)))


def test_the_dynamics_export_carries_dataverse_guids_in_the_task_columns(
    client: TestClient,
) -> None:
    assert _export(client, DV_ACCOUNT, "dynamics") == []
    accept_re_engage(client, DV_ACCOUNT)
    rows = _export(client, DV_ACCOUNT, "dynamics")
    assert list(rows[0]) == list(plan_export_dynamics.COLUMNS)
    [row] = rows
    assert row["subject"] == "Re-engage Ingrid Haugen before 2026-01-18"
    assert dt.date.fromisoformat(row["scheduledend"]) == dt.date(2026, 1, 17)
    assert (row["regardingobjectid"], row["regardingobjecttypecode"]) == (DV_CONTACT, "contact")
    assert (row["ownerid"], row["owneridtype"]) == (DV_USER, "systemuser")
    assert (row["statecode"], row["statuscode"], row["prioritycode"]) == ("0", "2", "1")
    assert GUID.fullmatch(row["regardingobjectid"])
    assert GUID.fullmatch(row["ownerid"])
    assert "Note:" not in row["description"]


def test_the_hubspot_export_carries_record_ids_and_the_owner_email(client: TestClient) -> None:
    accept_re_engage(client, HS_COMPANY)
    rows = _export(client, HS_COMPANY, "hubspot")
    assert list(rows[0]) == list(plan_export_hubspot.COLUMNS)
    [row] = rows
    assert row["Task Title"] == "Re-engage Ingrid Haugen before 2026-01-18"
    assert dt.date.fromisoformat(row["Due Date"]) == dt.date(2026, 1, 17)
    assert (row["Contact Record ID"], row["Company Record ID"]) == (HS_CONTACT, HS_COMPANY)
    assert row["Assigned To"] == HS_OWNER
    assert (row["Task Type"], row["Priority"], row["Task Status"]) == (
        "CALL",
        "MEDIUM",
        "NOT_STARTED",
    )
    assert row["Contact Record ID"].isdigit()
    assert row["Company Record ID"].isdigit()
    assert "Note:" not in row["Notes"]


def test_an_export_in_another_crm_links_nothing_and_says_so(client: TestClient) -> None:
    """A HubSpot account's action exported for Dynamics: no GUID anywhere, so every
    lookup is empty and the description names what to link by hand."""
    accept_re_engage(client, HS_COMPANY)
    [row] = _export(client, HS_COMPANY, "dynamics")
    assert (row["regardingobjectid"], row["regardingobjecttypecode"], row["ownerid"]) == (
        "",
        "",
        "",
    )
    assert "Ingrid Haugen has no Dataverse id" in row["description"]
    assert "owner Jonas Richter has no Dataverse id" in row["description"]


def test_ics_and_salesforce_come_through_the_same_endpoint(client: TestClient) -> None:
    accept_re_engage(client, DV_ACCOUNT)
    r = client.get(
        f"/v1/accounts/{DV_ACCOUNT}/plan/export",
        params={"as_of": AS_OF, "format": "ics"},
        headers=auth("reader"),
    )
    assert r.headers["content-type"].startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(r.content).walk("VEVENT")
    assert event.decoded("dtstart") == dt.date(2026, 1, 17)
    [row] = _export(client, DV_ACCOUNT, "salesforce")
    assert (row["WhoId"], row["OwnerId"]) == ("", "")  # GUIDs are not Salesforce ids
    bad = client.get(
        f"/v1/accounts/{DV_ACCOUNT}/plan/export",
        params={"as_of": AS_OF, "format": "excel"},
        headers=auth("reader"),
    )
    assert bad.status_code == 422


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_statuses_map_to_each_crms_values() -> None:
    done = plan_action(status=ActionStatus.DONE, done_on=dt.date(2026, 11, 20))
    overdue = plan_action(status=ActionStatus.OVERDUE)
    dyn = _rows(plan_export_dynamics.tasks_csv([done, overdue]))
    assert [(r["statecode"], r["statuscode"], r["prioritycode"]) for r in dyn] == [
        ("1", "5", "1"),
        ("0", "2", "2"),
    ]
    hub = _rows(plan_export_hubspot.tasks_csv([done, overdue]))
    assert [(r["Task Status"], r["Priority"], r["Task Type"]) for r in hub] == [
        ("COMPLETED", "MEDIUM", "TODO"),
        ("NOT_STARTED", "HIGH", "TODO"),
    ]


def test_a_unit_target_is_the_regarding_account_and_the_company() -> None:
    unit_guid = str(uuid.UUID(int=9))
    dyn = plan_action(
        account_id=DV_ACCOUNT, target=ActionTarget(id=unit_guid, kind="unit", name="Nordics")
    )
    [row] = _rows(plan_export_dynamics.tasks_csv([dyn]))
    assert (row["regardingobjectid"], row["regardingobjecttypecode"]) == (unit_guid, "account")
    hub = plan_action(account_id=HS_COMPANY, target=ActionTarget(id="5002", kind="unit", name="N"))
    [row] = _rows(plan_export_hubspot.tasks_csv([hub]))
    assert (row["Contact Record ID"], row["Company Record ID"]) == ("", "5002")


def test_a_foreign_target_falls_back_to_the_account_with_a_note() -> None:
    dyn = plan_action(account_id="{" + DV_ACCOUNT.upper() + "}")
    [row] = _rows(plan_export_dynamics.tasks_csv([dyn]))
    # The braced, upper-case spelling is written as Dataverse's canonical one.
    assert (row["regardingobjectid"], row["regardingobjecttypecode"]) == (DV_ACCOUNT, "account")
    assert "Emma Leroy has no Dataverse id: link the task to them by hand" in row["description"]
    hub = plan_action(account_id=HS_COMPANY, owner=NamedId(id="Tom Reed", name="Tom Reed"))
    [row] = _rows(plan_export_hubspot.tasks_csv([hub]))
    assert (row["Contact Record ID"], row["Company Record ID"], row["Assigned To"]) == (
        "",
        HS_COMPANY,
        "",
    )
    assert "Emma Leroy has no HubSpot record id" in row["Notes"]
    assert "owner Tom Reed has no HubSpot e-mail" in row["Notes"]


def test_ids_that_only_look_alike_stay_out() -> None:
    """A leading zero is no HubSpot record id; a Salesforce id is no GUID."""
    wrong = plan_action(
        account_id="0015g00000AbCdEAAV", target=ActionTarget(id="0042", kind="person", name="X")
    )
    [row] = _rows(plan_export_hubspot.tasks_csv([wrong]))
    assert (row["Contact Record ID"], row["Company Record ID"]) == ("", "")
    [row] = _rows(plan_export_dynamics.tasks_csv([wrong]))
    assert row["regardingobjectid"] == ""
    assert "set Regarding by hand" in row["description"]


def test_cells_that_would_run_as_formulas_are_neutralised() -> None:
    evil = plan_action(
        title='=HYPERLINK("http://x")', why="+1 for this", owner=NamedId(id="T", name="@me")
    )
    [dyn] = _rows(plan_export_dynamics.tasks_csv([evil]))
    assert dyn["subject"].startswith("'=HYPERLINK")
    assert dyn["description"].startswith("'+1")
    [hub] = _rows(plan_export_hubspot.tasks_csv([evil]))
    assert hub["Task Title"].startswith("'=HYPERLINK")
    assert hub["Notes"].startswith("'+1")
