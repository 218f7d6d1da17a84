"""A weekly Data Export as downloaded (tests/ingest/sf_weekly.py): every convention
of a real one, loaded as it comes, with the exact counts, warnings and records
that follow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.schema import ActivityType, BuyingRole, RelType, UnitKind, UnitStatus
from graph.store import GraphStore
from ingest.errors import BundleUnreadableError
from ingest.report import IngestOptions, IngestReport
from ingest.service import load_bundle
from tests.graph._graphs import account_graph
from tests.ingest.sf_weekly import (
    A1,
    A2,
    A3,
    E1,
    M1,
    O1,
    O2,
    U1,
    U2,
    U9,
    C,
    T,
    write_weekly,
    zip_weekly,
)

AS_OF = dt.date(2024, 6, 1)
OPTIONS = IngestOptions(as_of=AS_OF, units_from="department")


def counts(report: IngestReport) -> dict[str, tuple[int, int, int, int, int]]:
    """kind -> (read, created, rejected, skipped, derived)."""
    return {
        kind: (k.read, k.created, k.rejected, k.skipped, k.derived)
        for kind, k in report.kinds.items()
    }


def test_weekly_zip_loads_as_downloaded(store: GraphStore, tmp_path: Path) -> None:
    report = load_bundle(zip_weekly(tmp_path / "WE_00D000000000001_1.zip"), store, OPTIONS)

    assert (report.outcome, report.dialect, report.error_count, report.warning_count) == (
        "loaded",
        "salesforce",
        0,
        12,
    )
    assert counts(report) == {
        "account": (4, 3, 0, 1, 0),  # the deleted one is read, then skipped
        "unit": (0, 2, 0, 0, 2),  # Finance and IT, from Contact.Department
        "person": (11, 8, 0, 3, 0),
        "team_member": (1, 3, 0, 0, 2),  # two placeholders
        "account_team": (0, 3, 0, 0, 3),  # Account.OwnerId
        "activity": (15, 9, 0, 11, 4),  # + two e-mails, two deals
        "opportunity": (2, 2, 0, 0, 0),
    }
    assert report.skipped_reasons == {
        "deleted_in_salesforce": 2,
        "without_account": 1,
        "refers_outside_the_export": 1,
        "unmapped_contact_role": 1,
        "open_task": 2,
        "who_not_a_contact": 1,  # the lead; the null WhoId is not one
        "activity_without_contact": 1,
        "primary_who_relation": 2,
        "relation_not_a_contact": 2,  # IsWhat, and a user invitee
        "refers_to_skipped_row": 1,
        "declined_invitee": 1,
        "bulk_email": 1,
    }
    groups = {(g.file, g.column, g.reason): g.count for g in report.problem_groups}
    assert groups == {
        (
            "Account.csv",
            "OwnerId",
            "user not in User.csv nor in the store: a placeholder team member named by its "
            "id (a later load with the user completes it)",
        ): 1,
        (
            "Account.csv",
            "ParentId",
            "parent account not in Account.csv nor in the store (a partial export): loaded "
            "as a top-level account",
        ): 1,
        (
            "User.csv",
            "ManagerId",
            "team member not in User.csv nor in the store (a partial export): the manager "
            "link is dropped",
        ): 1,
        ("Contact.csv", "AccountId", "contact without an account: skipped"): 1,
        (
            "Contact.csv",
            "AccountId",
            "account not in Account.csv nor in the store (a partial export): row skipped",
        ): 1,
        (
            "Contact.csv",
            "ReportsToId",
            "person not in Contact.csv nor in the store (a partial export): the manager link "
            "is dropped",
        ): 1,
        (
            "Opportunity.csv",
            "OwnerId",
            "user not in User.csv nor in the store: a placeholder team member named by its "
            "id (a later load with the user completes it)",
        ): 1,
        ("Task.csv", "Status", "open task: only completed tasks count"): 2,
        ("Task.csv", "WhoId", "a lead, not a contact: not counted"): 1,
        ("EventRelation.csv", "Status", "declined invitee: not counted"): 1,
        ("EmailMessage.csv", "Id", "more than 10 outside recipients: bulk mail, not counted"): 1,
    }
    assert all(g.severity == "warning" for g in report.problem_groups)
    assert report.notes == [
        "Account.csv: not UTF-8; 1 byte read as Windows-1252 (ISO-8859-1); pass --encoding "
        "to choose another encoding",
        "Contact.csv: not UTF-8; 3 bytes read as Windows-1252 (ISO-8859-1); pass --encoding "
        "to choose another encoding",
    ]
    assert report.ignored_files == ["Attachments/00P000000000001.jpg", "Case.csv", "Lead.csv"]


def test_weekly_records_and_signals(store: GraphStore, tmp_path: Path) -> None:
    load_bundle(write_weekly(tmp_path / "export"), store, OPTIONS)

    accounts = store.accounts([A1, A2, A3])
    assert {a: (r.status, r.created_on) for a, r in accounts.items()} == {
        A1: (UnitStatus.CUSTOMER, dt.date(2012, 8, 27)),
        A2: (UnitStatus.FORMER_CUSTOMER, dt.date(2012, 8, 27)),
        A3: (UnitStatus.PROSPECT, dt.date(2012, 8, 27)),  # its ParentId is outside
    }
    assert accounts[A1].name == "Hütte AG"
    team = store.team_members([U1, U2, U9])
    assert (team[U1].name, team[U1].manager_id, team[U1].placeholder) == ("Uma Seller", None, False)
    assert [(team[u].name, team[u].placeholder) for u in (U2, U9)] == [(U2, True), (U9, True)]
    people = store.people(list(C.values()))
    assert set(people) == {C[n] for n in (1, 2, 3, 4, 5, 6, 8, 11)}
    assert people[C[11]].name == "Hélène Côte"
    assert (people[C[2]].manager_id, people[C[3]].manager_id) == (C[1], None)
    assert people[C[5]].buying_role is BuyingRole.DECISION_MAKER
    finance, it = f"{A1}-finance", f"{A1}-it"
    units = store.units([finance, it])
    assert [(units[u].name, units[u].kind) for u in (finance, it)] == [
        ("Finance", UnitKind.DIVISION),
        ("IT", UnitKind.DIVISION),
    ]
    assert [people[C[n]].unit_id for n in (1, 2, 3, 4, 11)] == [finance, finance, it, it, finance]

    def activities(account: str) -> set[tuple[str, str, str, ActivityType, dt.date]]:
        graph = account_graph(store, account)
        return {
            (u[1], v[1], a.id, a.type, a.date)
            for u, v, d in graph.edges(data=True)
            if d["type"] is RelType.KNOWS and u[0] == "team_member"
            for a in d["activities"]
        }

    assert activities(A1) == {
        (U1, C[1], T[1], ActivityType.CALL, dt.date(2024, 3, 1)),
        (U2, C[2], T[2], ActivityType.EMAIL, dt.date(2024, 3, 2)),  # status Done: closed
        (U1, C[4], f"{T[1]}:{C[4]}", ActivityType.CALL, dt.date(2024, 3, 1)),
        (U1, C[2], f"{M1}:{U1}:{C[2]}", ActivityType.EMAIL, dt.date(2024, 3, 10)),
        (U1, C[11], f"{M1}:{U1}:{C[11]}", ActivityType.EMAIL, dt.date(2024, 3, 10)),
        (U2, C[1], f"{O2}:{C[1]}", ActivityType.DEAL, dt.date(2024, 3, 15)),  # open: last change
    }
    assert activities(A2) == {
        (U1, C[5], E1, ActivityType.MEETING, dt.date(2024, 3, 5)),
        (U1, C[5], f"{O1}:{C[5]}", ActivityType.DEAL, dt.date(2023, 5, 31)),  # won: close date
    }
    assert activities(A3) == {(U1, C[8], f"{E1}:{C[8]}", ActivityType.MEETING, dt.date(2024, 3, 5))}
    on_team = {
        (u[1], v[1], d["role"])
        for a in (A1, A2, A3)
        for u, v, d in account_graph(store, a).edges(data=True)
        if d["type"] is RelType.ON_TEAM
    }
    assert on_team == {
        (U1, A1, "Account Owner"),
        (U9, A2, "Account Owner"),
        (U1, A3, "Account Owner"),
    }


def test_a_later_load_completes_a_placeholder_and_never_the_reverse(
    store: GraphStore, tmp_path: Path
) -> None:
    weekly = write_weekly(tmp_path / "export")
    load_bundle(weekly, store, OPTIONS)
    users = tmp_path / "users"
    users.mkdir()
    (users / "User.csv").write_text(f"Id,Name,Email\n{U2},Vic Closer,vic@ourco.example\n")

    load_bundle(users, store, OPTIONS)
    load_bundle(weekly, store, OPTIONS)  # the same export again: U2 is still missing there

    member = store.team_members([U2])[U2]
    assert (member.name, member.email, member.placeholder) == (
        "Vic Closer",
        "vic@ourco.example",
        False,
    )


def test_latin1_bad_byte_reported_at_its_line(store: GraphStore, tmp_path: Path) -> None:
    folder = write_weekly(tmp_path / "export")
    for name in list(folder.iterdir()):
        if name.name not in ("Contact.csv", "Account.csv") and name.is_file():
            name.unlink()
    account = folder / "Account.csv"
    account.write_text(account.read_bytes().decode("latin-1"), encoding="utf-8")

    with pytest.raises(BundleUnreadableError) as caught:
        load_bundle(folder, store, IngestOptions(encoding="utf-8"))

    assert caught.value.detail.startswith(
        "Contact.csv:12: is not UTF-8 text (byte 0xe9 on line 12); pass --encoding"
    )
    assert store.counts()["account"] == 0
    report = load_bundle(folder, store, IngestOptions(encoding="latin-1"))
    assert (report.kinds["person"].created, report.notes) == (8, [])
    assert store.people([C[11]])[C[11]].name == "Hélène Côte"
