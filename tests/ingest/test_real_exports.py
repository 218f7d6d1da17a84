"""The real Salesforce exports in ../shared/real-exports (read where they are, never
copied here), loaded as a user would: ``powermap ingest <folder> --format
salesforce``. Skipped when the folder is absent; CI has it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "real-exports" / "salesforce"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"{REAL} is absent")
runner = CliRunner()


def ingest(tmp_path: Path, folder: str, as_of: str) -> tuple[dict[str, Any], str]:
    db = str(tmp_path / "graph.db")
    args = ["ingest", str(REAL / folder), "--format", "salesforce", "--store", db]
    result = runner.invoke(app, [*args, "--json", "--as-of", as_of])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), db


def counts(report: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    """kind -> (read, created, rejected, skipped, derived)."""
    return {
        kind: (k["read"], k["created"], k["rejected"], k["skipped"], k["derived"])
        for kind, k in report["kinds"].items()
    }


def accounts(db: str, as_of: str) -> list[dict[str, Any]]:
    result = runner.invoke(
        app, ["accounts", "--store", db, "--as-of", as_of, "--json", "--limit", "200"]
    )
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)["items"]
    return items


def test_dev_org_extract(tmp_path: Path) -> None:
    report, db = ingest(tmp_path, "dev-org-extract", "2019-01-07")

    assert counts(report) == {
        "account": (7, 7, 0, 0, 0),
        "person": (4, 4, 0, 0, 0),
        "opportunity": (1, 1, 0, 0, 0),
    }
    # its one contact role has an empty Role, and the file has no OwnerId: no deal
    assert report["skipped_reasons"] == {"unmapped_contact_role": 1}
    assert (report["error_count"], report["warning_count"]) == (0, 0)
    assert report["ignored_files"] == ["LICENSE", "Lead.csv"]
    found = {
        a["name"]: (a["customer_status"], a["active_people"]) for a in accounts(db, "2019-01-07")
    }
    assert found["High Desert Inc."] == ("customer", 3)  # its won opportunity, 2018-03-03
    assert Counter(status for status, _ in found.values()) == {"prospect": 6, "customer": 1}


def test_org_export_2024(tmp_path: Path) -> None:
    report, db = ingest(tmp_path, "org-export-2024", "2024-02-01")

    assert counts(report) == {
        "account": (22, 22, 0, 0, 0),
        "person": (102, 18, 0, 84, 0),  # 84 private contacts: no AccountId
        "team_member": (0, 2, 0, 0, 2),  # no User.csv: the owners as placeholders
        "account_team": (0, 22, 0, 0, 22),  # Account.OwnerId
        "activity": (75, 0, 0, 75, 0),  # every task Not Started
        "opportunity": (50, 50, 0, 0, 0),
    }
    assert report["skipped_reasons"] == {"without_account": 84, "open_task": 75}
    groups = [(g["file"], g["column"], g["count"]) for g in report["problem_groups"]]
    assert groups == [
        ("Account.csv", "OwnerId", 2),
        ("Contact.csv", "AccountId", 84),
        ("Task.csv", "Status", 75),
    ]
    assert report["problem_groups"][2]["reason"] == "open task: only completed tasks count"
    assert (report["error_count"], report["warning_count"]) == (0, 161)
    listed = accounts(db, "2024-02-01")
    assert len(listed) == 22
    assert Counter(a["customer_status"] for a in listed) == {"prospect": 13, "customer": 9}
    assert sum(a["active_people"] for a in listed) == 18
    assert all(a["team_members"] == 1 for a in listed)  # each account's owner


def test_the_terminal_report_says_why_rows_were_skipped(tmp_path: Path) -> None:
    db = str(tmp_path / "graph.db")
    args = ["ingest", str(REAL / "org-export-2024"), "--store", db, "--as-of", "2024-02-01"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "skipped 84: rows without an account [without_account]" in result.stdout
    assert (
        "skipped 75: open tasks (only completed tasks count as contact) [open_task]"
        in result.stdout
    )
