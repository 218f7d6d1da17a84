"""Believable creation dates for generated bundles (DOMAIN.md, "Time"): the
``created_on`` column of units, people, team members, relationships and ties.

Each date is a deterministic function of the seed and the record's ids, so a
relationship's date can be worked out without having seen its people's rows
(the scale generator writes the team last). The shape of the history:

* units: most set up 8 to 15 years before the anchor, one in seven 1 to 4 years;
* team members: hired 1 to 9 years before the anchor;
* people: in the CRM 3 to 10 years before the anchor, one in eight a recent hire
  (60 days to 3 years); never after they left, nor before their unit;
* relationships: begun between the later of their two people and their last
  contact (or 30 days before the anchor), so a given strength has a history;
* ties: begun after both people are in the CRM.

Everything is at least 30 days before the anchor: the anchor's own answers are
those of a bundle without creation dates.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from typing import Final

YEAR: Final = 365
SETTLED: Final = 30  # days before the anchor by which everything exists

#: File -> the columns that feed its creation date (by position in its row).
DATED_FILES: Final = frozenset(
    {"units.csv", "people.csv", "team.csv", "relationships.csv", "person_ties.csv"}
)


class CreationDates:
    """Creation dates for the rows of one bundle (seed and anchor fixed)."""

    def __init__(self, seed: int, anchor: int) -> None:
        self.seed = seed
        self.anchor = anchor  # proleptic ordinal
        # People's dates as their rows were written (after their unit, before
        # they left), which the generators write before their ties.
        self._people: dict[str, int] = {}

    def _fraction(self, *keys: str) -> float:
        text = "\x1f".join((str(self.seed), *keys)).encode()
        return zlib.crc32(text) / 0xFFFFFFFF

    def _between(self, low_days: int, high_days: int, *keys: str) -> int:
        """An ordinal between ``high_days`` and ``low_days`` before the anchor."""
        span = high_days - low_days
        return self.anchor - low_days - int(self._fraction(*keys) * span)

    def unit(self, unit_id: str) -> int:
        if self._fraction("unit-new", unit_id) < 1 / 7:
            return self._between(YEAR, 4 * YEAR, "unit", unit_id)
        return self._between(8 * YEAR, 15 * YEAR, "unit", unit_id)

    def team_member(self, team_member_id: str) -> int:
        return self._between(YEAR, 9 * YEAR, "team", team_member_id)

    def forget_people(self) -> None:
        """Drop the dates of the people written so far: once an account is written
        nothing refers to its people again, and a 5-million-person bundle would
        otherwise keep them all."""
        self._people.clear()

    def person(self, person_id: str) -> int:
        written = self._people.get(person_id)
        if written is not None:
            return written
        if self._fraction("hire", person_id) < 1 / 8:
            return self._between(60, 3 * YEAR, "person", person_id)
        return self._between(3 * YEAR, 10 * YEAR, "person", person_id)

    def relationship(self, team_member_id: str, person_id: str, last_contact: str) -> int:
        start = max(self.team_member(team_member_id), self.person(person_id))
        end = self.anchor - SETTLED
        if last_contact:
            end = min(end, dt.date.fromisoformat(last_contact).toordinal())
        if end <= start:
            return min(start, end)
        return start + int(self._fraction("rel", team_member_id, person_id) * (end - start))

    def tie(self, a: str, b: str) -> int:
        start = max(self.person(a), self.person(b))
        end = self.anchor - SETTLED
        if end <= start:
            return end
        return start + int(self._fraction("tie", a, b) * (end - start))

    def of_row(self, name: str, row: Sequence[str]) -> str:
        """The creation date of a row of the bundle file ``name`` (ISO)."""
        match name:
            case "units.csv":
                day = self.unit(row[0])
            case "team.csv":
                day = self.team_member(row[0])
            case "people.csv":
                day = self.person(row[0])
                unit_id, left_on = row[2], row[9]
                if unit_id:
                    day = max(day, self.unit(unit_id))
                if left_on:
                    day = min(day, dt.date.fromisoformat(left_on).toordinal() - SETTLED)
                self._people[row[0]] = day
            case "relationships.csv":
                day = self.relationship(row[0], row[1], row[3])
            case "person_ties.csv":
                day = self.tie(row[0], row[1])
            case _:
                raise ValueError(f"{name} has no creation dates")
        return dt.date.fromordinal(day).isoformat()
