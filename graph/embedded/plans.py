"""Plan actions in the embedded store: a table of their own, created by the first
action stored (like the audit log), so stores of every version take it and reads
of a store that never stored one find no table and no actions."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from graph import sql
from graph.embedded import connection
from graph.errors import StoreUnavailableError, StoreWriteError
from graph.plans import PlanActionRecord, PlanDecision

# The columns are PLAN_FIELDS, in order (a test checks it).

CREATE_PLAN_ACTIONS: Final = (
    "CREATE TABLE IF NOT EXISTS plan_actions ("
    "id TEXT PRIMARY KEY, account_id TEXT NOT NULL, kind TEXT NOT NULL, "
    "owner_id TEXT NOT NULL, target_id TEXT NOT NULL, target_kind TEXT NOT NULL, "
    "introducer_id TEXT, introducer_kind TEXT, title TEXT NOT NULL, due TEXT NOT NULL, "
    "created_on TEXT NOT NULL, created_by TEXT NOT NULL, decision TEXT NOT NULL)"
)
CREATE_PLAN_ACCOUNT_INDEX: Final = (
    "CREATE INDEX IF NOT EXISTS plan_actions_account ON plan_actions (account_id)"
)
HAS_PLAN_ACTIONS: Final = (
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'plan_actions'"
)
_COLUMNS: Final = (
    "id, account_id, kind, owner_id, target_id, target_kind, introducer_id, "
    "introducer_kind, title, due, created_on, created_by, decision"
)
UPSERT_PLAN_ACTION: Final = (
    "INSERT OR REPLACE INTO plan_actions (" + _COLUMNS + ") "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SELECT_PLAN_ACTIONS: Final = (
    "SELECT id, account_id, kind, owner_id, target_id, target_kind, introducer_id, "
    "introducer_kind, title, due, created_on, created_by, decision "
    "FROM plan_actions WHERE account_id = ? ORDER BY id"
)


def _row(r: PlanActionRecord) -> tuple[Any, ...]:
    return (
        r.id,
        r.account_id,
        r.kind,
        r.owner_id,
        r.target_id,
        r.target_kind,
        r.introducer_id,
        r.introducer_kind,
        r.title,
        r.due.isoformat(),
        r.created_on.isoformat(),
        r.created_by,
        r.decision.value,
    )


def record_of(r: Sequence[Any]) -> PlanActionRecord:
    return PlanActionRecord(
        id=r[0],
        account_id=r[1],
        kind=r[2],
        owner_id=r[3],
        target_id=r[4],
        target_kind=r[5],
        introducer_id=r[6],
        introducer_kind=r[7],
        title=r[8],
        due=dt.date.fromisoformat(r[9]),
        created_on=dt.date.fromisoformat(r[10]),
        created_by=r[11],
        decision=PlanDecision(r[12]),
    )


def put(conn: sqlite3.Connection, record: PlanActionRecord) -> None:
    """The table (on first use), its index and the row, in one transaction."""
    conn.execute(sql.BEGIN_IMMEDIATE)
    try:
        conn.execute(CREATE_PLAN_ACTIONS)
        conn.execute(CREATE_PLAN_ACCOUNT_INDEX)
        conn.execute(UPSERT_PLAN_ACTION, _row(record))
        conn.execute(sql.COMMIT)
    except BaseException:
        if conn.in_transaction:
            conn.execute(sql.ROLLBACK)
        raise


def of_account(conn: sqlite3.Connection, account_id: str) -> list[PlanActionRecord]:
    if conn.execute(HAS_PLAN_ACTIONS).fetchone() is None:
        return []
    return [record_of(r) for r in conn.execute(SELECT_PLAN_ACTIONS, (account_id,))]


class PlansMixin:
    """:class:`graph.plans.PlanStore` for :class:`graph.embedded.EmbeddedStore`."""

    # Provided by EmbeddedStore.
    _path: Path
    _busy_timeout: float
    _write_lock: threading.Lock
    _lock: threading.RLock
    _writer: sqlite3.Connection | None
    _reader: sqlite3.Connection

    def put_plan_action(self, record: PlanActionRecord) -> None:
        if self._writer is None:
            raise StoreWriteError(
                f"the store {self._path} was opened read-only (or closed); open it "
                "writable to change a plan."
            )
        with self._write_lock:
            try:
                put(self._writer, record)
            except sqlite3.Error as exc:
                raise connection.write_failure(self._path, exc, self._busy_timeout) from exc

    def plan_actions(self, account_id: str) -> list[PlanActionRecord]:
        with self._lock:
            try:
                return of_account(self._reader, account_id)
            except sqlite3.Error as exc:
                raise StoreUnavailableError(f"cannot read the store {self._path}: {exc}") from exc
