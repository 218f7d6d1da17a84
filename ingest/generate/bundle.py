"""Writing a native bundle (FORMAT.md) row by row: the files, their headers, dates.

The generators hand rows (sequences of strings) to one :class:`BundleWriter`, which
streams them to CSV and counts them, so even the largest scale never holds the
whole bundle in memory.

>>> iso(738000)
'2021-07-29'
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Final, Literal, Self

from ingest.generate.created import DATED_FILES, CreationDates

if TYPE_CHECKING:
    from _csv import Writer

# File name -> header, exactly as FORMAT.md names the columns of the native bundle.
BUNDLE_FILES: Final[dict[str, tuple[str, ...]]] = {
    "accounts.csv": ("id", "name", "industry", "country", "tier", "status"),
    "units.csv": (
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
    "people.csv": (
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
    "team.csv": ("id", "name", "email", "role", "manager_id", "created_on"),
    "account_team.csv": ("team_member_id", "account_id", "role"),
    "relationships.csv": (
        "team_member_id",
        "person_id",
        "strength",
        "last_contact",
        "touches",
        "source",
        "created_on",
    ),
    "activities.csv": ("team_member_id", "person_id", "type", "date"),
    "person_ties.csv": ("person_id", "other_person_id", "kind", "strength", "created_on"),
    "employment_history.csv": ("person_id", "unit_id", "from", "until"),
    "opportunities.csv": (
        "id",
        "account_id",
        "unit_id",
        "stage",
        "won",
        "amount",
        "close_date",
    ),
}

Row = Sequence[str]


@lru_cache(maxsize=8192)
def iso(ordinal: int) -> str:
    """The ISO date of a proleptic Gregorian ordinal (cached: dates repeat a lot)."""
    return dt.date.fromordinal(ordinal).isoformat()


def strength_text(value: float) -> str:
    """A strength in [0, 1] with two decimals, the same text on every platform.

    >>> strength_text(0.8049), strength_text(1.0)
    ('0.80', '1.00')
    """
    return f"{min(1.0, max(0.0, value)):.2f}"


class BundleWriter:
    """Open every file of a native bundle in ``out`` and append rows to them.

    Use as a context manager; :attr:`rows` counts the data rows per file.
    """

    def __init__(self, out: Path, dates: CreationDates | None = None) -> None:
        # The files of DATED_FILES end with created_on, filled from ``dates``.
        self._open(out, dates, BUNDLE_FILES, lineterminator="\n")

    def _open(
        self,
        out: Path,
        dates: CreationDates | None,
        files: dict[str, tuple[str, ...]],
        *,
        lineterminator: str,
        quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
    ) -> None:
        """Create ``files`` in ``out``, each with its header: the native bundle's,
        or a CRM dialect's own (a dialect's writer opens no native file)."""
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self._dates = dates
        self.rows: dict[str, int] = dict.fromkeys(files, 0)
        self._files: dict[str, IO[str]] = {}
        self._writers: dict[str, Writer] = {}
        for name, header in files.items():
            handle = (out / name).open("w", encoding="utf-8", newline="")
            self._files[name] = handle
            writer = csv.writer(handle, quoting=quoting, lineterminator=lineterminator)
            writer.writerow(header)
            self._writers[name] = writer

    def _dated(self, name: str, row: Row) -> Row:
        """The row with its ``created_on`` (empty without ``dates``) when its file has one."""
        if name not in DATED_FILES:
            return row
        return (*row, "" if self._dates is None else self._dates.of_row(name, row))

    def _write(self, name: str, row: Iterable[str]) -> None:
        """One row into the file ``name`` (of the files this writer opened), counted."""
        self._writers[name].writerow(row)
        self.rows[name] += 1

    def add(self, name: str, row: Row) -> None:
        self._write(name, self._dated(name, row))

    def extend(self, name: str, rows: Iterable[Row]) -> None:
        batch = [self._dated(name, r) for r in rows]
        self._writers[name].writerows(batch)
        self.rows[name] += len(batch)

    def account_done(self) -> None:
        """Nothing written from now on refers to the people of the accounts so far."""
        if self._dates is not None:
            self._dates.forget_people()

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def split_name(full: str) -> tuple[str, str]:
    """(first name, last name) of a generated full name, as a CRM's two name
    fields hold it: a one-word name is all last name.

    >>> split_name("Ada Lovelace"), split_name("Plato"), split_name("Jean de Florette")
    (('Ada', 'Lovelace'), ('', 'Plato'), ('Jean', 'de Florette'))
    """
    first, _, last = full.partition(" ")
    return (first, last) if last else ("", first)


class DialectWriter(BundleWriter):
    """A CRM dialect's writer: takes the native rows (``add``/``extend`` by native
    file name) one by one and writes each as its dialect's objects, into files it
    opens with :meth:`_open`."""

    def add(self, name: str, row: Row) -> None:
        raise NotImplementedError

    def extend(self, name: str, rows: Iterable[Row]) -> None:
        for row in rows:
            self.add(name, row)
