"""The Dynamics 365 / Dataverse dialect: GUID spellings, problems at file:line,
partial exports, connections, detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore
from ingest.errors import BundleInvalidError, BundleUnreadableError
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.graph._graphs import account_graph
from tests.ingest import dialect_world as world
from tests.ingest.dialect_world import guid, loud


def test_a_dynamics_export_is_detected_and_read(embedded_store: GraphStore, tmp_path: Path) -> None:
    folder = world.dynamics(tmp_path / "d")
    report = load_bundle(folder, embedded_store)
    assert report.dialect == "dynamics"
    graph = account_graph(embedded_store, guid("A"))
    # {UPPER-CASE} parent ids in braces meet the lower-case ids they name.
    assert graph.nodes[("unit", guid("AD"))]["parent_id"] == guid("AE")
    # Parties: the organizer and senders are users, the regarding account is not a
    # person; To and Cc both count; the open call's party goes with its call.
    assert report.skipped_reasons["party_not_a_contact"] == 4
    assert report.skipped_reasons["refers_to_skipped_row"] == 1
    assert report.warning_count == 1  # the open call


def test_a_bad_guid_is_an_error_at_its_line(embedded_store: GraphStore, tmp_path: Path) -> None:
    folder = world.dynamics(tmp_path / "d")
    text = (folder / "contact.csv").read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace(guid("c2"), "not-a-guid", 1)
    (folder / "contact.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(BundleInvalidError) as caught:
        load_bundle(folder, embedded_store)
    first = caught.value.problems[0]
    assert (first.file, first.line, first.column, first.value) == (
        "contact.csv",
        3,
        "contactid",
        "not-a-guid",
    )
    assert "not a GUID" in first.reason
    assert embedded_store.counts()["account"] == 0  # nothing written


def test_partial_export_connections_and_managers(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    folder = world.dynamics(tmp_path / "d")
    contacts = (folder / "contact.csv").read_text(encoding="utf-8").splitlines()
    contacts[0] += ",parentcontactid"
    contacts[1] += ","  # Carol: no manager
    contacts[2] += f",{loud('c1')}"  # Dan reports to Carol
    contacts[3] += ",99999999-0000-4000-8000-000000000099"  # a manager outside the export
    contacts[4] += ","
    (folder / "contact.csv").write_text("\n".join(contacts) + "\n", encoding="utf-8")
    (folder / "connection.csv").write_text(
        "connectionid,record1id,record2id,record2roleid\n"
        f"{guid('o1')},{guid('c1')},{guid('c2')},Colleague\n"
        f"{guid('k1')},{guid('c2')},{guid('c1')},Colleague\n"
        f"{guid('k2')},{guid('c1')},{guid('A')},Colleague\n"
        f"{guid('e1')},{guid('o1')},{loud('c3')},Decision Maker\n",
        encoding="utf-8",
    )
    report = load_bundle(folder, embedded_store)
    people = account_graph(embedded_store, guid("A"))
    assert people.nodes[("person", guid("c2"))]["manager_id"] == guid("c1")
    assert people.nodes[("person", guid("c3"))]["manager_id"] is None
    assert any("manager link is dropped" in p for p in report.problems)
    assert report.kinds["person_tie"].created == 1  # written both ways: one tie
    assert report.skipped_reasons["already_counted"] == 1
    assert report.skipped_reasons["tie_not_between_contacts"] == 1
    # An opportunity's stakeholder: a deal activity with its owner, and a buying role.
    assert report.skipped_reasons["opportunity_stakeholder"] == 1
    assert people.nodes[("person", guid("c3"))]["buying_role"] == "decision_maker"
    assert report.kinds["activity"].derived == 2  # o1 with Dan (its contact) and Erin


def test_salesforce_forced_on_a_dynamics_export_says_what_it_is(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "Account.csv").write_text(f"accountid,name\n{guid('A')},Acme\n", encoding="utf-8")
    with pytest.raises(BundleUnreadableError, match="use --format dynamics"):
        load_bundle(folder, embedded_store, IngestOptions(format="salesforce"))
    # Undirected, the same files load as Dynamics.
    assert load_bundle(folder, embedded_store).dialect == "dynamics"
    assert embedded_store.counts()["account"] == 1
