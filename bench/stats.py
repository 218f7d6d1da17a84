"""Latency summaries and process memory readings."""

from __future__ import annotations

import math
import os
import resource
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def percentile(sorted_samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) of already sorted samples, nearest rank.

    Nearest rank never invents a value between two samples: with 20 samples the
    p95 is the 19th, the p99 the 20th (the slowest).

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([1.0, 2.0, 3.0, 4.0], 99)
    (2.0, 4.0)
    """
    if not sorted_samples:
        raise ValueError("no samples")
    rank = max(1, math.ceil(q / 100 * len(sorted_samples)))
    return sorted_samples[rank - 1]


def summary(seconds: Sequence[float], cpu_seconds: Sequence[float] = ()) -> dict[str, Any]:
    """n, p50/p95/p99/max in milliseconds (and the CPU-time p50 when given).

    >>> summary([0.001, 0.002, 0.003])["p50_ms"]
    2.0
    >>> summary([])["n"]
    0
    """
    if not seconds:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(seconds)
    out: dict[str, Any] = {
        "n": len(ordered),
        "p50_ms": round(percentile(ordered, 50) * 1000, 2),
        "p95_ms": round(percentile(ordered, 95) * 1000, 2),
        "p99_ms": round(percentile(ordered, 99) * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }
    if cpu_seconds:
        out["cpu_p50_ms"] = round(percentile(sorted(cpu_seconds), 50) * 1000, 2)
    return out


def own_peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def peak_rss_mib(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of a running process, in MiB; None when the
    process is gone or the system has no /proc."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def load_average() -> tuple[float, float, float] | None:
    """The 1, 5 and 15 minute load averages (how busy the machine was)."""
    try:
        return os.getloadavg()
    except OSError:
        return None
