"""Where load jobs are kept (issue 17): a small SQLite file, so a restart keeps the
history (status, progress, report) and can tell which jobs it interrupted.

The file is :attr:`api.settings.Settings.jobs_file` when set; else it sits beside
the embedded store's file (``<store>.jobs``), or for Neo4j in the system's
temporary folder, beside the upload folders. A folder where the file cannot be
made (a read-only mount) leaves the history in memory, as before, with a warning.

Each job records its owner (the server's process id and a token of this history
object). Opening the history marks every queued or running job whose owner is
gone as failed, with the reason: its process has died, or it is this process,
which means an earlier server in it stopped (only tests run two in one process).
A job whose owner is another live server is left to that server.
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Final

from graph.store import GraphStore

log = logging.getLogger("powermap.api.jobs")

JOBS_SUFFIX: Final = ".jobs"
_NEO4J_FILE: Final = "powermap-ingest-jobs.sqlite"

_SCHEMA: Final = (
    "CREATE TABLE IF NOT EXISTS jobs ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " id TEXT NOT NULL UNIQUE,"
    " owner TEXT NOT NULL,"
    " status TEXT NOT NULL,"
    " body TEXT NOT NULL)"
)
_ACTIVE: Final = "('queued', 'running')"


def history_path(jobs_file: str | None, store: GraphStore) -> Path:
    """The history's file for a server of ``store`` (see the module's note)."""
    if jobs_file:
        return Path(jobs_file)
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        return path.with_name(path.name + JOBS_SUFFIX)
    return Path(tempfile.gettempdir()) / _NEO4J_FILE


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


class JobHistory:
    """Job bodies (JSON text) by id, newest first, the last ``kept`` finished ones
    (thread-safe). ``interrupted(body) -> body`` rewrites a job found unfinished
    whose server is gone."""

    def __init__(self, path: Path | None, kept: int, interrupted: Callable[[str], str]) -> None:
        self._lock = threading.Lock()
        self._kept = kept
        self.owner = f"{os.getpid()}:{secrets.token_hex(6)}"
        self.path = path
        self._conn = self._open(path)
        self._conn.execute(_SCHEMA)
        self._reclaim(interrupted)

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection:
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
                conn.execute("PRAGMA busy_timeout = 5000")
                conn.execute(_SCHEMA)  # fails here on a read-only folder
                return conn
            except (OSError, sqlite3.Error) as exc:
                log.warning(
                    "load jobs are kept in memory only: cannot use %s (%s); set "
                    "POWERMAP_JOBS_FILE to a writable file to keep them across restarts",
                    path,
                    type(exc).__name__,
                )
        return sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)

    def _reclaim(self, interrupted: Callable[[str], str]) -> None:
        with self._lock:
            rows = self._conn.execute(
                f"SELECT id, owner, body FROM jobs WHERE status IN {_ACTIVE}"  # noqa: S608
            ).fetchall()
            for job_id, owner, body in rows:
                pid_text = str(owner).split(":", 1)[0]
                pid = int(pid_text) if pid_text.isdigit() else -1
                if pid == os.getpid() or not _alive(pid):
                    self._conn.execute(
                        "UPDATE jobs SET status = 'failed', body = ? WHERE id = ?",
                        (interrupted(body), job_id),
                    )

    def add(self, job_id: str, status: str, body: str) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT INTO jobs (id, owner, status, body) VALUES (?, ?, ?, ?)",
                (job_id, self.owner, status, body),
            )
            # Keep the newest `kept`; never drop one still queued or running.
            self._conn.execute(
                f"DELETE FROM jobs WHERE status NOT IN {_ACTIVE} AND seq <= ("  # noqa: S608
                "SELECT seq FROM jobs ORDER BY seq DESC LIMIT 1 OFFSET ?)",
                (self._kept,),
            )

    def update(self, job_id: str, change: Callable[[str], tuple[str, str]]) -> None:
        """Replace a job's body by ``change(body) -> (status, body)``, atomically."""
        with self._lock:
            row = self._conn.execute("SELECT body FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                return  # dropped from the history meanwhile
            status, body = change(row[0])
            self._conn.execute(
                "UPDATE jobs SET status = ?, body = ? WHERE id = ?", (status, body, job_id)
            )

    def get(self, job_id: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT body FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return None if row is None else str(row[0])

    def newest(self) -> list[str]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT body FROM jobs ORDER BY seq DESC LIMIT ?", (self._kept,)
            ).fetchall()
        return [str(r[0]) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._conn.close()
