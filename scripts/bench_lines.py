"""Issue 17/20's list figures (a benchmark, not a test), on an embedded store whose
kept answers (``<store>.answers``) the filler has filled for today: the accounts
list (page 2 by name, sorted by coverage, filtered by gaps), the alerts inbox and
the sparklines of a page of 50, each cold (a fresh app: nothing in memory, the
file read) and warm, through the real app in process (no filler started). Wall
and CPU (``time.process_time``) per request: on a shared machine the wall time
measures the neighbours.

Usage: .venv/bin/python scripts/bench_lines.py STORE.db
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.gc_policy import tune_collector
from api.settings import Settings
from graph.embedded import EmbeddedStore

WARM_RUNS = 5


def timed(call: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    found = call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, found


def client_over(store: EmbeddedStore) -> TestClient:
    settings = Settings(store=str(store.path), fill_answers=False, warm_accounts=0)
    app = create_app(settings, store=store, warm=False)
    return TestClient(app, client=("127.0.0.1", 50000), base_url="http://localhost")


def measure(label: str, client: TestClient, url: str) -> None:
    def get() -> object:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.text[:300])
        return r

    wall, cpu, found = timed(get)
    warm = [timed(get)[:2] for _ in range(WARM_RUNS)]
    size = len(found.content)  # type: ignore[attr-defined]
    print(
        f"{label}: cold {wall:,.0f} ms wall / {cpu:,.0f} ms CPU; warm median "
        f"{statistics.median(w for w, _ in warm):,.1f} ms wall / "
        f"{statistics.median(c for _, c in warm):,.1f} ms CPU; {size:,} bytes"
    )


def trends(label: str, client: TestClient, ids: list[str]) -> None:
    def all_of() -> object:
        for account_id in ids:
            r = client.get(f"/accounts/{account_id}/trend.svg")
            assert r.status_code == 200, r.text[:300]
        return None

    wall, cpu, _ = timed(all_of)
    warm_wall, warm_cpu, _ = timed(all_of)
    print(
        f"{label} ({len(ids)} sparklines): cold {wall:,.0f} ms wall / {cpu:,.0f} ms CPU; "
        f"warm {warm_wall:,.0f} ms wall / {warm_cpu:,.0f} ms CPU"
    )


def main() -> None:
    tune_collector()
    path = Path(sys.argv[1])
    urls = {
        "list page 2 by name": "/v1/accounts?limit=50&offset=50",
        "list by coverage, page 1": "/v1/accounts?sort=coverage&limit=50",
        "list with gaps (min_gaps=1), by gaps desc": "/v1/accounts?min_gaps=1&sort=gaps&order=desc",
        "page / by coverage": "/?sort=coverage",
        "inbox /v1/alerts (every account, 50)": "/v1/alerts?limit=50",
        "inbox page /alerts": "/alerts",
    }
    for label, url in urls.items():
        with EmbeddedStore(path, read_only=True) as store, client_over(store) as client:
            measure(label, client, url)
    with EmbeddedStore(path, read_only=True) as store, client_over(store) as client:
        page = client.get("/v1/accounts?sort=coverage&limit=50").json()
        ids = [a["account_id"] for a in page["items"]]
        trends("trends of page 1 by coverage", client, ids)
        wall, cpu, _ = timed(
            lambda: (
                client.get("/?sort=coverage"),
                [client.get(f"/accounts/{a}/trend.svg") for a in ids],
            )
        )
        print(f"list page with its 50 sparklines, warm: {wall:,.0f} ms wall / {cpu:,.0f} ms CPU")


if __name__ == "__main__":
    main()
