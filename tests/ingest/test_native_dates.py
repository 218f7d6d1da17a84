"""The native bundle's optional ``created_on`` column (every file of a record that
can be created: DOMAIN.md "Time") and the account's own ``status``."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.schema import UnitStatus
from graph.store import GraphStore
from ingest.errors import BundleInvalidError
from ingest.service import load_bundle
from tests.graph._graphs import account_graph
from tests.ingest.conftest import BundleWriter

D = dt.date

DATED: dict[str, str] = {
    "accounts.csv": """
        id,name,status,created_on
        A1,Acme,customer,2015-03-01
        A2,Beta,,
    """,
    "units.csv": """
        id,account_id,kind,name,created_on
        U1,A1,division,Ops,2016-04-02T09:30:00Z
    """,
    "people.csv": """
        id,account_id,unit_id,name,created_on
        P1,A1,U1,Ann,2017-05-03
        P2,A1,U1,Bob,
    """,
    "team.csv": """
        id,name,created_on
        T1,Tom,2014-01-01 08:00:00
    """,
    "relationships.csv": """
        team_member_id,person_id,strength,created_on
        T1,P1,0.8,2018-06-04
    """,
    "person_ties.csv": """
        person_id,other_person_id,strength,created_on
        P1,P2,0.5,2019-07-05T00:00:00.000+0000
    """,
}


def test_creation_dates_and_account_status_load(store: GraphStore, bundle: BundleWriter) -> None:
    load_bundle(bundle(DATED), store)
    accounts = store.accounts(["A1", "A2"])
    assert (accounts["A1"].status, accounts["A1"].created_on) == (
        UnitStatus.CUSTOMER,
        D(2015, 3, 1),
    )
    assert (accounts["A2"].status, accounts["A2"].created_on) == (UnitStatus.PROSPECT, None)
    assert store.units(["U1"])["U1"].created_on == D(2016, 4, 2)
    people = store.people(["P1", "P2"])
    assert (people["P1"].created_on, people["P2"].created_on) == (D(2017, 5, 3), None)
    assert store.team_members(["T1"])["T1"].created_on == D(2014, 1, 1)
    g = account_graph(store, "A1")
    (rel,) = g.get_edge_data(("team_member", "T1"), ("person", "P1")).values()
    assert rel["created_on"] == D(2018, 6, 4)
    (tie,) = g.get_edge_data(("person", "P1"), ("person", "P2")).values()
    assert tie["created_on"] == D(2019, 7, 5)


@pytest.mark.parametrize(
    ("file", "header", "row", "line_column"),
    [
        ("accounts.csv", "id,name,status", "A1,Acme,client", "accounts.csv:2: status"),
        ("accounts.csv", "id,name,created_on", "A1,Acme,soon", "accounts.csv:2: created_on"),
        (
            "relationships.csv",
            "team_member_id,person_id,strength,created_on",
            "T1,P1,0.8,2018-13-40",
            "relationships.csv:2: created_on",
        ),
        (
            "person_ties.csv",
            "person_id,other_person_id,strength,created_on",
            "P1,P2,0.5,yesterday",
            "person_ties.csv:2: created_on",
        ),
    ],
)
def test_a_bad_creation_date_or_status_is_refused_at_its_line(
    store: GraphStore, bundle: BundleWriter, file: str, header: str, row: str, line_column: str
) -> None:
    files = dict(DATED)
    files[file] = f"{header}\n{row}\n"
    with pytest.raises(BundleInvalidError) as caught:
        load_bundle(bundle(files), store)
    assert any(str(p).startswith(line_column) for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]
    assert store.list_accounts() == []  # nothing was written
