"""Mapped reads of activities: meetings, calls and e-mails with their contacts (a
contact column, possibly multi-value), and their participants (Dataverse
``activityparty``), with a fast path for ordinary rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from graph.schema import ActivityRecord, ActivityType, RecordKind
from ingest.mapped_common import SKIP_NOT_PERSON, SKIP_STATE, MappedContext
from ingest.mapped_spec import Field, Section
from ingest.salesforce_common import SKIP_GONE, SKIP_NO_DATE, SKIP_NO_WHO, SKIP_OUTSIDE
from ingest.table import Table
from ingest.values import quick_date


@dataclass(frozen=True, slots=True)
class _Parent:
    owner: str
    type: ActivityType
    date: dt.date


@dataclass(slots=True)
class Parents:
    """Activities their participants (``parties``) refer to."""

    kept: dict[str, _Parent] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)


def _positions(table: Table, spec: Field | None) -> tuple[int, ...]:
    """Where a field's columns are in this file (the ones it has), in order."""
    if spec is None:
        return ()
    return tuple(table.index[c] for c in spec.columns if c in table.index)


def _first(values: list[str], positions: tuple[int, ...]) -> str:
    for i in positions:
        cell = values[i].strip()
        if cell:
            return cell
    return ""


class _FastActivities:
    """The plan of the fast path for ordinary activity rows — one id, an owner, a
    date, a completed state, well-formed contact ids — without the per-cell
    parsers; anything else goes to the slow path, which says what is unusual."""

    def __init__(self, table: Table, ctx: MappedContext, section: Section) -> None:
        f = section.fields
        self.ctx = ctx
        person = f.get("person_id")
        state = f.get("state")
        type_ = f.get("type")
        self.usable = (
            table.date_pattern is None
            and person is not None
            and person.lookup is None
            and "deleted" not in f
            and (state is None or state.constant is None)
            and (type_ is None or type_.constant is not None)
        )
        self.id_at = _positions(table, f["id"])
        self.owner_at = _positions(table, f["owner_id"])
        self.date_at = _positions(table, f["date"])
        self.person_at = _positions(table, person)
        self.state_at = _positions(table, state)
        self.states = state.values if state is not None else None
        self.state_default = state.default if state is not None else None
        self.split = person.split if person is not None else None
        self.type = ActivityType(type_.constant) if type_ and type_.constant else ActivityType.OTHER
        self.owner_column = section.column("owner_id") or "owner_id"

    def stage(
        self, quick: tuple[str, str, dt.date, list[str]], parents: Parents, file: str, line: int
    ) -> None:
        """The activities of an ordinary row :meth:`row` read: one per contact, the
        further ones derived records (a repeated one staged as a duplicate)."""
        id_, owner, date, people = quick
        st = self.ctx.st
        kind, activities, tally = RecordKind.ACTIVITY, st.activities, st.tally(RecordKind.ACTIVITY)
        if owner not in self.ctx.owners:
            self.ctx.owners[owner] = (file, line, self.owner_column)
        parents.kept[id_] = _Parent(owner, self.type, date)
        for i, person in enumerate(people):
            key = f"{id_}:{person}"
            record = ActivityRecord(key, owner, person, self.type, date)
            if i:
                tally.derived += 1
            if key in activities:
                st.add(activities, kind, key, record, file, line, "person_id", person)
            else:
                activities[key] = (record, file, line)

    def row(self, values: list[str]) -> tuple[str, str, dt.date, list[str]] | None:
        ctx = self.ctx
        raw_id = _first(values, self.id_at)
        raw_owner = _first(values, self.owner_at)
        raw_date = _first(values, self.date_at)
        raw_people = _first(values, self.person_at)
        if not raw_id or not raw_owner or not raw_date or not raw_people:
            return None
        if self.state_at:
            raw_state = _first(values, self.state_at)
            if raw_state:
                if self.states is None:
                    return None
                state = self.states.get(raw_state.lower(), self.state_default)
            else:
                state = None
            if state not in (None, "done"):
                return None
        id_ = ctx.ident(raw_id)
        date = quick_date(raw_date)
        if id_ is None or date is None:
            return None
        if ctx.owner_key == "id":
            owner = ctx.ident(raw_owner)
            if owner is None:
                return None
        else:
            owner = ctx.owner_lookup.get(raw_owner.lower(), raw_owner)
        parts = raw_people.split(self.split) if self.split else [raw_people]
        people: list[str] = []
        for part in parts:
            part = part.strip()
            if not part:
                continue
            found = ctx.ident(part)
            if found is None or found in ctx.gone:
                return None
            people.append(found)
        return id_, owner, date, people


def read_activities(table: Table, ctx: MappedContext, section: Section, parents: Parents) -> int:
    st, kind, f = ctx.st, RecordKind.ACTIVITY, section.fields
    tally = st.tally(kind)
    state_column = section.column("state") or "state"
    fast = _FastActivities(table, ctx, section)
    for row in table.rows():
        tally.read += 1
        quick = fast.row(row.values) if fast.usable and row.ok else None
        if quick is not None and quick[0] not in parents.kept:  # a duplicate: slow path
            fast.stage(quick, parents, table.file, row.line)
            continue
        id_ = ctx.id_(row, f["id"], required=True)
        if ctx.gone_row(row, section, kind, id_):
            if id_:
                parents.skipped.add(id_)
            continue
        owner = ctx.owner_of(row, f["owner_id"])
        if owner is None and row.ok:
            row.required(section.column("owner_id") or "owner_id")
        type_text = ctx.value(row, f.get("type"))
        state = ctx.value(row, f.get("state")) or "done"
        date = ctx.date(row, section, "date")
        people = ctx.ids(row, f.get("person_id"))
        if id_ is None or owner is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        if state != "done":
            what = "open" if state == "open" else "canceled"
            ctx.skip_row(
                row, kind, SKIP_STATE, state_column, f"{what} activity: only completed ones count"
            )
            parents.skipped.add(id_)
            continue
        if date is None:
            st.skip(kind, SKIP_NO_DATE)
            parents.skipped.add(id_)
            continue
        type_ = ActivityType(type_text) if type_text else ActivityType.OTHER
        parents.kept[id_] = _Parent(owner, type_, date)
        if f.get("person_id") is None:
            # Its participants (parties) are the activities read; this row is not one.
            tally.read -= 1
        elif not people:
            st.skip(kind, SKIP_NO_WHO)
        column = section.column("person_id") or "person_id"
        for i, person in enumerate(people):
            if i:  # one row, several contacts: the further ones are derived records
                tally.derived += 1
            if person in ctx.gone:
                if not i:
                    st.skip(kind, SKIP_GONE)
                continue
            key = f"{id_}:{person}"
            record = ActivityRecord(key, owner, person, type_, date)
            st.add(st.activities, kind, key, record, row.file, row.line, column, person)
    st.columns[(table.file, "team_member_id")] = section.column("owner_id") or "owner_id"
    st.columns[(table.file, "person_id")] = section.column("person_id") or "person_id"
    return table.rows_read


def read_parties(table: Table, ctx: MappedContext, section: Section, parents: Parents) -> int:
    """Participants of activities (Dataverse ``activityparty``): each contact among
    them is an activity between the activity's owner and that contact."""
    st, kind, f = ctx.st, RecordKind.ACTIVITY, section.fields
    tally = st.tally(kind)
    activity_column = section.column("activity_id") or "activity_id"
    party_column = section.column("party_id") or "party_id"
    for row in table.rows():
        tally.read += 1
        activity = ctx.id_(row, f["activity_id"], required=True)
        party = ctx.id_(row, f["party_id"])
        participation = ctx.value(row, f.get("participation")) or "attendee"
        party_type = ctx.value(row, f.get("party_type"))
        if activity is None or not row.ok:
            st.reject_row(kind, None, row.file, row.line)
            continue
        parent = parents.kept.get(activity)
        if parent is None:
            if activity in parents.skipped:
                st.skip(kind, SKIP_GONE)
            else:
                ctx.skip_row(
                    row,
                    kind,
                    SKIP_OUTSIDE,
                    activity_column,
                    "activity not in the activity files (a partial export): participant skipped",
                )
            continue
        if participation == "ignore" or party is None:
            st.skip(kind, SKIP_NO_WHO if party is None else SKIP_NOT_PERSON)
            continue
        is_user = party in st.team_members or party in ctx.owners
        if party_type == "other" or (party_type is None and is_user):
            st.skip(kind, SKIP_NOT_PERSON)  # the owner, a user, an account, a lead
            continue
        if party in ctx.gone:
            st.skip(kind, SKIP_GONE)
            continue
        key = f"{activity}:{party}"
        if key in st.activities:
            st.skip(kind, "already_counted")  # To and Cc of one e-mail: one activity
            continue
        record = ActivityRecord(key, parent.owner, party, parent.type, parent.date)
        st.add(st.activities, kind, key, record, row.file, row.line, party_column, party)
    st.columns[(table.file, "team_member_id")] = f"{activity_column} (its owner)"
    st.columns[(table.file, "person_id")] = party_column
    return table.rows_read
