"""Issue 20's performance figures (a benchmark, not a test), on an embedded store:

* changes between two dates on the largest account, cold (store just opened: the
  account graph read, both snapshots built, the review computed);
* the trend of a page of 50 accounts: cold (first pass, twelve month-end
  snapshots each) and warm (served from the answer cache, as the accounts list's
  sparklines are until the next write);
* the plan's suggestions on the largest account, cold.

Usage: .venv/bin/python scripts/bench_review.py STORE.db [AS_OF]
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from api.plans import account_suggestions
from api.routes.review import account_changes, account_trend
from api.service import MIB, Answers
from graph.embedded import EmbeddedStore
from queries.settings import QuerySettings

PAGE = 50


def main() -> None:
    path = Path(sys.argv[1])
    as_of = dt.date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else dt.date.today()
    since = as_of - dt.timedelta(days=90)

    store = EmbeddedStore(path, read_only=True)
    largest = store.largest_accounts(1)[0]
    answers = Answers(store, QuerySettings(), cache_bytes=512 * MIB)
    t, cpu = time.perf_counter(), time.process_time()
    found = account_changes(answers, largest, since, as_of)
    cold_changes = time.perf_counter() - t
    # CPU time too: on a shared machine the wall time measures the neighbours.
    cold_changes_cpu = time.process_time() - cpu
    t = time.perf_counter()
    suggested = account_suggestions(answers, largest, as_of)
    suggestions_s = time.perf_counter() - t
    store.close()

    store = EmbeddedStore(path, read_only=True)
    answers = Answers(store, QuerySettings(), cache_bytes=512 * MIB)
    page = [a.id for a in store.list_accounts()][:PAGE]
    t = time.perf_counter()
    for account in page:
        account_trend(answers, account, as_of)
    cold_trends = time.perf_counter() - t
    warm = []
    for _ in range(5):
        t = time.perf_counter()
        for account in page:
            account_trend(answers, account, as_of)
        warm.append(time.perf_counter() - t)
    store.close()

    people = len(found.people)
    print(
        f"largest account {largest}: changes {since}..{as_of} cold {cold_changes * 1000:.0f} ms "
        f"(CPU {cold_changes_cpu * 1000:.0f} ms)"
    )
    print(
        f"  ({len(found.units)} units, {len(found.relationships)} relationships, {people} people)"
    )
    print(f"  plan suggestions (snapshot cached) {suggestions_s * 1000:.0f} ms, {len(suggested)}")
    print(
        f"trends of {len(page)} accounts: cold {cold_trends * 1000:.0f} ms, "
        f"warm median {statistics.median(warm) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
