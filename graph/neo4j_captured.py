"""Captured-contact sightings in Neo4j: the rows :class:`graph.neo4j_store.Neo4jStore`
sends and reads back (see :mod:`graph.captured` and the constants at the end of
:mod:`graph.cypher`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from neo4j import Driver, Record

from graph import cypher
from graph.captured import (
    CapturedContact,
    EmailDirectory,
    PersonEmail,
    SightingRecord,
    aggregate,
)
from graph.errors import NotFoundError
from graph.neo4j_rows import native
from graph.schema import AccountRecord, ActivityType, KindCounts


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


class Neo4jCapturedMixin:
    """:class:`graph.captured.CapturedStore` for :class:`graph.neo4j_store.Neo4jStore`:
    sightings are nodes of their own (issue 19)."""

    # Provided by Neo4jStore.
    _driver: Driver
    _database: str

    def _errors(self, action: str, *, writing: bool = False) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _read(self, statement: str, action: str, **params: Any) -> list[Record]:
        raise NotImplementedError

    def _ensure_schema(self) -> None:
        raise NotImplementedError

    def accounts(self, ids: Iterable[str]) -> dict[str, AccountRecord]:
        raise NotImplementedError

    _sightings_ready = False

    def email_directory(self) -> EmailDirectory:
        action = "reading the e-mail addresses"
        return directory(
            self._read(cypher.TEAM_MEMBER_EMAILS, action),
            self._read(cypher.PERSON_EMAILS, action),
        )

    def put_sightings(self, sightings: Sequence[SightingRecord]) -> KindCounts:
        found = rows(sightings)
        if not found:
            return KindCounts()
        created = int(self._write_one(cypher.PUT_SIGHTINGS, "created", rows=found))
        return KindCounts(created=created, unchanged=len(found) - created)

    def delete_sightings(self, addresses: Iterable[str]) -> int:
        return int(self._write_one(cypher.DELETE_SIGHTINGS, "deleted", addresses=list(addresses)))

    def sightings(self, addresses: Iterable[str]) -> list[SightingRecord]:
        found = self._read(
            cypher.SIGHTINGS_OF_ADDRESSES, "reading captured contacts", addresses=list(addresses)
        )
        return [record(r) for r in found]

    def captured_addresses(self) -> set[str]:
        found = self._read(cypher.SIGHTING_ADDRESSES, "reading captured contacts")
        return {r["address"] for r in found}

    def captured_of_account(self, account_id: str) -> list[CapturedContact]:
        if not self.accounts([account_id]):
            raise NotFoundError(f"there is no account with id {account_id!r} in the store")
        found = self._read(
            cypher.SIGHTINGS_OF_ACCOUNT, "reading captured contacts", account_id=account_id
        )
        return aggregate(record(r) for r in found)

    def _write_one(self, statement: str, column: str, **params: Any) -> Any:
        self._ensure_schema()
        action = "writing captured contacts"
        with self._errors(action, writing=True):
            if not self._sightings_ready:
                for schema in cypher.SIGHTING_SCHEMA_STATEMENTS:
                    self._driver.execute_query(schema, database_=self._database)
                self._sightings_ready = True
            records, _, _ = self._driver.execute_query(statement, params, database_=self._database)
        return records[0][column] if records else 0
