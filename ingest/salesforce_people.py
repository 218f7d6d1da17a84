"""Salesforce objects about people: User, Contact, AccountContactRelation,
AccountTeamMember; and the placeholder team members for owners User.csv lacks."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Final

from graph.schema import (
    AccountTeamRecord,
    EmploymentRecord,
    PersonRecord,
    RecordKind,
    TeamMemberRecord,
    UnitKind,
    UnitRecord,
)
from ingest.crm_rules import contact_record, place_contact
from ingest.salesforce_common import (
    CONTACT_FILE,
    SKIP_DIRECT,
    SKIP_GONE,
    SKIP_SAME_TEAM,
    USER_FILE,
    Placed,
    SfContext,
    spec,
)
from ingest.sfid import (
    ACCOUNT_PREFIX,
    CONTACT_PREFIX,
    USER_PREFIX,
    SalesforceIdError,
    canonical_sfid,
    is_null_id,
)
from ingest.table import Row, Table
from ingest.titles import derive_seniority
from ingest.values import quick_date

USER: Final = spec(
    USER_FILE,
    (
        "Id",
        "Name",
        "FirstName",
        "LastName",
        "Email",
        "ManagerId",
        "IsActive",
        "Title",
        "CreatedDate",
    ),
    ("Id",),
)
CONTACT: Final = spec(
    CONTACT_FILE,
    (
        "Id",
        "AccountId",
        "FirstName",
        "LastName",
        "Name",
        "Title",
        "Department",
        "Email",
        "ReportsToId",
        "CreatedDate",
    ),
    ("Id",),
)
CONTACT_RELATION: Final = spec(
    "AccountContactRelation.csv",
    ("Id", "AccountId", "ContactId", "IsDirect", "IsActive", "StartDate", "EndDate"),
    ("AccountId", "ContactId"),
)
ACCOUNT_TEAM: Final = spec(
    "AccountTeamMember.csv",
    ("Id", "AccountId", "UserId", "TeamMemberRole"),
    ("AccountId", "UserId"),
)
_SLUG: Final = re.compile(r"[^0-9a-z]+")


def _name(row: Row) -> str | None:
    joined = " ".join(p for p in (row.get("FirstName"), row.get("LastName")) if p)
    name = joined or row.get("Name")
    if not name:
        row.bad("Name", "", "missing value (required: Name, or FirstName and LastName)")
        return None
    return name


def read_users(table: Table, ctx: SfContext) -> int:
    st, kind = ctx.st, RecordKind.TEAM_MEMBER
    tally = st.tally(kind)
    st.sources[kind] = table.file
    for row in table.rows():
        tally.read += 1
        id_ = ctx.sfid(row, "Id", USER_PREFIX, required=True)
        if ctx.deleted(row, kind, id_):
            continue
        name = _name(row)
        manager = ctx.sfid(row, "ManagerId", USER_PREFIX)
        active = row.bool_("IsActive", default=True)
        created = row.date("CreatedDate")
        row.names_itself(id_, manager, "ManagerId", "a user cannot be their own manager")
        if id_ is None or name is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        email = row.text("Email")
        if email:
            ctx.user_emails.setdefault(email.lower(), id_)
        record = TeamMemberRecord(
            id_, name, email, row.text("Title"), manager, active, created_on=created
        )
        st.add(st.team_members, kind, id_, record, row.file, row.line, "Id", row.get("Id"))
    st.columns[(table.file, "manager_id")] = "ManagerId"
    return table.rows_read


def collect(table: Table, ctx: SfContext, column: str) -> list[tuple[int, list[str]]]:
    """The raw rows of a small file, read ahead so the Account ids they name can be
    looked up in the store in one call."""
    rows: list[tuple[int, list[str]]] = []
    ids: set[str] = set()
    for row in table.rows():
        rows.append((row.line, row.values))  # the csv reader makes a new list per row
        raw = row.get(column)
        if raw and not is_null_id(raw):
            with contextlib.suppress(SalesforceIdError):  # reported when the row is mapped
                ids.add(canonical_sfid(raw))
    ctx.prefetch_accounts(ids)
    return rows


def account_rows(table: Table, ctx: SfContext, kind: RecordKind) -> Iterator[Row]:
    """The rows of a file that names Account ids in ``AccountId``, each counted as
    read under ``kind``, after one store look-up of the ids Account.csv does not
    carry (the row object is reused: read it before the next)."""
    raw_rows = collect(table, ctx, "AccountId")
    row = Row(table)
    tally = ctx.st.tally(kind)
    for line, values in raw_rows:
        row.reset(line, values)
        tally.read += 1
        yield row


def _department_unit(ctx: SfContext, placed: Placed, department: str, row: Row) -> str:
    """The division a contact's Department names under its account (or unit)."""
    st = ctx.st
    under = placed.unit_id or placed.account_id
    slug = _SLUG.sub("-", department.lower()).strip("-") or "department"
    unit_id = f"{under}-{slug}"
    if unit_id not in st.units:
        unit = UnitRecord(unit_id, placed.account_id, UnitKind.DIVISION, department, placed.unit_id)
        st.units[unit_id] = (unit, row.file, row.line)
        st.tally(RecordKind.UNIT).derived += 1
    return unit_id


_CONTACT_FAST: Final = (
    "Id",
    "IsDeleted",
    "AccountId",
    "FirstName",
    "LastName",
    "Name",
    "Title",
    "Email",
    "ReportsToId",
    "CreatedDate",
)
_NOT_DELETED: Final = frozenset({"", "0", "false", "FALSE", "False"})


def _fast_contact(ctx: SfContext, cells: tuple[str, ...]) -> PersonRecord | None:
    """The person of an ordinary Contact row — well-formed ids, an account already
    placed, a name, a valid date — without the per-cell parsers; None sends the row
    to the slow path, which says what is unusual about it."""
    raw_id, deleted, raw_account, first, last, full, title, email, raw_manager, created = cells
    if deleted not in _NOT_DELETED or not raw_account:
        return None
    canon = ctx.canon
    id_ = canon.get(raw_id) or ctx.quick_id(raw_id)
    account = canon.get(raw_account) or ctx.quick_id(raw_account)
    if id_ is None or account is None or id_[:3] != CONTACT_PREFIX:
        return None
    placed = ctx.placed.get(account)
    if placed is None:
        return None
    manager = None
    if raw_manager and not is_null_id(raw_manager):
        manager = canon.get(raw_manager) or ctx.quick_id(raw_manager)
        if manager is None or manager[:3] != CONTACT_PREFIX or manager == id_:
            return None
    created_on = quick_date(created) if created else None
    if created and created_on is None:
        return None
    first, last = first.strip(), last.strip()
    name = " ".join(p for p in (first, last) if p) or full.strip()
    if not name:
        return None
    text = title.strip() or None
    return PersonRecord(
        id_,
        placed.account_id,
        name,
        placed.unit_id,
        text,
        derive_seniority(text),
        None,
        manager,
        email.strip() or None,
        created_on=created_on,
    )


def read_contacts(table: Table, ctx: SfContext) -> int:
    st, kind = ctx.st, RecordKind.PERSON
    tally = st.tally(kind)
    st.sources[kind] = table.file
    raw_rows = collect(table, ctx, "AccountId")
    row = Row(table)
    by_department = ctx.units_from == "department"
    fetch = table.fetcher(*_CONTACT_FAST)
    people, file = st.people, table.file
    for line, values in raw_rows:
        tally.read += 1
        fast = None if by_department else _fast_contact(ctx, fetch(values))
        if fast is not None and fast.id not in people:  # a duplicate: the slow path
            people[fast.id] = (fast, file, line)
            if fast.email:
                ctx.contact_emails.setdefault(fast.email.lower(), fast.id)
            continue
        row.reset(line, values)
        id_ = ctx.sfid(row, "Id", CONTACT_PREFIX, required=True)
        if ctx.deleted(row, kind, id_):
            continue
        account = ctx.sfid(row, "AccountId", ACCOUNT_PREFIX)
        name = _name(row)
        manager = ctx.sfid(row, "ReportsToId", CONTACT_PREFIX)
        created = row.date("CreatedDate")
        row.names_itself(id_, manager, "ReportsToId", "a contact cannot report to themselves")
        placed = place_contact(ctx, row, "AccountId", id_, account)
        if placed is None and row.ok:
            continue
        if id_ is None or name is None or placed is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        unit_id = placed.unit_id
        department = row.get("Department")
        if by_department and department:
            unit_id = _department_unit(ctx, placed, department, row)
        record = contact_record(
            ctx,
            id_,
            placed,
            name,
            unit_id=unit_id,
            title=row.text("Title"),
            manager=manager,
            email=row.text("Email"),
            created_on=created,
        )
        st.add(st.people, kind, id_, record, row.file, row.line, "Id", row.get("Id"))
    st.columns[(table.file, "manager_id")] = "ReportsToId"
    st.columns[(table.file, "account_id")] = "AccountId"
    st.columns[(table.file, "unit_id")] = "AccountId"
    return len(raw_rows)


def read_contact_relations(table: Table, ctx: SfContext) -> int:
    st, kind = ctx.st, RecordKind.EMPLOYMENT
    for row in account_rows(table, ctx, kind):
        if ctx.deleted(row, kind):
            continue
        account = ctx.sfid(row, "AccountId", ACCOUNT_PREFIX, required=True)
        contact = ctx.sfid(row, "ContactId", CONTACT_PREFIX, required=True)
        start = row.date("StartDate")
        end = row.date("EndDate")
        active = row.bool_("IsActive", default=True)
        if row.ok and row.bool_("IsDirect"):
            st.skip(kind, SKIP_DIRECT)  # the contact's own AccountId: already its position
            continue
        if row.ok and (contact in ctx.gone or account in ctx.gone):
            st.skip(kind, SKIP_GONE)
            continue
        placed = ctx.place(row, "AccountId", account, kind) if account and row.ok else None
        if placed is None and row.ok and account:
            continue
        if contact is None or account is None or placed is None or not row.ok:
            st.reject_row(kind, None, row.file, row.line)
            continue
        current = active and (end is None or end > ctx.as_of)
        record = EmploymentRecord(
            contact, account, start, end, current=current, at_account=placed.unit_id is None
        )
        st.add(
            st.employments,
            kind,
            (contact, account, start),
            record,
            row.file,
            row.line,
            "ContactId",
            row.get("ContactId"),
        )
    st.columns[(table.file, "person_id")] = "ContactId"
    st.columns[(table.file, "unit_id")] = "AccountId"
    return table.rows_read


def add_team_membership(
    ctx: SfContext, user: str, placed: Placed, role: str | None, file: str, line: int
) -> bool:
    """Put ``user`` on the team of the top account; False when already there."""
    st = ctx.st
    key = (user, placed.account_id)
    if key in ctx.owner_teams:  # the account's owner: this row says more (its role)
        ctx.owner_teams.discard(key)
        st.tally(RecordKind.ACCOUNT_TEAM).derived -= 1
        del st.account_teams[key]
    if key in st.account_teams:  # on the team of the account and of one of its units
        st.skip(RecordKind.ACCOUNT_TEAM, SKIP_SAME_TEAM)
        return False
    st.account_teams[key] = (AccountTeamRecord(user, placed.account_id, role), file, line)
    return True


def read_account_team(table: Table, ctx: SfContext) -> int:
    st, kind = ctx.st, RecordKind.ACCOUNT_TEAM
    for row in account_rows(table, ctx, kind):
        if ctx.deleted(row, kind):
            continue
        account = ctx.sfid(row, "AccountId", ACCOUNT_PREFIX, required=True)
        user = ctx.owner(row, "UserId")
        if user is None and row.ok:
            row.required("UserId")
        if row.ok and account in ctx.gone:
            st.skip(kind, SKIP_GONE)
            continue
        placed = ctx.place(row, "AccountId", account, kind) if account and row.ok else None
        if placed is None and row.ok and account:
            continue
        if user is None or placed is None or not row.ok:
            st.reject_row(kind, None, row.file, row.line)
            continue
        add_team_membership(ctx, user, placed, row.text("TeamMemberRole"), row.file, row.line)
    st.columns[(table.file, "team_member_id")] = "UserId"
    st.columns[(table.file, "account_id")] = "AccountId"
    return table.rows_read
