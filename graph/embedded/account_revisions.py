"""The embedded store's per-account revisions: one row per account, holding the
stamp of the last load that changed the account (:mod:`graph.touched`: a random
number per load), written in that load's transaction.

An account without a row has revision 0: nothing changed it since the store
gained the table (a store made before it).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Final

from graph.embedded.rows import Row
from graph.schema import RecordKind
from graph.sql_tables import RECORD_TABLES

CREATE_TABLE: Final = """CREATE TABLE IF NOT EXISTS account_revisions (
    account_id TEXT PRIMARY KEY,
    revision INTEGER NOT NULL
) WITHOUT ROWID"""
_SET_SOME: Final = """INSERT INTO account_revisions (account_id, revision)
SELECT value, ? FROM json_each(?) WHERE true
ON CONFLICT (account_id) DO UPDATE SET revision = excluded.revision"""
_SET_ALL: Final = """INSERT INTO account_revisions (account_id, revision)
SELECT id, ? FROM accounts WHERE true
ON CONFLICT (account_id) DO UPDATE SET revision = excluded.revision"""
# Rows of accounts a load deleted (every account is set then, see graph.touched).
_DROP_GONE: Final = (
    "DELETE FROM account_revisions WHERE account_id NOT IN (SELECT id FROM accounts)"
)
_READ_ALL: Final = """SELECT a.id, coalesce(r.revision, 0) FROM accounts AS a
LEFT JOIN account_revisions AS r ON r.account_id = a.id"""
_READ_SOME: Final = """SELECT a.id, coalesce(r.revision, 0)
FROM json_each(?) AS j JOIN accounts AS a ON a.id = j.value
LEFT JOIN account_revisions AS r ON r.account_id = a.id"""
# A store opened read-only that never had a writer of this version: no table yet.
_READ_ALL_BARE: Final = "SELECT id, 0 FROM accounts"
_READ_SOME_BARE: Final = (
    "SELECT a.id, 0 FROM json_each(?) AS j JOIN accounts AS a ON a.id = j.value"
)
_HAS_TABLE: Final = (
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'account_revisions'"
)
_ACCOUNTS_OF: Final = {
    RecordKind.PERSON: "SELECT DISTINCT account_id FROM people WHERE id IN "
    "(SELECT value FROM json_each(?))",
    RecordKind.UNIT: "SELECT DISTINCT account_id FROM units WHERE id IN "
    "(SELECT value FROM json_each(?))",
}
_COLUMNS: Final = {
    kind: {c: i for i, c in enumerate(t.columns)} for kind, t in RECORD_TABLES.items()
}


def ensure_table(conn: sqlite3.Connection) -> None:
    conn.execute(CREATE_TABLE)


def set_revisions(conn: sqlite3.Connection, accounts: set[str] | None, revision: int) -> None:
    """Give ``accounts`` (None: every account) the revision ``revision`` (the load's
    stamp), in the caller's transaction."""
    if accounts is None:
        conn.execute(_SET_ALL, (revision,))
        conn.execute(_DROP_GONE)
    elif accounts:
        conn.execute(_SET_SOME, (revision, json.dumps(sorted(accounts))))


def read(conn: sqlite3.Connection, ids: Iterable[str] | None) -> dict[str, int]:
    """The revision of each stored account among ``ids`` (None: every account)."""
    bare = conn.execute(_HAS_TABLE).fetchone() is None
    if ids is None:
        found = conn.execute(_READ_ALL_BARE if bare else _READ_ALL).fetchall()
    else:
        wanted = json.dumps(sorted(set(ids)))
        found = conn.execute(_READ_SOME_BARE if bare else _READ_SOME, (wanted,)).fetchall()
    return {str(r[0]): int(r[1]) for r in found}


def value(kind: RecordKind, row: Row, name: str) -> object:
    """A field of a stored row by name (the rows of :mod:`graph.embedded.rows`),
    for :meth:`graph.touched.Touched.note_plan`."""
    return row[_COLUMNS[kind][name]]


class SqliteLookup:
    """:class:`graph.touched.AccountLookup` on the load's connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def accounts_of(self, kind: RecordKind, ids: list[str]) -> set[str]:
        statement = _ACCOUNTS_OF[kind]
        return {str(r[0]) for r in self._conn.execute(statement, (json.dumps(ids),))}
