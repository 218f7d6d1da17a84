"""Salesforce Task and Event (with their Who/Relation rows) become activities
between the owner (a User) and each contact.

Only what happened counts: a task that is not completed (``IsClosed``, or a closed
``Status``; ``TaskStatus.csv`` says which statuses are closed when present) is
skipped and counted, as is an invitee who declined. The primary contact (``WhoId``)
gets the Task/Event id as the activity id; each further contact of a shared
activity (a ``TaskWhoRelation``/``EventWhoRelation`` row, or ``TaskRelation`` /
``EventRelation`` as the weekly export names them) gets ``<Task/Event id>:<contact
id>``, so reloading stores each once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final

from graph.schema import ActivityRecord, ActivityType, RecordKind
from ingest.salesforce_common import (
    SKIP_DECLINED,
    SKIP_GONE,
    SKIP_LEAD,
    SKIP_NO_DATE,
    SKIP_NO_WHO,
    SKIP_NOT_CONTACT,
    SKIP_OPEN,
    SKIP_OUTSIDE,
    SKIP_PRIMARY_WHO,
    SfContext,
    spec,
)
from ingest.sfid import CONTACT_PREFIX, LEAD_PREFIX, USER_PREFIX, is_null_id
from ingest.staged import Origin
from ingest.table import Row, Table
from ingest.values import quick_date

TASK: Final = spec(
    "Task.csv",
    ("Id", "OwnerId", "WhoId", "ActivityDate", "TaskSubtype", "Type", "Status", "IsClosed"),
    ("Id", "OwnerId"),
)
TASK_STATUS: Final = spec("TaskStatus.csv", ("MasterLabel", "ApiName", "IsClosed"), ())
EVENT: Final = spec(
    "Event.csv",
    ("Id", "OwnerId", "WhoId", "ActivityDate", "ActivityDateTime", "StartDateTime", "Type"),
    ("Id", "OwnerId"),
)
_RELATION = ("Id", "RelationId", "IsWhat", "IsInvitee", "Status")
TASK_WHO: Final = spec("TaskWhoRelation.csv", (*_RELATION, "TaskId"), ("RelationId", "TaskId"))
EVENT_WHO: Final = spec("EventWhoRelation.csv", (*_RELATION, "EventId"), ("RelationId", "EventId"))
TASK_RELATION: Final = spec("TaskRelation.csv", (*_RELATION, "TaskId"), ("RelationId", "TaskId"))
EVENT_RELATION: Final = spec(
    "EventRelation.csv", (*_RELATION, "EventId"), ("RelationId", "EventId")
)

_BY_NAME: Final = {
    "call": ActivityType.CALL,
    "email": ActivityType.EMAIL,
    "meeting": ActivityType.MEETING,
}


def task_type(subtype: str, type_: str) -> ActivityType:
    """A Task's activity type: its subtype Call or Email decides; a Task with another
    subtype (or none) falls back to its Type picklist (Call, Email, Meeting); anything
    else is ``other``.

    >>> task_type("Call", ""), task_type("Email", "Meeting"), task_type("Task", "")
    (<ActivityType.CALL: 'call'>, <ActivityType.EMAIL: 'email'>, <ActivityType.OTHER: 'other'>)
    >>> task_type("", "Meeting")
    <ActivityType.MEETING: 'meeting'>
    """
    low = subtype.lower()
    if low in ("call", "email"):
        return _BY_NAME[low]
    return _BY_NAME.get(type_.lower(), ActivityType.OTHER)


@dataclass(frozen=True, slots=True)
class _Parent:
    owner: str
    type: ActivityType
    date: dt.date
    who: str | None


@dataclass(slots=True)
class ActivityParents:
    """Tasks (or Events) the WhoRelation file refers to."""

    kept: dict[str, _Parent] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    rejected: dict[str, Origin] = field(default_factory=dict)


def read_task_statuses(table: Table, ctx: SfContext) -> int:
    """TaskStatus.csv: which task statuses are closed (replaces the default)."""
    closed: set[str] = set()
    for row in table.rows():
        if row.bool_("IsClosed"):
            closed.update(v.lower() for v in (row.get("MasterLabel"), row.get("ApiName")) if v)
    if table.rows_read:  # an empty TaskStatus.csv keeps the default statuses
        ctx.closed_statuses = closed
    return table.rows_read


def _open_task(ctx: SfContext, row: Row, table: Table) -> bool:
    """True when the task did not happen yet (not completed). A file with neither
    IsClosed nor Status cannot tell: its tasks count."""
    if "IsClosed" not in table.index and "Status" not in table.index:
        return False
    if row.get("IsClosed") and row.bool_("IsClosed"):
        return False
    return row.get("Status").lower() not in ctx.closed_statuses


def _who(ctx: SfContext, row: Row, column: str) -> str | None:
    """The contact id of a WhoId/RelationId; None (after counting the skip) when the
    row names no contact, a lead, or a contact skipped on purpose."""
    st = ctx.st
    raw = row.get(column)
    if not raw or is_null_id(raw):
        st.skip(RecordKind.ACTIVITY, SKIP_NO_WHO)
        return None
    who = ctx.sfid(row, column)
    if who is None:
        return None
    if who.startswith(LEAD_PREFIX):
        ctx.skip_row(
            row, RecordKind.ACTIVITY, SKIP_LEAD, column, "a lead, not a contact: not counted"
        )
        return None
    if not who.startswith(CONTACT_PREFIX):
        st.skip(RecordKind.ACTIVITY, SKIP_NOT_CONTACT)  # a user invitee, an account…
        return None
    if who in ctx.gone:
        st.skip(RecordKind.ACTIVITY, SKIP_GONE)
        return None
    return who


_FAST_COLUMNS: Final = (
    "Id",
    "IsDeleted",
    "OwnerId",
    "WhoId",
    "ActivityDate",
    "ActivityDateTime",
    "StartDateTime",
    "TaskSubtype",
    "Type",
    "Status",
    "IsClosed",
)
_FALSE_CELLS: Final = frozenset({"", "0", "false", "FALSE", "False"})
_TRUE_CELLS: Final = frozenset({"1", "true", "TRUE", "True"})
_Fast = tuple[str, str, str, ActivityType, dt.date]


def _fast(
    ctx: SfContext, cells: tuple[str, ...], is_event: bool, status_known: bool
) -> _Fast | None:
    """The activity of an ordinary row — a completed task or an event, with a
    contact, an owner and a date, all well formed — without the per-cell parsers;
    None sends the row to the slow path, which says what is unusual about it."""
    raw_id, deleted, raw_owner, raw_who, day, day_time, start, subtype, type_, status, closed = (
        cells
    )
    if deleted not in _FALSE_CELLS or not raw_who or is_null_id(raw_who):
        return None
    canon = ctx.canon
    id_ = canon.get(raw_id) or ctx.quick_id(raw_id)
    owner = canon.get(raw_owner) or ctx.quick_id(raw_owner)
    who = canon.get(raw_who) or ctx.quick_id(raw_who)
    if id_ is None or owner is None or who is None:
        return None
    if owner[:3] != USER_PREFIX or who[:3] != CONTACT_PREFIX or who in ctx.gone:
        return None
    if is_event:
        text = day or day_time or start
        type_value = ActivityType.MEETING
    else:
        if (
            status_known
            and closed not in _TRUE_CELLS
            and (closed not in _FALSE_CELLS or status.strip().lower() not in ctx.closed_statuses)
        ):
            return None
        text = day
        type_value = task_type(subtype.strip(), type_.strip())
    date = quick_date(text) if text else None
    if date is None:
        return None
    return id_, owner, who, type_value, date


def read_activities(
    table: Table, ctx: SfContext, is_event: bool, parents: ActivityParents | None
) -> int:
    """Task.csv or Event.csv; ``parents`` collects them for the WhoRelation file."""
    st, kind = ctx.st, RecordKind.ACTIVITY
    tally = st.tally(kind)
    fetch = table.fetcher(*_FAST_COLUMNS)
    status_known = "IsClosed" in table.index or "Status" in table.index
    activities, owners, file = st.activities, ctx.owners, table.file
    for row in table.rows():
        tally.read += 1
        fast = _fast(ctx, fetch(row.values), is_event, status_known) if row.ok else None
        if fast is not None and fast[0] not in activities:  # a duplicate: the slow path
            f_id, f_owner, f_who, f_type, f_date = fast
            if f_owner not in owners:
                owners[f_owner] = (file, row.line, "OwnerId")
            if parents is not None:
                parents.kept[f_id] = _Parent(f_owner, f_type, f_date, f_who)
            record = ActivityRecord(f_id, f_owner, f_who, f_type, f_date)
            activities[f_id] = (record, file, row.line)
            continue
        id_ = ctx.sfid(row, "Id", required=True)
        if ctx.deleted(row, kind):
            if parents is not None and id_:
                parents.skipped.add(id_)
            continue
        owner = ctx.owner(row, "OwnerId")
        if owner is None and row.ok:
            row.required("OwnerId")
        type_, date = _type_and_date(row, is_event)
        if id_ is None or owner is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            if parents is not None and id_:
                parents.rejected.setdefault(id_, (row.file, row.line))
            continue
        if not is_event and _open_task(ctx, row, table):
            ctx.skip_row(row, kind, SKIP_OPEN, "Status", "open task: only completed tasks count")
            if parents is not None:
                parents.skipped.add(id_)
            continue
        if date is None:
            st.skip(kind, SKIP_NO_DATE)  # an open task with no due date: nothing happened
            if parents is not None:
                parents.skipped.add(id_)
            continue
        who = _who(ctx, row, "WhoId")
        if parents is not None:
            parents.kept[id_] = _Parent(owner, type_, date, who)
        if who is None:
            if not row.ok:
                st.reject_row(kind, id_, row.file, row.line)
            continue
        record = ActivityRecord(id_, owner, who, type_, date)
        st.add(st.activities, kind, id_, record, row.file, row.line, "Id", row.get("Id"))
    st.columns[(table.file, "team_member_id")] = "OwnerId"
    st.columns[(table.file, "person_id")] = "WhoId"
    return table.rows_read


def _type_and_date(row: Row, is_event: bool) -> tuple[ActivityType, dt.date | None]:
    """An event is a meeting on its day (or its start's); a task's type is its
    subtype or type, its day its ActivityDate."""
    if is_event:
        date = row.date("ActivityDate") or row.date("ActivityDateTime")
        return ActivityType.MEETING, date or row.date("StartDateTime")
    return task_type(row.get("TaskSubtype"), row.get("Type")), row.date("ActivityDate")


def read_who_relations(
    table: Table, ctx: SfContext, parent_column: str, parents: ActivityParents
) -> int:
    """TaskWhoRelation / EventWhoRelation / TaskRelation / EventRelation: the
    further contacts; a relation to a What (IsWhat) is not one, a declined invitee
    does not count."""
    st, kind = ctx.st, RecordKind.ACTIVITY
    tally = st.tally(kind)
    for row in table.rows():
        tally.read += 1
        if ctx.deleted(row, kind):
            continue
        parent_id = ctx.sfid(row, parent_column, required=True)
        if parent_id is None or not row.ok:
            st.reject_row(kind, None, row.file, row.line)
            continue
        if row.get("IsWhat") and row.bool_("IsWhat"):
            st.skip(kind, SKIP_NOT_CONTACT)  # the account or deal the activity is about
            continue
        if row.get("Status").lower() == "declined":
            ctx.skip_row(row, kind, SKIP_DECLINED, "Status", "declined invitee: not counted")
            continue
        parent = parents.kept.get(parent_id)
        if parent is None:
            _without_parent(ctx, row, parent_column, parent_id, parents)
            continue
        who = _who(ctx, row, "RelationId")
        if who is None:
            if not row.ok:
                st.reject_row(kind, None, row.file, row.line)
            continue
        if who == parent.who:
            st.skip(kind, SKIP_PRIMARY_WHO)  # the WhoId itself: already its activity
            continue
        id_ = f"{parent_id}:{who}"
        record = ActivityRecord(id_, parent.owner, who, parent.type, parent.date)
        st.add(
            st.activities,
            kind,
            id_,
            record,
            row.file,
            row.line,
            "RelationId",
            row.get("RelationId"),
        )
    st.columns[(table.file, "team_member_id")] = f"{parent_column} (its OwnerId)"
    st.columns[(table.file, "person_id")] = "RelationId"
    return table.rows_read


def _without_parent(
    ctx: SfContext, row: Row, parent_column: str, parent_id: str, parents: ActivityParents
) -> None:
    """A relation row whose task or event was not kept: skipped with it, rejected
    with it, or (its activity outside a partial export) skipped with a warning."""
    st, kind = ctx.st, RecordKind.ACTIVITY
    origin = parents.rejected.get(parent_id)
    if parent_id in parents.skipped:
        st.skip(kind, SKIP_GONE)
    elif origin is not None:
        reason = f"depends on rejected row {origin[0]}:{origin[1]}"
        row.bad(parent_column, parent_id, reason, primary=False)
        st.reject_row(kind, None, row.file, row.line)
    else:  # a partial export: the relation alone says nothing
        parent_file = "Event.csv" if parent_column == "EventId" else "Task.csv"
        ctx.skip_row(
            row,
            kind,
            SKIP_OUTSIDE,
            parent_column,
            f"activity not in {parent_file} (a partial export): relation skipped",
        )
