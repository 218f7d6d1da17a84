"""Captured-contact sightings in Neo4j: the rows :class:`graph.neo4j_store.Neo4jStore`
sends and reads back (see :mod:`graph.captured` and the constants at the end of
:mod:`graph.cypher`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from neo4j import Record

from graph.captured import EmailDirectory, PersonEmail, SightingRecord
from graph.neo4j_rows import native
from graph.schema import ActivityType


def sighting_id(s: SightingRecord) -> str:
    """The node id of a sighting: its key, hashed to a fixed length.

    >>> s = SightingRecord("a@x.com", "m", "T1", "A1", ActivityType.EMAIL, dt.date(2026, 1, 2))
    >>> len(sighting_id(s))
    32
    """
    key = "\x1f".join((s.address, s.signal_id, s.team_member_id))
    return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def rows(sightings: Sequence[SightingRecord]) -> list[dict[str, Any]]:
    unique = {sighting_id(s): s for s in sightings}
    return [
        {
            "id": key,
            "address": s.address,
            "signal_id": s.signal_id,
            "team_member_id": s.team_member_id,
            "account_id": s.account_id,
            "type": s.type.value,
            "date": s.date,
        }
        for key, s in unique.items()
    ]


def record(r: Record) -> SightingRecord:
    date = native(r["date"])
    assert isinstance(date, dt.date)
    return SightingRecord(
        r["address"],
        r["signal_id"],
        r["team_member_id"],
        r["account_id"],
        ActivityType(r["type"]),
        date,
    )


def directory(team: Iterable[Record], people: Iterable[Record]) -> EmailDirectory:
    return EmailDirectory(
        team_members=tuple(sorted((r["id"], r["email"]) for r in team if r["email"])),
        people=tuple(
            sorted(
                (PersonEmail(r["id"], r["account_id"], r["email"]) for r in people if r["email"]),
                key=lambda p: p.id,
            )
        ),
    )
