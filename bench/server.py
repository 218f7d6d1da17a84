"""``powermap serve`` in a subprocess on a free loopback port, for the load test."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from bench.stats import peak_rss_mib

LOOPBACK = "127.0.0.1"
READY_TIMEOUT_S = 600.0


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        port: int = s.getsockname()[1]
        return port


def _command() -> list[str]:
    script = Path(sys.executable).with_name("powermap")
    if script.exists():
        return [str(script)]
    found = shutil.which("powermap")
    if found:
        return [found]
    return [sys.executable, "-c", "from api.cli import main; main()"]


class Server:
    """The API on ``store``; ``ready_s`` is how long it took to answer /readyz
    (process start, imports, store open). ``settings`` adds ``POWERMAP_*``
    variables to the server's environment."""

    def __init__(self, store: str, log: Path, settings: Mapping[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://{LOOPBACK}:{self.port}"
        env = dict(os.environ)
        # No keys: loopback callers only, which is all the load test needs. Quiet
        # logs: an access line per request would cost the server CPU.
        env["POWERMAP_API_KEYS"] = ""
        env["POWERMAP_LOG_LEVEL"] = "WARNING"
        env.update(settings or {})
        self._log = log.open("wb")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [*_command(), "serve", "--store", store, "--host", LOOPBACK, "--port", str(self.port)],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_ready(log)
        except BaseException:
            self.stop()
            raise
        self.ready_s = round(time.perf_counter() - started, 3)

    def _wait_ready(self, log: Path) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"the server exited with {self.process.returncode}; see {log}")
            try:
                with urllib.request.urlopen(self.base + "/readyz", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            # Finely: start-up is judged against 1 s (issue 14).
            time.sleep(0.02)
        raise ServerError(f"the server did not answer /readyz within {READY_TIMEOUT_S:g} s")

    def wait_warm(self) -> float:
        """Seconds until /readyz reports the start-up warm-up done (``warm`` true, or
        null when the server warms nothing)."""
        started = time.perf_counter()
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            with urllib.request.urlopen(self.base + "/readyz", timeout=5) as answer:
                if json.load(answer).get("warm") is not False:
                    return round(time.perf_counter() - started, 3)
            time.sleep(0.05)
        raise ServerError(f"the warm-up did not finish within {READY_TIMEOUT_S:g} s")

    def peak_rss_mib(self) -> float | None:
        return peak_rss_mib(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
