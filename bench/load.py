"""A small, bounded HTTP/1.1 load client: ``clients`` keep-alive connections on
loopback, each sending one request at a time, for a fixed duration and at most a
fixed number of requests.

Raw asyncio streams in one thread keep the client's own CPU cost low, so it does
not steal much of the server's share of a small machine.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Final

from bench.stats import summary

REQUEST_TIMEOUT_S: Final = 30.0
MAX_ERROR_SAMPLES: Final = 5


class HttpError(Exception):
    pass


@dataclass
class _Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    bytes: int = 0
    sent: int = 0

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.error_samples) < MAX_ERROR_SAMPLES:
            self.error_samples.append(what)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """(status, body bytes, whether the server keeps the connection open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise HttpError(f"not an HTTP/1.x status line: {lines[0][:80]!r}")
    status = int(parts[1])
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip().lower()
    keep = headers.get("connection") != "close"
    if "content-length" in headers:
        size = int(headers["content-length"])
        await reader.readexactly(size)
        return status, size, keep
    if headers.get("transfer-encoding") == "chunked":
        size = 0
        while True:
            chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(chunk + 2)
            size += chunk
            if chunk == 0:
                return status, size, keep
    raise HttpError("a response with neither Content-Length nor chunked encoding")


def _request(host: str, port: int, path: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: */*\r\n"
        "Connection: keep-alive\r\n\r\n"
    ).encode()


async def _client(
    host: str,
    port: int,
    requests: list[bytes],
    start: int,
    deadline: float,
    cap: int,
    tally: _Tally,
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    i = start
    try:
        while time.perf_counter() < deadline and tally.sent < cap:
            tally.sent += 1
            request = requests[i % len(requests)]
            i += 1
            began = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                assert reader is not None
                writer.write(request)
                status, size, keep = await asyncio.wait_for(
                    _read_response(reader), REQUEST_TIMEOUT_S
                )
            except (TimeoutError, OSError, asyncio.IncompleteReadError, HttpError) as exc:
                tally.error(f"{type(exc).__name__}: {exc}"[:200])
                if writer is not None:
                    writer.close()
                reader = writer = None
                continue
            tally.latencies.append(time.perf_counter() - began)
            tally.bytes += size
            if status != 200:
                tally.error(f"HTTP {status}")
            if not keep:
                writer.close()
                reader = writer = None
    finally:
        if writer is not None:
            writer.close()


async def _run(
    host: str, port: int, paths: list[str], clients: int, duration: float, cap: int
) -> dict[str, Any]:
    requests = [_request(host, port, p) for p in paths]
    tally = _Tally()
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(_client(host, port, requests, n, deadline, cap, tally) for n in range(clients))
    )
    elapsed = time.perf_counter() - started
    done = len(tally.latencies)
    return {
        "clients": clients,
        "duration_s": round(elapsed, 2),
        "requests": done,
        "requests_per_s": round(done / elapsed, 1) if elapsed > 0 else 0.0,
        "errors": tally.errors,
        "error_samples": tally.error_samples,
        "mean_response_bytes": round(tally.bytes / done) if done else 0,
        "latency": summary(tally.latencies),
    }


def run_load(
    host: str, port: int, paths: list[str], *, clients: int, duration: float, cap: int
) -> dict[str, Any]:
    """Load ``paths`` (cycled; each client starts at its own offset) with
    ``clients`` connections for ``duration`` seconds or ``cap`` requests."""
    if not paths:
        raise ValueError("no paths to load")
    return asyncio.run(_run(host, port, paths, clients, duration, cap))


def get_once(host: str, port: int, path: str) -> tuple[float, int, int]:
    """One request on a new connection: (seconds to the last byte, status, bytes)."""

    async def fetch() -> tuple[float, int, int]:
        began = time.perf_counter()
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(_request(host, port, path))
            status, size, _ = await asyncio.wait_for(_read_response(reader), 600)
        finally:
            writer.close()
        return time.perf_counter() - began, status, size

    return asyncio.run(fetch())
