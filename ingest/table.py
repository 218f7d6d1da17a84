"""One CSV file of a bundle as rows of cells, with the checks every file shares:
header, case-insensitive column names, size bounds, NUL bytes, encoding errors,
physical line numbers, and per-cell parsing that records problems instead of
raising."""

from __future__ import annotations

import csv
import datetime as dt
import operator
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TextIO, TypeVar

from ingest.encodings import decode_errors, fallback_bytes
from ingest.errors import BundleUnreadableError, Problem
from ingest.problems import ProblemLog
from ingest.source import Bundle
from ingest.values import (
    parse_bool,
    parse_date,
    parse_date_as,
    parse_float,
    parse_int,
    parse_strength,
)

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FileSpec:
    """The columns a file may have (as FORMAT.md spells them) and which are required."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.name.lower()


@dataclass(slots=True)
class Table:
    """An open file: its header resolved against the spec."""

    file: str
    index: dict[str, int]  # spec column -> position
    width: int
    unknown: list[str]
    missing: frozenset[str]
    problems: ProblemLog
    _rows: Iterator[tuple[int, list[str]]] = field(repr=False)
    rows_read: int = 0  # data rows :meth:`rows` has yielded: the report's "read"
    #: ``strptime`` pattern of --date-format (ISO dates are read as well)
    date_pattern: str | None = None

    def rows(self) -> Iterator[Row]:
        """Every data row, as one reused :class:`Row` (do not keep it). Its values
        hold one cell per header column plus an empty cell, which :meth:`fetcher`
        reads for columns the file does not have."""
        row = Row(self)
        width = self.width
        for line, values in self._rows:
            self.rows_read += 1
            count = len(values)
            row.line = line
            row.values = values
            row.n_bad = 0
            if count == width:
                values.append("")
            elif count < width:
                values.extend([""] * (width + 1 - count))
            else:
                extra = any(v.strip() for v in values[width:])
                del values[width:]
                values.append("")
                if extra:
                    row.bad("(row)", f"{count} values", f"the header has {width} columns")
            yield row

    def fetcher(self, *columns: str) -> Callable[[list[str]], tuple[str, ...]]:
        """The raw cells of ``columns`` (two or more) of a row in one call, for the
        fast path of large files; absent columns read as ``""``."""
        return operator.itemgetter(*(self.index.get(c, self.width) for c in columns))


class Row:
    """The current row of a table, with parsers that record a problem (and return
    ``None``) instead of raising."""

    __slots__ = ("_date", "_index", "_missing", "_sink", "file", "line", "n_bad", "values")

    def __init__(self, table: Table) -> None:
        self.file = table.file
        pattern = table.date_pattern
        self._date: Callable[[str], dt.date] = (
            parse_date if pattern is None else (lambda text: parse_date_as(text, pattern))
        )
        self._index = table.index
        self._missing = table.missing
        self._sink = table.problems
        self.line = 0
        self.values: list[str] = []
        self.n_bad = 0

    def reset(self, line: int, values: list[str]) -> None:
        self.line = line
        self.values = values
        self.n_bad = 0

    @property
    def ok(self) -> bool:
        return self.n_bad == 0

    def bad(self, column: str, value: str, reason: str, *, primary: bool = True) -> None:
        self.n_bad += 1
        self._sink.append(Problem(self.file, self.line, column, value, reason, primary))

    def names_itself(self, id_: str | None, other: str | None, column: str, reason: str) -> None:
        """A problem (``reason``, at ``column``) when the row's ``other`` reference
        is its own id: a unit its own parent, a person their own manager."""
        if id_ and other == id_:
            self.bad(column, self.get(column), reason)

    def get(self, column: str) -> str:
        """The stripped cell, ``""`` when empty or the column is absent."""
        i = self._index.get(column)
        return "" if i is None else self.values[i].strip()

    def text(self, column: str) -> str | None:
        return self.get(column) or None

    def required(self, column: str) -> str | None:
        value = self.get(column)
        if not value:
            if column in self._missing:
                self.bad(column, "", "the file has no such column (see line 1)", primary=False)
            else:
                self.bad(column, "", "missing value (required)")
            return None
        return value

    def _parse(self, column: str, parse: Callable[[str], T], required: bool) -> T | None:
        value = self.required(column) if required else self.get(column)
        if not value:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            self.bad(column, value, str(exc))
            return None

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        return self._parse(column, self._date, required)

    def float_(self, column: str, *, required: bool = False) -> float | None:
        return self._parse(column, parse_float, required)

    def int_(self, column: str) -> int | None:
        return self._parse(column, parse_int, False)

    def strength(self, column: str, *, required: bool = False) -> float | None:
        return self._parse(column, parse_strength, required)

    def bool_(self, column: str, default: bool = False) -> bool:
        value = self._parse(column, parse_bool, False)
        return default if value is None else value

    def enum(
        self,
        column: str,
        enum: type[E],
        *,
        required: bool = False,
        aliases: Mapping[str, E] | None = None,
    ) -> E | None:
        value = self.required(column) if required else self.get(column)
        if not value:
            return None
        low = value.lower()
        if aliases is not None and low in aliases:
            return aliases[low]
        try:
            return enum(low)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.bad(column, value, f"not one of: {allowed}")
            return None


class _RecordBound:
    """Characters read since the current record began; :func:`_bounded_lines`
    adds to it, :func:`_records` resets it after every record."""

    __slots__ = ("chars", "start")

    def __init__(self) -> None:
        self.chars = 0
        self.start = 1


def _bounded_lines(
    stream: TextIO, bound: _RecordBound, limit: int, file: str, max_columns: int
) -> Iterator[str]:
    """The stream's lines, refusing a record longer than ``limit`` characters while
    it is read: csv would first split all of it into cells (a 190 KB zip holding a
    100-million-column header took 1.24 GB before the column check)."""
    readline = stream.readline
    while line := readline(limit + 1):
        bound.chars += len(line)
        if bound.chars > limit:
            raise BundleUnreadableError(
                f"{file}:{bound.start}: a row longer than {limit} characters (the limit is "
                f"{max_columns} columns; often an unbalanced quote, or not a CSV file "
                "with commas); check the file"
            )
        yield line


def _records(
    stream: TextIO,
    file: str,
    encoding: str,
    max_columns: int,
    max_field: int,
    max_record: int,
) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, cells) of every non-empty record."""
    bound = _RecordBound()
    reader = csv.reader(_bounded_lines(stream, bound, max_record, file, max_columns))
    previous = 0
    try:
        for values in reader:
            line = previous + 1
            previous = reader.line_num
            bound.chars = 0
            bound.start = previous + 1
            if not values:
                continue
            if len(values) > max_columns:
                raise BundleUnreadableError(
                    f"{file}:{line}: {len(values)} columns, more than the limit of "
                    f"{max_columns}; is it really a CSV file with commas?"
                )
            yield line, values
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise BundleUnreadableError(
                f"{file}:{reader.line_num}: a value is longer than {max_field} characters "
                "(often an unbalanced quote); check the quoting"
            ) from None
        raise BundleUnreadableError(f"{file}:{reader.line_num}: not valid CSV ({exc})") from None


@contextmanager
def open_table(
    bundle: Bundle,
    spec: FileSpec,
    encoding: str,
    problems: ProblemLog,
    date_pattern: str | None = None,
    fallback: dict[str, int] | None = None,
) -> Iterator[Table]:
    """Open one file of the bundle and resolve its header against ``spec``; problems
    (of the header and of every row) are appended to ``problems``. With
    :data:`AUTO_ENCODING`, ``fallback`` receives the number of bytes of the file read
    as Windows-1252 (when any).

    A missing required column is a problem at line 1; its rows are still read so
    rows that depend on them can say why they were rejected.
    """
    limits = bundle.limits
    # The limit is the csv module's, process-wide: put back what it was, so a small
    # limit of one load does not cut the fields of every later csv reader.
    previous_limit = csv.field_size_limit(limits.max_field_chars)
    file = bundle.files[spec.key]
    counter = [0]
    token = fallback_bytes.set(counter)
    try:
        with decode_errors(bundle, spec.key, file, encoding):
            yield from _open(bundle, spec, encoding, problems, date_pattern, file)
    finally:
        csv.field_size_limit(previous_limit)
        fallback_bytes.reset(token)
        if counter[0] and fallback is not None:
            fallback[file] = counter[0]


def _open(
    bundle: Bundle,
    spec: FileSpec,
    encoding: str,
    problems: ProblemLog,
    date_pattern: str | None,
    file: str,
) -> Iterator[Table]:
    limits = bundle.limits
    with bundle.open_text(spec.key, encoding) as stream:
        records = _records(
            stream,
            file,
            encoding,
            limits.max_columns,
            limits.max_field_chars,
            limits.record_chars,
        )
        header_line, header = next(records, (1, []))
        by_lower = {c.lower(): c for c in spec.columns}
        index: dict[str, int] = {}
        unknown: list[str] = []
        for i, raw in enumerate(header):
            name = raw.strip()
            column = by_lower.get(name.lower())
            if column is None:
                if name:
                    unknown.append(name)
            elif column in index:
                problems.append(
                    Problem(file, header_line, column, name, "the column appears twice")
                )
            else:
                index[column] = i
        missing = frozenset(c for c in spec.required if c not in index)
        if header:
            problems.extend(
                Problem(file, header_line, c, "", "missing required column")
                for c in spec.required
                if c in missing
            )
        yield Table(file, index, len(header), unknown, missing, problems, records, 0, date_pattern)
