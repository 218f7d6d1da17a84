"""Captured-contact sightings in the embedded store: SQL on the store's own
connections (they are not part of the in-memory copy; see :mod:`graph.captured`)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from graph import sql
from graph.captured import EmailDirectory, PersonEmail, SightingRecord
from graph.embedded.memory import Memory, Table
from graph.schema import ActivityType, KindCounts

_TEAM_EMAIL, _PERSON_ACCOUNT, _PERSON_EMAIL = 2, 1, 8


def directory(mem: Memory) -> EmailDirectory:
    team = mem.rows[Table.TEAM_MEMBERS]
    people = mem.rows[Table.PEOPLE]
    return EmailDirectory(
        team_members=tuple((k, team[k][_TEAM_EMAIL]) for k in sorted(team) if team[k][_TEAM_EMAIL]),
        people=tuple(
            PersonEmail(k, people[k][_PERSON_ACCOUNT], people[k][_PERSON_EMAIL])
            for k in sorted(people)
            if people[k][_PERSON_EMAIL]
        ),
    )


def _row(s: SightingRecord) -> tuple[str, str, str, str, str, str]:
    return (
        s.address,
        s.signal_id,
        s.team_member_id,
        s.account_id,
        s.type.value,
        s.date.isoformat(),
    )


def _record(r: Sequence[Any]) -> SightingRecord:
    return SightingRecord(r[0], r[1], r[2], r[3], ActivityType(r[4]), dt.date.fromisoformat(r[5]))


def put(conn: sqlite3.Connection, sightings: Sequence[SightingRecord]) -> KindCounts:
    """Insert the sightings not stored yet; call inside a write transaction."""
    unique = list(dict.fromkeys(_row(s) for s in sightings))
    before = conn.total_changes
    conn.executemany(sql.INSERT_SIGHTING, unique)
    created = conn.total_changes - before
    return KindCounts(created=created, unchanged=len(unique) - created)


def delete(conn: sqlite3.Connection, addresses: Iterable[str]) -> int:
    before = conn.total_changes
    conn.executemany(sql.DELETE_SIGHTINGS_OF_ADDRESS, [(a,) for a in dict.fromkeys(addresses)])
    return conn.total_changes - before


def of_addresses(conn: sqlite3.Connection, addresses: Iterable[str]) -> list[SightingRecord]:
    wanted = json.dumps(sorted(set(addresses)))
    return [_record(r) for r in conn.execute(sql.SELECT_SIGHTINGS_OF_ADDRESSES, (wanted,))]


def addresses(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute(sql.SELECT_SIGHTING_ADDRESSES)}


def of_account(conn: sqlite3.Connection, account_id: str) -> list[SightingRecord]:
    return [_record(r) for r in conn.execute(sql.SELECT_SIGHTINGS_OF_ACCOUNT, (account_id,))]
