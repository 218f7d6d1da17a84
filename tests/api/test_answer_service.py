"""The answer service and its cache: bounded by memory, keyed by every argument,
one per process from the composition root; and settings that refuse unsafe
combinations whoever builds them."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from api.cache import BuildOnceCache
from api.cli import app as cli
from api.gc_policy import OLDER_THRESHOLDS, YOUNG_THRESHOLD
from api.root import open_service
from api.service import MIB, Answers
from api.settings import Settings, parse_api_keys, settings_problem
from api.sizing import BYTES_PER_SNAPSHOT_RECORD, estimate_bytes, snapshot_records
from graph.store import GraphStore
from queries.coverage import coverage
from queries.settings import QuerySettings
from queries.views import org_chart
from tests.api.conftest import KEYS

AS_OF = dt.date(2026, 11, 15)


# ------------------------------------------------------------------- the cache
def weighed(sizes: dict[str, int], budget: int) -> BuildOnceCache[str]:
    return BuildOnceCache(budget, lambda v: sizes[v])


def test_values_are_kept_while_they_fit_the_budget_exactly() -> None:
    cache = weighed({"a": 40, "b": 60}, budget=100)
    cache.get("a", lambda: "a")
    cache.get("b", lambda: "b")
    assert ("a" in cache, "b" in cache, cache.used_bytes) == (True, True, 100)


def test_the_least_recently_used_go_once_the_budget_is_exceeded() -> None:
    cache = weighed({"a": 40, "b": 60, "c": 1}, budget=100)
    cache.get("a", lambda: "a")
    cache.get("b", lambda: "b")
    cache.get("a", lambda: "not built again")  # a is now the most recent
    cache.get("c", lambda: "c")  # 101 bytes: b, the least recent, goes
    assert ("a" in cache, "b" in cache, "c" in cache) == (True, False, True)
    assert cache.used_bytes == 41


def test_a_value_larger_than_the_budget_is_returned_but_not_kept() -> None:
    cache = weighed({"big": 101, "small": 10}, budget=100)
    cache.get("small", lambda: "small")
    assert cache.get("big", lambda: "big") == "big"
    assert "big" not in cache
    assert "small" not in cache  # evicted on the way: the newest goes last
    assert cache.used_bytes == 0


def test_a_zero_budget_caches_nothing() -> None:
    cache = weighed({"a": 1}, budget=0)
    calls: list[str] = []

    def build() -> str:
        calls.append("a")
        return "a"

    for _ in range(2):
        cache.get("a", build)
    assert calls == ["a", "a"]


def test_concurrent_askers_wait_for_one_build() -> None:
    cache = weighed({"v": 1}, budget=10)
    started, release = threading.Event(), threading.Event()
    builds: list[int] = []

    def build() -> str:
        builds.append(1)
        started.set()
        release.wait()
        return "v"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", build)))]
    threads[0].start()
    started.wait()
    threads += [threading.Thread(target=lambda: results.append(cache.get("k", build)))]
    threads[1].start()
    release.set()
    for t in threads:
        t.join()
    assert (builds, results) == ([1], ["v", "v"])


def test_a_failed_build_is_not_kept() -> None:
    cache = weighed({"ok": 1}, budget=10)

    def fail() -> str:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        cache.get("k", fail)
    assert cache.get("k", lambda: "ok") == "ok"


# ------------------------------------------------------------- the estimates
def test_a_snapshot_weighs_its_records(world_store: GraphStore) -> None:
    answers = Answers(world_store, QuerySettings(), cache_bytes=64 * MIB)
    snap = answers.snapshot("A1", AS_OF)
    records = snapshot_records(snap)
    # 7 people (one departed), 5 units, 3 relationships, a tie both ways and more
    assert records >= 7 + 5 + 3
    assert estimate_bytes(snap) == BYTES_PER_SNAPSHOT_RECORD * records


# ----------------------------------------------------------- the answer service
def test_answers_are_cached_per_argument(world_store: GraphStore) -> None:
    answers = Answers(world_store, QuerySettings(), cache_bytes=64 * MIB)
    whole = answers.ask("A1", AS_OF, org_chart, None)
    part = answers.ask("A1", AS_OF, org_chart, "B1")
    assert (whole.root_id, part.root_id) == ("A1", "B1")
    assert answers.ask("A1", AS_OF, org_chart, "B1") is part
    assert answers.holds("A1", AS_OF, org_chart, "B1")
    assert not answers.holds("A1", AS_OF, org_chart, "B2")
    assert not answers.holds("A1", AS_OF + dt.timedelta(days=1), org_chart, "B1")


def test_a_write_makes_every_answer_new(world_store: GraphStore) -> None:
    from tests.sample_world import sample_batch

    answers = Answers(world_store, QuerySettings(), cache_bytes=64 * MIB)
    first = answers.ask("A1", AS_OF, coverage)
    world_store.apply(sample_batch())  # same rows: no revision change, still cached
    assert answers.ask("A1", AS_OF, coverage) is first
    from graph.schema import Batch, PersonRecord

    world_store.apply(Batch(people=[PersonRecord("PNEW", "A1", "New Person")]))
    assert not answers.holds("A1", AS_OF, coverage)
    assert answers.ask("A1", AS_OF, coverage) is not first


def test_the_cache_stays_within_its_budget_and_still_answers(world_store: GraphStore) -> None:
    roomy = Answers(world_store, QuerySettings(), cache_bytes=64 * MIB)
    expected = roomy.ask("A1", AS_OF, coverage)
    snapshot_bytes = estimate_bytes(roomy.snapshot("A1", AS_OF))
    # Room for the answer but not for the snapshot it comes from.
    tight = Answers(world_store, QuerySettings(), cache_bytes=snapshot_bytes - 1)
    assert tight.ask("A1", AS_OF, coverage) == expected
    assert tight.holds("A1", AS_OF, coverage)
    assert 0 < tight.cached_bytes < snapshot_bytes
    # Room for both: the snapshot stays, a second answer does not rebuild it.
    both = Answers(world_store, QuerySettings(), cache_bytes=2 * snapshot_bytes)
    both.ask("A1", AS_OF, coverage)
    snap = both.snapshot("A1", AS_OF)
    both.ask("A1", AS_OF, org_chart, None)
    assert both.snapshot("A1", AS_OF) is snap
    assert both.cached_bytes <= 2 * snapshot_bytes


# ------------------------------------------------------------ settings and root
@pytest.mark.parametrize(
    ("changes", "refusal"),
    [
        ({"host": "0.0.0.0"}, "refusing to listen on 0.0.0.0"),
        ({"allowed_hosts": ("*",)}, "needs API keys"),
        ({"store": "bolt://db:7687"}, "POWERMAP_NEO4J_PASSWORD is not set"),
    ],
)
def test_unsafe_settings_are_refused_when_built(changes: dict[str, object], refusal: str) -> None:
    with pytest.raises(ValidationError, match=refusal):
        Settings(**changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "changes",
    [
        {"host": "0.0.0.0", "api_keys": parse_api_keys(KEYS)},
        {"allowed_hosts": ("*",), "api_keys": parse_api_keys(KEYS)},
        {"store": "bolt://db:7687", "neo4j_password": "a-password"},
    ],
)
def test_the_same_settings_made_safe_are_accepted(changes: dict[str, object]) -> None:
    Settings(**changes)  # type: ignore[arg-type]


def test_the_root_opens_the_configured_store_with_the_configured_cache(store_file: str) -> None:
    settings = Settings(store=store_file, cache_mb=3)
    with open_service(settings, read_only=True) as service:
        assert service.settings is settings
        assert service.answers.store is service.store
        assert service.answers.cache_bytes == 3 * MIB
        assert [a.id for a in service.store.list_accounts()] == ["A1", "A2"]
    with pytest.raises(Exception, match="does not answer"):
        service.store.ping()  # closed on leaving


def test_a_command_refuses_unsafe_settings_in_one_line(
    store_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.settings import get_settings

    monkeypatch.setenv("POWERMAP_ALLOWED_HOSTS", "*")
    get_settings.cache_clear()
    try:
        done = CliRunner().invoke(cli, ["coverage", "A1", "--store", store_file])
    finally:
        get_settings.cache_clear()
    assert done.exit_code == 2
    assert "needs API keys" in done.output
    assert "Traceback" not in done.output


def test_every_command_runs_under_the_process_collector_policy(store_file: str) -> None:
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        done = CliRunner().invoke(cli, ["accounts", "--store", store_file, "--json"])
        assert done.exit_code == 0, done.output
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
    finally:
        gc.set_threshold(*saved)


@pytest.mark.parametrize(
    ("variable", "refusal"),
    [
        ("POWERMAP_GRAPH_CACHE_SIZE", "renamed POWERMAP_CACHE_MB"),
        ("POWERMAP_CAHCE_MB", "did you mean POWERMAP_CACHE_MB"),
        ("POWERMAP_QUERYY__HALF_LIFE_DAYS", "POWERMAP_QUERYY__HALF_LIFE_DAYS is not a setting"),
    ],
)
def test_an_unknown_or_renamed_variable_is_refused(
    variable: str, refusal: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, "64")
    with pytest.raises(ValidationError, match=refusal):
        Settings()


def test_an_unknown_variable_in_the_env_file_is_refused_with_the_file_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("NEO4J_PASSWORD=not-ours\nPOWERMAP_CAHCE_MB=64\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValidationError) as refused:
        Settings()
    message = settings_problem(refused.value)  # what commands and the server print
    assert message == (
        "POWERMAP_CAHCE_MB (in .env) is not a setting (did you mean POWERMAP_CACHE_MB?); unset it"
    )  # another tool's variable (NEO4J_PASSWORD) is left alone; no value is echoed


def test_known_names_in_the_env_file_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("NEO4J_PASSWORD=not-ours\nPOWERMAP_CACHE_MB=64\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POWERMAP_CACHE_MB", raising=False)
    assert Settings().cache_mb == 64


@pytest.mark.parametrize(
    "variable", ["POWERMAP_CACHE_MB", "POWERMAP_QUERY__HALF_LIFE_DAYS", "POWERMAP_TEST_NEO4J_URI"]
)
def test_settings_and_the_test_rigs_variables_are_accepted(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, "64")
    Settings()
