"""Accepted plan actions as a Dynamics 365 (Dataverse) ``task`` CSV for the Data
Import wizard or any Dataverse CSV import (issue 20).

Headers are the ``task`` table's logical column names (Microsoft Learn, "Task
table/entity reference" and the Web API ``task`` EntityType; docs/DECISIONS.md):
``subject``, ``description``, ``scheduledend`` (display name "Due"),
``regardingobjectid`` with ``regardingobjecttypecode`` (``contact`` or
``account``), ``ownerid`` with ``owneridtype`` (``systemuser``), ``statecode`` /
``statuscode`` (0 Open / 2 Not Started, 1 Completed / 5 Completed) and
``prioritycode`` (1 Normal, 2 High for an overdue action).

Only Dataverse ids (GUIDs, as the ``dynamics`` dialect keeps them at load time)
go into the lookups. An action whose target, account or owner came from another
CRM (or native data) still gets its row, with the lookup left empty and a note in
``description`` saying what to link by hand, so the import never fails a row on a
malformed lookup. Every cell is neutralised against spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Final

from ingest.problems import neutralise
from queries.models.plan import ActionStatus, PlanAction

COLUMNS: Final = (
    "subject",
    "description",
    "scheduledend",
    "regardingobjectid",
    "regardingobjecttypecode",
    "ownerid",
    "owneridtype",
    "statecode",
    "statuscode",
    "prioritycode",
)
#: task statecode / statuscode pairs of a standard org (Open / Not Started, Completed / Completed).
OPEN_STATE: Final = ("0", "2")
DONE_STATE: Final = ("1", "5")
NORMAL_PRIORITY: Final = "1"
HIGH_PRIORITY: Final = "2"


def dataverse_id(value: str | None) -> str:
    """The GUID in Dataverse's spelling when ``value`` is one, else ``""``.

    >>> dataverse_id("{A1B2C3D4-0000-4000-8000-00000000000F}")
    'a1b2c3d4-0000-4000-8000-00000000000f'
    >>> dataverse_id("0035g00000AbCdEAAV"), dataverse_id(None)
    ('', '')
    """
    # The dialect's own spelling rule, imported here: the ingest modules are not
    # loaded at the app's start-up (issue 14).
    from ingest.mapped_common import canonical_guid

    return "" if value is None else canonical_guid(value) or ""


def _regarding(action: PlanAction) -> tuple[str, str, str | None]:
    """(id, table, note): the target contact, else the target unit (an account
    row in Dataverse), else the account; the note when the target had to give way."""
    if action.target.kind == "person":
        found = dataverse_id(action.target.id)
        if found:
            return found, "contact", None
    elif dataverse_id(action.target.id):
        return dataverse_id(action.target.id), "account", None
    note = None
    if action.target.id != action.account_id:
        note = f"{action.target.name} has no Dataverse id: link the task to them by hand."
    account = dataverse_id(action.account_id)
    if account:
        return account, "account", note
    return "", "", f"{action.target.name} has no Dataverse id: set Regarding by hand."


def tasks_csv(actions: Sequence[PlanAction]) -> str:
    """The accepted actions as Dataverse ``task`` rows (one per action)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for action in actions:
        regarding, table, note = _regarding(action)
        owner = dataverse_id(action.owner.id)
        lines = [action.why]
        if action.introducer is not None:
            lines.append(f"Ask: {action.introducer.name}")
        if note is not None:
            lines.append(f"Note: {note}")
        if not owner:
            lines.append(
                f"Note: owner {action.owner.name} has no Dataverse id: the importing user "
                "owns the task; assign it by hand."
            )
        state, status = DONE_STATE if action.status is ActionStatus.DONE else OPEN_STATE
        overdue = action.status is ActionStatus.OVERDUE
        row = [
            action.title,
            "\n".join(lines),
            action.due.isoformat(),
            regarding,
            table,
            owner,
            "systemuser" if owner else "",
            state,
            status,
            HIGH_PRIORITY if overdue else NORMAL_PRIORITY,
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
