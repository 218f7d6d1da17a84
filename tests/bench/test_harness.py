"""The benchmark harness runs end to end at the demo scale and its JSON holds every
figure. No timing is asserted: the figures are measured, not judged, here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app
from bench import report14
from bench.latency import ACCOUNT_ANSWERS, UNIT_ANSWERS
from bench.report import targets
from bench.run import BenchError, BenchOptions, run_bench
from bench.workload import choose_sample, ensure_bundle
from ingest.generate import Scale


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("bench")
    options = BenchOptions(scale=Scale.DEMO, root=root, clients=4, duration=0.5, max_requests=200)
    result = run_bench(options)
    result["issue_14"] = report14.as_dicts(result)
    plain: dict[str, Any] = json.loads(json.dumps(result))  # the document must be plain JSON
    return plain


def test_ingest_and_cold_start_figures(doc: dict[str, Any]) -> None:
    ingest = doc["ingest"]
    assert ingest["rows"] > 1000
    assert ingest["rows_per_s"] > 0
    for phase in ("read_s", "validate_s", "apply_s", "peak_rss_mib"):
        assert ingest[phase] is not None
    cold = doc["cold_start"]
    assert cold["ready_s"] == pytest.approx(cold["open_s"] + cold["first_answer_s"], abs=0.002)


def test_every_answer_has_cold_and_warm_percentiles(doc: dict[str, Any]) -> None:
    answers = doc["latency"]["answers"]
    assert set(answers) == set(ACCOUNT_ANSWERS) | set(UNIT_ANSWERS)
    for name, groups in answers.items():
        assert {"all", "largest"} <= set(groups), name
        for kind in ("cold", "warm"):
            figures = groups["all"][kind]
            assert figures["n"] > 0, (name, kind)
            assert figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    for name in ACCOUNT_ANSWERS:
        assert "reference" in answers[name]
    assert doc["latency"]["snapshot_build"]["largest"]["n"] > 0


def test_api_load_and_web_page_figures(doc: dict[str, Any]) -> None:
    api = doc["api"]
    assert set(api["load"]) == {"coverage", "coverage_largest", "executive_paths"}
    for run in api["load"].values():
        assert run["errors"] == 0, run["error_samples"]
        assert 0 < run["requests"] <= 200
        assert run["latency"]["p99_ms"] is not None
        assert run["first_requests"]["n"] >= 1
    web = api["web_account_page"]
    for first_request in ("unprepared_ms", "other_date_ms", "today_ms"):
        assert web[first_request] > 0, first_request
    assert web["warm_up_s"] >= 0
    assert web["bytes"] > 0
    assert web["warm"]["n"] == 5
    peaks = doc["peak_rss_mib"]
    assert peaks["loader"] > 0
    assert peaks["server"] > 0


def test_every_target_has_a_value(doc: dict[str, Any]) -> None:
    checks = targets(doc)
    assert len(checks) == 9
    assert all(t.value is not None and t.met is not None for t in checks)


def test_the_sample_is_seeded_and_holds_the_largest_account(tmp_path: Path) -> None:
    bundle, generated = ensure_bundle(tmp_path, Scale.DEMO, 7)
    assert generated
    assert ensure_bundle(tmp_path, Scale.DEMO, 7) == (bundle, False)  # reused
    first, again = choose_sample(bundle, 7), choose_sample(bundle, 7)
    assert first == again
    assert first.accounts[0] == first.largest
    assert first.sizes[first.largest] == max(first.sizes.values())
    assert all(account in first.accounts for _, account in first.units)


def test_neo4j_needs_an_explicit_wipe(tmp_path: Path) -> None:
    options = BenchOptions(scale=Scale.DEMO, root=tmp_path, store="neo4j://localhost:7687")
    with pytest.raises(BenchError, match="--yes-wipe"):
        run_bench(options)
    result = CliRunner().invoke(
        app, ["bench", "--scale", "demo", "--store", "bolt://localhost:7687"]
    )
    assert result.exit_code == 2
    assert "--yes-wipe" in result.output


def test_an_existing_store_file_is_never_overwritten(tmp_path: Path) -> None:
    mine = tmp_path / "mine.db"
    mine.write_bytes(b"precious")
    options = BenchOptions(scale=Scale.DEMO, root=tmp_path, store=str(mine))
    with pytest.raises(BenchError, match="already exists"):
        run_bench(options)
    assert mine.read_bytes() == b"precious"


def test_issue_14_read_path_figures_with_their_floors(doc: dict[str, Any]) -> None:
    read = doc["read_path"]
    assert read["largest_account"] == doc["sample"]["largest"]["id"]
    server = read["server"]
    assert server["starts"] == 3
    assert server["ready_s"] > 0
    assert server["cpu_at_ready_s"] > 0
    assert server["rss_at_ready_mib"] > 0
    assert server["first_answer_cold_s"] > 0
    assert server["first_answer_cold_cpu_s"] is not None
    # The floor reads the same account's rows: at least one per person.
    assert read["select_floor"]["rows"] > read["people"] > 0
    assert read["executive_paths_warm"]["n"] > 0
    # The issue 14 table has every figure, each with a value.
    rows = {r["figure"].split(" (")[0].split(",")[0]: r for r in doc["issue_14"]}
    assert {"start-up", "server memory at ready", "first answer", "ingest ÷ floor"} <= set(rows)
    assert all(r["value"] is not None for r in doc["issue_14"])


def test_the_long_phases_can_be_left_out(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "--scale",
            "demo",
            "--work-dir",
            str(tmp_path),
            "--no-latency",
            "--no-load-test",
            "--no-read-path",
        ],
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout[result.stdout.index("{") :])
    assert found["latency"] is None
    assert found["api"] is None
    assert found["read_path"] is None
    assert found["ingest"]["rows"] > 1000
    assert found["peak_rss_mib"]["server"] is None
    assert [r["figure"] for r in found["issue_14"]] == [
        "ingest ÷ floor (wall; CPU beside)",
        "ingest peak memory",
    ]
