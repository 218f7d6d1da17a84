"""Salesforce ``Account.csv``: the account hierarchy becomes one Account (the top
ancestor) and units below it.

A row with no parent, or whose parent is neither in the export nor in the store, is
an Account. Every other row is a unit of its top ancestor; its kind comes from the
``--unit-kind-map`` field when that maps its value, else from its depth (1 division,
2 branch, 3 and deeper budget center). A parent already in the store (an earlier
load) places the row below it, so incremental exports keep their hierarchy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    RecordKind,
    UnitKind,
    UnitRecord,
    UnitStatus,
)
from ingest.errors import Problem
from ingest.salesforce_common import ACCOUNT_FILE, Placed, SfContext, spec, status_of_type
from ingest.sfid import ACCOUNT_PREFIX
from ingest.table import FileSpec, Row, Table

_COLUMNS = (
    "Id",
    "Name",
    "ParentId",
    "Type",
    "Industry",
    "NumberOfEmployees",
    "BillingCountry",
    "OwnerId",
    "CreatedDate",
)
#: The account team role of Account.OwnerId.
OWNER_ROLE = "Account Owner"


def account_spec(kind_field: str | None) -> FileSpec:
    extra = (
        (kind_field,)
        if kind_field and kind_field.lower() not in {c.lower() for c in _COLUMNS}
        else ()
    )
    return spec(ACCOUNT_FILE, (*_COLUMNS, *extra), ("Id", "Name"))


def kind_for_depth(depth: int) -> UnitKind:
    """The default kind of a unit ``depth`` levels below its top account.

    >>> [kind_for_depth(d).value for d in (1, 2, 3, 7)]
    ['division', 'branch', 'budget_center', 'budget_center']
    """
    if depth == 1:
        return UnitKind.DIVISION
    if depth == 2:
        return UnitKind.BRANCH
    return UnitKind.BUDGET_CENTER


@dataclass(frozen=True, slots=True)
class _AccountRow:
    line: int
    name: str
    parent_id: str | None
    type: str | None
    industry: str | None
    employees: int | None
    country: str | None
    kind_value: str
    owner: str | None
    created: dt.date | None


class _Hierarchy:
    """Places every Account row: (top account id, depth below it)."""

    def __init__(self, ctx: SfContext, rows: dict[str, _AccountRow], file: str) -> None:
        self.ctx = ctx
        self.rows = rows
        self.file = file
        self.depth: dict[str, tuple[str, int]] = {}
        #: id -> (reason, primary) for rows that cannot be placed
        self.failed: dict[str, tuple[str, bool]] = {}
        #: rows on top because their parent is outside the export -> that parent
        self.outside: dict[str, str] = {}
        outside = {r.parent_id for r in rows.values() if r.parent_id and r.parent_id not in rows}
        self.stored_accounts = ctx.view.accounts(outside)
        self.stored_units = ctx.view.units(outside)
        self.stored_parents = ctx.view.unit_parents(
            {u.account_id for u in self.stored_units.values()}
        )

    def _stored(self, id_: str) -> tuple[str, int] | None:
        if id_ in self.stored_accounts:
            return id_, 0
        unit = self.stored_units.get(id_)
        if unit is None:
            return None
        depth, cur, seen = 1, self.stored_parents.get(id_), {id_}
        while cur is not None and cur not in seen:
            seen.add(cur)
            depth += 1
            cur = self.stored_parents.get(cur)
        return unit.account_id, depth

    def place_all(self) -> None:
        for start in self.rows:
            if start not in self.depth and start not in self.failed:
                self._place(start)

    def _place(self, start: str) -> None:
        path: list[str] = []
        on_path: dict[str, int] = {}
        cur = start
        base: tuple[str, int] | None = None
        failure: tuple[str, bool] | None = None
        while True:
            if cur in self.depth:
                base = self.depth[cur]
                break
            if cur in self.failed:
                failure = (f"depends on account {cur}, which was rejected", False)
                origin = self.ctx.rejected_accounts.get(cur)
                if origin is not None:
                    failure = (
                        f"depends on rejected account {cur} ({origin[0]}:{origin[1]})",
                        False,
                    )
                break
            if cur in on_path:
                cycle = [*path[on_path[cur] :], cur]
                for node in cycle[:-1]:
                    self.failed[node] = (
                        "cycle in the account hierarchy: " + " -> ".join(cycle),
                        True,
                    )
                del path[on_path[cur] :]
                failure = (f"depends on account {cur}, which is on a cycle", False)
                break
            row = self.rows.get(cur)
            if row is None:
                base = self._stored(cur) if cur not in self.ctx.gone else None
                if base is None:  # the parent is outside the export: path[-1] is on top
                    top = path.pop()
                    base = self.depth[top] = (top, 0)
                    if cur not in self.ctx.gone:
                        self.outside[top] = cur
                break
            on_path[cur] = len(path)
            path.append(cur)
            if row.parent_id is None:
                path.pop()
                base = self.depth[cur] = (cur, 0)
                break
            cur = row.parent_id
        for node in reversed(path):
            if failure is not None:
                self.failed[node] = failure
            else:
                assert base is not None
                base = (base[0], base[1] + 1)
                self.depth[node] = base


def read_accounts(table: Table, ctx: SfContext) -> int:
    st = ctx.st
    rows: dict[str, _AccountRow] = {}
    kind_field = ctx.kind_map.field if ctx.kind_map else None
    if kind_field and kind_field not in table.index:
        matches = [c for c in table.index if c.lower() == kind_field.lower()]
        if not matches:
            reason = "the field --unit-kind-map names is not a column of this file"
            st.problems.append(Problem(table.file, 1, kind_field, "", reason))
        kind_field = matches[0] if matches else None
    for row in table.rows():
        id_ = ctx.sfid(row, "Id", ACCOUNT_PREFIX, required=True)
        if ctx.deleted(row, RecordKind.ACCOUNT, id_):
            st.tally(RecordKind.ACCOUNT).read += 1  # read, then skipped
            continue
        name = row.required("Name")
        parent = ctx.sfid(row, "ParentId", ACCOUNT_PREFIX)
        employees = row.int_("NumberOfEmployees")
        owner = ctx.owner(row, "OwnerId")
        created = row.date("CreatedDate")
        checked = checked_account_row(ctx, row, _SF_COLUMNS, id_, name, parent, rows)
        if checked is None:
            continue
        id_, name = checked
        rows[id_] = _AccountRow(
            row.line,
            name,
            parent,
            row.text("Type"),
            row.text("Industry"),
            employees,
            row.text("BillingCountry"),
            row.get(kind_field) if kind_field else "",
            owner,
            created,
        )
    kind_map = ctx.kind_map
    emit_accounts(
        ctx,
        rows,
        table.file,
        _SF_COLUMNS,
        status_of_type,
        lambda value: kind_map.kind_of(value) if kind_map and value else None,
    )
    return table.rows_read


@dataclass(frozen=True, slots=True)
class AccountColumns:
    """The columns of an accounts file that problems and the report name."""

    id: str
    parent: str
    owner: str


_SF_COLUMNS = AccountColumns("Id", "ParentId", "OwnerId")


def checked_account_row(
    ctx: SfContext,
    row: Row,
    columns: AccountColumns,
    id_: str | None,
    name: str | None,
    parent: str | None,
    rows: dict[str, _AccountRow],
) -> tuple[str, str] | None:
    """The id and name of an accounts row that can be placed in the hierarchy;
    None for a row that names itself as its parent, repeats an id or has any
    other problem: it is rejected, counted as read, its id remembered so the rows
    that name it say why."""
    row.names_itself(id_, parent, columns.parent, "an account cannot be its own parent")
    if id_ in rows:
        row.bad(
            columns.id, row.get(columns.id), f"duplicate account: already on line {rows[id_].line}"
        )
    if id_ is not None and name is not None and row.ok:
        return id_, name
    st = ctx.st
    st.tally(RecordKind.ACCOUNT).read += 1
    st.reject_row(RecordKind.ACCOUNT, None, row.file, row.line)
    if id_ is not None and id_ not in rows:
        ctx.rejected_accounts.setdefault(id_, (row.file, row.line))
    return None


def emit_accounts(
    ctx: SfContext,
    rows: dict[str, _AccountRow],
    file: str,
    columns: AccountColumns,
    status_of: Callable[[str | None], UnitStatus | None],
    kind_of: Callable[[str], UnitKind | None],
) -> None:
    """Place every accounts row in its hierarchy and stage it: a top-level row as an
    account, a deeper one as a unit of its top ancestor (of the kind ``kind_of``
    its kind cell maps to, else of its depth's); a row whose placing failed (a
    cycle, a rejected ancestor) is rejected. Shared by Salesforce and the mapped
    dialects, which differ in column names and how a status or kind cell reads."""
    hierarchy = _Hierarchy(ctx, rows, file)
    for id_ in ctx.rejected_accounts:
        hierarchy.failed[id_] = ("rejected", True)
    hierarchy.place_all()
    st = ctx.st
    for id_, r in rows.items():
        failure = hierarchy.failed.get(id_)
        if failure is not None:
            st.tally(RecordKind.ACCOUNT).read += 1
            reason, primary = failure
            st.problems.append(
                Problem(file, r.line, columns.parent, r.parent_id or "", reason, primary)
            )
            st.reject_row(RecordKind.ACCOUNT, None, file, r.line)
            ctx.rejected_accounts[id_] = (file, r.line)
            continue
        top, depth = hierarchy.depth[id_]
        placed = ctx.placed[id_] = Placed(top, None if depth == 0 else id_)
        if r.owner is not None:
            add_owner(ctx, r.owner, placed, file, r.line)
        status = status_of(r.type) or UnitStatus.PROSPECT
        if depth == 0:
            _emit_account(ctx, id_, r, status, hierarchy.outside.get(id_), file, columns)
            continue
        st.tally(RecordKind.UNIT).read += 1
        parent = None if r.parent_id == top else r.parent_id
        unit = UnitRecord(
            id_,
            top,
            kind_of(r.kind_value) or kind_for_depth(depth),
            r.name,
            parent,
            status,
            r.employees,
            created_on=r.created,
        )
        st.add(st.units, RecordKind.UNIT, id_, unit, file, r.line, columns.id, id_)
    # The rows become accounts or units: name the file for both in messages.
    st.sources[RecordKind.ACCOUNT] = file
    st.sources[RecordKind.UNIT] = file
    st.columns[(file, "parent_id")] = columns.parent
    st.columns[(file, "account_id")] = columns.parent
    st.columns[(file, "team_member_id")] = columns.owner


def _emit_account(
    ctx: SfContext,
    id_: str,
    r: _AccountRow,
    status: UnitStatus,
    outside: str | None,
    file: str,
    columns: AccountColumns,
) -> None:
    """A top-level row as an account; a warning when its parent is outside the
    export (a partial one) and the store."""
    st = ctx.st
    if outside is not None:
        st.warn(
            file,
            r.line,
            columns.parent,
            outside,
            f"parent account not in {ctx.accounts_file()} nor in the store (a partial "
            "export): loaded as a top-level account",
        )
    st.tally(RecordKind.ACCOUNT).read += 1
    record = AccountRecord(id_, r.name, r.industry, r.country, status=status, created_on=r.created)
    st.add(st.accounts, RecordKind.ACCOUNT, id_, record, file, r.line, columns.id, id_)


def add_owner(ctx: SfContext, owner: str, placed: Placed, file: str, line: int) -> None:
    """Account.OwnerId on the team of the (top) account, as its Account Owner; an
    AccountTeamMember row for the same user and account replaces it."""
    st = ctx.st
    key = (owner, placed.account_id)
    if key not in st.account_teams:
        record = AccountTeamRecord(owner, placed.account_id, OWNER_ROLE)
        st.account_teams[key] = (record, file, line)
        st.tally(RecordKind.ACCOUNT_TEAM).derived += 1
        ctx.owner_teams.add(key)
