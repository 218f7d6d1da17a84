"""Every problem of a load, grouped by severity, file, column and reason, in bounded
memory: counts per group and the first examples of each; the rest go only to the
CSV files asked for (``--problems``, ``--rejects``) as they arrive.

A 158 KB zip of identical bad rows once made 2.56 million problem objects (818 MB);
here it makes one group with a count and a few examples.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

from ingest.errors import ERROR, WARNING, Problem, Severity

#: Examples kept in memory (and listed in the JSON report) per group.
EXAMPLES_PER_GROUP: Final = 20
#: Distinct groups kept apart; further reasons of a file and column share one group.
MAX_GROUPS: Final = 500
OTHER_REASONS: Final = "other reasons (see the problems file)"

_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_ORIGIN: Final = re.compile(r"\((?:[^()\s]+):\d+\)")
_LINE: Final = re.compile(r"\bline \d+\b")
_SFID: Final = re.compile(r"\b(?=[0-9A-Za-z]*[0-9])[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?\b")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (OWASP CSV
    injection): a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
    quote in front.

    >>> neutralise('=HYPERLINK("http://x")'), neutralise("-3"), neutralise("Acme")
    ('\\'=HYPERLINK("http://x")', "'-3", 'Acme')
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def generic_reason(reason: str) -> str:
    """The reason with the parts that vary per row (ids, origins, line numbers)
    blanked, so one cause makes one group.

    >>> generic_reason("depends on rejected account 001A0000006Vm9rIAC (Account.csv:4)")
    'depends on rejected account … (…)'
    >>> generic_reason("duplicate person: already on line 12")
    'duplicate person: already on line …'
    """
    out = _ORIGIN.sub("(…)", reason)
    out = _LINE.sub("line …", out)
    return _SFID.sub("…", out)


@dataclass(slots=True)
class ProblemGroup:
    severity: Severity
    file: str
    column: str
    reason: str
    count: int = 0
    examples: list[Problem] = field(default_factory=list)


class ProblemCsv:
    """A CSV file of problems, written as they arrive, every text cell neutralised.
    ``errors_only`` makes the rejects file (no severity column)."""

    def __init__(self, path: Path, *, errors_only: bool) -> None:
        self.path = path
        self.errors_only = errors_only
        self.rows = 0
        self._out: IO[str] | None = None
        self._writer: csv.DictWriter[str] | None = None

    def _open(self) -> csv.DictWriter[str]:
        self._out = self.path.open("w", encoding="utf-8", newline="")
        head = ["file", "line", "column", "value", "reason"]
        if not self.errors_only:
            head = ["severity", *head]
        writer = csv.DictWriter(self._out, head)
        writer.writeheader()
        self._writer = writer
        return writer

    def write(self, p: Problem) -> None:
        if self.errors_only and p.severity != ERROR:
            return
        writer = self._writer or self._open()
        row = {
            "file": neutralise(p.file),
            "line": p.line,
            "column": neutralise(p.column),
            "value": neutralise(p.value),
            "reason": neutralise(p.reason),
        }
        if not self.errors_only:
            row["severity"] = p.severity
        writer.writerow(row)
        self.rows += 1

    def close(self, *, always: bool) -> None:
        """Close the file; ``always`` writes the header of a file with no rows."""
        if self._writer is None and always:
            self._open()
        if self._out is not None:
            self._out.close()
            self._out = None


class ProblemLog:
    """Collects problems: ``append``/``extend`` as a list would, grouped."""

    def __init__(self, sinks: Iterable[ProblemCsv] = (), examples: int = EXAMPLES_PER_GROUP):
        self.sinks = list(sinks)
        self.examples_per_group = examples
        self.groups: dict[tuple[str, str, str, str], ProblemGroup] = {}
        self.errors = 0
        self.warnings = 0
        self.primary_errors = 0

    def append(self, p: Problem) -> None:
        if p.severity == WARNING:
            self.warnings += 1
        else:
            self.errors += 1
            self.primary_errors += p.primary
        reason = generic_reason(p.reason)
        key = (p.severity, p.file, p.column, reason)
        group = self.groups.get(key)
        if group is None:
            if len(self.groups) >= MAX_GROUPS:
                key = (p.severity, p.file, p.column, OTHER_REASONS)
                reason = OTHER_REASONS
                group = self.groups.get(key)
            if group is None:
                group = self.groups[key] = ProblemGroup(p.severity, p.file, p.column, reason)
        group.count += 1
        if len(group.examples) < self.examples_per_group:
            group.examples.append(p)
        for sink in self.sinks:
            sink.write(p)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.append(p)

    def __len__(self) -> int:
        return self.errors + self.warnings

    def __iter__(self) -> Iterator[Problem]:
        """The examples kept in memory (every problem when groups are small)."""
        for group in self.groups.values():
            yield from group.examples

    def examples(self, severity: Severity, file_order: dict[str, int]) -> list[Problem]:
        """Kept examples of one severity, by file (in reading order) and line."""
        found = [p for p in self if p.severity == severity]
        last = len(file_order)
        return sorted(found, key=lambda p: (file_order.get(p.file, last), p.line))

    def ordered_groups(self, file_order: dict[str, int]) -> list[ProblemGroup]:
        """Errors before warnings, then by file (reading order), column, count."""
        last = len(file_order)
        return sorted(
            self.groups.values(),
            key=lambda g: (g.severity != ERROR, file_order.get(g.file, last), g.column, -g.count),
        )

    def close(self) -> None:
        for sink in self.sinks:
            sink.close(always=not sink.errors_only)
