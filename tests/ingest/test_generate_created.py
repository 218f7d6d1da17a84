"""The generator's creation dates (DOMAIN.md, "Time"): believable, consistent, and
the demo's past shows fewer relationships than its present."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from graph.embedded import EmbeddedStore
from ingest.generate import DEFAULT_ANCHOR, generate_bundle
from ingest.report import IngestOptions
from ingest.service import load_bundle
from queries.coverage import coverage
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_creation_dates_are_believable(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    generate_bundle(out, "demo")
    settled = DEFAULT_ANCHOR - dt.timedelta(days=30)
    people = {r["id"]: r for r in rows(out, "people.csv")}
    team = {r["id"]: r for r in rows(out, "team.csv")}
    for name in ("units.csv", "people.csv", "team.csv", "relationships.csv", "person_ties.csv"):
        found = rows(out, name)
        assert found
        assert all(day(r["created_on"]) <= settled for r in found), name
    for p in people.values():
        if p["left_on"]:
            assert day(p["created_on"]) < day(p["left_on"])
    for r in rows(out, "relationships.csv"):
        if r["last_contact"]:
            assert day(r["created_on"]) <= day(r["last_contact"])
    for t in rows(out, "person_ties.csv"):
        assert day(t["created_on"]) >= min(
            day(people[t["person_id"]]["created_on"]),
            day(people[t["other_person_id"]]["created_on"]),
        )
    years = {day(m["created_on"]).year for m in team.values()}
    assert len(years) > 2  # hired over the years, not on one day


def test_the_demos_past_is_not_todays_relationships_on_an_old_chart(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    generate_bundle(out, "demo")
    store = EmbeddedStore(tmp_path / "graph.db")
    try:
        load_bundle(out, store, IngestOptions())
        data = store.account_data("halden")
    finally:
        store.close()
    settings = QuerySettings()
    then = AccountSnapshot.build(data, dt.date(2020, 6, 1), settings)
    now = AccountSnapshot.build(data, DEFAULT_ANCHOR, settings)
    assert len(then.relationships) < len(now.relationships) / 2
    assert len(then.people) < len(now.people)
    known_then = sum(r.people_known for r in coverage(then).rows)
    known_now = sum(r.people_known for r in coverage(now).rows)
    assert known_then < known_now
