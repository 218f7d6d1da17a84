"""The Salesforce dialect, from a realistic export (tests/ingest/fixtures/salesforce:
18-character ids, BOM, every value quoted, CRLF, deleted rows, a lead, a three-level
account hierarchy, a shared Task, contact roles and account-contact relations)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from graph.schema import ActivityType, BuyingRole, RelType, Seniority, UnitKind, UnitStatus
from graph.store import GraphStore
from ingest.errors import BundleInvalidError
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.graph._graphs import account_graph

FIXTURE = Path(__file__).parent / "fixtures" / "salesforce"
TOP, DIV, BR, BC = (
    "001Gx00000TopAaIAJ",
    "001Gx00000DivEuIAJ",
    "001Gx00000BrBerIAF",
    "001Gx00000BcIt1IAF",
)
ANN, BOB, CARA = "003Gx00000AnnLeIAJ", "003Gx00000BobStIAJ", "003Gx00000CarAxIAJ"
SAM, MAX = "005Gx00000SamSeIAJ", "005Gx00000MaxMaIAJ"
OPTIONS = IngestOptions(as_of=dt.date(2026, 11, 1))


def copy_fixture(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "export"))


def test_export_maps_to_the_account_graph(store: GraphStore) -> None:
    report = load_bundle(FIXTURE, store, OPTIONS)

    assert report.dialect == "salesforce"
    assert [a.id for a in store.list_accounts()] == [TOP]
    units = store.units([DIV, BR, BC])
    assert [(u.kind, u.parent_id, u.status) for u in (units[DIV], units[BR], units[BC])] == [
        (UnitKind.DIVISION, None, UnitStatus.CUSTOMER),
        (UnitKind.BRANCH, DIV, UnitStatus.PROSPECT),
        (UnitKind.BUDGET_CENTER, BR, UnitStatus.PROSPECT),
    ]
    people = store.people([ANN, BOB, CARA])
    assert (people[ANN].unit_id, people[ANN].seniority) == (None, Seniority.C_LEVEL)
    # Bob's AccountId is the 15-character spelling of the division's id.
    assert (people[BOB].unit_id, people[BOB].manager_id) == (DIV, ANN)
    assert [people[p].buying_role for p in (ANN, BOB, CARA)] == [
        BuyingRole.ECONOMIC_BUYER,
        BuyingRole.INFLUENCER,
        BuyingRole.USER,
    ]
    assert store.team_members([SAM])[SAM].manager_id == MAX
    assert report.skipped_reasons == {
        "deleted_in_salesforce": 3,  # an account, a contact, a task
        "who_not_a_contact": 1,  # the lead
        "primary_who_relation": 1,
        "direct_account_relation": 1,
    }


def test_activities_and_positions(store: GraphStore) -> None:
    load_bundle(FIXTURE, store, OPTIONS)
    graph = account_graph(store, TOP)

    def activities(tm: str, person: str) -> list[tuple[str, ActivityType]]:
        (edge,) = graph.get_edge_data(("team_member", tm), ("person", person)).values()
        return [(a.id, a.type) for a in edge["activities"]]

    assert activities(SAM, ANN) == [("00TGx00000Task1MAB", ActivityType.CALL)]
    assert activities(SAM, BOB) == [("00TGx00000Task2MAB", ActivityType.EMAIL)]
    # The shared task reaches Cara through TaskWhoRelation.
    assert activities(SAM, CARA) == [(f"00TGx00000Task2MAB:{CARA}", ActivityType.EMAIL)]
    assert activities(MAX, CARA) == [("00UGx00000Evnt1MAB", ActivityType.MEETING)]
    positions = {
        (u[1], v[1], d["type"])
        for u, v, d in graph.edges(data=True)
        if d["type"] in (RelType.WORKS_IN, RelType.WORKED_IN)
    }
    assert (BOB, BR, RelType.WORKS_IN) in positions  # active relation: a current position
    assert (CARA, DIV, RelType.WORKED_IN) in positions  # inactive: a past one
    on_team = {(u[1], v[1]) for u, v, d in graph.edges(data=True) if d["type"] is RelType.ON_TEAM}
    assert on_team == {(SAM, TOP), (MAX, TOP)}  # the branch's team counts for the account


def test_reloading_the_export_changes_nothing(store: GraphStore) -> None:
    load_bundle(FIXTURE, store, OPTIONS)
    before = store.counts()

    again = load_bundle(FIXTURE, store, OPTIONS)

    assert store.counts() == before
    assert all(k.created == k.updated == 0 for k in again.kinds.values())


def test_wrong_id_prefix_is_an_error(embedded_store: GraphStore, tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path)
    contact = folder / "Contact.csv"
    text = contact.read_text(encoding="utf-8-sig")
    contact.write_text(
        text.replace(f'"{ANN}","false","{TOP}"', f'"{ANN}","false","{BOB}"'), encoding="utf-8-sig"
    )

    with pytest.raises(BundleInvalidError) as caught:
        load_bundle(folder, embedded_store, OPTIONS)

    assert [str(p) for p in caught.value.problems] == [
        f"Contact.csv:2: AccountId: {BOB}: not an Account id (Account ids start with 001)"
    ]
    assert embedded_store.counts()["person"] == 0


def test_account_cycle_is_an_error(embedded_store: GraphStore, tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path)
    for name in (
        "Contact.csv",
        "AccountTeamMember.csv",
        "Opportunity.csv",
        "AccountContactRelation.csv",
        "Task.csv",
        "TaskWhoRelation.csv",
        "Event.csv",
        "OpportunityContactRole.csv",
    ):
        (folder / name).unlink()
    account = folder / "Account.csv"
    text = account.read_text(encoding="utf-8-sig")
    account.write_text(
        text.replace('"Globex Corporation",""', f'"Globex Corporation","{BC}"'),
        encoding="utf-8-sig",
    )

    with pytest.raises(BundleInvalidError) as caught:
        load_bundle(folder, embedded_store, OPTIONS)

    lines = [str(p) for p in caught.value.problems]
    assert lines[0] == (
        f"Account.csv:2: ParentId: {BC}: cycle in the account hierarchy: "
        f"{TOP} -> {BC} -> {BR} -> {DIV} -> {TOP}"
    )
    assert len(lines) == 4  # each account on the cycle


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_unit_kind_map(embedded_store: GraphStore, tmp_path: Path, suffix: str) -> None:
    mapping = tmp_path / f"kinds{suffix}"
    if suffix == ".json":
        mapping.write_text(
            json.dumps(
                {"field": "Site_Type__c", "values": {"region": "branch", "Site": "budget_center"}}
            )
        )
    else:
        mapping.write_text(
            "field,value,kind\nSite_Type__c,Region,branch\nSite_Type__c,site,budget_center\n"
        )

    report = load_bundle(FIXTURE, embedded_store, IngestOptions(unit_kind_map=mapping))

    units = embedded_store.units([DIV, BR, BC])
    assert [units[u].kind for u in (DIV, BR, BC)] == [
        UnitKind.BRANCH,
        UnitKind.BUDGET_CENTER,
        UnitKind.BUDGET_CENTER,  # BC: unmapped, by depth
    ]
    assert "Site_Type__c" not in report.unknown_columns.get("Account.csv", [])
