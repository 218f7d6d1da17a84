"""Accepted plan actions as a HubSpot tasks import CSV (Import › Tasks, issue 20).

Headers are the task properties' labels, which HubSpot's import tool maps on its
own (HubSpot tasks API and import guides; docs/DECISIONS.md): ``Task Title``
(hs_task_subject), ``Due Date`` (hs_timestamp, ``YYYY-MM-DD``), ``Task Type``
(hs_task_type: TODO, CALL, EMAIL), ``Priority`` (hs_task_priority: MEDIUM, HIGH
for an overdue action), ``Task Status`` (hs_task_status: NOT_STARTED,
COMPLETED), ``Notes`` (hs_task_body), ``Assigned To`` (the owner's e-mail, which
the import resolves to a HubSpot user), and the associations ``Contact Record
ID`` and ``Company Record ID`` (mapped to the contact's / company's Record ID).

Only HubSpot ids (numeric record ids, e-mail owners, as the ``hubspot`` dialect
keeps them at load time) go into the ids. An action whose target, account or
owner came from another CRM keeps its row, with the cell empty and a note in
``Notes``. Every cell is neutralised against spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Final

from ingest.problems import neutralise
from queries.models.plan import ActionKind, ActionStatus, PlanAction

COLUMNS: Final = (
    "Task Title",
    "Due Date",
    "Task Type",
    "Priority",
    "Task Status",
    "Notes",
    "Assigned To",
    "Contact Record ID",
    "Company Record ID",
)
#: A HubSpot record id: a positive integer (HubSpot ids are 64-bit).
_RECORD_ID: Final = re.compile(r"[1-9][0-9]{0,18}")
#: A HubSpot owner as the hubspot dialect keeps it: the user's e-mail.
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: Meeting someone or re-engaging starts with a call; asking an advocate or introducer is a to-do.
_TYPE: Final = {
    ActionKind.INTRODUCTION: "TODO",
    ActionKind.ADVOCATE: "TODO",
    ActionKind.MEETING: "CALL",
    ActionKind.RE_ENGAGE: "CALL",
}


def record_id(value: str | None) -> str:
    """``value`` when it is a HubSpot record id, else ``""``.

    >>> record_id("3651"), record_id("0035g00000AbCdEAAV"), record_id("007"), record_id(None)
    ('3651', '', '', '')
    """
    return value if value is not None and _RECORD_ID.fullmatch(value) else ""


def owner_email(value: str) -> str:
    """
    >>> owner_email("ana@acme.example"), owner_email("Ana Ruiz")
    ('ana@acme.example', '')
    """
    return value if _EMAIL.fullmatch(value) else ""


def tasks_csv(actions: Sequence[PlanAction]) -> str:
    """The accepted actions as HubSpot task rows (one per action)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for action in actions:
        target = record_id(action.target.id)
        contact = target if action.target.kind == "person" else ""
        # A unit of a HubSpot company hierarchy is a (child) company.
        company = target if action.target.kind == "unit" else ""
        company = company or record_id(action.account_id)
        owner = owner_email(action.owner.id)
        notes = [action.why]
        if action.introducer is not None:
            notes.append(f"Ask: {action.introducer.name}")
        if not target and action.target.id != action.account_id:
            notes.append(
                f"Note: {action.target.name} has no HubSpot record id: associate them by hand."
            )
        if not company:
            notes.append("Note: the account has no HubSpot record id: associate it by hand.")
        if not owner:
            notes.append(f"Note: owner {action.owner.name} has no HubSpot e-mail: assign by hand.")
        row = [
            action.title,
            action.due.isoformat(),
            _TYPE[action.kind],
            "HIGH" if action.status is ActionStatus.OVERDUE else "MEDIUM",
            "COMPLETED" if action.status is ActionStatus.DONE else "NOT_STARTED",
            "\n".join(notes),
            owner,
            contact,
            company,
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
