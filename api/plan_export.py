"""Accepted plan actions into calendars and the CRM (issue 20).

* **iCalendar** (RFC 5545, written with the ``icalendar`` library): one all-day
  VEVENT per accepted action on its due date. Its UID is derived from the
  action's stable id, so importing a re-export updates the events rather than
  adding copies; SEQUENCE grows with the due date, so a moved action replaces
  the old one in clients that compare it.
* **Salesforce Task CSV** for Data Loader: ``Subject``, ``WhoId``, ``WhatId``,
  ``OwnerId``, ``ActivityDate``, ``Status``. Ids go into the lookups only when
  they are Salesforce ids of the right object (Contact or Lead for WhoId,
  Account for WhatId, User for OwnerId); anything else (native data) is left
  empty there and named in the Subject instead, so Data Loader never rejects a
  row for a malformed id. Every cell is neutralised against spreadsheet formulas.
* **Dynamics 365** and **HubSpot** task CSVs: ``api/plan_export_dynamics.py`` and
  ``api/plan_export_hubspot.py``; :func:`export` picks one by format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from api import plan_export_dynamics, plan_export_hubspot
from ingest.problems import neutralise
from ingest.sfid import (
    ACCOUNT_PREFIX,
    CONTACT_PREFIX,
    LEAD_PREFIX,
    USER_PREFIX,
    SalesforceIdError,
    canonical_sfid,
)
from queries.models.plan import ActionStatus, PlanAction

#: The domain part of every event's UID: fixed, so UIDs do not depend on the host.
UID_DOMAIN: Final = "powermap.invalid"
PRODID: Final = "-//Powermap//Account plan//EN"
TASK_COLUMNS: Final = ("Subject", "WhoId", "WhatId", "OwnerId", "ActivityDate", "Status")
#: Task.Status picklist values of a standard org.
OPEN_STATUS: Final = "Not Started"
DONE_STATUS: Final = "Completed"


def event_uid(action: PlanAction) -> str:
    """
    >>> from queries.models import NamedId
    >>> from queries.models.plan import ActionKind, ActionTarget
    >>> a = PlanAction(id="pa-1", account_id="A", kind=ActionKind.MEETING,
    ...     owner=NamedId(id="T", name="T"), target=ActionTarget(id="U", kind="unit", name="U"),
    ...     introducer=None, title="t", why="w", due=dt.date(2026, 1, 1),
    ...     status=ActionStatus.OPEN, created_on=None, done_on=None)
    >>> event_uid(a)
    'pa-1@powermap.invalid'
    """
    return f"{action.id}@{UID_DOMAIN}"


def calendar(actions: Sequence[PlanAction], account_name: str, now: dt.datetime) -> bytes:
    """The accepted actions as an iCalendar file (``now``: every event's DTSTAMP)."""
    import icalendar  # only when a calendar is asked for: not at start-up (issue 14)

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Powermap plan: {account_name}")
    for action in actions:
        event = icalendar.Event()
        event.add("uid", event_uid(action))
        event.add("dtstamp", now)
        event.add("dtstart", action.due)
        event.add("dtend", action.due + dt.timedelta(days=1))
        # Days since the epoch of the due date: a moved action has a higher sequence.
        event.add("sequence", max(0, action.due.toordinal() - dt.date(2020, 1, 1).toordinal()))
        event.add("summary", action.title)
        lines = [f"Owner: {action.owner.name}", f"Target: {action.target.name}"]
        if action.introducer is not None:
            lines.append(f"Ask: {action.introducer.name}")
        lines.append(f"Status: {action.status.value}")
        event.add("description", "\n".join(lines))
        event.add("status", "CONFIRMED")
        if action.status is ActionStatus.DONE:
            event.add("categories", ["done"])
        cal.add_component(event)
    return bytes(cal.to_ical())


def salesforce_id(value: str | None, *prefixes: str) -> str:
    """The 18-character id when ``value`` is a Salesforce id of one of the objects,
    else the empty string.

    >>> salesforce_id("0035g00000AbCdE", "003")
    '0035g00000AbCdEAAV'
    >>> salesforce_id("0055g00000AbCdE", "003"), salesforce_id("P5", "003")
    ('', '')
    """
    if value is None:
        return ""
    try:
        found = canonical_sfid(value)
    except SalesforceIdError:
        return ""
    return found if found.startswith(prefixes) else ""


def tasks_csv(actions: Sequence[PlanAction]) -> str:
    """The accepted actions as a Salesforce Task CSV for Data Loader's insert."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TASK_COLUMNS)
    for action in actions:
        who = ""
        if action.target.kind == "person":
            who = salesforce_id(action.target.id, CONTACT_PREFIX, LEAD_PREFIX)
        # A unit of a Salesforce account hierarchy is an Account record too.
        what = salesforce_id(
            action.target.id if action.target.kind == "unit" else None, ACCOUNT_PREFIX
        )
        what = what or salesforce_id(action.account_id, ACCOUNT_PREFIX)
        owner = salesforce_id(action.owner.id, USER_PREFIX)
        subject = action.title if owner else f"{action.title} (owner: {action.owner.name})"
        writer.writerow(
            [
                neutralise(subject),
                who,
                what,
                owner,
                action.due.isoformat(),
                DONE_STATUS if action.status is ActionStatus.DONE else OPEN_STATUS,
            ]
        )
    return out.getvalue()


class ExportFormat(StrEnum):
    """What the accepted actions are exported into."""

    ICS = "ics"
    SALESFORCE = "salesforce"
    DYNAMICS = "dynamics"
    HUBSPOT = "hubspot"


@dataclass(frozen=True, slots=True)
class Export:
    body: bytes
    media_type: str
    filename: str


def export(
    fmt: ExportFormat, actions: Sequence[PlanAction], account_name: str, now: dt.datetime
) -> Export:
    """The accepted actions in ``fmt`` (``now``: the calendar's DTSTAMP)."""
    if fmt is ExportFormat.ICS:
        return Export(calendar(actions, account_name, now), "text/calendar", "plan.ics")
    writers = {
        ExportFormat.SALESFORCE: tasks_csv,
        ExportFormat.DYNAMICS: plan_export_dynamics.tasks_csv,
        ExportFormat.HUBSPOT: plan_export_hubspot.tasks_csv,
    }
    return Export(writers[fmt](actions).encode(), "text/csv", f"{fmt.value}-tasks.csv")
