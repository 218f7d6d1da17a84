"""Captured contacts: addresses at a customer's domains that corresponded with our
team but match no person in the store ("who are we missing?", issue 19).

A store keeps one **sighting** per (address, message or meeting occurrence, team
member): the signal id is derived from the Message-ID or the calendar UID and
occurrence, so loading the same mail twice, or in two halves, stores the same rows.
What a captured contact shows (first and last seen, message and meeting counts, the
team members who corresponded) is aggregated from its sightings when read.

Captured contacts are not part of the account graph: they are no relationship
until they become people (``powermap promote``, or a later load that brings a
person with that e-mail).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from graph.schema import ActivityType, KindCounts


@dataclass(frozen=True, slots=True)
class SightingRecord:
    """One message or meeting occurrence between a team member and an address."""

    address: str  # normalised: lower case, plus-tag stripped
    signal_id: str  # opaque: a hash of the Message-ID, or of UID + occurrence
    team_member_id: str
    account_id: str
    type: ActivityType  # email or meeting
    date: dt.date


@dataclass(frozen=True, slots=True)
class CapturedContact:
    """A captured contact as listed per account, aggregated from its sightings."""

    address: str
    account_id: str
    first_seen: dt.date
    last_seen: dt.date
    messages: int
    meetings: int
    team_member_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonEmail:
    id: str
    account_id: str
    email: str


@dataclass(frozen=True, slots=True)
class EmailDirectory:
    """Every stored e-mail address of team members and people (ingest matches mail
    headers against it)."""

    team_members: tuple[tuple[str, str], ...]  # (id, email)
    people: tuple[PersonEmail, ...]


@runtime_checkable
class CapturedStore(Protocol):
    """The reads and writes of captured contacts; both stores implement them."""

    def email_directory(self) -> EmailDirectory:
        """Every team member and person with an e-mail, ordered by id."""
        ...

    def put_sightings(self, sightings: Sequence[SightingRecord]) -> KindCounts:
        """Upsert sightings by (address, signal_id, team_member_id), in one
        transaction: ``created`` new ones, ``unchanged`` those already stored."""
        ...

    def sightings(self, addresses: Iterable[str]) -> list[SightingRecord]:
        """The sightings of the given addresses, ordered by (address, date, signal)."""
        ...

    def captured_addresses(self) -> set[str]:
        """Every address that has sightings (a CRM load checks its people against it)."""
        ...

    def delete_sightings(self, addresses: Iterable[str]) -> int:
        """Remove every sighting of the addresses (they became people); how many."""
        ...

    def captured_of_account(self, account_id: str) -> list[CapturedContact]:
        """The account's captured contacts, most sightings first, then by address."""
        ...


def aggregate(sightings: Iterable[SightingRecord]) -> list[CapturedContact]:
    """Captured contacts from their sightings: most signals first, then by address.

    >>> s = SightingRecord("a@x.com", "m1", "T1", "A1", ActivityType.EMAIL, dt.date(2026, 1, 2))
    >>> t = SightingRecord("a@x.com", "m1", "T2", "A1", ActivityType.EMAIL, dt.date(2026, 1, 2))
    >>> aggregate([s, t])[0].messages, aggregate([s, t])[0].team_member_ids
    (1, ('T1', 'T2'))
    """
    grouped: dict[str, list[SightingRecord]] = {}
    for s in sightings:
        grouped.setdefault(s.address, []).append(s)
    found: list[CapturedContact] = []
    for address, rows in grouped.items():
        emails = {r.signal_id for r in rows if r.type is ActivityType.EMAIL}
        meetings = {r.signal_id for r in rows if r.type is ActivityType.MEETING}
        dates = [r.date for r in rows]
        found.append(
            CapturedContact(
                address=address,
                # an address whose domain two accounts share sits with the first account
                account_id=min(r.account_id for r in rows),
                first_seen=min(dates),
                last_seen=max(dates),
                messages=len(emails),
                meetings=len(meetings),
                team_member_ids=tuple(sorted({r.team_member_id for r in rows})),
            )
        )
    found.sort(key=lambda c: (-(c.messages + c.meetings), c.address))
    return found
