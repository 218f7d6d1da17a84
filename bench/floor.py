"""The ingest floor: what merely reading a bundle's CSV files and inserting the
same rows into SQLite costs, measured in the ingest child beside the real load.

Every file of the bundle is read with :mod:`csv` and its rows inserted with one
``executemany`` per file into a table of plain TEXT columns (no keys, no indexes),
in one transaction, into a new file next to the store, with the store's pragmas.
Nothing a load does beyond that — parsing values, checking them, keys, indexes —
is in it, so ``ingest seconds ÷ floor seconds`` is the overhead a load adds.
"""

from __future__ import annotations

import csv
import sqlite3
import time
from pathlib import Path
from typing import Any

from graph import sql


def _quoted(name: str) -> str:
    """A file or column name as an SQL identifier (double quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def measure_floor(bundle: Path, scratch: Path) -> dict[str, Any]:
    """Seconds (wall and CPU) to read every ``*.csv`` of ``bundle`` and insert its rows into a new
    SQLite file ``scratch`` (replaced if present, removed afterwards)."""
    for leftover in scratch.parent.glob(scratch.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    cpu_started = time.process_time()
    conn = sqlite3.connect(scratch, isolation_level=None)
    rows = 0
    try:
        conn.execute(sql.PRAGMA_WAL)
        conn.execute(sql.PRAGMA_SYNCHRONOUS)
        conn.execute(sql.PRAGMA_CACHE_SIZE)
        conn.execute(sql.BEGIN_IMMEDIATE)
        for path in sorted(bundle.glob("*.csv")):
            with path.open(newline="", encoding="utf-8-sig") as f:
                reader = csv.reader(f)
                header = next(reader, None)
                if not header:
                    continue
                table = _quoted(path.stem)
                columns = ", ".join(f"{_quoted(c)} TEXT" for c in header)
                conn.execute(f"CREATE TABLE {table} ({columns})")
                marks = ", ".join("?" for _ in header)
                before = conn.total_changes
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", reader)
                rows += conn.total_changes - before
        conn.execute(sql.COMMIT)
        conn.execute(sql.CHECKPOINT).fetchall()
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    for leftover in scratch.parent.glob(scratch.name + "*"):
        leftover.unlink()
    return {"rows": rows, "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3)}
