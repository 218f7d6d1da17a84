"""``powermap ingest`` through Typer's runner: exit codes and JSON output."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from api.commands.ingest import EXIT_INVALID, EXIT_UNREADABLE, EXIT_USAGE
from graph.embedded import EmbeddedStore
from tests.ingest.conftest import BASE, BundleWriter

runner = CliRunner()


def test_json_report_and_exit_zero(bundle: BundleWriter, tmp_path: Path) -> None:
    db = tmp_path / "graph.db"

    result = runner.invoke(app, ["ingest", str(bundle(BASE)), "--store", str(db), "--json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["kinds"]["person"]["created"] == 3
    assert report["dry_run"] is False
    store = EmbeddedStore(db)
    try:
        assert store.counts()["person"] == 3
    finally:
        store.close()


def test_table_report(bundle: BundleWriter, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(bundle(BASE)), "--store", str(tmp_path / "g.db")])

    assert result.exit_code == 0, result.output
    assert "team_member" in result.stdout
    assert "rows in" in result.stdout


def test_invalid_bundle_prints_each_problem(bundle: BundleWriter, tmp_path: Path) -> None:
    files = {**BASE, "accounts.csv": "id,name\nA1,Acme\nA2,"}

    result = runner.invoke(app, ["ingest", str(bundle(files)), "--store", str(tmp_path / "g.db")])

    assert result.exit_code == EXIT_INVALID
    assert "accounts.csv:3: name: : missing value (required)" in result.stdout.splitlines()


def test_invalid_bundle_as_json(bundle: BundleWriter, tmp_path: Path) -> None:
    files = {**BASE, "accounts.csv": "id,name\nA1,Acme\nA2,"}

    result = runner.invoke(
        app, ["ingest", str(bundle(files)), "--store", str(tmp_path / "g.db"), "--json"]
    )

    assert result.exit_code == EXIT_INVALID
    report = json.loads(result.stdout)
    assert (report["outcome"], report["status"], report["error_count"]) == ("invalid", 422, 2)
    assert report["problems"] == [
        "accounts.csv:3: name: : missing value (required)",
        "units.csv:4: account_id: A2: depends on rejected account A2 (accounts.csv:3)",
    ]


def test_skip_invalid_with_rejects_exits_zero(bundle: BundleWriter, tmp_path: Path) -> None:
    files = {**BASE, "accounts.csv": "id,name\nA1,Acme\nA2,"}
    rejects = tmp_path / "rejects.csv"

    result = runner.invoke(
        app,
        [
            "ingest",
            str(bundle(files)),
            "--store",
            str(tmp_path / "g.db"),
            "--skip-invalid",
            "--rejects",
            str(rejects),
            "--json",
        ],
    )

    assert result.exit_code == 0, result.output
    assert rejects.read_text(encoding="utf-8").splitlines()[1].startswith("accounts.csv,3,name,")


def test_unreadable_and_bad_options(bundle: BundleWriter, tmp_path: Path) -> None:
    db = str(tmp_path / "g.db")
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--store", db])
    assert missing.exit_code == EXIT_UNREADABLE
    assert "no such file or folder" in missing.stdout

    path = str(bundle(BASE))
    assert (
        runner.invoke(app, ["ingest", path, "--store", db, "--encoding", "klingon"]).exit_code
        == EXIT_USAGE
    )
    assert runner.invoke(app, ["ingest", path, "--store", db, "--as-of", "soon"]).exit_code == 2


def test_dry_run_leaves_store_empty(bundle: BundleWriter, tmp_path: Path) -> None:
    db = tmp_path / "g.db"

    result = runner.invoke(
        app, ["ingest", str(bundle(BASE)), "--store", str(db), "--dry-run", "--json"]
    )

    assert result.exit_code == 0
    assert json.loads(result.stdout)["dry_run"] is True
    store = EmbeddedStore(db)
    try:
        assert store.counts()["account"] == 0
    finally:
        store.close()


def test_terminal_shows_the_first_lines_of_each_group(tmp_path: Path) -> None:
    folder = tmp_path / "flood"
    folder.mkdir()
    (folder / "accounts.csv").write_text(
        "id,name\n" + "".join(f"A{n},\n" for n in range(500)), encoding="utf-8"
    )
    problems = tmp_path / "problems.csv"

    result = runner.invoke(
        app,
        ["ingest", str(folder), "--store", str(tmp_path / "g.db"), "--problems", str(problems)],
    )

    assert result.exit_code == EXIT_INVALID
    lines = result.stdout.splitlines()
    start = lines.index("error ×500: accounts.csv: name: missing value (required)")
    assert lines[start + 1 : start + 5] == [
        "accounts.csv:2: name: : missing value (required)",
        "accounts.csv:3: name: : missing value (required)",
        "accounts.csv:4: name: : missing value (required)",
        f"… 497 more ({problems})",
    ]
    assert len(lines) < 40  # not 500 lines
    assert len(problems.read_text(encoding="utf-8").splitlines()) == 501


def test_dry_run_and_refused_loads_create_no_store_file(
    bundle: BundleWriter, tmp_path: Path
) -> None:
    db = tmp_path / "new" / "graph.db"

    dry = runner.invoke(
        app, ["ingest", str(bundle(BASE)), "--store", str(db), "--dry-run", "--json"]
    )
    bad = {**BASE, "accounts.csv": "id,name\nA1,Acme\nA2,"}
    refused = runner.invoke(app, ["ingest", str(bundle(bad, "bad")), "--store", str(db)])

    assert (dry.exit_code, refused.exit_code) == (0, EXIT_INVALID)
    report = json.loads(dry.stdout)
    assert (report["outcome"], report["kinds"]["person"]["created"]) == ("dry_run", 3)
    assert report["kinds"]["account"]["to_write"] == 2
    assert not db.exists()
    assert not db.parent.exists()


def test_dry_run_against_a_store_counts_updates(bundle: BundleWriter, tmp_path: Path) -> None:
    db = str(tmp_path / "g.db")
    assert runner.invoke(app, ["ingest", str(bundle(BASE)), "--store", db]).exit_code == 0
    changed = {**BASE, "accounts.csv": "id,name,industry,country,tier\nA1,Acme AG,,DE,1\nA3,New,,,"}

    result = runner.invoke(
        app, ["ingest", str(bundle(changed, "b2")), "--store", db, "--dry-run", "--json"]
    )

    account = json.loads(result.stdout)["kinds"]["account"]
    assert (account["created"], account["updated"], account["unchanged"]) == (1, 1, 0)
