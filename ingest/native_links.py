"""The native dialect's link files: relationships, activities and person ties, the
large files of a bundle.

Each row is checked cell by cell here, on a fast path for plainly valid cells (a
row failing it is parsed again to say why). A valid row goes to the load's
:class:`ingest.bulk_stage.LeafStage` when it has one (duplicates are then found by
SQL once the file is read), else into the :class:`Staged` dicts.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Final

from graph.schema import (
    ActivityRecord,
    ActivityType,
    PersonTieRecord,
    RecordKind,
    RelationshipRecord,
    TieKind,
)
from ingest.activity_ids import activity_id
from ingest.errors import Problem
from ingest.staged import Staged
from ingest.table import Row, Table
from ingest.values import quick_date

_intern = sys.intern
_ACTIVITY_TYPES: Final = {t.value: t for t in ActivityType}
_TIE_KINDS: Final = {k.value: k for k in TieKind}


def _staged_file_read(st: Staged, kind: RecordKind, file: str, column: str) -> None:
    """Once a file's rows of ``kind`` are in the stage: the rows whose key an
    earlier row holds (found by SQL), each a problem at ``column``."""
    assert st.leaves is not None
    st.leaves.files[kind] = file
    rejected = 0
    for line, first, value in st.leaves.duplicates(kind):
        reason = f"duplicate {kind.value}: already on line {first}"
        st.problems.append(Problem(file, line, column, value, reason))
        rejected += 1
    st.tally(kind).rejected += rejected


_Relationship = tuple[str, str, float | None, dt.date | None, int | None, str, dt.date | None]


def _relationship(row: Row, cells: tuple[str, ...]) -> _Relationship | None:
    """The values of a relationships row (team member, person, strength, last
    contact, touches, source, created on); None when the row is rejected."""
    tm, person, strength_raw, last_raw, touches_raw, source, created_raw = cells
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
            return None
    return tm, person, strength, last_contact, touches, source, created_on


def relationships(table: Table, st: Staged) -> None:
    kind = RecordKind.RELATIONSHIP
    staged, rejected = st.relationships, st.rejected_of(kind)
    stage = st.leaves
    fetch = table.fetcher(
        "team_member_id", "person_id", "strength", "last_contact", "touches", "source", "created_on"
    )
    for row in table.rows():
        values = _relationship(row, fetch(row.values))
        if values is None:
            st.reject_row(kind, None, row.file, row.line)
            continue
        tm, person, strength, last_contact, touches, source, created_on = values
        if stage is not None:
            stage.add(
                kind,
                (
                    tm,
                    person,
                    strength,
                    None if last_contact is None else last_contact.isoformat(),
                    touches,
                    source.strip() or None,
                    None if created_on is None else created_on.isoformat(),
                    row.line,
                ),
            )
            continue
        key = (_intern(tm), _intern(person))
        record = RelationshipRecord(
            key[0], key[1], strength, last_contact, touches, source.strip() or None, created_on
        )
        if key in staged or key in rejected:
            st.add(staged, kind, key, record, row.file, row.line, "person_id", person)
        else:
            staged[key] = (record, row.file, row.line)
    if stage is not None:
        _staged_file_read(st, kind, table.file, "person_id")


def activities(table: Table, st: Staged) -> None:
    kind = RecordKind.ACTIVITY
    staged = st.activities
    stage = st.leaves
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
        if stage is not None:
            # The id (which numbers identical twins) is given once all rows are staged.
            stage.add(kind, (tm, person, type_raw, date.isoformat(), row.line))
            continue
        tm, person = _intern(tm), _intern(person)
        key = (tm, person, type_raw, date)
        occurrence = occurrences.get(key, 0)
        occurrences[key] = occurrence + 1
        id_ = activity_id(tm, person, type_raw, date.isoformat(), occurrence)
        staged[id_] = (ActivityRecord(id_, tm, person, type_, date), row.file, row.line)
    if stage is not None:
        stage.files[kind] = table.file
        stage.flush(kind)


def person_ties(table: Table, st: Staged) -> None:
    kind = RecordKind.PERSON_TIE
    staged, rejected = st.person_ties, st.rejected_of(kind)
    stage = st.leaves
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
        lo, hi = (a, b) if a < b else (b, a)
        if stage is not None:
            created = None if created_on is None else created_on.isoformat()
            stage.add(kind, (a, b, strength, tie_kind.value, created, lo, hi, row.line))
            continue
        a, b = _intern(a), _intern(b)
        record = PersonTieRecord(a, b, strength, tie_kind, created_on)
        pair = (_intern(lo), _intern(hi))
        if pair in staged or pair in rejected:
            st.add(staged, kind, pair, record, row.file, row.line, "other_person_id", b)
        else:
            staged[pair] = (record, row.file, row.line)
    if stage is not None:
        _staged_file_read(st, kind, table.file, "other_person_id")
