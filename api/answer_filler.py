"""The background filler of kept answers (issue 17/20): after a load and at
start-up, a separate low-priority process computes the list lines, alerts and
missing month-end trend points of the accounts whose revision changed, so that
requests find them ready and stay fast (the machine may have two cores).

``python -m api.answer_filler --store STORE --answers FILE [--day D]...`` runs
passes until the store stops changing: each pass reads every account's revision,
computes what the file lacks at those revisions (an update load touching three
accounts recomputes three) and drops rows of older revisions. One filler per
file at a time (a lock file); another one started meanwhile exits at once, and
the running one looks at the store again after releasing the lock, so no load is
missed. :class:`Filler` starts it from the server and starts it again when asked
during a run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from api.answers_disk import AnswerStore, answers_path, answers_version
from api.derived import LINE, POINT, Derived, derive, keep_many
from api.settings import Settings, get_settings
from graph.errors import NotFoundError
from graph.store import GraphStore
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from queries.trend import TREND_MONTHS, month_ends, trend_point

log = logging.getLogger("powermap.api.filler")

#: Accounts computed between two writes of the file.
KEEP_EVERY: Final = 25
#: Answers of other days than month ends are kept this long.
KEEP_DAYS: Final = dt.timedelta(days=31)
#: The filler's niceness: requests come first.
NICENESS: Final = 10


@dataclass(slots=True)
class FillReport:
    lines: int = 0  # accounts whose line (with alerts and the day's point) was computed
    points: int = 0  # month-end points computed
    pruned: int = 0
    cpu_seconds: float = 0.0
    lines_cpu_seconds: float = 0.0  # of which the lines (what the lists sort on)


def fill_pass(
    store: GraphStore,
    disk: AnswerStore,
    settings: QuerySettings,
    day: dt.date,
    *,
    months: int = TREND_MONTHS,
    stopping: Callable[[], bool] = lambda: False,
) -> FillReport:
    """One pass for ``day``: lines first (what the lists sort on), then the past
    month-end points of the ``months``-month trend, then pruning. Each account's
    revision is read before its data, so what is kept is at least as new as the
    revision it is kept under."""
    started = time.process_time()
    report = FillReport()
    revisions = store.account_revisions()
    kept = disk.get(LINE, day.isoformat(), revisions, every=True)
    made: list[tuple[int, Derived]] = []
    for account_id in sorted(a for a in revisions if a not in kept):
        if stopping():
            break
        with contextlib.suppress(NotFoundError):  # deleted since the revisions were read
            data = store.account_data(account_id)
            made.append((revisions[account_id], derive(AccountSnapshot.build(data, day, settings))))
            report.lines += 1
        if len(made) >= KEEP_EVERY:
            keep_many(disk, made)
            made.clear()
    keep_many(disk, made)
    report.lines_cpu_seconds = time.process_time() - started
    past = [d.isoformat() for d in month_ends(day, months)[:-1]]
    held = disk.held(POINT, past, revisions)
    for account_id in sorted(revisions):
        if stopping() or not past:
            break
        revision = revisions[account_id]
        missing = [d for d in past if (account_id, d) not in held]
        if not missing:
            continue
        with contextlib.suppress(NotFoundError):
            data = store.account_data(account_id)
            points = [
                trend_point(AccountSnapshot.build(data, dt.date.fromisoformat(d), settings))
                for d in missing
            ]
            rows = [
                (account_id, p.as_of.isoformat(), revision, p.model_dump_json()) for p in points
            ]
            disk.put(POINT, rows)
            report.points += len(points)
    if not stopping():
        report.pruned = disk.prune(revisions)
        report.pruned += disk.drop_old((day - KEEP_DAYS).isoformat(), POINT)
    report.cpu_seconds = time.process_time() - started
    return report


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[bool]:
    """Whether this process holds the filler's lock of ``path`` (never waits)."""
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run(store: GraphStore, disk: AnswerStore, settings: QuerySettings, days: list[dt.date]) -> int:
    """Passes until the store stops changing; 0 when another filler holds the lock."""
    passes = 0
    while True:
        with _locked(disk.path) as mine:
            if not mine:
                return passes
            seen = store.account_revisions()
            for day in sorted({*days, dt.date.today()}):
                report = fill_pass(store, disk, settings, day)
                log.info(
                    "kept answers for %s: %d lines (%.1f s CPU), %d month-end points, "
                    "%d rows pruned, %.1f s CPU in all",
                    day,
                    report.lines,
                    report.lines_cpu_seconds,
                    report.points,
                    report.pruned,
                    report.cpu_seconds,
                )
            passes += 1
        # Lock released: a load that committed while it was held (its filler exited
        # at once) shows in the revisions now.
        if store.account_revisions() == seen:
            return passes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.answer_filler")
    parser.add_argument("--store", help="Neo4j URI or embedded store file (POWERMAP_STORE).")
    parser.add_argument("--answers", help="The kept answers' file (POWERMAP_ANSWERS_FILE).")
    parser.add_argument("--day", action="append", default=[], type=dt.date.fromisoformat)
    args = parser.parse_args(argv)
    settings = get_settings()
    from api.root import open_configured_store

    store = open_configured_store(settings, args.store, read_only=True)
    try:
        path = answers_path(
            args.answers or settings.answers_file, store, args.store or settings.store
        )
        disk = AnswerStore(path, answers_version(settings.query))
        try:
            run(store, disk, settings.query, list(args.day))
        finally:
            disk.close()
    finally:
        store.close()
    return 0


class Filler:
    """Starts the filler process for a server, and again when asked during a run."""

    def __init__(self, settings: Settings, store: GraphStore, path: Path) -> None:
        self._store = store
        self._store_arg = str(getattr(store, "path", "") or settings.store)
        self._path = path
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._days: set[dt.date] = set()
        self._again = False
        self._closed = False
        self._stopping = threading.Event()

    def watch(self, poll_seconds: float) -> None:
        """Kick whenever the store's revision (a load by any process) or the day
        changes, looking every ``poll_seconds``, on a daemon thread."""

        def loop() -> None:
            seen = (self._revision(), dt.date.today())
            while not self._stopping.wait(poll_seconds):
                now = (self._revision(), dt.date.today())
                if now != seen:
                    seen = now
                    self.kick()

        threading.Thread(target=loop, name="powermap-filler-watch", daemon=True).start()

    def _revision(self) -> int | None:
        try:
            return self._store.revision()
        except Exception:  # the store briefly unavailable: look again at the next poll
            return None

    def kick(self, day: dt.date | None = None) -> None:
        """Fill ``day`` (default today) and whatever changed, now or after the run."""
        with self._lock:
            if self._closed:
                return
            if day is not None and day != dt.date.today():
                self._days.add(day)
            if self._process is not None and self._process.poll() is None:
                self._again = True
                return
            self._start()

    def _start(self) -> None:
        command = [sys.executable, "-m", "api.answer_filler", "--store", self._store_arg]
        command += ["--answers", str(self._path)]
        for day in sorted(self._days):
            command += ["--day", day.isoformat()]
        self._days.clear()
        self._again = False
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL)  # noqa: S603
        threading.Thread(
            target=self._wait, args=(self._process,), name="powermap-filler", daemon=True
        ).start()

    def _wait(self, process: subprocess.Popen[bytes]) -> None:
        process.wait()
        with self._lock:
            if self._again and not self._closed and self._process is process:
                self._start()

    @property
    def running(self) -> bool:
        with self._lock:
            return self._process is not None and self._process.poll() is None

    def close(self, timeout: float = 5.0) -> None:
        """Stop the running filler (what it kept stays kept)."""
        self._stopping.set()
        with self._lock:
            self._closed = True
            process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def fill_after_cli_load(store: GraphStore, settings: Settings, store_setting: str) -> bool:
    """After a load from the command line: start a detached filler when the store's
    kept answers are in use (their file exists: a server has served this store), so
    they are ready before the next request. Whether one was started."""
    if not settings.fill_answers:
        return False
    path = answers_path(settings.answers_file, store, store_setting)
    if not path.exists():
        return False
    store_arg = str(getattr(store, "path", "") or store_setting)
    command = [sys.executable, "-m", "api.answer_filler", "--store", store_arg]
    subprocess.Popen(  # noqa: S603 - our own module, arguments from settings
        [*command, "--answers", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # outlives the command
    )
    return True


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    with contextlib.suppress(OSError):
        os.nice(NICENESS)  # requests come first
    raise SystemExit(main())
