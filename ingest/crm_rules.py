"""Rules the Salesforce and the mapped readers (``mapped``, ``dynamics``,
``hubspot``) share, in one place: where a contact and an opportunity land, the
date and the activity of a deal, a contact's person record, and the buying role
that ends up on a contact. Each dialect only finds the cells (by its own column
names and id forms) and calls these."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from graph.schema import ActivityRecord, ActivityType, BuyingRole, PersonRecord, RecordKind
from ingest.salesforce_common import SKIP_NO_ACCOUNT, Placed, SfContext
from ingest.table import Row
from ingest.titles import derive_seniority


def place_contact(
    ctx: SfContext, row: Row, column: str, id_: str | None, account: str | None
) -> Placed | None:
    """Where a contact row lands; None when it does not. A contact without an
    account, or whose account is skipped or outside the export, is skipped and its
    id remembered as gone (rows that name it are skipped too); a row with a
    problem is rejected by the caller (``row.ok`` is False then)."""
    if row.ok and id_ is not None and account is None:
        ctx.skip_row(
            row, RecordKind.PERSON, SKIP_NO_ACCOUNT, column, "contact without an account: skipped"
        )
        ctx.gone.add(id_)
        return None
    placed = ctx.place(row, column, account, RecordKind.PERSON) if account and row.ok else None
    if placed is None and row.ok and id_:
        ctx.gone.add(id_)
    return placed


def place_opportunity(
    ctx: SfContext, row: Row, column: str, id_: str | None, account: str | None
) -> Placed | None:
    """Where an opportunity row lands; None when it does not: skipped and counted
    (no account, or one skipped or outside the export), or rejected (a problem on
    the row, or one its account carries)."""
    kind = RecordKind.OPPORTUNITY
    if row.ok and account is None:
        ctx.st.skip(kind, SKIP_NO_ACCOUNT)
        return None
    placed = ctx.place(row, column, account, kind) if account and row.ok else None
    if placed is None and row.ok:
        return None
    if id_ is None or placed is None or not row.ok:
        ctx.st.reject_row(kind, id_, row.file, row.line)
        return None
    return placed


def deal_date(closed: bool, close_date: dt.date | None, changed: dt.date | None) -> dt.date | None:
    """The day a deal's activity is dated: a closed deal's close date, an open one's
    last change (its close date when the change is not known).

    >>> deal_date(True, dt.date(2026, 3, 1), dt.date(2026, 2, 1))
    datetime.date(2026, 3, 1)
    >>> deal_date(False, dt.date(2026, 3, 1), dt.date(2026, 2, 1))
    datetime.date(2026, 2, 1)
    >>> deal_date(False, dt.date(2026, 3, 1), None)
    datetime.date(2026, 3, 1)
    """
    return close_date if closed else (changed or close_date)


def add_deal_activity(ctx: SfContext, deal: str, person: str, file: str, line: int) -> None:
    """The **deal** activity between a deal's owner and one of its contacts, once per
    deal and contact; nothing when the deal has no owner or date, or the contact
    was skipped."""
    found = ctx.deals.get(deal)
    if found is None or person in ctx.gone:
        return
    owner, date = found
    id_ = f"{deal}:{person}"
    if id_ in ctx.st.activities:
        return
    ctx.st.tally(RecordKind.ACTIVITY).derived += 1
    record = ActivityRecord(id_, owner, person, ActivityType.DEAL, date)
    ctx.st.activities[id_] = (record, file, line)


def contact_record(
    ctx: SfContext,
    id_: str,
    placed: Placed,
    name: str,
    *,
    unit_id: str | None,
    title: str | None,
    manager: str | None,
    email: str | None,
    created_on: dt.date | None,
) -> PersonRecord:
    """A contact as a person: its seniority read from its title, its e-mail
    remembered so e-mail messages find it."""
    if email:
        ctx.contact_emails.setdefault(email.lower(), id_)
    return PersonRecord(
        id_,
        placed.account_id,
        name,
        unit_id,
        title,
        derive_seniority(title),
        None,
        manager,
        email,
        created_on=created_on,
    )


def apply_roles(ctx: SfContext, best: Mapping[str, tuple[BuyingRole, int]], file: str) -> None:
    """Each contact's chosen buying role onto its record: the staged one, or the
    one an earlier load stored (restaged at ``file``:line of the role's row)."""
    st = ctx.st
    for person, (role, line) in best.items():
        staged = st.people.get(person)
        if staged is not None:
            st.people[person] = (dataclasses.replace(staged[0], buying_role=role), *staged[1:])
        else:
            stored = ctx.view.people([person]).get(person)
            if stored is not None:
                st.people[person] = (dataclasses.replace(stored, buying_role=role), file, line)
