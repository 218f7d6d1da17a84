"""Connection limits for ``powermap serve`` that uvicorn's settings do not cover.

uvicorn bounds requests in flight (``limit_concurrency``) and idle keep-alive
connections, but not connections that never finish sending a request head
(slowloris) nor how many are open: idle ones used to pile up to the process's file
limit, after which every accept failed and asyncio logged each failure. Here a
connection over ``max_connections`` is closed as soon as it is accepted, and one
that has not sent a whole request head within ``header_timeout`` is closed.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time

from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("powermap.connections")


class GuardedH11(H11Protocol):
    max_connections = 512
    header_timeout = 10.0

    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            transport.close()  # frees its file handle at once; the client sees a reset
            return
        self._arm_head_timer()

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_timeout)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timeout(self) -> None:
        self._head_timer = None
        waiting = self.cycle is None or self.cycle.response_complete
        if waiting and not self.transport.is_closing():
            self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head_timer()  # the next request's head is bounded too

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)


def guarded_protocol(*, max_connections: int, header_timeout: float) -> type[GuardedH11]:
    return type(
        "GuardedH11",
        (GuardedH11,),
        {"max_connections": max_connections, "header_timeout": header_timeout},
    )


def raise_file_limit() -> int:
    """Raise the soft limit on open files to the hard one; return the new limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


class RepeatFilter(logging.Filter):
    """Lets one record of each message through per ``seconds``: a failing accept
    loop must not fill the disk with the same line."""

    def __init__(self, seconds: float = 10.0) -> None:
        super().__init__()
        self.seconds = seconds
        self._last: dict[str, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        key = str(record.msg)
        if now - self._last.get(key, -self.seconds) < self.seconds:
            return False
        if len(self._last) > 1000:
            self._last.clear()
        self._last[key] = now
        return True
