"""The mapped dialect: a mapping's own errors name its line; a data problem names
the data file:line and the mapping line of the value map; HubSpot's multi-value
association cells and owners named by their name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.commands.ingest import EXIT_USAGE
from graph.store import GraphStore
from ingest.errors import BundleInvalidError, BundleUnreadableError, IngestOptionError
from ingest.mapped_spec import MappingError, parse_mapping
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.graph._graphs import account_graph
from tests.ingest import dialect_world as world

ZOHO_MAPPING = Path(__file__).parents[2] / "docs" / "mappings" / "zoho.toml"


def test_a_mapping_error_names_the_mapping_line() -> None:
    text = (
        '[accounts]\nfile = "a.csv"\nid = "Id"\nname = "Name"\n'
        'status = { column = "T", values = { "x" = "golden" } }\n'
    )
    with pytest.raises(MappingError) as caught:
        parse_mapping(text, "crm.toml")
    assert caught.value.detail.startswith("crm.toml:5 [accounts] status: 'golden' is not one of:")
    with pytest.raises(MappingError, match=r"crm.toml:3 \[people\] colour: unknown field"):
        parse_mapping('[people]\nfile = "p.csv"\ncolour = "C"\n', "crm.toml")
    with pytest.raises(
        MappingError, match=r"crm.toml:1 \[people\]: \[people\] needs the field 'id'"
    ):
        parse_mapping('[people]\nfile = "p.csv"\n', "crm.toml")


def test_an_unmapped_value_names_data_line_and_mapping_line(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    folder = world.zoho(tmp_path / "z")
    mapping = tmp_path / "zoho.toml"
    mapping.write_text(
        ZOHO_MAPPING.read_text(encoding="utf-8").replace(', default = "prospect" }', " }"),
        encoding="utf-8",
    )
    accounts = folder / "Accounts_001.csv"
    accounts.write_text(
        accounts.read_text(encoding="utf-8").replace(",Prospect,", ",Partner,"), encoding="utf-8"
    )
    with pytest.raises(BundleInvalidError) as caught:
        load_bundle(folder, embedded_store, IngestOptions(format="mapped", mapping=mapping))
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "Accounts_001.csv",
        5,
        "Account Type",
        "Partner",
    )
    assert problem.reason.startswith("not a value the mapping maps (zoho.toml:24 [accounts] status")


def test_mapped_needs_its_mapping(embedded_store: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(IngestOptionError, match="format mapped needs a mapping file"):
        load_bundle(world.zoho(tmp_path / "z"), embedded_store, IngestOptions(format="mapped"))


def test_hubspot_associations_and_owner_names(embedded_store: GraphStore, tmp_path: Path) -> None:
    folder = world.hubspot(tmp_path / "h")
    (folder / "users.csv").write_text("First Name,Last Name,Email\nBob,Rep,bob@vendor.example\n")
    report = load_bundle(folder, embedded_store)
    assert report.dialect == "hubspot"
    graph = account_graph(embedded_store, "101")
    # "102;101": the primary company first: Dan works in Acme Europe.
    assert graph.nodes[("person", "202")]["unit_id"] == "102"
    # Ann is in no users file: a placeholder named as the owner cells name her.
    assert embedded_store.counts()["team_member"] == 2
    assert any("placeholder team member" in p for p in report.problems)
    assert report.kinds["team_member"].derived == 1


def test_the_cli_takes_the_mapping_and_exits_on_a_bad_one(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = world.zoho(tmp_path / "z")
    db = str(tmp_path / "g.db")
    args = ["ingest", str(folder), "--store", db, "--format", "mapped", "--json"]
    result = runner.invoke(app, [*args, "--mapping", str(ZOHO_MAPPING)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dialect"] == "mapped"
    assert report["kinds"]["person"]["created"] == 4
    bad = tmp_path / "bad.toml"
    bad.write_text('[people]\nfile = "Contacts*.csv"\nid = "Record Id"\n', encoding="utf-8")
    result = runner.invoke(app, [*args, "--mapping", str(bad)])
    assert result.exit_code == EXIT_USAGE
    assert "bad.toml:1 [people]: [people] needs the field 'account_id'" in result.output


def test_detection_names_the_crm_and_asks_for_a_mapping_otherwise(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    hub = world.hubspot(tmp_path / "h")
    for path in hub.iterdir():  # renamed by hand: the headers still say HubSpot
        path.rename(hub / path.name.replace("hubspot-crm-exports-all-", ""))
    assert load_bundle(hub, embedded_store, IngestOptions(dry_run=True)).dialect == "hubspot"
    # Zoho's "Record Id" files are not HubSpot's: no guess, the way to a mapping.
    with pytest.raises(BundleUnreadableError, match="--format mapped --mapping FILE"):
        load_bundle(world.zoho(tmp_path / "z"), embedded_store)
