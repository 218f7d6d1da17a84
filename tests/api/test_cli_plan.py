"""``powermap plan``, ``plan-accept``, ``plan-dismiss`` and ``plan-export`` on an
embedded store file loaded with the sample world."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from api.cli import app

runner = CliRunner(env={"COLUMNS": "250"})
AS_OF = "2026-11-15"


def _plan(store_file: str, as_of: str = AS_OF) -> dict[str, object]:
    result = runner.invoke(app, ["plan", "A1", "--json", "--as-of", as_of, "--store", store_file])
    assert result.exit_code == 0, result.output
    body: dict[str, object] = json.loads(result.stdout)
    return body


def test_accepting_a_suggestion_puts_it_in_the_plan_and_the_exports(store_file: str) -> None:
    suggestions = _plan(store_file)["suggestions"]
    assert isinstance(suggestions, list)
    intro = next(a for a in suggestions if a["target"]["name"] == "Emma Leroy")
    result = runner.invoke(
        app,
        [
            "plan-accept",
            "A1",
            intro["id"],
            "--due",
            "2026-12-01",
            "--as-of",
            AS_OF,
            "--store",
            store_file,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "accepted (open, due 2026-12-01)" in result.stdout
    actions = _plan(store_file, "2026-12-02")["actions"]
    assert isinstance(actions, list)
    assert [(a["id"], a["status"]) for a in actions] == [(intro["id"], "overdue")]

    table = runner.invoke(app, ["plan", "A1", "--as-of", "2026-12-02", "--store", store_file])
    assert "overdue" in table.stdout

    ics = runner.invoke(app, ["plan-export", "A1", "--as-of", AS_OF, "--store", store_file])
    assert ics.exit_code == 0, ics.output
    [event] = icalendar.Calendar.from_ical(ics.stdout).walk("VEVENT")
    assert str(event["uid"]).startswith(intro["id"])
    out = Path(store_file).with_name("tasks.csv")
    tasks = runner.invoke(
        app,
        [
            "plan-export",
            "A1",
            "--format",
            "csv",
            "-o",
            str(out),
            "--as-of",
            AS_OF,
            "--store",
            store_file,
        ],
    )
    assert tasks.exit_code == 0, tasks.output
    [row] = list(csv.DictReader(io.StringIO(out.read_text())))
    # Sample-world ids are not Salesforce ids: the lookups stay empty.
    assert (row["WhoId"], row["OwnerId"], row["ActivityDate"]) == ("", "", "2026-12-01")

    dismissed = runner.invoke(
        app, ["plan-dismiss", "A1", intro["id"], "--as-of", AS_OF, "--store", store_file]
    )
    assert dismissed.exit_code == 0, dismissed.output
    assert _plan(store_file)["actions"] == []


def test_an_unknown_action_exits_1_with_a_message(store_file: str) -> None:
    result = runner.invoke(
        app, ["plan-accept", "A1", "pa-nope", "--as-of", AS_OF, "--store", store_file]
    )
    assert result.exit_code == 1
    assert "no action 'pa-nope'" in result.stderr
    bad = runner.invoke(
        app, ["plan-accept", "A1", "pa-nope", "--due", "soon", "--store", store_file]
    )
    assert bad.exit_code == 2


@pytest.mark.parametrize(
    ("fmt", "title_column", "note_column"),
    [("dynamics", "subject", "description"), ("hubspot", "Task Title", "Notes")],
)
def test_plan_export_writes_the_crm_task_csvs(
    store_file: str, fmt: str, title_column: str, note_column: str
) -> None:
    suggestions = _plan(store_file)["suggestions"]
    assert isinstance(suggestions, list)
    intro = next(a for a in suggestions if a["target"]["name"] == "Emma Leroy")
    accepted = runner.invoke(
        app, ["plan-accept", "A1", intro["id"], "--as-of", AS_OF, "--store", store_file]
    )
    assert accepted.exit_code == 0, accepted.output
    result = runner.invoke(
        app, ["plan-export", "A1", "--format", fmt, "--as-of", AS_OF, "--store", store_file]
    )
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row[title_column] == intro["title"]
    # Sample-world ids belong to no CRM: the row says what to link by hand.
    assert "Emma Leroy has no" in row[note_column]


def test_a_write_while_another_load_holds_the_store_exits_4_and_changes_nothing(
    store_file: str,
) -> None:
    """Busy is "try again", not "unknown id" (exit 1, as it was): the store's lock
    is held by another writer for longer than the store waits (10 s)."""
    suggestions = _plan(store_file)["suggestions"]
    assert isinstance(suggestions, list)
    intro = next(a for a in suggestions if a["target"]["name"] == "Emma Leroy")
    holder = sqlite3.connect(store_file, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # what a running load holds
        busy = runner.invoke(
            app, ["plan-accept", "A1", intro["id"], "--as-of", AS_OF, "--store", store_file]
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert busy.exit_code == 4, busy.output
    assert "another load is writing to the store" in busy.stderr
    assert _plan(store_file)["actions"] == []
