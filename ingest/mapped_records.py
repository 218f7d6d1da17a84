"""Mapped reads of the record files: team members, accounts (their hierarchy as
one account with units below it, as the Salesforce dialect does), people, and
account teams."""

from __future__ import annotations

import dataclasses

from graph.schema import (
    RecordKind,
    TeamMemberRecord,
    UnitKind,
    UnitStatus,
)
from ingest.crm_rules import contact_record, place_contact
from ingest.errors import Problem
from ingest.mapped_common import MappedContext, cell
from ingest.mapped_spec import Section
from ingest.salesforce_accounts import (
    AccountColumns,
    _AccountRow,
    checked_account_row,
    emit_accounts,
)
from ingest.salesforce_people import add_team_membership
from ingest.table import Row, Table


def _name(ctx: MappedContext, row: Row, section: Section) -> str | None:
    joined = " ".join(
        p for p in (ctx.text(row, section, "first_name"), ctx.text(row, section, "last_name")) if p
    )
    name = joined or ctx.text(row, section, "name")
    if not name:
        column = section.column("name") or section.column("last_name") or "name"
        row.bad(column, "", "missing value (required: a name)")
    return name


def read_team(table: Table, ctx: MappedContext, section: Section) -> int:
    st, kind = ctx.st, RecordKind.TEAM_MEMBER
    st.sources[kind] = table.file
    ctx.file_of["team"] = table.file
    f = section.fields
    pending: list[tuple[TeamMemberRecord, int, str]] = []
    for row in table.rows():
        st.tally(kind).read += 1
        id_ = ctx.id_(row, f["id"], required=True)
        if ctx.gone_row(row, section, kind, id_):
            continue
        name = _name(ctx, row, section)
        manager_spec = f.get("manager_id")
        email = ctx.text(row, section, "email")
        active = ctx.flag(row, f.get("active"), True)
        created = ctx.date(row, section, "created_on")
        if id_ is None or name is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        if ctx.owner_key == "name":
            ctx.owner_lookup.setdefault(name.lower(), id_)
        elif ctx.owner_key == "email" and email:
            ctx.owner_lookup.setdefault(email.lower(), id_)
        raw_manager = cell(row, manager_spec)[1] if manager_spec else ""
        record = TeamMemberRecord(
            id_, name, email, ctx.text(row, section, "role"), None, active, created_on=created
        )
        pending.append((record, row.line, raw_manager))
    # Managers may be named like owners (HubSpot): resolve them once all are known.
    column = section.column("manager_id") or "manager_id"
    for record, line, raw in pending:
        manager = None
        if raw:
            manager = ctx.owner_lookup.get(raw.lower(), raw) if ctx.owner_key != "id" else None
            if manager is None:
                manager = ctx.ident(raw) or raw
        if manager == record.id:
            st.problems.append(
                Problem(table.file, line, column, raw, "a user cannot be their own manager")
            )
            st.reject_row(kind, record.id, table.file, line)
            continue
        final = TeamMemberRecord(
            record.id,
            record.name,
            record.email,
            record.role,
            manager,
            record.active,
            created_on=record.created_on,
        )
        st.add(st.team_members, kind, record.id, final, table.file, line, "id", record.id)
    st.columns[(table.file, "manager_id")] = column
    st.columns[(table.file, "id")] = section.column("id") or "id"
    return table.rows_read


def read_accounts(table: Table, ctx: MappedContext, section: Section) -> int:
    st, f = ctx.st, section.fields
    ctx.file_of["accounts"] = table.file
    rows: dict[str, _AccountRow] = {}
    parent_names: dict[str, str] = {}
    columns = AccountColumns(
        section.column("id") or "id",
        section.column("parent_id") or "parent_id",
        section.column("owner_id") or "owner_id",
    )
    for row in table.rows():
        id_ = ctx.id_(row, f["id"], required=True)
        if ctx.gone_row(row, section, RecordKind.ACCOUNT, id_):
            st.tally(RecordKind.ACCOUNT).read += 1
            continue
        name = _name_of_account(ctx, row, section)
        parent_spec = f.get("parent_id")
        by_name = parent_spec is not None and parent_spec.lookup == "name"
        parent = None if by_name else ctx.id_(row, parent_spec)
        if by_name and parent_spec is not None and id_ is not None:
            parent_names[id_] = cell(row, parent_spec)[1]
        headcount = row.int_(section.column("headcount") or "")
        owner = ctx.owner_of(row, f.get("owner_id"))
        created = ctx.date(row, section, "created_on")
        status = ctx.value(row, f.get("status"))
        kind_value = ctx.value(row, f.get("kind")) or ""
        checked = checked_account_row(ctx, row, columns, id_, name, parent, rows)
        if checked is None:
            continue
        id_, name = checked
        ctx.remember_name("accounts", name, id_)
        rows[id_] = _AccountRow(
            row.line,
            name,
            parent,
            status,
            ctx.text(row, section, "industry"),
            headcount,
            ctx.text(row, section, "country"),
            kind_value,
            owner,
            created,
        )
    _name_parents(ctx, rows, parent_names)
    emit_accounts(
        ctx,
        rows,
        table.file,
        columns,
        lambda value: UnitStatus(value) if value else None,
        lambda value: UnitKind(value) if value else None,
    )
    return table.rows_read


def _name_parents(
    ctx: MappedContext, rows: dict[str, _AccountRow], parent_names: dict[str, str]
) -> None:
    """The parent of each account whose parent cell names it (HubSpot): resolved
    once every account's name is known; a name no account has is kept as the id
    (an account outside the export)."""
    for id_, parent_name in parent_names.items():
        if parent_name and id_ in rows:
            found = ctx.names["accounts"].get(parent_name.lower(), parent_name)
            rows[id_] = dataclasses.replace(rows[id_], parent_id=found or parent_name)


def _name_of_account(ctx: MappedContext, row: Row, section: Section) -> str | None:
    column = section.column("name")
    return row.required(column) if column else None


def read_people(table: Table, ctx: MappedContext, section: Section) -> int:
    st, kind, f = ctx.st, RecordKind.PERSON, section.fields
    st.sources[kind] = table.file
    ctx.file_of["people"] = table.file
    account_column = section.column("account_id") or "account_id"
    manager_column = section.column("manager_id") or "manager_id"
    for row in table.rows():
        st.tally(kind).read += 1
        id_ = ctx.id_(row, f["id"], required=True)
        if ctx.gone_row(row, section, kind, id_):
            continue
        account = ctx.id_(row, f["account_id"])
        name = _name(ctx, row, section)
        manager = ctx.id_(row, f.get("manager_id"))
        created = ctx.date(row, section, "created_on")
        row.names_itself(id_, manager, manager_column, "a contact cannot report to themselves")
        placed = place_contact(ctx, row, account_column, id_, account)
        if placed is None and row.ok:
            continue
        if id_ is None or name is None or placed is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        ctx.remember_name("people", name, id_)
        record = contact_record(
            ctx,
            id_,
            placed,
            name,
            unit_id=placed.unit_id,
            title=ctx.text(row, section, "title"),
            manager=manager,
            email=ctx.text(row, section, "email"),
            created_on=created,
        )
        st.add(st.people, kind, id_, record, row.file, row.line, section.column("id") or "id", id_)
    st.columns[(table.file, "manager_id")] = manager_column
    st.columns[(table.file, "account_id")] = account_column
    st.columns[(table.file, "unit_id")] = account_column
    return table.rows_read


def read_account_team(table: Table, ctx: MappedContext, section: Section) -> int:
    st, kind, f = ctx.st, RecordKind.ACCOUNT_TEAM, section.fields
    account_column = section.column("account_id") or "account_id"
    for row in table.rows():
        st.tally(kind).read += 1
        account = ctx.id_(row, f["account_id"], required=True)
        user = ctx.owner_of(row, f["team_member_id"])
        if user is None and row.ok:
            row.required(section.column("team_member_id") or "team_member_id")
        placed = ctx.place(row, account_column, account, kind) if account and row.ok else None
        if placed is None or user is None or not row.ok:
            if not row.ok:
                st.reject_row(kind, None, row.file, row.line)
            continue
        role = ctx.value(row, f.get("role"))
        add_team_membership(ctx, user, placed, role, row.file, row.line)
    st.columns[(table.file, "team_member_id")] = section.column("team_member_id") or ""
    return table.rows_read
