"""Salesforce objects about people and deals: User, Contact, OpportunityContactRole,
AccountContactRelation, AccountTeamMember, Opportunity."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from typing import Final

from graph.schema import (
    AccountTeamRecord,
    BuyingRole,
    EmploymentRecord,
    OpportunityRecord,
    PersonRecord,
    RecordKind,
    TeamMemberRecord,
)
from ingest.salesforce_common import (
    CONTACT_FILE,
    SKIP_DIRECT,
    SKIP_GONE,
    SKIP_NO_ACCOUNT,
    SKIP_ROLE,
    SKIP_SAME_TEAM,
    USER_FILE,
    SfContext,
    spec,
)
from ingest.sfid import (
    ACCOUNT_PREFIX,
    CONTACT_PREFIX,
    OPPORTUNITY_PREFIX,
    USER_PREFIX,
    SalesforceIdError,
    canonical_sfid,
)
from ingest.table import Row, Table
from ingest.titles import derive_seniority

USER: Final = spec(
    USER_FILE,
    ("Id", "Name", "FirstName", "LastName", "Email", "ManagerId", "IsActive", "Title"),
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
    ),
    ("Id",),
)
CONTACT_ROLE: Final = spec(
    "OpportunityContactRole.csv",
    ("Id", "OpportunityId", "ContactId", "Role", "IsPrimary"),
    ("ContactId",),
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
OPPORTUNITY: Final = spec(
    "Opportunity.csv",
    ("Id", "AccountId", "StageName", "IsWon", "IsClosed", "Amount", "CloseDate"),
    ("Id",),
)

#: OpportunityContactRole.Role (lower-cased) -> buying role.
ROLE_MAP: Final = {
    "decision maker": BuyingRole.DECISION_MAKER,
    "economic buyer": BuyingRole.ECONOMIC_BUYER,
    "executive sponsor": BuyingRole.DECISION_MAKER,
    "influencer": BuyingRole.INFLUENCER,
    "evaluator": BuyingRole.INFLUENCER,
    "technical buyer": BuyingRole.INFLUENCER,
    "business user": BuyingRole.USER,
}
#: When a contact has several roles, the primary one wins, then the weightiest.
_ROLE_RANK: Final = {
    BuyingRole.ECONOMIC_BUYER: 0,
    BuyingRole.DECISION_MAKER: 1,
    BuyingRole.INFLUENCER: 2,
    BuyingRole.USER: 3,
}


def _name(row: Row) -> str | None:
    joined = " ".join(p for p in (row.get("FirstName"), row.get("LastName")) if p)
    name = joined or row.get("Name")
    if not name:
        row.bad("Name", "", "missing value (required: Name, or FirstName and LastName)")
        return None
    return name


def read_users(table: Table, ctx: SfContext) -> int:
    st, kind, n = ctx.st, RecordKind.TEAM_MEMBER, 0
    tally = st.tally(kind)
    st.sources[kind] = table.file
    for row in table.rows():
        n += 1
        tally.read += 1
        id_ = ctx.sfid(row, "Id", USER_PREFIX, required=True)
        name = _name(row)
        manager = ctx.sfid(row, "ManagerId", USER_PREFIX)
        active = row.bool_("IsActive", default=True)
        if id_ and manager == id_:
            row.bad("ManagerId", row.get("ManagerId"), "a user cannot be their own manager")
        if id_ is None or name is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        record = TeamMemberRecord(id_, name, row.text("Email"), row.text("Title"), manager, active)
        st.add(st.team_members, kind, id_, record, row.file, row.line, "Id", row.get("Id"))
    st.columns[(table.file, "manager_id")] = "ManagerId"
    return n


def _collect(table: Table, ctx: SfContext, column: str) -> list[tuple[int, list[str]]]:
    """The raw rows of a small file, read ahead so the Account ids they name can be
    looked up in the store in one call."""
    rows: list[tuple[int, list[str]]] = []
    ids: set[str] = set()
    for row in table.rows():
        rows.append((row.line, row.values))  # the csv reader makes a new list per row
        raw = row.get(column)
        if raw:
            with contextlib.suppress(SalesforceIdError):  # reported when the row is mapped
                ids.add(canonical_sfid(raw))
    ctx.prefetch_accounts(ids)
    return rows


def read_contacts(table: Table, ctx: SfContext) -> int:
    st, kind = ctx.st, RecordKind.PERSON
    tally = st.tally(kind)
    st.sources[kind] = table.file
    raw_rows = _collect(table, ctx, "AccountId")
    row = Row(table)
    for line, values in raw_rows:
        row.reset(line, values)
        tally.read += 1
        id_ = ctx.sfid(row, "Id", CONTACT_PREFIX, required=True)
        if ctx.deleted(row, kind, id_):
            continue
        account = ctx.sfid(row, "AccountId", ACCOUNT_PREFIX)
        name = _name(row)
        manager = ctx.sfid(row, "ReportsToId", CONTACT_PREFIX)
        if id_ and manager == id_:
            row.bad("ReportsToId", row.get("ReportsToId"), "a contact cannot report to themselves")
        if row.ok and id_ is not None and account is None and not row.get("AccountId"):
            st.skip(kind, SKIP_NO_ACCOUNT)  # a private contact: nowhere to place it
            ctx.gone.add(id_)
            continue
        placed = ctx.place(row, "AccountId", account) if account and row.ok else None
        if placed is None and row.ok and account in ctx.gone:
            st.skip(kind, SKIP_GONE)
            if id_:
                ctx.gone.add(id_)
            continue
        if id_ is None or name is None or placed is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        title = row.text("Title")
        record = PersonRecord(
            id_,
            placed.account_id,
            name,
            placed.unit_id,
            title,
            derive_seniority(title),
            None,
            manager,
            row.text("Email"),
        )
        st.add(st.people, kind, id_, record, row.file, row.line, "Id", row.get("Id"))
    st.columns[(table.file, "manager_id")] = "ReportsToId"
    st.columns[(table.file, "account_id")] = "AccountId"
    st.columns[(table.file, "unit_id")] = "AccountId"
    return len(raw_rows)


def read_contact_roles(table: Table, ctx: SfContext) -> int:
    """Buying roles onto the contacts (staged, or stored by an earlier load)."""
    st, n = ctx.st, 0
    best: dict[str, tuple[bool, BuyingRole, int]] = {}
    for row in table.rows():
        n += 1
        if ctx.deleted(row, None):
            continue
        contact = ctx.sfid(row, "ContactId", CONTACT_PREFIX, required=True)
        role = ROLE_MAP.get(row.get("Role").lower())
        primary = row.bool_("IsPrimary")
        if contact is None or not row.ok:
            continue
        if contact in ctx.gone:
            st.skipped_reasons[SKIP_GONE] += 1
            continue
        if role is None:
            st.skipped_reasons[SKIP_ROLE] += 1
            continue
        if contact not in st.people and not ctx.view.people([contact]):
            origin = st.rejected_of(RecordKind.PERSON).get(contact)
            if origin is not None:
                reason = f"depends on rejected person {contact} ({origin[0]}:{origin[1]})"
                row.bad("ContactId", contact, reason, primary=False)
            else:
                row.bad(
                    "ContactId", contact, f"unknown contact: not in {CONTACT_FILE} nor in the store"
                )
            continue
        current = best.get(contact)
        candidate = (primary, role, row.line)
        if current is None or (not current[0], _ROLE_RANK[current[1]]) > (
            not primary,
            _ROLE_RANK[role],
        ):
            best[contact] = candidate
    for contact, (_, role, line) in best.items():
        staged = st.people.get(contact)
        if staged is not None:
            st.people[contact] = (dataclasses.replace(staged[0], buying_role=role), *staged[1:])
        else:
            stored = ctx.view.people([contact])[contact]
            st.people[contact] = (dataclasses.replace(stored, buying_role=role), table.file, line)
    return n


def read_contact_relations(table: Table, ctx: SfContext) -> int:
    st, kind = ctx.st, RecordKind.EMPLOYMENT
    tally = st.tally(kind)
    raw_rows = _collect(table, ctx, "AccountId")
    row = Row(table)
    for line, values in raw_rows:
        row.reset(line, values)
        tally.read += 1
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
        placed = ctx.place(row, "AccountId", account) if account and row.ok else None
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
    return len(raw_rows)


def read_account_team(table: Table, ctx: SfContext) -> int:
    st, kind = ctx.st, RecordKind.ACCOUNT_TEAM
    tally = st.tally(kind)
    raw_rows = _collect(table, ctx, "AccountId")
    row = Row(table)
    for line, values in raw_rows:
        row.reset(line, values)
        tally.read += 1
        if ctx.deleted(row, kind):
            continue
        account = ctx.sfid(row, "AccountId", ACCOUNT_PREFIX, required=True)
        user = ctx.sfid(row, "UserId", USER_PREFIX, required=True)
        if row.ok and account in ctx.gone:
            st.skip(kind, SKIP_GONE)
            continue
        placed = ctx.place(row, "AccountId", account) if account and row.ok else None
        if user is None or placed is None or not row.ok:
            st.reject_row(kind, None, row.file, row.line)
            continue
        key = (user, placed.account_id)
        if key in st.account_teams:  # on the team of the account and of one of its units
            st.skip(kind, SKIP_SAME_TEAM)
            continue
        record = AccountTeamRecord(user, placed.account_id, row.text("TeamMemberRole"))
        st.account_teams[key] = (record, row.file, row.line)
    st.columns[(table.file, "team_member_id")] = "UserId"
    st.columns[(table.file, "account_id")] = "AccountId"
    return len(raw_rows)


def read_opportunities(table: Table, ctx: SfContext) -> int:
    st, kind = ctx.st, RecordKind.OPPORTUNITY
    tally = st.tally(kind)
    raw_rows = _collect(table, ctx, "AccountId")
    row = Row(table)
    for line, values in raw_rows:
        row.reset(line, values)
        tally.read += 1
        id_ = ctx.sfid(row, "Id", OPPORTUNITY_PREFIX, required=True)
        if ctx.deleted(row, kind, id_):
            continue
        account = ctx.sfid(row, "AccountId", ACCOUNT_PREFIX)
        won = row.bool_("IsWon")
        closed = row.bool_("IsClosed") or won
        amount = row.float_("Amount")
        close_date: dt.date | None = row.date("CloseDate")
        if row.ok and (account is None or account in ctx.gone):
            st.skip(kind, SKIP_NO_ACCOUNT if account is None else SKIP_GONE)
            continue
        placed = ctx.place(row, "AccountId", account) if account and row.ok else None
        if id_ is None or placed is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        record = OpportunityRecord(
            id_,
            placed.account_id,
            placed.unit_id,
            row.text("StageName"),
            won,
            closed,
            amount,
            close_date,
        )
        st.add(st.opportunities, kind, id_, record, row.file, row.line, "Id", row.get("Id"))
    st.columns[(table.file, "unit_id")] = "AccountId"
    st.columns[(table.file, "account_id")] = "AccountId"
    return len(raw_rows)
