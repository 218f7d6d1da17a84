"""A real ``powermap serve`` subprocess on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Self

import httpx

from tests.api.conftest import KEYS

ROOT = Path(__file__).resolve().parents[2]
POWERMAP = str(Path(sys.executable).parent / "powermap")
STARTUP_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """``powermap serve`` on ``store``; stderr (logs, uvicorn's access log) goes
    to a file so tests can read every line it wrote."""

    def __init__(self, store: Path, log: Path, *, keys: str = KEYS, **env: str) -> None:
        self.store = store
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "POWERMAP_STORE": str(store),
            "POWERMAP_API_KEYS": keys,
            "POWERMAP_PORT": str(self.port),
            "POWERMAP_HOST": "127.0.0.1",
            **env,
        }
        self.proc: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        """The command line that starts the server (subclasses may wrap it)."""
        return [POWERMAP, "serve"]

    def start(self) -> Self:
        with self.log.open("ab") as sink:
            self.proc = subprocess.Popen(
                self.command(), cwd=self.log.parent, env=self.env, stderr=sink, stdout=sink
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"powermap serve exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("powermap serve did not start in time")

    def get(self, path: str, role: str | None = "admin", **kw: Any) -> httpx.Response:
        from tests.api.conftest import auth

        headers = auth(role) if role else {}
        return httpx.get(f"{self.url}{path}", headers=headers, timeout=60, **kw)

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def rss_kib(self) -> int:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")
