"""Salesforce Task and Event (with their WhoRelations) become activities between
the owner (a User) and each contact.

The primary contact (``WhoId``) gets the Task/Event id as the activity id; each
further contact of a shared activity (a ``TaskWhoRelation``/``EventWhoRelation``
row) gets ``<Task/Event id>:<contact id>``, so reloading stores each once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final

from graph.schema import ActivityRecord, ActivityType, RecordKind
from ingest.salesforce_common import (
    SKIP_GONE,
    SKIP_LEAD,
    SKIP_NO_DATE,
    SKIP_NO_WHO,
    SKIP_PRIMARY_WHO,
    SfContext,
    spec,
)
from ingest.sfid import CONTACT_PREFIX, USER_PREFIX
from ingest.staged import Origin
from ingest.table import Row, Table

TASK: Final = spec(
    "Task.csv", ("Id", "OwnerId", "WhoId", "ActivityDate", "TaskSubtype", "Type"), ("Id", "OwnerId")
)
EVENT: Final = spec(
    "Event.csv",
    ("Id", "OwnerId", "WhoId", "ActivityDate", "ActivityDateTime", "StartDateTime", "Type"),
    ("Id", "OwnerId"),
)
TASK_WHO: Final = spec(
    "TaskWhoRelation.csv", ("Id", "RelationId", "TaskId"), ("RelationId", "TaskId")
)
EVENT_WHO: Final = spec(
    "EventWhoRelation.csv", ("Id", "RelationId", "EventId"), ("RelationId", "EventId")
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


def _who(ctx: SfContext, row: Row, column: str) -> str | None:
    """The contact id of a WhoId/RelationId; None (after counting the skip) when the
    row names no contact, a lead, or a contact skipped on purpose."""
    st = ctx.st
    raw = row.get(column)
    if not raw:
        st.skip(RecordKind.ACTIVITY, SKIP_NO_WHO)
        return None
    who = ctx.sfid(row, column)
    if who is None:
        return None
    if not who.startswith(CONTACT_PREFIX):
        st.skip(RecordKind.ACTIVITY, SKIP_LEAD)
        return None
    if who in ctx.gone:
        st.skip(RecordKind.ACTIVITY, SKIP_GONE)
        return None
    return who


def read_activities(
    table: Table, ctx: SfContext, is_event: bool, parents: ActivityParents | None
) -> int:
    """Task.csv or Event.csv; ``parents`` collects them for the WhoRelation file."""
    st, kind, n = ctx.st, RecordKind.ACTIVITY, 0
    tally = st.tally(kind)
    for row in table.rows():
        n += 1
        tally.read += 1
        id_ = ctx.sfid(row, "Id", required=True)
        if ctx.deleted(row, kind):
            if parents is not None and id_:
                parents.skipped.add(id_)
            continue
        owner = ctx.sfid(row, "OwnerId", USER_PREFIX, required=True)
        if is_event:
            type_ = ActivityType.MEETING
            date = (
                row.date("ActivityDate")
                or row.date("ActivityDateTime")
                or row.date("StartDateTime")
            )
        else:
            type_ = task_type(row.get("TaskSubtype"), row.get("Type"))
            date = row.date("ActivityDate")
        if id_ is None or owner is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            if parents is not None and id_:
                parents.rejected.setdefault(id_, (row.file, row.line))
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
    return n


def read_who_relations(
    table: Table, ctx: SfContext, parent_column: str, parents: ActivityParents
) -> int:
    """TaskWhoRelation.csv / EventWhoRelation.csv: the further contacts."""
    st, kind, n = ctx.st, RecordKind.ACTIVITY, 0
    tally = st.tally(kind)
    parent_file = "Event.csv" if parent_column == "EventId" else "Task.csv"
    for row in table.rows():
        n += 1
        tally.read += 1
        if ctx.deleted(row, kind):
            continue
        parent_id = ctx.sfid(row, parent_column, required=True)
        if parent_id is None or not row.ok:
            st.reject_row(kind, None, row.file, row.line)
            continue
        parent = parents.kept.get(parent_id)
        if parent is None:
            origin = parents.rejected.get(parent_id)
            if parent_id in parents.skipped:
                st.skip(kind, SKIP_GONE)
            elif origin is not None:
                reason = f"depends on rejected row {origin[0]}:{origin[1]}"
                row.bad(parent_column, parent_id, reason, primary=False)
                st.reject_row(kind, None, row.file, row.line)
            else:
                row.bad(parent_column, parent_id, f"unknown activity: not in {parent_file}")
                st.reject_row(kind, None, row.file, row.line)
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
    return n
