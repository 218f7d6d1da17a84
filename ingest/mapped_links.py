"""Mapped reads of the link files: deals and their contacts, activities and their
participants (Dataverse ``activityparty``), ties between contacts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from graph.schema import (
    ActivityRecord,
    ActivityType,
    BuyingRole,
    OpportunityRecord,
    PersonTieRecord,
    RecordKind,
    TieKind,
)
from ingest.mapped_common import SKIP_NOT_PERSON, SKIP_STATE, MappedContext, cell
from ingest.mapped_spec import Field, Section
from ingest.salesforce_common import (
    SKIP_GONE,
    SKIP_NO_ACCOUNT,
    SKIP_NO_DATE,
    SKIP_NO_WHO,
    SKIP_OUTSIDE,
    SKIP_ROLE,
)
from ingest.table import Table
from ingest.values import quick_date

#: A tie whose strength the CRM does not record (a Dynamics connection, a mapped
#: relation): a middling one (docs/DECISIONS.md).
DEFAULT_TIE_STRENGTH = 0.5
_ROLE_RANK = {
    BuyingRole.ECONOMIC_BUYER: 0,
    BuyingRole.DECISION_MAKER: 1,
    BuyingRole.CHAMPION: 2,
    BuyingRole.BLOCKER: 3,
    BuyingRole.INFLUENCER: 4,
    BuyingRole.USER: 5,
}


def _deal_activity(ctx: MappedContext, deal: str, person: str, file: str, line: int) -> None:
    found = ctx.deals.get(deal)
    if found is None or person in ctx.gone:
        return
    owner, date = found
    id_ = f"{deal}:{person}"
    if id_ in ctx.st.activities:
        return
    ctx.st.tally(RecordKind.ACTIVITY).derived += 1
    ctx.st.activities[id_] = (
        ActivityRecord(id_, owner, person, ActivityType.DEAL, date),
        file,
        line,
    )


def read_deals(table: Table, ctx: MappedContext, section: Section) -> int:
    st, kind, f = ctx.st, RecordKind.OPPORTUNITY, section.fields
    account_column = section.column("account_id") or "account_id"
    n = 0
    for row in table.rows():
        n += 1
        st.tally(kind).read += 1
        id_ = ctx.id_(row, f["id"], required=True)
        if ctx.gone_row(row, section, kind, id_):
            continue
        account = ctx.id_(row, f.get("account_id"))
        owner = ctx.owner_of(row, f.get("owner_id"))
        won = ctx.flag(row, f.get("won"), False)
        closed = ctx.flag(row, f.get("closed"), False) or won
        amount = row.float_(section.column("amount") or "")
        close_date = ctx.date(row, section, "close_date")
        changed = ctx.date(row, section, "modified_on")
        people = ctx.ids(row, f.get("person_id"))
        deal_date = close_date if closed else (changed or close_date)
        if id_ and owner and deal_date and row.ok:
            ctx.deals[id_] = (owner, deal_date)
            for person in people:
                _deal_activity(ctx, id_, person, row.file, row.line)
        if row.ok and account is None:
            st.skip(kind, SKIP_NO_ACCOUNT)
            continue
        placed = ctx.place(row, account_column, account, kind) if account and row.ok else None
        if placed is None and row.ok:
            continue
        if id_ is None or placed is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        record = OpportunityRecord(
            id_,
            placed.account_id,
            placed.unit_id,
            ctx.text(row, section, "stage"),
            won,
            closed,
            amount,
            close_date,
        )
        st.add(st.opportunities, kind, id_, record, row.file, row.line, "id", id_)
    st.columns[(table.file, "unit_id")] = account_column
    st.columns[(table.file, "account_id")] = account_column
    st.columns[(table.file, "person_id")] = section.column("person_id") or "person_id"
    st.columns[(table.file, "team_member_id")] = section.column("owner_id") or "owner_id"
    return n


def read_deal_contacts(table: Table, ctx: MappedContext, section: Section) -> int:
    """Contacts of deals: a deal activity each, and their buying role."""
    st, f = ctx.st, section.fields
    best: dict[str, tuple[BuyingRole, int]] = {}
    n = 0
    for row in table.rows():
        n += 1
        deal = ctx.id_(row, f["deal_id"], required=True)
        person = ctx.id_(row, f["person_id"], required=True)
        role_text = ctx.value(row, f.get("role"))
        if deal is None or person is None or not row.ok:
            continue
        if person in ctx.gone:
            st.skipped_reasons[SKIP_GONE] += 1
            continue
        if person not in st.people and not ctx.view.people([person]):
            column = section.column("person_id") or "person_id"
            ctx.skip_row(
                row,
                None,
                SKIP_OUTSIDE,
                column,
                "contact not in the contacts file nor in the store (a partial export): "
                "role skipped",
            )
            continue
        _deal_activity(ctx, deal, person, row.file, row.line)
        role = BuyingRole(role_text) if role_text else None
        if role is None:
            st.skipped_reasons[SKIP_ROLE] += 1
            continue
        current = best.get(person)
        if current is None or _ROLE_RANK[role] < _ROLE_RANK[current[0]]:
            best[person] = (role, row.line)
    _apply_roles(ctx, best, table.file)
    st.columns[(table.file, "person_id")] = section.column("person_id") or "person_id"
    return n


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
    owner_column = section.column("owner_id") or "owner_id"
    fast = _FastActivities(table, ctx, section)
    activities, owners, file = st.activities, ctx.owners, table.file
    n = 0
    for row in table.rows():
        n += 1
        tally.read += 1
        quick = fast.row(row.values) if fast.usable and row.ok else None
        if quick is not None and quick[0] not in parents.kept:  # a duplicate: slow path
            q_id, q_owner, q_date, q_people = quick
            if q_owner not in owners:
                owners[q_owner] = (file, row.line, owner_column)
            parents.kept[q_id] = _Parent(q_owner, fast.type, q_date)
            for i, person in enumerate(q_people):
                key = f"{q_id}:{person}"
                record = ActivityRecord(key, q_owner, person, fast.type, q_date)
                if i:
                    tally.derived += 1
                if key in activities:
                    st.add(activities, kind, key, record, file, row.line, "person_id", person)
                else:
                    activities[key] = (record, file, row.line)
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
        for i, person in enumerate(people):
            if i:  # one row, several contacts: the further ones are derived records
                tally.derived += 1
            if person in ctx.gone:
                if not i:
                    st.skip(kind, SKIP_GONE)
                continue
            key = f"{id_}:{person}"
            record = ActivityRecord(key, owner, person, type_, date)
            column = section.column("person_id") or "person_id"
            st.add(st.activities, kind, key, record, row.file, row.line, column, person)
    st.columns[(table.file, "team_member_id")] = section.column("owner_id") or "owner_id"
    st.columns[(table.file, "person_id")] = section.column("person_id") or "person_id"
    return n


def read_parties(table: Table, ctx: MappedContext, section: Section, parents: Parents) -> int:
    """Participants of activities (Dataverse ``activityparty``): each contact among
    them is an activity between the activity's owner and that contact."""
    st, kind, f = ctx.st, RecordKind.ACTIVITY, section.fields
    tally = st.tally(kind)
    activity_column = section.column("activity_id") or "activity_id"
    party_column = section.column("party_id") or "party_id"
    n = 0
    for row in table.rows():
        n += 1
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
    return n


def _apply_roles(ctx: MappedContext, best: dict[str, tuple[BuyingRole, int]], file: str) -> None:
    """Each contact's best buying role onto its record (staged, or stored before)."""
    st = ctx.st
    for person, (role, line) in best.items():
        staged = st.people.get(person)
        if staged is not None:
            st.people[person] = (dataclasses.replace(staged[0], buying_role=role), *staged[1:])
        else:
            stored = ctx.view.people([person]).get(person)
            if stored is not None:
                st.people[person] = (dataclasses.replace(stored, buying_role=role), file, line)


def _stakeholder(ctx: MappedContext, one: str, other: str) -> tuple[str, str] | None:
    """(deal, contact) when a connection links an opportunity and a contact (the
    opportunity's stakeholders, in Dynamics)."""
    for deal, person in ((one, other), (other, one)):
        if (deal in ctx.deals or deal in ctx.st.opportunities) and _is_person(ctx, person):
            return deal, person
    return None


def read_ties(table: Table, ctx: MappedContext, section: Section) -> int:
    """Ties between two contacts (Dynamics ``connection``); a connection between an
    opportunity and a contact makes the contact a stakeholder of the deal (a deal
    activity, and the buying role its connection role maps to); a connection to
    anything else (an account, a user) is skipped and counted."""
    st, kind, f = ctx.st, RecordKind.PERSON_TIE, section.fields
    tally = st.tally(kind)
    strength_column = section.column("strength")
    role_spec = f.get("role")
    best: dict[str, tuple[BuyingRole, int]] = {}
    n = 0
    for row in table.rows():
        n += 1
        tally.read += 1
        one = ctx.id_(row, f["person_id"], required=True)
        other = ctx.id_(row, f["other_person_id"], required=True)
        kind_text = ctx.value(row, f.get("kind"))
        strength = row.strength(strength_column) if strength_column else None
        if one is None or other is None or not row.ok:
            st.reject_row(kind, None, row.file, row.line)
            continue
        if one == other or one in ctx.gone or other in ctx.gone:
            st.skip(kind, SKIP_GONE)
            continue
        stake = _stakeholder(ctx, one, other)
        if stake is not None:
            deal, person = stake
            st.skip(kind, "opportunity_stakeholder")
            _deal_activity(ctx, deal, person, row.file, row.line)
            raw_role = cell(row, role_spec)[1].lower() if role_spec else ""
            mapped = role_spec.values.get(raw_role) if role_spec and role_spec.values else None
            if mapped:
                role = BuyingRole(mapped)
                current = best.get(person)
                if current is None or _ROLE_RANK[role] < _ROLE_RANK[current[0]]:
                    best[person] = (role, row.line)
            continue
        if not _is_person(ctx, one) or not _is_person(ctx, other):
            st.skip(kind, "tie_not_between_contacts")
            continue
        pair = (one, other) if one < other else (other, one)
        if pair in st.person_ties:
            st.skip(kind, "already_counted")  # Dynamics writes a connection both ways
            continue
        record = PersonTieRecord(
            pair[0],
            pair[1],
            DEFAULT_TIE_STRENGTH if strength is None else strength,
            TieKind(kind_text) if kind_text else TieKind.OTHER,
        )
        st.person_ties[pair] = (record, row.file, row.line)
    _apply_roles(ctx, best, table.file)
    st.columns[(table.file, "person_id")] = section.column("person_id") or "person_id"
    st.columns[(table.file, "other_person_id")] = section.column("other_person_id") or ""
    return n


def _is_person(ctx: MappedContext, id_: str) -> bool:
    return id_ in ctx.st.people or bool(ctx.view.people([id_]))
