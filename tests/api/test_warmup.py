"""The background warm-up (api.warmup) on a real embedded store with real data: the
demo world of ``ingest.generate`` and the hand-made sample world."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.service import MIB, Answers
from api.settings import Settings, parse_api_keys
from api.warmup import Warmer, WarmState
from api.web.pages.account import AccountAnswers, account_answers, page_answers
from graph.embedded import EmbeddedStore
from graph.schema import Batch, Deletion, DeletionKind, PersonRecord
from graph.store import GraphStore
from ingest.generate import Scale, generate_bundle
from ingest.report import IngestOptions
from ingest.service import load_bundle
from queries.settings import QuerySettings
from tests.api.conftest import KEYS, LOCAL, auth
from tests.api.test_ingest_api import zipped

WAIT_SECONDS = 60.0
#: Long enough that, in a test, only a start or a kick makes the thread look again.
NEVER = 3600.0

ZENITH = {
    "accounts.csv": """
        id,name
        Z1,Zenith
    """,
    "people.csv": """
        id,account_id,unit_id,name,title
        ZP1,Z1,,Zoe Park,CTO
    """,
}


def cached_page(answers: Answers, account_id: str, day: dt.date) -> AccountAnswers | None:
    """The page answers the cache holds for the store's current revision, without
    building any."""
    if not answers.holds(account_id, day, page_answers):
        return None
    return account_answers(answers, account_id, day)


def wait_until(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {WAIT_SECONDS:.0f} s waiting for {what}")
        time.sleep(0.02)


def status(warmer: Warmer) -> tuple[WarmState, bool | None]:
    return warmer.state, warmer.ready


def load_demo(store: GraphStore, folder: Path) -> None:
    today = dt.date.today()
    generate_bundle(folder, Scale.DEMO, anchor=today)
    load_bundle(folder, store, IngestOptions(as_of=today))


def more_people(account_id: str, count: int) -> Batch:
    return Batch(people=[PersonRecord(f"N{n}", account_id, f"Newcomer {n}") for n in range(count)])


@pytest.fixture
def demo_store(embedded_store: GraphStore, tmp_path: Path) -> GraphStore:
    load_demo(embedded_store, tmp_path / "demo")
    return embedded_store


def answers_of(store: GraphStore) -> Answers:
    return Answers(store, QuerySettings(), cache_bytes=256 * MIB)


# ------------------------------------------------------------------ one pass
def test_a_pass_prepares_the_largest_accounts_and_no_others(demo_store: GraphStore) -> None:
    answers = answers_of(demo_store)
    ranked = demo_store.largest_accounts(10)
    assert len(ranked) > 3
    warmer = Warmer(answers, accounts=2)
    assert status(warmer) == (WarmState.PENDING, False)

    assert warmer.run_once() == demo_store.revision()

    day = answers.today()
    assert warmer.warmed == tuple(ranked[:2])
    for account_id in ranked[:2]:
        prepared = cached_page(answers, account_id, day)
        assert prepared is not None
        assert account_answers(answers, account_id, day) is prepared
    for account_id in ranked[2:]:
        assert cached_page(answers, account_id, day) is None
    assert status(warmer) == (WarmState.DONE, True)


def test_a_write_makes_the_next_pass_prepare_the_new_revision(world_store: GraphStore) -> None:
    answers = answers_of(world_store)
    day = answers.today()
    warmer = Warmer(answers, accounts=1)
    first = warmer.run_once()
    assert warmer.warmed == ("A1",)

    world_store.apply(more_people("A2", 12))  # A2 now has more people than A1
    assert world_store.revision() != first
    assert status(warmer) == (WarmState.PENDING, False)
    assert cached_page(answers, "A2", day) is None

    assert warmer.run_once() == world_store.revision()
    assert warmer.warmed == ("A2",)
    assert cached_page(answers, "A2", day) is not None
    assert cached_page(answers, "A1", day) is None  # not among the largest any more
    assert status(warmer) == (WarmState.DONE, True)


def test_zero_accounts_prepares_nothing(world_store: GraphStore) -> None:
    answers = answers_of(world_store)
    warmer = Warmer(answers, accounts=0)
    assert warmer.enabled is False
    assert warmer.start() is False
    assert warmer.alive is False
    assert warmer.run_once() is None
    assert warmer.warmed == ()
    assert cached_page(answers, "A1", answers.today()) is None
    assert status(warmer) == (WarmState.OFF, None)


class DeletingWarmer(Warmer):
    """Deletes one chosen account before it is prepared, as a load racing the
    warm-up would."""

    def __init__(self, answers: Answers, *, accounts: int, victim: int) -> None:
        super().__init__(answers, accounts=accounts)
        self.victim = victim
        self.deleted: list[str] = []

    def choose(self) -> list[str]:
        chosen = super().choose()
        if not self.deleted:
            gone = chosen[self.victim]
            self._answers.store.apply(Batch(deletions=[Deletion(DeletionKind.ACCOUNT, gone)]))
            self.deleted.append(gone)
        return chosen


def test_a_failing_account_does_not_stop_the_others(
    demo_store: GraphStore, caplog: pytest.LogCaptureFixture
) -> None:
    answers = answers_of(demo_store)
    ranked = demo_store.largest_accounts(3)
    warmer = DeletingWarmer(answers, accounts=3, victim=1)
    with caplog.at_level(logging.WARNING, logger="powermap.warmup"):
        warmer.run_once()

    assert warmer.deleted == [ranked[1]]
    assert warmer.failed == (ranked[1],)
    assert warmer.warmed == (ranked[0], ranked[2])
    assert cached_page(answers, ranked[2], answers.today()) is not None
    [record] = caplog.records
    assert ranked[1] in record.getMessage()
    assert "NotFoundError" in record.getMessage()

    # The deletion is a new revision: the next pass prepares it, the next largest in.
    assert status(warmer) == (WarmState.PENDING, False)
    assert warmer.run_once() == demo_store.revision()
    assert not warmer.failed
    assert warmer.warmed == tuple(demo_store.largest_accounts(3))
    assert ranked[1] not in warmer.warmed


# -------------------------------------------------------------------- thread
def test_the_thread_prepares_at_start_after_a_kick_and_stops(world_store: GraphStore) -> None:
    answers = answers_of(world_store)
    warmer = Warmer(answers, accounts=1, poll_seconds=NEVER)
    assert warmer.start() is True
    try:
        wait_until(lambda: warmer.ready, "the first pass")
        assert warmer.warmed == ("A1",)

        world_store.apply(more_people("A2", 12))
        assert status(warmer) == (WarmState.PENDING, False)  # asleep until the next poll or a kick
        warmer.kick()
        wait_until(lambda: warmer.ready, "the pass after the kick")
        assert warmer.warmed == ("A2",)
        assert cached_page(answers, "A2", answers.today()) is not None
    finally:
        warmer.stop(timeout=WAIT_SECONDS)
    assert warmer.alive is False


# --------------------------------------------------------------- the service
@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    """The app opening its own store (a file holding the demo world), as served."""
    path = tmp_path / "graph.db"
    with EmbeddedStore(path) as store:
        load_demo(store, tmp_path / "demo")
    settings = Settings(
        store=str(path),
        api_keys=parse_api_keys(KEYS),
        warm_accounts=2,
        warm_poll_seconds=NEVER,
    )
    with TestClient(create_app(settings), client=("127.0.0.1", 50000), base_url=LOCAL) as client:
        yield client, path


def _warm(client: TestClient) -> object:
    r = client.get("/readyz")
    assert r.status_code == 200
    return r.json()["warm"]


def test_readyz_shows_the_warm_up_of_each_revision(served: tuple[TestClient, Path]) -> None:
    client, path = served
    wait_until(lambda: _warm(client) is True, "the warm-up at start")

    # Another process loads: the app sees the new revision; its warmer sleeps.
    with EmbeddedStore(path) as other:
        other.apply(more_people(other.largest_accounts(1)[0], 3))
    assert _warm(client) is False

    # A load through this server kicks the warmer: no waiting for the poll.
    r = client.post(
        "/v1/ingest",
        headers=auth("writer"),
        files={"file": ("zenith.zip", zipped(ZENITH), "application/zip")},
    )
    assert r.status_code == 200, r.text
    wait_until(lambda: _warm(client) is True, "the warm-up after the upload")


def test_readyz_warm_is_null_when_warm_up_is_off(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "graph.db"), warm_accounts=0)
    with TestClient(create_app(settings), client=("127.0.0.1", 50000), base_url=LOCAL) as client:
        assert client.get("/readyz").json() == {"status": "ok", "warm": None}
