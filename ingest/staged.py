"""The records a bundle maps to, each with the file and line it came from, before
cross-row validation decides which of them are written.

Both dialects fill one :class:`Staged`; validation and the load work on it alone,
so they do not know which dialect the rows came from.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Final, TypeVar

from graph.plan import StreamedBatch
from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    ActivityRecord,
    Batch,
    Deletion,
    EmploymentRecord,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RecordKind,
    RelationshipRecord,
    TeamMemberRecord,
    UnitRecord,
)
from ingest.bulk_stage import LINKS, LeafStage
from ingest.errors import WARNING, Problem
from ingest.problems import ProblemLog

#: The longest id a bundle may define: what the API accepts in a path or query.
MAX_ID_CHARS: Final = 256
#: Characters an id may not hold: "/" (servers decode %2F before routing) and
#: control characters (C0, DEL, C1).
_ID_FORBIDDEN = re.compile(r"[/\x00-\x1f\x7f-\x9f]")
#: Kinds whose ids a bundle defines and the API addresses.
_ID_KINDS: Final = frozenset(
    {
        RecordKind.ACCOUNT,
        RecordKind.UNIT,
        RecordKind.PERSON,
        RecordKind.TEAM_MEMBER,
        RecordKind.OPPORTUNITY,
    }
)


def id_syntax_error(value: str) -> str | None:
    """Why ``value`` cannot be an id, or None. An id must travel as one URL path
    segment: 1 to 256 characters, no "/", no control character, not "." or "..".

    >>> id_syntax_error("0015g00000AbCdE"), id_syntax_error("R&D (Europe)")
    (None, None)
    >>> id_syntax_error("a/b")
    'not a usable id: it holds "/"; ids travel in URL paths (1 to 256 characters, no "/" or control characters, not "." or "..")'
    """  # noqa: E501
    if value in (".", ".."):
        what = f'it is "{value}"'
    elif len(value) > MAX_ID_CHARS:
        what = f"it is {len(value)} characters long"
    elif (bad := _ID_FORBIDDEN.search(value)) is not None:
        char = bad.group()
        what = 'it holds "/"' if char == "/" else f"it holds the control character {char!r}"
    else:
        return None
    return (
        f"not a usable id: {what}; ids travel in URL paths (1 to {MAX_ID_CHARS} characters, "
        'no "/" or control characters, not "." or "..")'
    )


K = TypeVar("K")
R = TypeVar("R")
Origin = tuple[str, int]  # (file, line)
#: A staged record: (record, file, line).
Entry = tuple[R, str, int]


@dataclass(slots=True)
class Tally:
    """Rows of one record kind: read (mapped to this kind), rejected, skipped; and
    records derived from other rows (placeholder team members, department units)."""

    read: int = 0
    rejected: int = 0
    skipped: int = 0
    derived: int = 0


@dataclass(slots=True)
class Staged:
    dialect: str
    accounts: dict[str, Entry[AccountRecord]] = field(default_factory=dict)
    units: dict[str, Entry[UnitRecord]] = field(default_factory=dict)
    people: dict[str, Entry[PersonRecord]] = field(default_factory=dict)
    team_members: dict[str, Entry[TeamMemberRecord]] = field(default_factory=dict)
    account_teams: dict[tuple[str, str], Entry[AccountTeamRecord]] = field(default_factory=dict)
    relationships: dict[tuple[str, str], Entry[RelationshipRecord]] = field(default_factory=dict)
    activities: dict[str, Entry[ActivityRecord]] = field(default_factory=dict)
    person_ties: dict[tuple[str, str], Entry[PersonTieRecord]] = field(default_factory=dict)
    employments: dict[tuple[str, str, object], Entry[EmploymentRecord]] = field(
        default_factory=dict
    )
    opportunities: dict[str, Entry[OpportunityRecord]] = field(default_factory=dict)
    deletions: dict[tuple[str, str], Entry[Deletion]] = field(default_factory=dict)
    #: keys of rows rejected, per kind: a later row with the same key is still a
    #: duplicate, and rows referring to a rejected id are rejected in turn.
    rejected: dict[RecordKind, dict[object, Origin]] = field(default_factory=dict)
    problems: ProblemLog = field(default_factory=ProblemLog)
    tallies: dict[RecordKind, Tally] = field(default_factory=dict)
    skipped_reasons: Counter[str] = field(default_factory=Counter)
    unknown_columns: dict[str, list[str]] = field(default_factory=dict)
    file_rows: dict[str, int] = field(default_factory=dict)
    #: (file, record field) -> the column that file holds it in, when they differ
    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    #: record kind -> the file(s) such ids come from, for "unknown ..." messages
    sources: dict[RecordKind, str] = field(default_factory=dict)
    #: a partial export (Salesforce): a reference outside the bundle and the store
    #: loses only that link (a warning), not the row
    partial: bool = False
    #: where the link rows go instead of the dicts above (a native bundle loaded
    #: into the embedded store): see :mod:`ingest.bulk_stage`
    leaves: LeafStage | None = None

    def tally(self, kind: RecordKind) -> Tally:
        found = self.tallies.get(kind)
        if found is None:
            found = self.tallies[kind] = Tally()
        return found

    def rejected_of(self, kind: RecordKind) -> dict[object, Origin]:
        found = self.rejected.get(kind)
        if found is None:
            found = self.rejected[kind] = {}
        return found

    def reject_row(self, kind: RecordKind, key: object, file: str, line: int) -> None:
        """Count a row whose problems are already recorded; remember its key."""
        self.tally(kind).rejected += 1
        if key is not None and key != "":
            self.rejected_of(kind).setdefault(key, (file, line))

    def skip(self, kind: RecordKind, reason: str) -> None:
        self.tally(kind).skipped += 1
        self.skipped_reasons[reason] += 1

    def warn(self, file: str, line: int, column: str, value: str, reason: str) -> None:
        """A link or signal lost while its row loads (or a row skipped on purpose)."""
        self.problems.append(Problem(file, line, column, value, reason, severity=WARNING))

    def add(
        self,
        table: dict[K, Entry[R]],
        kind: RecordKind,
        key: K,
        record: R,
        file: str,
        line: int,
        column: str,
        value: str,
    ) -> bool:
        """Stage a record unless its key was seen before (a duplicate problem) or,
        for a kind the API addresses by id, the id cannot travel in a URL."""
        if kind in _ID_KINDS and isinstance(key, str) and (why := id_syntax_error(key)):
            self.problems.append(Problem(file, line, column, value, why))
            self.tally(kind).rejected += 1
            self.rejected_of(kind).setdefault(key, (file, line))
            return False
        first = table.get(key)
        origin = (first[1], first[2]) if first is not None else self.rejected_of(kind).get(key)
        if origin is not None:
            where = f"line {origin[1]}" if origin[0] == file else f"{origin[0]}:{origin[1]}"
            self.problems.append(
                Problem(file, line, column, value, f"duplicate {kind.value}: already on {where}")
            )
            self.tally(kind).rejected += 1
            return False
        table[key] = (record, file, line)
        return True

    def column(self, file: str, name: str) -> str:
        """The column a file spells a record field as (Salesforce: ``WhoId`` for
        ``person_id``); the field name itself for the native dialect."""
        return self.columns.get((file, name), name)

    def drop(
        self,
        table: dict[K, Entry[R]],
        kind: RecordKind,
        key: K,
        name: str,
        value: str,
        verdict: tuple[str, bool],
    ) -> None:
        """Reject a staged record during validation: ``verdict`` is (reason, primary)."""
        _, file, line = table.pop(key)
        reason, primary = verdict
        self.problems.append(Problem(file, line, self.column(file, name), value, reason, primary))
        self.tally(kind).rejected += 1
        self.rejected_of(kind)[key] = (file, line)

    def lose(
        self,
        table: dict[K, Entry[R]],
        kind: RecordKind,
        key: K,
        name: str,
        value: str,
        reason: str,
    ) -> None:
        """Skip a staged row whose reference is outside the export (a warning)."""
        _, file, line = table.pop(key)
        self.skip(kind, "refers_outside_the_export")
        self.warn(file, line, self.column(file, name), value, reason)

    def unlink(self, table: dict[K, Entry[R]], key: K, name: str, value: str, reason: str) -> None:
        """Keep a staged row without the link in its field ``name`` (a warning)."""
        record, file, line = table[key]
        table[key] = (dataclasses.replace(record, **{name: None}), file, line)  # type: ignore[type-var]
        self.warn(file, line, self.column(file, name), value, reason)

    def to_batch(self) -> Batch:
        if self.leaves is not None:
            streamed = frozenset(k for k in LINKS if k in self.leaves.files)
            return StreamedBatch(
                accounts=[e[0] for e in self.accounts.values()],
                units=[e[0] for e in self.units.values()],
                people=[e[0] for e in self.people.values()],
                team_members=[e[0] for e in self.team_members.values()],
                account_teams=[e[0] for e in self.account_teams.values()],
                employments=[e[0] for e in self.employments.values()],
                opportunities=[e[0] for e in self.opportunities.values()],
                deletions=[e[0] for e in self.deletions.values()],
                streams=self.leaves,
                streamed=streamed,
            )
        return Batch(
            accounts=[e[0] for e in self.accounts.values()],
            units=[e[0] for e in self.units.values()],
            people=[e[0] for e in self.people.values()],
            team_members=[e[0] for e in self.team_members.values()],
            account_teams=[e[0] for e in self.account_teams.values()],
            relationships=[e[0] for e in self.relationships.values()],
            activities=[e[0] for e in self.activities.values()],
            person_ties=[e[0] for e in self.person_ties.values()],
            employments=[e[0] for e in self.employments.values()],
            opportunities=[e[0] for e in self.opportunities.values()],
            deletions=[e[0] for e in self.deletions.values()],
        )
