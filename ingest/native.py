"""The native (``powermap``) dialect: the eleven files of FORMAT.md, one per kind."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Final

from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    BuyingRole,
    Deletion,
    DeletionKind,
    EmploymentRecord,
    OpportunityRecord,
    PersonRecord,
    RecordKind,
    Seniority,
    TeamMemberRecord,
    UnitKind,
    UnitRecord,
    UnitStatus,
)
from ingest import native_links
from ingest.activity_ids import activity_id
from ingest.bulk_stage import LeafStage
from ingest.problems import ProblemLog
from ingest.read_files import read_files
from ingest.source import Bundle
from ingest.staged import Staged
from ingest.table import FileSpec, Table
from ingest.titles import derive_seniority

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
        row.names_itself(id_, parent_id, "parent_id", "a unit cannot be its own parent")
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
        row.names_itself(id_, manager_id, "manager_id", "a person cannot report to themselves")
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
        row.names_itself(id_, manager_id, "manager_id", "a team member cannot report to themselves")
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
    (RELATIONSHIPS, RecordKind.RELATIONSHIP, native_links.relationships),
    (ACTIVITIES, RecordKind.ACTIVITY, native_links.activities),
    (PERSON_TIES, RecordKind.PERSON_TIE, native_links.person_ties),
    (EMPLOYMENT, RecordKind.EMPLOYMENT, _employment),
    (OPPORTUNITIES, RecordKind.OPPORTUNITY, _opportunities),
    (DELETIONS, RecordKind.DELETION, _deletions),
)
NATIVE_FILE_NAMES: Final = frozenset(spec.key for spec, _, _ in NATIVE_FILES)
__all__ = ["NATIVE_FILES", "NATIVE_FILE_NAMES", "activity_id", "read_native"]


def read_native(
    bundle: Bundle,
    encoding: str,
    progress: Callable[[str], None] | None = None,
    *,
    problems: ProblemLog | None = None,
    date_pattern: str | None = None,
    fallback: dict[str, int] | None = None,
    leaves: LeafStage | None = None,
) -> Staged:
    """Read and stage every native file the bundle holds; the link rows into
    ``leaves`` when given (see :mod:`ingest.bulk_stage`)."""
    st = Staged("powermap", problems=problems if problems is not None else ProblemLog())
    st.leaves = leaves
    steps = ((spec, _counted(st, kind, mapper)) for spec, kind, mapper in NATIVE_FILES)
    read_files(bundle, steps, encoding, st, progress, date_pattern, fallback)
    return st


def _counted(st: Staged, kind: RecordKind, mapper: Mapper) -> Callable[[Table], int]:
    """The mapper of one kind, its rows counted as read under the kind."""

    def read(table: Table) -> int:
        mapper(table, st)
        st.tally(kind).read += table.rows_read
        return table.rows_read

    return read
