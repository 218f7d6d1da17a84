"""The native (``powermap``) dialect: the eleven files of FORMAT.md, one per kind."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from typing import Final

from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    ActivityRecord,
    ActivityType,
    BuyingRole,
    Deletion,
    DeletionKind,
    EmploymentRecord,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RecordKind,
    RelationshipRecord,
    Seniority,
    TeamMemberRecord,
    TieKind,
    UnitKind,
    UnitRecord,
    UnitStatus,
)
from ingest.source import Bundle
from ingest.staged import Staged
from ingest.table import FileSpec, Table, open_table
from ingest.titles import derive_seniority
from ingest.values import quick_date

_intern = sys.intern

ACCOUNTS: Final = FileSpec(
    "accounts.csv",
    ("id", "name", "industry", "country", "tier", "status", "created_on"),
    ("id", "name"),
)
UNITS: Final = FileSpec(
    "units.csv",
    (
        "id",
        "account_id",
        "parent_id",
        "kind",
        "name",
        "status",
        "headcount",
        "revenue",
        "created_on",
    ),
    ("id", "account_id", "kind", "name"),
)
PEOPLE: Final = FileSpec(
    "people.csv",
    (
        "id",
        "account_id",
        "unit_id",
        "name",
        "title",
        "seniority",
        "buying_role",
        "manager_id",
        "email",
        "left_on",
        "created_on",
    ),
    ("id", "account_id", "name"),
)
TEAM: Final = FileSpec(
    "team.csv", ("id", "name", "email", "role", "manager_id", "created_on"), ("id", "name")
)
ACCOUNT_TEAM: Final = FileSpec(
    "account_team.csv", ("team_member_id", "account_id", "role"), ("team_member_id", "account_id")
)
RELATIONSHIPS: Final = FileSpec(
    "relationships.csv",
    ("team_member_id", "person_id", "strength", "last_contact", "touches", "source", "created_on"),
    ("team_member_id", "person_id"),
)
ACTIVITIES: Final = FileSpec(
    "activities.csv",
    ("team_member_id", "person_id", "type", "date"),
    ("team_member_id", "person_id", "type", "date"),
)
PERSON_TIES: Final = FileSpec(
    "person_ties.csv",
    ("person_id", "other_person_id", "kind", "strength", "created_on"),
    ("person_id", "other_person_id", "strength"),
)
EMPLOYMENT: Final = FileSpec(
    "employment_history.csv", ("person_id", "unit_id", "from", "until"), ("person_id", "unit_id")
)
OPPORTUNITIES: Final = FileSpec(
    "opportunities.csv",
    ("id", "unit_id", "account_id", "stage", "won", "amount", "close_date"),
    ("id",),
)
DELETIONS: Final = FileSpec("deletions.csv", ("kind", "id"), ("kind", "id"))


def activity_id(team_member_id: str, person_id: str, type_: str, date: str, occurrence: int) -> str:
    """A stable id for a native activity row, which carries none: the same row at the
    same position among its identical twins gets the same id on every load.

    >>> activity_id("T1", "P1", "meeting", "2026-01-02", 0)
    'act-3a89e363098ee80602a92c1e'
    """
    key = f"{team_member_id}\x1f{person_id}\x1f{type_}\x1f{date}\x1f{occurrence}"
    return "act-" + hashlib.blake2b(key.encode(), digest_size=12).hexdigest()


def _accounts(table: Table, st: Staged) -> None:
    kind = RecordKind.ACCOUNT
    for row in table.rows():
        id_ = row.required("id")
        name = row.required("name")
        status = row.enum("status", UnitStatus) or UnitStatus.PROSPECT
        created_on = row.date("created_on")
        if id_ is None or name is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        record = AccountRecord(
            _intern(id_),
            name,
            row.text("industry"),
            row.text("country"),
            row.text("tier"),
            status,
            created_on,
        )
        st.add(st.accounts, kind, record.id, record, row.file, row.line, "id", id_)


def _units(table: Table, st: Staged) -> None:
    kind = RecordKind.UNIT
    for row in table.rows():
        id_ = row.required("id")
        account_id = row.required("account_id")
        unit_kind = row.enum("kind", UnitKind, required=True)
        name = row.required("name")
        status = row.enum("status", UnitStatus) or UnitStatus.PROSPECT
        headcount = row.int_("headcount")
        revenue = row.float_("revenue")
        created_on = row.date("created_on")
        parent_id = row.text("parent_id")
        if id_ and parent_id == id_:
            row.bad("parent_id", parent_id, "a unit cannot be its own parent")
        if id_ is None or account_id is None or unit_kind is None or name is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        record = UnitRecord(
            _intern(id_),
            _intern(account_id),
            unit_kind,
            name,
            _intern(parent_id) if parent_id else None,
            status,
            headcount,
            revenue,
            created_on,
        )
        st.add(st.units, kind, record.id, record, row.file, row.line, "id", id_)


def _people(table: Table, st: Staged) -> None:
    kind = RecordKind.PERSON
    for row in table.rows():
        id_ = row.required("id")
        account_id = row.required("account_id")
        name = row.required("name")
        title = row.text("title")
        seniority = row.enum("seniority", Seniority)
        buying_role = row.enum("buying_role", BuyingRole)
        left_on = row.date("left_on")
        created_on = row.date("created_on")
        unit_id = row.text("unit_id")
        manager_id = row.text("manager_id")
        if id_ and manager_id == id_:
            row.bad("manager_id", manager_id, "a person cannot report to themselves")
        if id_ is None or account_id is None or name is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        record = PersonRecord(
            _intern(id_),
            _intern(account_id),
            name,
            _intern(unit_id) if unit_id else None,
            title,
            seniority or derive_seniority(title),
            buying_role,
            _intern(manager_id) if manager_id else None,
            row.text("email"),
            left_on,
            created_on,
        )
        st.add(st.people, kind, record.id, record, row.file, row.line, "id", id_)


def _team(table: Table, st: Staged) -> None:
    kind = RecordKind.TEAM_MEMBER
    for row in table.rows():
        id_ = row.required("id")
        name = row.required("name")
        manager_id = row.text("manager_id")
        created_on = row.date("created_on")
        if id_ and manager_id == id_:
            row.bad("manager_id", manager_id, "a team member cannot report to themselves")
        if id_ is None or name is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        record = TeamMemberRecord(
            _intern(id_),
            name,
            row.text("email"),
            row.text("role"),
            _intern(manager_id) if manager_id else None,
            created_on=created_on,
        )
        st.add(st.team_members, kind, record.id, record, row.file, row.line, "id", id_)


def _account_team(table: Table, st: Staged) -> None:
    kind = RecordKind.ACCOUNT_TEAM
    for row in table.rows():
        tm = row.required("team_member_id")
        account = row.required("account_id")
        if tm is None or account is None or not row.ok:
            st.reject_row(kind, None, row.file, row.line)
            continue
        record = AccountTeamRecord(_intern(tm), _intern(account), row.text("role"))
        st.add(
            st.account_teams,
            kind,
            (record.team_member_id, record.account_id),
            record,
            row.file,
            row.line,
            "account_id",
            account,
        )


def _relationships(table: Table, st: Staged) -> None:
    kind = RecordKind.RELATIONSHIP
    staged, rejected = st.relationships, st.rejected_of(kind)
    fetch = table.fetcher(
        "team_member_id", "person_id", "strength", "last_contact", "touches", "source", "created_on"
    )
    for row in table.rows():
        tm, person, strength_raw, last_raw, touches_raw, source, created_raw = fetch(row.values)
        tm, person = tm.strip(), person.strip()
        # Fast path: plainly valid cells; anything else is parsed again to say why.
        try:
            strength = float(strength_raw) if strength_raw else None
            touches = int(touches_raw) if touches_raw else None
        except ValueError:
            strength = touches = -1
        last_contact = quick_date(last_raw) if last_raw else None
        created_on = quick_date(created_raw) if created_raw else None
        if not (
            tm
            and person
            and (strength is None or 0.0 <= strength <= 1.0)
            and (touches is None or touches >= 0)
            and (last_contact is not None or not last_raw)
            and (created_on is not None or not created_raw)
            and row.ok
        ):
            row.required("team_member_id")
            row.required("person_id")
            strength = row.strength("strength")
            last_contact = row.date("last_contact")
            touches = row.int_("touches")
            created_on = row.date("created_on")
            if not row.ok:
                st.reject_row(kind, None, row.file, row.line)
                continue
        key = (_intern(tm), _intern(person))
        record = RelationshipRecord(
            key[0], key[1], strength, last_contact, touches, source.strip() or None, created_on
        )
        if key in staged or key in rejected:
            st.add(staged, kind, key, record, row.file, row.line, "person_id", person)
        else:
            staged[key] = (record, row.file, row.line)


_ACTIVITY_TYPES: Final = {t.value: t for t in ActivityType}


def _activities(table: Table, st: Staged) -> None:
    kind = RecordKind.ACTIVITY
    staged = st.activities
    occurrences: dict[tuple[str, str, str, object], int] = {}
    fetch = table.fetcher("team_member_id", "person_id", "type", "date")
    for row in table.rows():
        tm, person, type_raw, date_raw = fetch(row.values)
        tm, person = tm.strip(), person.strip()
        type_ = _ACTIVITY_TYPES.get(type_raw)
        date = quick_date(date_raw)
        if not (tm and person and type_ and date and row.ok):
            row.required("team_member_id")
            row.required("person_id")
            type_ = row.enum("type", ActivityType, required=True)
            date = row.date("date", required=True)
            if type_ is None or date is None or not row.ok:
                st.reject_row(kind, None, row.file, row.line)
                continue
            type_raw = type_.value  # enum .value is slow: only off the fast path
        tm, person = _intern(tm), _intern(person)
        key = (tm, person, type_raw, date)
        occurrence = occurrences.get(key, 0)
        occurrences[key] = occurrence + 1
        id_ = activity_id(tm, person, type_raw, date.isoformat(), occurrence)
        staged[id_] = (ActivityRecord(id_, tm, person, type_, date), row.file, row.line)


_TIE_KINDS: Final = {k.value: k for k in TieKind}


def _person_ties(table: Table, st: Staged) -> None:
    kind = RecordKind.PERSON_TIE
    staged, rejected = st.person_ties, st.rejected_of(kind)
    fetch = table.fetcher("person_id", "other_person_id", "strength", "kind", "created_on")
    for row in table.rows():
        a, b, strength_raw, kind_raw, created_raw = fetch(row.values)
        a, b = a.strip(), b.strip()
        try:
            strength: float | None = float(strength_raw)
        except ValueError:
            strength = None
        tie_kind = _TIE_KINDS.get(kind_raw) if kind_raw else TieKind.OTHER
        created_on = quick_date(created_raw) if created_raw else None
        if not (
            a
            and b
            and a != b
            and strength is not None
            and 0.0 <= strength <= 1.0
            and tie_kind
            and (created_on is not None or not created_raw)
            and row.ok
        ):
            row.required("person_id")
            row.required("other_person_id")
            strength = row.strength("strength", required=True)
            tie_kind = row.enum("kind", TieKind) or TieKind.OTHER
            created_on = row.date("created_on")
            if a and a == b:
                row.bad("other_person_id", b, "a person cannot be tied to themselves")
            if strength is None or not row.ok:
                st.reject_row(kind, None, row.file, row.line)
                continue
        a, b = _intern(a), _intern(b)
        record = PersonTieRecord(a, b, strength, tie_kind, created_on)
        pair = (a, b) if a < b else (b, a)
        if pair in staged or pair in rejected:
            st.add(staged, kind, pair, record, row.file, row.line, "other_person_id", b)
        else:
            staged[pair] = (record, row.file, row.line)


def _employment(table: Table, st: Staged) -> None:
    kind = RecordKind.EMPLOYMENT
    for row in table.rows():
        person = row.required("person_id")
        unit = row.required("unit_id")
        start = row.date("from")
        end = row.date("until")
        if start and end and end < start:
            row.bad("until", row.get("until"), f"ends before it starts ({row.get('from')})")
        if person is None or unit is None or not row.ok:
            st.reject_row(kind, None, row.file, row.line)
            continue
        record = EmploymentRecord(_intern(person), _intern(unit), start, end)
        st.add(
            st.employments,
            kind,
            (record.person_id, record.unit_id, start),
            record,
            row.file,
            row.line,
            "unit_id",
            unit,
        )


def _opportunities(table: Table, st: Staged) -> None:
    kind = RecordKind.OPPORTUNITY
    for row in table.rows():
        id_ = row.required("id")
        unit = row.text("unit_id")
        account = row.text("account_id")
        if unit is None and account is None:
            row.bad("unit_id", "", "missing value (required: unit_id or account_id)")
        won = row.bool_("won")
        amount = row.float_("amount")
        close_date = row.date("close_date")
        if id_ is None or not row.ok:
            st.reject_row(kind, id_, row.file, row.line)
            continue
        stage = row.text("stage")
        closed = won or (stage is not None and stage.lower().startswith("closed"))
        record = OpportunityRecord(
            _intern(id_),
            _intern(account) if account else "",
            unit,
            stage,
            won,
            closed,
            amount,
            close_date,
        )
        st.add(st.opportunities, kind, record.id, record, row.file, row.line, "id", id_)


def _deletions(table: Table, st: Staged) -> None:
    kind = RecordKind.DELETION
    for row in table.rows():
        what = row.enum("kind", DeletionKind, required=True)
        id_ = row.required("id")
        pairs = (DeletionKind.RELATIONSHIP, DeletionKind.PERSON_TIE)
        if what in pairs and id_ and ":" not in id_:
            left = "team_member_id" if what is DeletionKind.RELATIONSHIP else "person_id"
            right = "person_id" if what is DeletionKind.RELATIONSHIP else "other_person_id"
            row.bad("id", id_, f"a {what.value} is named {left}:{right}")
        if what is None or id_ is None or not row.ok:
            st.reject_row(kind, None, row.file, row.line)
            continue
        # Naming the same deletion twice is harmless: keep the first silently.
        st.deletions.setdefault((what.value, id_), (Deletion(what, id_), row.file, row.line))


#: Files in dependency order (a row's references are read before it), each with
#: the kind of record its rows are counted as.
Mapper = Callable[[Table, Staged], None]
NATIVE_FILES: Final[tuple[tuple[FileSpec, RecordKind, Mapper], ...]] = (
    (ACCOUNTS, RecordKind.ACCOUNT, _accounts),
    (UNITS, RecordKind.UNIT, _units),
    (PEOPLE, RecordKind.PERSON, _people),
    (TEAM, RecordKind.TEAM_MEMBER, _team),
    (ACCOUNT_TEAM, RecordKind.ACCOUNT_TEAM, _account_team),
    (RELATIONSHIPS, RecordKind.RELATIONSHIP, _relationships),
    (ACTIVITIES, RecordKind.ACTIVITY, _activities),
    (PERSON_TIES, RecordKind.PERSON_TIE, _person_ties),
    (EMPLOYMENT, RecordKind.EMPLOYMENT, _employment),
    (OPPORTUNITIES, RecordKind.OPPORTUNITY, _opportunities),
    (DELETIONS, RecordKind.DELETION, _deletions),
)
NATIVE_FILE_NAMES: Final = frozenset(spec.key for spec, _, _ in NATIVE_FILES)


def read_native(
    bundle: Bundle, encoding: str, progress: Callable[[str], None] | None = None
) -> Staged:
    """Read and stage every native file the bundle holds."""
    st = Staged("powermap")
    for spec, kind, mapper in NATIVE_FILES:
        if spec.key not in bundle.files:
            continue
        if progress is not None:
            progress(bundle.files[spec.key])
        with open_table(bundle, spec, encoding, st.problems) as table:
            if table.unknown:
                st.unknown_columns[table.file] = table.unknown
            mapper(table, st)
            st.file_rows[table.file] = table.rows_read
            st.tally(kind).read += table.rows_read
    return st
