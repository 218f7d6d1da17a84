"""What machine a benchmark ran on: the figures mean little without it."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.stats import load_average


def _run(*command: str) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        return None
    return None


def describe() -> dict[str, Any]:
    return {
        "nproc": _run("nproc") or str(os.cpu_count()),
        "cpu": _cpu_model(),
        "memory_gib": _memory_gib(),
        "free_h": _run("free", "-h"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "load_average": load_average(),
        "commit": _run("git", "rev-parse", "--short", "HEAD"),
    }
