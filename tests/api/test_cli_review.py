"""``powermap changes`` and ``powermap trend`` on an embedded store file loaded
with the sample world (figures from tests/sample_world.py)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from api.cli import app

runner = CliRunner(env={"COLUMNS": "250"})


def test_changes_prints_the_unit_and_relationship_that_changed(store_file: str) -> None:
    args = ["changes", "A1", "--from", "2026-11-15", "--as-of", "2026-12-15", "--store", store_file]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Acme Lyon" in result.stdout
    assert "Farid Benali" in result.stdout
    body = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert [u["unit"]["id"] for u in body["units"]] == ["B2"]


def test_changes_refuses_dates_in_the_wrong_order(store_file: str) -> None:
    args = ["changes", "A1", "--from", "2026-12-15", "--as-of", "2026-11-15", "--store", store_file]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "must be before" in result.stderr
    bad = runner.invoke(app, ["changes", "A1", "--from", "soon", "--store", store_file])
    assert bad.exit_code == 2


def test_trend_prints_one_row_per_month_end(store_file: str) -> None:
    args = ["trend", "A1", "--months", "3", "--as-of", "2026-12-15", "--store", store_file]
    body = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert [p["as_of"] for p in body["points"]] == ["2026-10-31", "2026-11-30", "2026-12-15"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2026-10-31" in result.stdout
