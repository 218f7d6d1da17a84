"""Issue 17 at scale M, the pages a user opens (session 4): ``GET /v1/search`` over
HTTP against a running ``powermap serve`` (wall per request, and the server's own
CPU per request from /proc), and the person, team and team member pages and the
org chart, cold (first request of a fresh app) and warm, in process. Not a test:

    .venv/bin/powermap serve --store M.db --port 8765 &
    .venv/bin/python -m bench.web_pages --store M.db --url http://127.0.0.1:8765 --pid PID

Pages are timed in process (TestClient): wall and CPU of the process (all its
threads) to the full HTML, no images (the account page's trend chart is apart).
"""

from __future__ import annotations

import argparse
import json
import os
import random
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from api.app import create_app
from api.gc_policy import tune_collector
from api.settings import Settings
from bench.stats import summary
from bench.web import _queries, _timed
from graph.embedded import EmbeddedStore


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def search_over_http(url: str, pid: int | None, texts: list[str]) -> dict[str, Any]:
    with httpx.Client(base_url=url, timeout=30) as client:
        for text in texts[:10]:  # the connection and SQLite's page cache
            client.get("/v1/search", params={"q": text, "limit": 8})
        before = _cpu_of(pid) if pid else 0.0
        typed = iter(texts)
        wall, _ = _timed(
            lambda: client.get("/v1/search", params={"q": next(typed), "limit": 8}), len(texts)
        )
        used = (_cpu_of(pid) - before) if pid else None
    return {
        "wall_ms": summary(wall),
        "server_cpu_ms_per_request": round(used * 1000 / len(texts), 2) if used else None,
    }


def pages(store: EmbeddedStore, member: str, person: str) -> dict[str, Any]:
    largest = store.largest_accounts(1)[0]
    out: dict[str, Any] = {}
    addresses = {
        "person": f"/people/{person}",
        "team directory": "/team",
        "team member": f"/team/{member}",
        "team member, what if": f"/team/{member}?what_if=1",
        "org chart": f"/accounts/{largest}/org-chart",
    }
    app = create_app(Settings(api_keys=()), store=store, warm=False)
    with TestClient(app, client=("127.0.0.1", 5000), base_url="http://localhost") as client:
        for name, address in addresses.items():
            sizes: list[int] = []

            def fetch(address: str = address, sizes: list[int] = sizes) -> None:
                r = client.get(address)
                r.raise_for_status()
                sizes.append(len(r.content))

            (cold,), (cold_cpu,) = _timed(fetch, 1)
            warm, warm_cpu = _timed(fetch, 10)
            out[name] = {
                "address": address,
                "kb": round(sizes[0] / 1024, 1),
                "cold_ms": round(cold * 1000, 1),
                "cold_cpu_ms": round(cold_cpu * 1000, 1),
                "warm_ms": summary(warm),
                "warm_cpu_ms": summary(warm_cpu),
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--url", help="a running `powermap serve` of the same store")
    parser.add_argument("--pid", type=int, help="its process id (for its CPU time)")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--member", default="T00107", help="a team member with many accounts")
    parser.add_argument("--person", default="A000001-P00001", help="a person of the largest")
    args = parser.parse_args()
    tune_collector()
    store = EmbeddedStore(args.store)
    try:
        result: dict[str, Any] = {}
        if args.url:
            texts = _queries(store, random.Random(7), args.queries)
            result["search_http"] = search_over_http(args.url, args.pid, texts)
        result["pages"] = pages(store, args.member, args.person)
        print(json.dumps(result, indent=2))
    finally:
        store.close()


if __name__ == "__main__":
    main()
