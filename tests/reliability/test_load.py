"""A bounded load run: ``powermap generate --scale M``, ``powermap ingest``, then
``powermap serve`` under concurrent clients on loopback for a fixed time.
Zero errors, latency percentiles reported, and the server's memory flat once
its caches are warm (RSS sampled from /proc).

Run it with ``.venv/bin/pytest -m slow tests/reliability/test_load.py -s``; the
figures are printed (and RELIABILITY.md keeps the last run's).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import auth
from tests.reliability.server import POWERMAP, ROOT, Server

CLIENTS = 8
WARM_SECONDS = 15.0
RUN_SECONDS = 45.0
ACCOUNTS = 24
AS_OF_DATES = ("2026-11-15", "2026-06-01")
#: Growth allowed after warm-up: allocator noise, not a leak.
RSS_TOLERANCE = 1.05
RSS_SLACK_KIB = 16 * 1024


def _cli(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run([POWERMAP, *args], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def _targets(server: Server) -> list[str]:
    """Answer URLs over a fixed set of accounts, units, people and team members."""
    listed = server.get("/v1/accounts", params={"limit": 200}).json()["items"]
    rng = random.Random(7)
    accounts = rng.sample([a["account_id"] for a in listed], min(ACCOUNTS, len(listed)))
    urls: list[str] = []
    for aid in accounts:
        chart = server.get(f"/v1/accounts/{aid}/org-chart").json()
        units = [u["id"] for u in chart["units"] if u["kind"] != "account"]
        people = [p["person"]["id"] for u in chart["units"] for p in u["people"]]
        team = sorted(
            {
                c["team_member_id"]
                for u in chart["units"]
                for p in u["people"]
                for c in p["known_by"]
            }
        )
        urls += [
            f"/v1/accounts/{aid}",
            f"/v1/accounts/{aid}/coverage",
            f"/v1/accounts/{aid}/executive-paths",
            f"/v1/accounts/{aid}/key-people",
            f"/v1/alerts?account_id={aid}",
        ]
        urls += [f"/v1/units/{u}/advocates" for u in rng.sample(units, min(2, len(units)))]
        urls += [f"/v1/people/{p}/paths" for p in rng.sample(people, min(2, len(people)))]
        if units and team:
            urls.append(f"/v1/units/{rng.choice(units)}/introducers?from={team[0]}")
    urls += ["/v1/accounts", "/v1/stats", "/readyz"]
    return [
        f"{u}{'&' if '?' in u else '?'}as_of={d}" if not u.startswith("/readyz") else u
        for u in urls
        for d in AS_OF_DATES
    ]


class Load:
    def __init__(self, server: Server, urls: list[str]) -> None:
        self.server = server
        self.urls = urls
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def client(self, seed: int, until: float) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=self.server.url, headers=auth("reader"), timeout=60) as c:
            while time.monotonic() < until:
                url = rng.choice(self.urls)
                start = time.perf_counter()
                try:
                    status = c.get(url).status_code
                except httpx.HTTPError as exc:
                    status = -1
                    url = f"{url} {type(exc).__name__}"
                took = time.perf_counter() - start
                with self.lock:
                    self.latencies.append(took)
                    if status != 200:
                        self.errors.append(f"{status} {url}")

    def run(self, seconds: float, seed: int) -> None:
        until = time.monotonic() + seconds
        threads = [
            threading.Thread(target=self.client, args=(seed + i, until)) for i in range(CLIENTS)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@pytest.mark.slow
def test_concurrent_load_on_the_m_bundle(tmp_path: Path) -> None:
    store = tmp_path / "graph.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POWERMAP_STORE": str(store)}
    started = time.monotonic()
    _cli("generate", "--scale", "M", "--out", str(tmp_path / "m"), env=env)
    generated = time.monotonic()
    _cli("ingest", str(tmp_path / "m"), env=env)
    ingested = time.monotonic()

    server = Server(store, tmp_path / "server.log").start()
    rss: list[tuple[float, int]] = []
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            rss.append((time.monotonic(), server.rss_kib()))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample)
    try:
        urls = _targets(server)
        warm = Load(server, urls)
        for url in urls:  # every answer computed once: the caches are warm
            warm.server.get(url, role="reader")
        warm.run(WARM_SECONDS, seed=1)
        assert not warm.errors, warm.errors[:10]
        sampler.start()
        load = Load(server, urls)
        run_start = time.monotonic()
        load.run(RUN_SECONDS, seed=100)
        run_end = time.monotonic()
    finally:
        sampling.set()
        if sampler.is_alive():
            sampler.join()
        server.stop()

    first = [k for t, k in rss if t < run_start + 5]
    last = [k for t, k in rss if t > run_end - 10]
    lat = load.latencies
    figures = {
        "generate_s": round(generated - started, 1),
        "ingest_s": round(ingested - generated, 1),
        "distinct_urls": len(urls),
        "clients": CLIENTS,
        "seconds": round(run_end - run_start, 1),
        "requests": len(lat),
        "errors": len(load.errors),
        "rps": round(len(lat) / (run_end - run_start), 1),
        "p50_ms": round(statistics.median(lat) * 1000, 1),
        "p95_ms": round(_percentile(lat, 0.95) * 1000, 1),
        "p99_ms": round(_percentile(lat, 0.99) * 1000, 1),
        "max_ms": round(max(lat) * 1000, 1),
        "rss_start_mib": round(statistics.median(first) / 1024, 1),
        "rss_end_max_mib": round(max(last) / 1024, 1),
        "rss_max_mib": round(max(k for _, k in rss) / 1024, 1),
    }
    print("\nLOAD " + json.dumps(figures))
    (tmp_path / "load.json").write_text(json.dumps(figures))
    assert not load.errors, load.errors[:10]
    assert len(lat) > 100
    assert max(last) <= statistics.median(first) * RSS_TOLERANCE + RSS_SLACK_KIB, figures
