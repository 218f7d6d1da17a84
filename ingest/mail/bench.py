"""Benchmark of headers-only mbox reading: ``python -m ingest.mail.bench MBOX``.

Reads every message's header block and parses the headers Powermap uses, as a
mail load does, and prints messages per second (wall clock, and per CPU-second: on a shared
machine the wall clock counts other processes' time) and the peak resident memory.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from ingest.mail.headers import parse
from ingest.mail.mbox import read_mbox


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m ingest.mail.bench MBOX", file=sys.stderr)
        return 2
    path = Path(argv[0])
    started, cpu_started = time.perf_counter(), time.process_time()
    count = dated = 0
    for block in read_mbox(path):
        count += 1
        dated += parse(block).date is not None
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mb = path.stat().st_size / 1e6
    print(
        f"{count:,} messages ({dated:,} dated), {size_mb:,.0f} MB in {elapsed:.1f} s: "
        f"{count / elapsed:,.0f} messages/s, {size_mb / elapsed:,.0f} MB/s; "
        f"{cpu:.1f} s of CPU: {count / cpu:,.0f} messages per CPU-second; "
        f"peak RSS {peak_mib:,.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
