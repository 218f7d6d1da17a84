"""Every kind of invalid row, reported as ``file:line: column: value: reason``, and
nothing written when any row is invalid."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.schema import AccountRecord, Batch, PersonRecord, UnitKind, UnitRecord
from graph.store import GraphStore
from ingest.errors import BundleInvalidError
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.ingest.conftest import BASE, BundleWriter


def problems_of(store: GraphStore, path: Path) -> list[str]:
    before = store.counts()
    with pytest.raises(BundleInvalidError) as caught:
        load_bundle(path, store)
    assert store.counts() == before, "an invalid bundle must write nothing"
    return [str(p) for p in caught.value.problems]


def with_files(**files: str) -> dict[str, str]:
    return {**BASE, **{name.replace("__", "."): text for name, text in files.items()}}


CASES = {
    "missing required column": (
        {"team__csv": "id,email\nT1,t@x\nT2,u@x"},
        ["team.csv:1: name: : missing required column"],
    ),
    "missing value": (
        {"accounts__csv": "id,name\nA1,Acme\nA2,"},
        ["accounts.csv:3: name: : missing value (required)"],
    ),
    "unknown reference": (
        {"account_team__csv": "team_member_id,account_id\nT1,A1\nT9,A1\nT1,A7"},
        [
            "account_team.csv:3: team_member_id: T9: unknown team member: "
            "not in team.csv nor in the store",
            "account_team.csv:4: account_id: A7: unknown account: "
            "not in accounts.csv nor in the store",
        ],
    ),
    "duplicate id": (
        {"accounts__csv": "id,name\nA1,Acme\nA2,Beta\nA1,Again"},
        ["accounts.csv:4: id: A1: duplicate account: already on line 2"],
    ),
    "bad enum": (
        {"units__csv": "id,account_id,kind,name\nU1,A1,division,W\nU2,A1,site,N\nV1,A2,branch,B"},
        ["units.csv:3: kind: site: not one of: division, branch, budget_center"],
    ),
    "bad date": (
        {"relationships__csv": "team_member_id,person_id,last_contact\nT1,P1,20/10/2026"},
        [
            "relationships.csv:2: last_contact: 20/10/2026: not an ISO date; a spreadsheet "
            "layout: pass --date-format with it (e.g. --date-format MM/DD/YY or DD.MM.YYYY), "
            "or write YYYY-MM-DD"
        ],
    ),
    "bad number": (
        {"opportunities__csv": "id,unit_id,amount\nO1,U2,lots"},
        ["opportunities.csv:2: amount: lots: not a number"],
    ),
    "strength outside 0-1": (
        {"person_ties__csv": "person_id,other_person_id,strength\nP1,P2,1.5\nP2,P3,-0.1"},
        [
            "person_ties.csv:2: strength: 1.5: strength must be between 0 and 1",
            "person_ties.csv:3: strength: -0.1: strength must be between 0 and 1",
        ],
    ),
    "unit cycle": (
        {
            "units__csv": "id,account_id,parent_id,kind,name\n"
            "U1,A1,U2,division,W\nU2,A1,U1,branch,N\nV1,A2,,division,B"
        },
        [
            "units.csv:2: parent_id: U2: cycle in the unit hierarchy: U1 -> U2 -> U1",
            "units.csv:3: parent_id: U1: cycle in the unit hierarchy: U1 -> U2 -> U1",
        ],
    ),
    "reporting cycle": (
        {"team__csv": "id,name,manager_id\nT1,Tom,T2\nT2,Tia,T1"},
        [
            "team.csv:2: manager_id: T2: cycle in the reporting line: T1 -> T2 -> T1",
            "team.csv:3: manager_id: T1: cycle in the reporting line: T1 -> T2 -> T1",
        ],
    ),
    "unit under another account's unit": (
        {
            "units__csv": "id,account_id,parent_id,kind,name\n"
            "U1,A1,,division,W\nU2,A1,U1,branch,N\nV1,A2,U1,division,B"
        },
        ["units.csv:4: parent_id: U1: parent unit U1 belongs to account A1, not A2"],
    ),
    "person in another account's unit": (
        {"people__csv": "id,account_id,unit_id,name\nP1,A1,U1,Ann\nP2,A1,U2,Bob\nP3,A2,U1,Cid"},
        ["people.csv:4: unit_id: U1: unit U1 belongs to account A1, not A2"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_problem_lines(store: GraphStore, bundle: BundleWriter, case: str) -> None:
    files, expected = CASES[case]
    assert problems_of(store, bundle(with_files(**files))) == expected


def test_every_problem_is_collected_not_just_the_first(
    store: GraphStore, bundle: BundleWriter
) -> None:
    files = with_files(
        accounts__csv="id,name\nA1,Acme\nA2,Beta\nA1,",
        people__csv="id,account_id,name,seniority,left_on\nP1,A1,Ann,boss,\nP2,A1,Bob,,yesterday\nP3,A1,Cid,,",
    )

    found = problems_of(store, bundle(files))

    assert found == [
        "accounts.csv:4: name: : missing value (required)",
        "people.csv:2: seniority: boss: not one of: c_level, vp, director, manager, staff",
        "people.csv:3: left_on: yesterday: not a date: write YYYY-MM-DD or an ISO 8601 "
        "timestamp (2026-10-20T14:03:00Z)",
    ]


def test_references_may_point_into_the_store(store: GraphStore, bundle: BundleWriter) -> None:
    store.apply(
        Batch(
            accounts=[AccountRecord("S1", "Stored")],
            units=[UnitRecord("SU1", "S1", UnitKind.DIVISION, "Stored unit")],
            people=[PersonRecord("SP1", "S1", "Stored boss", unit_id="SU1")],
        )
    )
    files = {
        "units.csv": "id,account_id,parent_id,kind,name\nSU2,S1,SU1,branch,New branch",
        "people.csv": "id,account_id,unit_id,name,manager_id\nNP1,S1,SU2,New,SP1",
    }

    report = load_bundle(bundle(files), store)

    assert report.kinds["unit"].created == 1
    assert store.people(["NP1"])["NP1"].manager_id == "SP1"


def test_cycle_through_stored_units_and_people(store: GraphStore, bundle: BundleWriter) -> None:
    store.apply(
        Batch(
            accounts=[AccountRecord("S1", "Stored")],
            units=[
                UnitRecord("SU1", "S1", UnitKind.DIVISION, "Top"),
                UnitRecord("SU2", "S1", UnitKind.BRANCH, "Below", parent_id="SU1"),
            ],
            people=[
                PersonRecord("SP1", "S1", "Boss"),
                PersonRecord("SP2", "S1", "Report", manager_id="SP1"),
            ],
        )
    )
    files = {
        "units.csv": "id,account_id,parent_id,kind,name\nSU1,S1,SU2,division,Top",
        "people.csv": "id,account_id,name,manager_id\nSP1,S1,Boss,SP2",
    }

    assert problems_of(store, bundle(files)) == [
        "units.csv:2: parent_id: SU2: cycle in the unit hierarchy: SU1 -> SU2 -> SU1",
        "people.csv:2: manager_id: SP2: cycle in the reporting line: SP1 -> SP2 -> SP1",
    ]


def test_skip_invalid_loads_good_rows_and_writes_rejects(
    store: GraphStore, bundle: BundleWriter, tmp_path: Path
) -> None:
    files = with_files(
        units__csv="id,account_id,parent_id,kind,name\nU1,A1,,division,W\nU2,A1,U1,site,N\nV1,A2,,division,B",
    )
    rejects = tmp_path / "rejects.csv"

    report = load_bundle(
        bundle(files), store, IngestOptions(skip_invalid=True, rejects_path=rejects)
    )

    with rejects.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["file"], r["line"], r["column"], r["value"]) for r in rows] == [
        ("units.csv", "3", "kind", "site"),
        ("people.csv", "3", "unit_id", "U2"),  # Bob works in the rejected unit
        ("activities.csv", "2", "person_id", "P2"),  # and everything of Bob's goes too
        ("activities.csv", "3", "person_id", "P2"),
        ("person_ties.csv", "2", "other_person_id", "P2"),
        ("employment_history.csv", "2", "person_id", "P2"),
        ("opportunities.csv", "2", "unit_id", "U2"),
    ]
    assert rows[1]["reason"] == "depends on rejected unit U2 (units.csv:3)"
    assert rows[2]["reason"] == "depends on rejected person P2 (people.csv:3)"
    assert report.kinds["unit"].rejected == 1
    assert report.kinds["person"].rejected == 1
    # Bob's relationships and ties hang on him: rejected in turn.
    assert report.kinds["activity"].rejected == 2
    assert report.kinds["person_tie"].rejected == 1
    assert set(store.people(["P1", "P2", "P3"])) == {"P1", "P3"}
    assert store.units(["U2"]) == {}
    assert report.rejects_file == str(rejects)


def test_strict_mode_lists_only_primary_problems(store: GraphStore, bundle: BundleWriter) -> None:
    files = with_files(
        units__csv="id,account_id,parent_id,kind,name\nU1,A1,,division,W\nU2,A1,U1,site,N\nV1,A2,,division,B",
    )

    assert problems_of(store, bundle(files)) == [
        "units.csv:3: kind: site: not one of: division, branch, budget_center"
    ]
