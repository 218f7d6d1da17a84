"""Best-of-N timed ingest of bundles into fresh embedded stores, by wall and by CPU
time (the CPU figure is the steadier one on a shared machine).

    .venv/bin/powermap generate --scale S --out /tmp/nvS
    .venv/bin/powermap generate --scale S --dialect salesforce --out /tmp/sfS
    .venv/bin/python scripts/bench_dialects.py --runs 3 /tmp/nvS /tmp/sfS

rows/s = data rows read ÷ time of ``load_bundle`` (read, validate, one apply).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from graph.embedded import EmbeddedStore
from ingest.service import load_bundle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundles", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    best: dict[Path, tuple[float, float]] = {}
    for _ in range(args.runs):
        for bundle in args.bundles:  # alternate, so load on the machine hits both
            with tempfile.TemporaryDirectory() as tmp:
                store = EmbeddedStore(Path(tmp) / "graph.db")
                wall, cpu = time.perf_counter(), time.process_time()
                report = load_bundle(bundle, store)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                store.close()
            rows = report.rows_read
            print(
                f"{bundle} ({report.dialect}): {rows:,} rows, wall {wall:.2f} s "
                f"{rows / wall:,.0f} rows/s, cpu {cpu:.2f} s {rows / cpu:,.0f} rows/s",
                flush=True,
            )
            w, c = best.get(bundle, (0.0, 0.0))
            best[bundle] = (max(w, rows / wall), max(c, rows / cpu))
    for bundle, (w, c) in best.items():
        print(f"best {bundle}: wall {w:,.0f} rows/s, cpu {c:,.0f} rows/s")


if __name__ == "__main__":
    main()
