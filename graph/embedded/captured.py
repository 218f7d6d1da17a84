"""Captured-contact sightings in the embedded store: SQL on the store's own
connections (they are not part of the in-memory copy; see :mod:`graph.captured`)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from graph import sql
from graph.captured import (
    CapturedContact,
    EmailDirectory,
    PersonEmail,
    SightingRecord,
    aggregate,
)
from graph.embedded import connection
from graph.embedded.memory import Memory, Table
from graph.errors import NotFoundError, StoreUnavailableError, StoreWriteError
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


class CapturedMixin:
    """:class:`graph.captured.CapturedStore` for :class:`graph.embedded.EmbeddedStore`
    (issue 19). Sightings live in SQLite only; a write that changes them bumps the
    revision, so cached answers refresh."""

    # Provided by EmbeddedStore.
    _path: Path
    _busy_timeout: float
    _write_lock: threading.Lock
    _lock: threading.RLock
    _writer: sqlite3.Connection | None
    _reader: sqlite3.Connection
    _mem: Memory | None

    def _current(self) -> Memory:
        raise NotImplementedError

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        raise NotImplementedError

    def email_directory(self) -> EmailDirectory:
        with self._lock:
            return directory(self._current())

    def put_sightings(self, sightings: Sequence[SightingRecord]) -> KindCounts:
        return self._write_sightings(lambda conn: put(conn, sightings))

    def delete_sightings(self, addresses: Iterable[str]) -> int:
        wanted = list(addresses)
        return self._write_sightings(lambda conn: delete(conn, wanted)).deleted

    def _write_sightings(
        self, write: Callable[[sqlite3.Connection], KindCounts | int]
    ) -> KindCounts:
        if self._writer is None:
            raise StoreWriteError(
                f"the store {self._path} was opened read-only (or closed); open it "
                "writable to load data."
            )
        with self._write_lock:
            conn = self._writer
            try:
                conn.execute(sql.BEGIN_IMMEDIATE)
                done = write(conn)
                counts = done if isinstance(done, KindCounts) else KindCounts(deleted=done)
                if counts.created or counts.deleted:
                    revision = int(conn.execute(sql.BUMP_REVISION).fetchone()[0])
                    conn.execute(sql.COMMIT)
                    with self._lock:
                        if self._mem is not None and self._mem.revision == revision - 1:
                            self._mem.revision = revision
                else:
                    conn.execute(sql.ROLLBACK)
            except BaseException as exc:
                self._rollback(conn)
                if not isinstance(exc, Exception):
                    raise
                raise connection.write_failure(self._path, exc, self._busy_timeout) from exc
            return counts

    def sightings(self, addresses: Iterable[str]) -> list[SightingRecord]:
        with self._lock:
            return self._read_sql(lambda: of_addresses(self._reader, addresses))

    def captured_addresses(self) -> set[str]:
        with self._lock:
            try:
                return addresses(self._reader)
            except sqlite3.Error as exc:
                raise StoreUnavailableError(f"cannot read the store {self._path}: {exc}") from exc

    def captured_of_account(self, account_id: str) -> list[CapturedContact]:
        with self._lock:
            if self._reader.execute(sql.SELECT_ACCOUNT, (account_id,)).fetchone() is None:
                raise NotFoundError(f"there is no account with id {account_id!r} in the store")
            return aggregate(self._read_sql(lambda: of_account(self._reader, account_id)))

    def _read_sql(self, read: Callable[[], list[SightingRecord]]) -> list[SightingRecord]:
        try:
            return read()
        except sqlite3.Error as exc:
            raise StoreUnavailableError(f"cannot read the store {self._path}: {exc}") from exc
