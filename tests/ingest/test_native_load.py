"""Loading native bundles end to end through a real store."""

from __future__ import annotations

import datetime as dt

from graph.schema import ActivityType, BuyingRole, RelType, Seniority, UnitKind, UnitStatus
from graph.store import GraphStore
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.graph._graphs import account_graph
from tests.ingest.conftest import BASE, BundleWriter


def test_loads_every_file_into_records(store: GraphStore, bundle: BundleWriter) -> None:
    report = load_bundle(bundle(BASE), store)

    assert report.dialect == "powermap"
    assert report.kinds["person"].created == 3
    assert report.kinds["activity"].created == 3
    unit = store.units(["U2"])["U2"]
    assert (unit.kind, unit.parent_id, unit.status, unit.headcount) == (
        UnitKind.BRANCH,
        "U1",
        UnitStatus.PROSPECT,
        40,
    )
    people = store.people(["P1", "P2", "P3"])
    assert people["P1"].seniority is Seniority.C_LEVEL  # derived from the title
    assert people["P2"].seniority is Seniority.DIRECTOR
    assert people["P3"].seniority is Seniority.MANAGER  # given wins over the title
    assert people["P1"].buying_role is BuyingRole.ECONOMIC_BUYER
    assert people["P3"].unit_id is None
    assert people["P3"].left_on == dt.date(2026, 3, 1)
    graph = account_graph(store, "A1")
    knows = graph.get_edge_data(("team_member", "T1"), ("person", "P2"))
    (edge,) = knows.values()
    assert [a.type for a in edge["activities"]] == [ActivityType.MEETING] * 2
    assert len({a.id for a in edge["activities"]}) == 2  # twins keep distinct ids
    timestamped = graph.get_edge_data(("team_member", "T2"), ("person", "P1"))
    assert next(iter(timestamped.values()))["activities"][0].date == dt.date(2026, 9, 3)
    worked = [(u, v) for u, v, d in graph.edges(data=True) if d["type"] is RelType.WORKED_IN]
    assert worked == [(("person", "P2"), ("unit", "U1"))]


def test_second_load_reports_everything_unchanged(store: GraphStore, bundle: BundleWriter) -> None:
    path = bundle(BASE)
    load_bundle(path, store)
    before = store.counts()

    again = load_bundle(path, store)

    assert store.counts() == before
    for kind, counts in again.kinds.items():
        assert (counts.created, counts.updated) == (0, 0), kind
        assert counts.unchanged == counts.read, kind


def test_changed_bundle_updates_only_the_changes(store: GraphStore, bundle: BundleWriter) -> None:
    load_bundle(bundle(BASE), store)
    changed = {
        "people.csv": """
            id,account_id,unit_id,name,title
            P1,A1,U1,Ann,Chief Executive Officer
            P2,A1,U2,Bob,VP Sales
            P4,A1,U2,Dan,Analyst
        """
    }

    report = load_bundle(bundle(changed, name="changed"), store)

    person = report.kinds["person"]
    # P1 lost its buying role and e-mail (the row says so), P2 changed title, P4 is new.
    assert (person.created, person.updated, person.unchanged) == (1, 2, 0)
    assert store.people(["P2"])["P2"].seniority is Seniority.VP
    assert store.units(["U1"])["U1"].name == "Widgets"  # not named: left alone


def test_deletions_remove_records(store: GraphStore, bundle: BundleWriter) -> None:
    load_bundle(bundle(BASE), store)
    deletions = {
        "deletions.csv": """
            kind,id
            person,P3
            relationship,T1:P1
            account,A2
        """
    }

    report = load_bundle(bundle(deletions, name="del"), store)

    assert report.deleted >= 3
    assert store.people(["P3"]) == {}
    assert store.accounts(["A2"]) == {}
    assert store.units(["V1"]) == {}  # went with its account
    graph = account_graph(store, "A1")
    assert not graph.has_edge(("team_member", "T1"), ("person", "P1"))


def test_dry_run_writes_nothing(store: GraphStore, bundle: BundleWriter) -> None:
    before = store.counts()

    report = load_bundle(bundle(BASE), store, IngestOptions(dry_run=True))

    assert report.dry_run
    assert report.kinds["person"].read == 3
    assert store.counts() == before


def test_crlf_bom_quotes_and_unknown_columns(store: GraphStore, bundle: BundleWriter) -> None:
    folder = bundle({})
    (folder / "accounts.csv").write_bytes(
        b'\xef\xbb\xbf"ID","Name","Notes","Colour"\r\n'
        b'"A1","Acme, Inc.","two\r\nlines",""\r\n'
        b'"A2","Beta ""B"" Ltd","",""\r\n'
    )

    report = load_bundle(folder, store)

    assert store.accounts(["A1", "A2"])["A2"].name == 'Beta "B" Ltd'
    assert store.accounts(["A1"])["A1"].name == "Acme, Inc."
    assert report.unknown_columns == {"accounts.csv": ["Notes", "Colour"]}


def test_physical_line_numbers_after_multiline_value(
    store: GraphStore, bundle: BundleWriter
) -> None:
    folder = bundle({})
    (folder / "accounts.csv").write_text(
        'id,name,tier\nA1,"Acme\nHoldings\nGroup",1\nA2,,2\n', encoding="utf-8"
    )

    report = load_bundle(folder, store, IngestOptions(skip_invalid=True))

    assert report.problems == ["accounts.csv:5: name: : missing value (required)"]
