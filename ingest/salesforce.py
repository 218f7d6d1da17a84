"""The Salesforce dialect: a weekly Data Export, Data Loader, Workbench or Inspector
extract, read as it comes.

Objects are read in dependency order (accounts before the contacts placed in them,
opportunities before their contact roles, tasks before their relations) into one
:class:`~ingest.staged.Staged`; owners no User.csv holds become placeholders; the
shared validation then checks references against the bundle and the store, and a
reference outside both loses only its link (a partial export is normal).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Final

from ingest.errors import BundleUnreadableError
from ingest.lookup import StoreView
from ingest.problems import ProblemLog
from ingest.read_files import Step, read_files
from ingest.salesforce_accounts import account_spec, read_accounts
from ingest.salesforce_activities import (
    EVENT,
    EVENT_RELATION,
    EVENT_WHO,
    TASK,
    TASK_RELATION,
    TASK_STATUS,
    TASK_WHO,
    ActivityParents,
    read_activities,
    read_task_statuses,
    read_who_relations,
)
from ingest.salesforce_common import SfContext
from ingest.salesforce_deals import (
    CONTACT_ROLE,
    OPPORTUNITY,
    read_contact_roles,
    read_opportunities,
)
from ingest.salesforce_email import (
    EMAIL_MESSAGE,
    EMAIL_RELATION,
    Mailbox,
    emit_emails,
    read_email_messages,
    read_email_relations,
)
from ingest.salesforce_people import (
    ACCOUNT_TEAM,
    CONTACT,
    CONTACT_RELATION,
    USER,
    read_account_team,
    read_contact_relations,
    read_contacts,
    read_users,
)
from ingest.source import Bundle
from ingest.staged import Staged
from ingest.table import Table
from ingest.unit_kinds import UnitKindMap

SALESFORCE_FILE_NAMES: Final = frozenset(
    s.key
    for s in (
        account_spec(None),
        USER,
        CONTACT,
        CONTACT_ROLE,
        CONTACT_RELATION,
        ACCOUNT_TEAM,
        OPPORTUNITY,
        TASK,
        TASK_WHO,
        TASK_RELATION,
        EVENT,
        EVENT_WHO,
        EVENT_RELATION,
        EMAIL_MESSAGE,
        EMAIL_RELATION,
    )
)
_GUID: Final = re.compile(r"\{?[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\}?", re.IGNORECASE)
_DYNAMICS_COLUMNS: Final = frozenset({"accountid", "contactid", "parentaccountid", "ownerid"})


def check_not_dynamics(bundle: Bundle, encoding: str) -> None:
    """One message, not a problem per row, when ``Account.csv``/``Contact.csv`` are
    a Microsoft Dynamics 365 / Dataverse export (GUID ids, ``accountid`` columns)."""
    for key in ("account.csv", "contact.csv"):
        if key not in bundle.files:
            continue
        try:
            with bundle.open_text(key, encoding) as stream:
                reader = csv.reader(stream)
                header = [h.strip().lower() for h in next(reader, [])]
                sample = [row for _, row in zip(range(5), reader, strict=False)]
        except (UnicodeDecodeError, csv.Error):
            continue  # reading the file says what is wrong with it, at its line
        if "id" in header:
            position = header.index("id")
            ids = [r[position].strip() for r in sample if len(r) > position and r[position]]
            if not ids or not all(_GUID.fullmatch(i) for i in ids):
                continue
            why = "its ids are GUIDs"
        elif _DYNAMICS_COLUMNS & set(header) or any(
            h.startswith("(do not modify)") for h in header
        ):
            found = sorted(_DYNAMICS_COLUMNS & set(header)) or ["(Do Not Modify) …"]
            why = "it has no Id column but " + ", ".join(found)
        else:
            continue
        raise BundleUnreadableError(
            f"{bundle.files[key]}: looks like a Microsoft Dynamics 365 / Dataverse export "
            f"({why}), not a Salesforce one: use --format dynamics. Nothing was read."
        )


def read_salesforce(
    bundle: Bundle,
    encoding: str,
    view: StoreView,
    as_of: dt.date,
    kind_map: UnitKindMap | None,
    progress: Callable[[str], None] | None = None,
    *,
    problems: ProblemLog | None = None,
    units_from: str | None = None,
    date_pattern: str | None = None,
    fallback: dict[str, int] | None = None,
) -> Staged:
    """Read and stage every Salesforce object file the bundle holds."""
    check_not_dynamics(bundle, encoding)
    st = Staged(
        "salesforce", problems=problems if problems is not None else ProblemLog(), partial=True
    )
    ctx = SfContext(st, view, as_of, kind_map, units_from)
    mailbox = Mailbox()
    steps = _steps(ctx, bundle.files, mailbox)
    read_files(bundle, steps, encoding, st, progress, date_pattern, fallback)
    emit_emails(ctx, mailbox)
    ctx.add_placeholders()
    return st


def _steps(ctx: SfContext, files: Mapping[str, str], mailbox: Mailbox) -> tuple[Step, ...]:
    """Each object file with its reader, in dependency order (a row's references
    are read before it); tasks and events each share the parents their relation
    files add to."""
    task_parents = (
        ActivityParents() if TASK_WHO.key in files or TASK_RELATION.key in files else None
    )
    event_parents = (
        ActivityParents() if EVENT_WHO.key in files or EVENT_RELATION.key in files else None
    )

    def task(t: Table) -> int:
        return read_activities(t, ctx, False, task_parents)

    def event(t: Table) -> int:
        return read_activities(t, ctx, True, event_parents)

    def task_who(t: Table) -> int:
        return read_who_relations(t, ctx, "TaskId", task_parents or ActivityParents())

    def event_who(t: Table) -> int:
        return read_who_relations(t, ctx, "EventId", event_parents or ActivityParents())

    return (
        (
            account_spec(ctx.kind_map.field if ctx.kind_map else None),
            lambda t: read_accounts(t, ctx),
        ),
        (USER, lambda t: read_users(t, ctx)),
        (CONTACT, lambda t: read_contacts(t, ctx)),
        (CONTACT_RELATION, lambda t: read_contact_relations(t, ctx)),
        (ACCOUNT_TEAM, lambda t: read_account_team(t, ctx)),
        (OPPORTUNITY, lambda t: read_opportunities(t, ctx)),
        (CONTACT_ROLE, lambda t: read_contact_roles(t, ctx)),
        (TASK_STATUS, lambda t: read_task_statuses(t, ctx)),
        (TASK, task),
        (TASK_WHO, task_who),
        (TASK_RELATION, task_who),
        (EVENT, event),
        (EVENT_WHO, event_who),
        (EVENT_RELATION, event_who),
        (EMAIL_MESSAGE, lambda t: read_email_messages(t, ctx, mailbox)),
        (EMAIL_RELATION, lambda t: read_email_relations(t, ctx, mailbox)),
    )
