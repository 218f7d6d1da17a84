"""Conventions of Salesforce files that went through other hands: spreadsheet dates,
a Dynamics bundle named like Salesforce, floods of identical problems, cells that
a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import datetime as dt
import tracemalloc
from pathlib import Path

import pytest

from graph.store import GraphStore
from ingest.errors import BundleInvalidError, BundleUnreadableError, IngestOptionError
from ingest.problems import EXAMPLES_PER_GROUP
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.graph._graphs import account_graph
from tests.ingest.sf_weekly import A1, O1, sf

ACCOUNT = f"Id,Name\n{A1},Hütte AG\n"


def sheet_bundle(folder: Path, close_date: str) -> Path:
    folder.mkdir()
    (folder / "Account.csv").write_text(ACCOUNT, encoding="utf-8")
    (folder / "Opportunity.csv").write_text(
        f"Id,AccountId,StageName,IsWon,CloseDate\n{O1},{A1},Closed Won,TRUE,{close_date}\n",
        encoding="utf-8",
    )
    return folder


def test_spreadsheet_dates_need_and_take_date_format(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    us = sheet_bundle(tmp_path / "us", "02/03/24")
    with pytest.raises(BundleInvalidError) as caught:
        load_bundle(us, embedded_store)
    assert [str(p) for p in caught.value.problems] == [
        "Opportunity.csv:2: CloseDate: 02/03/24: not an ISO date; a spreadsheet layout: pass "
        "--date-format with it (e.g. --date-format MM/DD/YY or DD.MM.YYYY), or write YYYY-MM-DD"
    ]
    assert embedded_store.counts()["account"] == 0

    load_bundle(us, embedded_store, IngestOptions(date_format="MM/DD/YY"))
    assert account_graph(embedded_store, A1).nodes[("opportunity", O1)]["close_date"] == dt.date(
        2024, 2, 3
    )
    german = sheet_bundle(tmp_path / "de", "03.02.2024")
    load_bundle(german, embedded_store, IngestOptions(date_format="DD.MM.YYYY"))
    with pytest.raises(BundleInvalidError) as wrong:
        load_bundle(german, embedded_store, IngestOptions(date_format="MM/DD/YY"))
    assert wrong.value.problems[0].reason == "not a date in the --date-format layout MM/DD/YY"
    with pytest.raises(IngestOptionError, match="needs a year, a month and a day"):
        load_bundle(german, embedded_store, IngestOptions(date_format="MM/YY"))


def test_a_dynamics_bundle_gets_one_message(embedded_store: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "dynamics"
    folder.mkdir()
    rows = "\n".join(
        f"{n:08x}-0000-4000-8000-{n:012x},Account {n},,2024-01-0{n % 9 + 1}" for n in range(217)
    )
    (folder / "Account.csv").write_text(
        f"accountid,name,parentaccountid,createdon\n{rows}\n", encoding="utf-8"
    )
    (folder / "Contact.csv").write_text("contactid,fullname,parentcustomerid\n", encoding="utf-8")

    with pytest.raises(BundleUnreadableError) as caught:
        load_bundle(folder, embedded_store, IngestOptions(format="salesforce"))

    assert caught.value.detail == (
        "Account.csv: looks like a Microsoft Dynamics 365 / Dataverse export (it has no Id "
        "column but accountid, parentaccountid), not a Salesforce one; export the objects "
        "from Salesforce, or write the native bundle (docs/FORMAT.md). Nothing was read."
    )
    guid_ids = tmp_path / "guid-ids"
    guid_ids.mkdir()
    (guid_ids / "Account.csv").write_text(
        "Id,Name\n" + "\n".join(f"{{{n:08x}-0000-4000-8000-{n:012x}}},A{n}" for n in range(3)),
        encoding="utf-8",
    )
    with pytest.raises(BundleUnreadableError, match="its ids are GUIDs"):
        load_bundle(guid_ids, embedded_store)


def test_a_flood_of_identical_problems_is_one_group_in_bounded_memory(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    folder = tmp_path / "flood"
    folder.mkdir()
    rows = 30_000
    (folder / "Account.csv").write_text(
        "Id,Name,NumberOfEmployees\n"
        + "".join(f"{sf('001', n % 9000)}{n // 9000:03d},X,-1\n" for n in range(rows)),
        encoding="utf-8",
    )
    problems = tmp_path / "problems.csv"

    tracemalloc.start()
    try:
        with pytest.raises(BundleInvalidError) as caught:
            load_bundle(folder, embedded_store, IngestOptions(problems_path=problems))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    report = caught.value.report
    assert report is not None
    groups = [(g.severity, g.file, g.column, g.reason, g.count) for g in report.problem_groups]  # type: ignore[attr-defined]
    assert groups == [
        ("error", "Account.csv", "Id", "not a Salesforce id (15 or 18 letters and digits)", rows),
        ("error", "Account.csv", "NumberOfEmployees", "not a whole number of 0 or more", rows),
    ]
    assert all(len(g.examples) == EXAMPLES_PER_GROUP for g in report.problem_groups)  # type: ignore[attr-defined]
    assert caught.value.count == 2 * rows
    with problems.open(newline="", encoding="utf-8") as f:
        assert sum(1 for _ in csv.reader(f)) == 2 * rows + 1  # every one, in the file
    # 60,000 problem objects alone would take more than twice this.
    assert peak < 4 * 1024 * 1024


def test_formula_cells_are_neutralised_in_both_csv_files(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    folder = tmp_path / "formulas"
    folder.mkdir()
    (folder / "accounts.csv").write_text(
        'id,name,tier\nA1,Acme,1\n=HYPERLINK("http://evil.example"),,\n@SUM(A1),,\n',
        encoding="utf-8",
    )
    problems, rejects = tmp_path / "problems.csv", tmp_path / "rejects.csv"

    report = load_bundle(
        folder,
        embedded_store,
        IngestOptions(skip_invalid=True, problems_path=problems, rejects_path=rejects),
    )

    assert report.error_count == 2
    with rejects.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["line"], r["column"], r["value"]) for r in rows] == [
        ("3", "name", ""),
        ("4", "name", ""),
    ]
    with problems.open(newline="", encoding="utf-8") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert embedded_store.counts()["account"] == 1


def test_formula_values_are_quoted(embedded_store: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "values"
    folder.mkdir()
    (folder / "team.csv").write_text(
        'id,name,manager_id\nT1,Tom,=HYPERLINK("http://evil.example")\n', encoding="utf-8"
    )
    rejects = tmp_path / "rejects.csv"

    load_bundle(folder, embedded_store, IngestOptions(skip_invalid=True, rejects_path=rejects))

    with rejects.open(newline="", encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["value"] == '\'=HYPERLINK("http://evil.example")'


def test_cli_flags_reach_the_load(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from api.cli import app

    folder = sheet_bundle(tmp_path / "sheet", "02/03/24")
    (folder / "Contact.csv").write_bytes(
        f"Id,AccountId,LastName,Department\n{sf('003', 1)},{A1},Côte,Finance\n".encode("cp1252")
    )
    db = str(tmp_path / "g.db")
    args = ["ingest", str(folder), "--store", db, "--json", "--format", "salesforce"]

    refused = CliRunner().invoke(app, [*args, "--encoding", "utf-8"])
    loaded = CliRunner().invoke(
        app,
        [*args, "--encoding", "cp1252", "--date-format", "MM/DD/YY", "--units-from", "department"],
    )

    assert refused.exit_code == 3
    assert "Contact.csv:2: is not UTF-8 text (byte 0xf4 on line 2)" in refused.stdout
    assert loaded.exit_code == 0, loaded.output
    report = json.loads(loaded.stdout)
    assert report["kinds"]["unit"]["derived"] == 1
    assert report["kinds"]["opportunity"]["created"] == 1


def test_email_participants_from_addresses_without_relations(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    user, contact, message = sf("005", 1), sf("003", 1), sf("02s", 1)
    (folder / "Account.csv").write_text(ACCOUNT, encoding="utf-8")
    (folder / "User.csv").write_text(f"Id,Name,Email\n{user},Uma,Uma@Ourco.example\n")
    (folder / "Contact.csv").write_text(
        f"Id,AccountId,LastName,Email\n{contact},{A1},Berg,ann@huette.example\n"
    )
    (folder / "EmailMessage.csv").write_text(
        "Id,MessageDate,FromAddress,ToAddress,CcAddress\n"
        f"{message},2024-03-10T09:00:00.000+0000,uma@ourco.example,"
        '"ann@huette.example; someone@else.example",\n'
    )

    report = load_bundle(folder, embedded_store, IngestOptions(as_of=dt.date(2024, 6, 1)))

    assert report.kinds["activity"].derived == 1
    graph = account_graph(embedded_store, A1)
    (edge,) = graph.get_edge_data(("team_member", user), ("person", contact)).values()
    assert [(a.id, a.type.value) for a in edge["activities"]] == [
        (f"{message}:{user}:{contact}", "email")
    ]
