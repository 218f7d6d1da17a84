"""Background warm-up: the server prepares its largest accounts before their first
visitor asks for them.

A cold account page costs about a second at scale M (account graph, snapshot, path
graph, answers); a warm one about 20 ms. A :class:`Warmer` builds, on one daemon
thread, the web account page's answers as of today (and with them the account
graph, snapshot and path graph) for the ``accounts`` largest accounts, largest
first, into the :class:`api.service.Answers` caches, which key everything by store
revision. It prepares once at start, then again whenever the revision (or the day)
changes: :meth:`Warmer.kick` after a load by this server, a poll every
``poll_seconds`` for loads by other processes.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from enum import StrEnum

from fastapi import FastAPI

from api.service import Answers
from api.web.pages.account import account_answers
from graph.errors import PowermapError

log = logging.getLogger("powermap.warmup")

#: What a finished pass prepared: (store revision, as-of day).
_Prepared = tuple[int, dt.date]


class WarmState(StrEnum):
    OFF = "off"  # no accounts to warm, or a store whose answers are not cached (Neo4j)
    PENDING = "pending"  # the current revision (or day) is not prepared yet
    RUNNING = "running"  # a pass is preparing it
    DONE = "done"  # the current revision is prepared for today


def describe_failure(exc: BaseException) -> str:
    """What the log says about a failed account: the exception's class, and its
    message only for Powermap's own errors, whose messages name ids, never people
    (another library's message may quote a stored value, such as a name).

    >>> describe_failure(KeyError("Ada Lovelace"))
    'KeyError'
    >>> describe_failure(PowermapError("there is no account with id 'A9'"))
    "PowermapError: there is no account with id 'A9'"
    """
    name = type(exc).__name__
    return f"{name}: {exc.detail}" if isinstance(exc, PowermapError) else name


def accounts_to_warm(asked: int, cache_bytes: int) -> int:
    """How many accounts to prepare: those asked for, none without a cache. A
    pass also stops once the cache is full (see :meth:`Warmer._prepare`), since
    preparing more would evict the first ones prepared, the largest.

    >>> accounts_to_warm(5, 512 * 2**20), accounts_to_warm(5, 0), accounts_to_warm(-1, 1)
    (5, 0, 0)
    """
    return max(0, asked) if cache_bytes > 0 else 0


class Warmer:
    """Prepares the ``accounts`` largest accounts of ``answers.store``.

    :meth:`run_once` is one synchronous pass (tests call it directly);
    :meth:`start` runs passes on a daemon thread until :meth:`stop`. A failing
    account is logged and skipped; the others are still prepared.
    """

    def __init__(self, answers: Answers, *, accounts: int, poll_seconds: float = 5.0) -> None:
        self._answers = answers
        self._accounts = accounts
        self._poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._pass = threading.Lock()  # the thread's passes and a caller's run_once
        self._thread: threading.Thread | None = None
        self._prepared: _Prepared | None = None
        self._running = False
        #: Ids the last finished pass prepared, and those that failed, largest first.
        self.warmed: tuple[str, ...] = ()
        self.failed: tuple[str, ...] = ()

    # ------------------------------------------------------------------ state
    @property
    def enabled(self) -> bool:
        """False when there is nothing to do: no accounts asked for, or a store
        that cannot tell its revision (the API then caches nothing to warm)."""
        return self._accounts > 0 and self._answers.store.revision() is not None

    @property
    def warmed_revision(self) -> int | None:
        """The store revision the last finished pass prepared (None: none yet)."""
        return None if self._prepared is None else self._prepared[0]

    @property
    def state(self) -> WarmState:
        revision = self._answers.store.revision()
        if self._accounts <= 0 or revision is None:
            return WarmState.OFF
        if self._running:
            return WarmState.RUNNING
        if self._prepared == (revision, self._answers.today()):
            return WarmState.DONE
        return WarmState.PENDING

    @property
    def ready(self) -> bool | None:
        """True once the current revision is prepared, False until then, None when
        warm-up is off (what ``/readyz`` reports as ``warm``)."""
        state = self.state
        return None if state is WarmState.OFF else state is WarmState.DONE

    # ---------------------------------------------------------------- passes
    def run_once(self) -> int | None:
        """Prepare the current revision for today unless that is done already.
        Returns the revision the last finished pass prepared (None: warm-up is
        off, or no pass has finished)."""
        with self._pass:
            revision = self._answers.store.revision()
            if self._accounts <= 0 or revision is None:
                return None
            day = self._answers.today()
            if self._prepared != (revision, day):
                self._running = True
                try:
                    self._prepare(revision, day)
                finally:
                    self._running = False
            return self.warmed_revision

    def _prepare(self, revision: int, day: dt.date) -> None:
        started = time.perf_counter()
        warmed: list[str] = []
        failed: list[str] = []
        for account_id in self.choose():
            if self._stopping.is_set():
                return  # unfinished: not marked prepared
            if self._answers.cached_bytes >= self._answers.cache_bytes:
                # Full: the next account would evict the ones just prepared.
                log.info("warm-up: the answer cache is full; %d accounts prepared", len(warmed))
                break
            try:
                account_answers(self._answers, account_id, day)
            except Exception as exc:  # one bad account must not starve the others
                failed.append(account_id)
                log.warning(
                    "warm-up: account %s failed (%s); carrying on",
                    account_id,
                    describe_failure(exc),
                )
            else:
                warmed.append(account_id)
        self._prepared = (revision, day)
        self.warmed, self.failed = tuple(warmed), tuple(failed)
        log.info(
            "warm-up: %d accounts prepared for revision %d in %.2f s (%d failed)",
            len(warmed),
            revision,
            time.perf_counter() - started,
            len(failed),
        )

    def choose(self) -> list[str]:
        """The accounts a pass prepares, in order (a seam for tests to provoke a
        failure between choosing and preparing)."""
        return self._answers.store.largest_accounts(self._accounts)

    # ---------------------------------------------------------------- thread
    def start(self) -> bool:
        """Start the thread (once); False, and no thread, when warm-up is off."""
        if self._thread is not None or not self.enabled:
            return False
        self._thread = threading.Thread(target=self._loop, name="powermap-warmup", daemon=True)
        self._thread.start()
        return True

    def kick(self) -> None:
        """Look at the store now rather than at the next poll (after a load)."""
        self._wake.set()

    def stop(self, timeout: float | None = None) -> None:
        """End the thread: at once when it waits, after the current account when
        it prepares one."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            # Cleared before the pass, so a kick during it triggers the next one.
            self._wake.clear()
            try:
                self.run_once()
            except Exception as exc:  # the store as a whole failing: retry at the next poll
                log.warning("warm-up: pass failed (%s)", describe_failure(exc))
            self._wake.wait(self._poll_seconds)


def warmer_of(app: FastAPI) -> Warmer | None:
    """The app's running warmer, if it started one."""
    warmer: Warmer | None = getattr(app.state, "warmer", None)
    return warmer
