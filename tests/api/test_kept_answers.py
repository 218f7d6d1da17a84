"""Answers kept on disk per account revision (issue 17/20): the lists read them,
a write to one account invalidates that account's only, a broken file is
replaced, and while the filler is behind a figure-sorted list leaves the missing
accounts out and says so. On real embedded stores (tests/api/conftest.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import derived
from api.answer_filler import _locked, fill_pass, main, run
from api.answers_disk import AnswerStore, answers_version
from api.app import create_app
from api.service import Answers
from api.settings import Settings, parse_api_keys
from graph.schema import Batch, RelationshipRecord
from graph.store import GraphStore
from queries.accounts_list import AccountSort, SortOrder, account_line, by_figure
from queries.alerts import alerts
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from queries.trend import trend
from queries.views import account_summary
from tests.api.conftest import KEYS, LOCAL, auth, make_client
from tests.api.test_ingest_api import INITECH, post, zipped
from tests.web.worlds import MANY, many_accounts_batch

DAY = dt.date(2026, 11, 15)
SETTINGS = QuerySettings()


def answers_over(store: GraphStore, path: Path) -> Answers:
    """An answer service without memory cache, over kept answers in ``path``."""
    answers = Answers(store, SETTINGS, cache_bytes=0)
    answers.disk = AnswerStore(path, answers_version(SETTINGS))
    return answers


def direct_line_order(store: GraphStore, sort: AccountSort, order: SortOrder) -> list[str]:
    lines = []
    for account in store.list_accounts():
        snap = AccountSnapshot.build(store.account_data(account.id), DAY, SETTINGS)
        lines.append(account_line(account_summary(snap), len(alerts(snap).alerts)))
    return [line.account_id for line in by_figure(lines, sort, order)]


def listed(client: TestClient, query: str) -> dict[str, Any]:
    r = client.get(f"/v1/accounts?as_of={DAY}&{query}", headers=auth("reader"))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def pages_of(client: TestClient, query: str, size: int = 20) -> list[str]:
    found: list[str] = []
    for offset in range(0, MANY, size):
        body = listed(client, f"{query}&limit={size}&offset={offset}")
        assert body["total"] == MANY
        assert body["pending"] == 0
        found += [a["account_id"] for a in body["items"]]
    return found


@pytest.fixture
def many(embedded_store: GraphStore) -> GraphStore:
    embedded_store.apply(many_accounts_batch())
    return embedded_store


@pytest.mark.parametrize(
    ("sort", "order"),
    [(AccountSort.COVERAGE, SortOrder.DESC), (AccountSort.GAPS, SortOrder.ASC)],
)
def test_a_figure_sort_across_pages_equals_the_order_from_snapshots(
    many: GraphStore, sort: AccountSort, order: SortOrder
) -> None:
    expected = direct_line_order(many, sort, order)
    with make_client(many) as client:  # computes and keeps every line
        assert pages_of(client, f"sort={sort}&order={order}") == expected
    kept = Path(str(many.path) + ".answers")  # type: ignore[attr-defined]
    assert kept.exists()
    with make_client(many) as client:  # a fresh process: read back from the file
        assert pages_of(client, f"sort={sort}&order={order}") == expected


def test_a_kept_line_is_read_and_only_a_write_to_its_account_drops_it(
    world_store: GraphStore, tmp_path: Path
) -> None:
    answers = answers_over(world_store, tmp_path / "kept.answers")
    disk = answers.disk
    assert disk is not None
    lines, pending = derived.lines(answers, None, DAY)
    assert (sorted(lines), pending) == (["A1", "A2"], [])
    # Plant a line under A1's current revision: a read that uses the file returns it.
    revisions = world_store.account_revisions()
    planted = lines["A1"].model_copy(update={"name": "Planted"})
    disk.put(derived.LINE, [("A1", DAY.isoformat(), revisions["A1"], planted.model_dump_json())])
    assert derived.lines(answers, None, DAY)[0]["A1"].name == "Planted"
    # A write to A2 (Globex) leaves A1's kept line; A2's is computed again.
    world_store.apply(Batch(relationships=[RelationshipRecord("T3", "P8", strength=0.95)]))
    after = world_store.account_revisions()
    assert after["A1"] == revisions["A1"]
    assert after["A2"] != revisions["A2"]
    again = derived.lines(answers, None, DAY)[0]
    assert again["A1"].name == "Planted"
    assert disk.get(derived.LINE, DAY.isoformat(), after).keys() == {"A1", "A2"}
    # A write to A1 drops the planted line.
    world_store.apply(Batch(relationships=[RelationshipRecord("T1", "P2", strength=0.9)]))
    assert derived.lines(answers, None, DAY)[0]["A1"].name == "Acme Holdings"


def test_another_version_reads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "kept.answers"
    old = AnswerStore(path, "v1")
    old.put("line", [("A1", "2026-11-15", 3, "{}")])
    assert old.get("line", "2026-11-15", {"A1": 3}) == {"A1": "{}"}
    assert old.get("line", "2026-11-15", {"A1": 4}) == {}  # another revision
    old.close()
    assert AnswerStore(path, "v2").get("line", "2026-11-15", {"A1": 3}) == {}


@pytest.mark.parametrize("content", ["garbage", "foreign"])
def test_a_corrupt_or_foreign_file_is_replaced(tmp_path: Path, content: str) -> None:
    path = tmp_path / "kept.answers"
    if content == "garbage":
        path.write_bytes(b"not a database, " * 512)
    else:
        with sqlite3.connect(path) as other:
            other.execute("CREATE TABLE answers (x)")
            other.execute("INSERT INTO answers VALUES (1)")
        other.close()
    disk = AnswerStore(path, "v1")
    assert disk.get("line", "2026-11-15", {"A1": 1}) == {}
    assert disk.put("line", [("A1", "2026-11-15", 1, "{}")])
    assert disk.get("line", "2026-11-15", {"A1": 1}) == {"A1": "{}"}
    assert (tmp_path / "kept.answers.bad").exists()


def test_while_the_filler_is_behind_the_list_says_how_many_are_missing(
    many: GraphStore, tmp_path: Path
) -> None:
    asked: list[dt.date] = []
    with make_client(many) as client:
        answers: Answers = client.app.state.answers  # type: ignore[attr-defined]
        answers.wanted = asked.append  # a filler that never finishes
        body = listed(client, "sort=coverage&limit=10")
        assert (body["pending"], body["total"], body["items"]) == (MANY, 0, [])
        assert asked == [DAY]
        # By name a page needs its own lines only: computed at once.
        by_name = listed(client, "sort=name&limit=10")
        assert (by_name["pending"], len(by_name["items"]), by_name["total"]) == (0, 10, MANY)
        page = client.get(f"/?as_of={DAY}&sort=coverage", headers=auth("reader"))
        assert "still being computed" in page.text
        # The filler's pass fills the file: the list is whole, in the right order.
        disk = answers.disk
        assert disk is not None
        report = fill_pass(many, disk, SETTINGS, DAY, months=2)
        assert report.lines == MANY - 10
        expected = direct_line_order(many, AccountSort.COVERAGE, SortOrder.ASC)
        assert pages_of(client, "sort=coverage") == expected
        assert (
            "still being computed"
            not in client.get(f"/?as_of={DAY}&sort=coverage", headers=auth("reader")).text
        )


def test_a_fill_pass_computes_what_changed_only(world_store: GraphStore, tmp_path: Path) -> None:
    disk = AnswerStore(tmp_path / "kept.answers", answers_version(SETTINGS))
    first = fill_pass(world_store, disk, SETTINGS, DAY, months=3)
    assert (first.lines, first.points) == (2, 4)  # two accounts, two past month ends each
    again = fill_pass(world_store, disk, SETTINGS, DAY, months=3)
    assert (again.lines, again.points) == (0, 0)
    world_store.apply(Batch(relationships=[RelationshipRecord("T3", "P8", strength=0.95)]))
    update = fill_pass(world_store, disk, SETTINGS, DAY, months=3)
    assert (update.lines, update.points) == (1, 2)  # Globex only


def test_the_filler_command_fills_and_a_second_one_steps_aside(
    world_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kept.answers"
    store_path = str(world_store.path)  # type: ignore[attr-defined]
    monkeypatch.setenv("POWERMAP_STORE", store_path)
    disk = AnswerStore(path, answers_version(SETTINGS))
    with _locked(path) as mine:
        assert mine
        assert run(world_store, disk, SETTINGS, []) == 0  # another filler holds the lock
    assert main(["--store", store_path, "--answers", str(path)]) == 0
    revisions = world_store.account_revisions()
    today = dt.date.today().isoformat()
    assert disk.get(derived.LINE, today, revisions).keys() == {"A1", "A2"}


def test_a_trend_from_kept_points_equals_the_one_computed_directly(
    world_store: GraphStore, tmp_path: Path
) -> None:
    answers = answers_over(world_store, tmp_path / "kept.answers")
    data = world_store.account_data("A1")
    expected = trend(lambda d: AccountSnapshot.build(data, d, SETTINGS), DAY, 6)
    assert derived.account_trend(answers, "A1", DAY, 6) == expected  # computed, kept
    assert derived.account_trend(answers, "A1", DAY, 6) == expected  # read back
    assert derived.account_trend(answers, "A1", DAY, 3).points == expected.points[3:]


def test_old_days_are_dropped_but_month_end_points(tmp_path: Path) -> None:
    disk = AnswerStore(tmp_path / "kept.answers", "v1")
    rows = [("A1", d, 1, "{}") for d in ("2026-01-30", "2026-01-31", "2026-11-14")]
    disk.put(derived.LINE, rows)
    disk.put(derived.POINT, rows)
    assert disk.drop_old("2026-11-01", derived.POINT) == 3
    assert disk.get_days(derived.LINE, "A1", 1, ["2026-01-30", "2026-01-31", "2026-11-14"]) == {
        "2026-11-14": "{}"
    }
    kept = disk.get_days(derived.POINT, "A1", 1, ["2026-01-30", "2026-01-31", "2026-11-14"])
    assert sorted(kept) == ["2026-01-31", "2026-11-14"]


def _settled(client: TestClient) -> None:
    """Wait (bounded) for the app's filler process to finish its run."""
    filler = client.app.state.filler  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while filler.running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not filler.running, "the filler did not finish within 120 s"


def test_a_load_through_the_api_fills_its_accounts_without_waiting_for_the_poll(
    world_store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "kept.answers"
    disk = AnswerStore(path, answers_version(SETTINGS))
    today = dt.date.today().isoformat()
    # A poll of an hour: only the load's own kick can start the filler again.
    settings = Settings(
        api_keys=parse_api_keys(KEYS),
        fill_answers=True,
        answers_file=str(path),
        warm_poll_seconds=3600,
    )
    app = create_app(settings, store=world_store, warm=True)  # as `powermap serve` runs
    with TestClient(app, client=("127.0.0.1", 50000), base_url=LOCAL) as client:
        _settled(client)  # the start-up run
        assert disk.get(derived.LINE, today, world_store.account_revisions()).keys() == {
            "A1",
            "A2",
        }
        loaded = post(client, zipped(INITECH))
        assert loaded.status_code == 200, loaded.text
        _settled(client)
        kept = disk.get(derived.LINE, today, world_store.account_revisions())
    assert kept.keys() == {"A1", "A2", "A3"}  # Initech, new with this load
