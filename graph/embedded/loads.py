"""The audit log in the embedded store: a plain table beside the data, written by
the writer connection and read by the reader. It holds no account data and does
not bump the store's revision, so recording a load invalidates no cache."""

from __future__ import annotations

import datetime as dt
import sqlite3

from graph import sql
from graph.audit import LoadRecord


def record(conn: sqlite3.Connection, entry: LoadRecord) -> None:
    conn.execute(sql.BEGIN_IMMEDIATE)
    try:
        conn.execute(sql.CREATE_LOAD_LOG)
        conn.execute(sql.INSERT_LOAD, (entry.at.isoformat(), entry.who, entry.source, entry.report))
        conn.execute(sql.COMMIT)
    except BaseException:
        if conn.in_transaction:
            conn.execute(sql.ROLLBACK)
        raise
    # The entry is a load's last write: leave the .db file standing alone.
    conn.execute(sql.CHECKPOINT).fetchall()


def page(conn: sqlite3.Connection, limit: int, offset: int) -> tuple[list[LoadRecord], int]:
    if conn.execute(sql.HAS_LOAD_LOG).fetchone() is None:
        return [], 0
    rows = conn.execute(sql.SELECT_LOADS, (limit, offset)).fetchall()
    total = int(conn.execute(sql.COUNT_LOADS).fetchone()[0])
    entries = [
        LoadRecord(at=dt.datetime.fromisoformat(at), who=who, source=source, report=report)
        for at, who, source, report in rows
    ]
    return entries, total
