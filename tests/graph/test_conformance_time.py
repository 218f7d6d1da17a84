"""Conformance: creation dates, the account's own status and placeholder team
members (DOMAIN.md "Time", FORMAT.md "Partial exports") round-trip through every
store and reach the account graph."""

from __future__ import annotations

import dataclasses
import datetime as dt

from graph.schema import (
    AccountRecord,
    Batch,
    PersonRecord,
    PersonTieRecord,
    RecordKind,
    RelationshipRecord,
    TeamMemberRecord,
    UnitKind,
    UnitRecord,
    UnitStatus,
)
from graph.store import GraphStore
from tests.graph._graphs import account_graph

D = dt.date


def _dated() -> Batch:
    return Batch(
        accounts=[
            AccountRecord("A1", "Acme", status=UnitStatus.CUSTOMER, created_on=D(2019, 1, 2))
        ],
        units=[UnitRecord("U1", "A1", UnitKind.DIVISION, "Ops", created_on=D(2020, 2, 3))],
        people=[
            PersonRecord("P1", "A1", "Ada", "U1", created_on=D(2021, 3, 4)),
            PersonRecord("P2", "A1", "Bo", "U1"),
        ],
        team_members=[TeamMemberRecord("T1", "Tia", created_on=D(2018, 4, 5))],
        relationships=[RelationshipRecord("T1", "P1", 0.7, created_on=D(2022, 5, 6))],
        person_ties=[PersonTieRecord("P2", "P1", 0.4, created_on=D(2023, 6, 7))],
    )


def test_creation_dates_and_account_status_read_back(store: GraphStore) -> None:
    store.apply(_dated())
    assert store.accounts(["A1"])["A1"].status is UnitStatus.CUSTOMER
    assert store.accounts(["A1"])["A1"].created_on == D(2019, 1, 2)
    assert store.units(["U1"])["U1"].created_on == D(2020, 2, 3)
    people = store.people(["P1", "P2"])
    assert (people["P1"].created_on, people["P2"].created_on) == (D(2021, 3, 4), None)
    assert store.team_members(["T1"])["T1"].created_on == D(2018, 4, 5)
    g = account_graph(store, "A1")
    assert g.nodes[("account", "A1")]["status"] is UnitStatus.CUSTOMER
    assert g.nodes[("account", "A1")]["created_on"] == D(2019, 1, 2)
    assert g.nodes[("unit", "U1")]["created_on"] == D(2020, 2, 3)
    assert g.nodes[("person", "P1")]["created_on"] == D(2021, 3, 4)
    assert g.nodes[("person", "P2")]["created_on"] is None
    assert g.nodes[("team_member", "T1")]["created_on"] == D(2018, 4, 5)
    assert g.nodes[("team_member", "T1")]["placeholder"] is False
    (rel,) = g.get_edge_data(("team_member", "T1"), ("person", "P1")).values()
    assert rel["created_on"] == D(2022, 5, 6)
    first, second = sorted([("person", "P1"), ("person", "P2")])
    ties = list(g.get_edge_data(first, second).values())
    assert [d["created_on"] for d in ties] == [D(2023, 6, 7)]


def test_a_changed_creation_date_or_status_is_an_update(store: GraphStore) -> None:
    store.apply(_dated())
    result = store.apply(
        Batch(
            accounts=[AccountRecord("A1", "Acme", status=UnitStatus.FORMER_CUSTOMER)],
            relationships=[RelationshipRecord("T1", "P1", 0.7, created_on=D(2022, 5, 7))],
        )
    )
    assert result.of(RecordKind.ACCOUNT).updated == 1
    assert result.of(RecordKind.RELATIONSHIP).updated == 1
    account = store.accounts(["A1"])["A1"]
    assert (account.status, account.created_on) == (UnitStatus.FORMER_CUSTOMER, None)
    again = store.apply(Batch(accounts=[account]))
    assert again.of(RecordKind.ACCOUNT).unchanged == 1


def test_a_placeholder_never_overwrites_a_real_team_member(store: GraphStore) -> None:
    real = TeamMemberRecord("T1", "Tia Real", "tia@example.com", manager_id=None)
    store.apply(Batch(team_members=[real]))
    result = store.apply(Batch(team_members=[TeamMemberRecord("T1", "T1", placeholder=True)]))
    counts = result.of(RecordKind.TEAM_MEMBER)
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 1)
    assert store.team_members(["T1"])["T1"] == real


def test_a_real_team_member_replaces_a_placeholder(store: GraphStore) -> None:
    placeholder = TeamMemberRecord("T9", "T9", placeholder=True)
    store.apply(Batch(team_members=[placeholder]))
    assert store.team_members(["T9"])["T9"].placeholder is True
    real = dataclasses.replace(placeholder, name="Nia Nine", email="nia@example.com")
    real = dataclasses.replace(real, placeholder=False)
    result = store.apply(Batch(team_members=[real]))
    assert result.of(RecordKind.TEAM_MEMBER).updated == 1
    assert store.team_members(["T9"])["T9"] == real
    # A placeholder over a placeholder is an ordinary upsert.
    store.apply(Batch(team_members=[TeamMemberRecord("T8", "T8", placeholder=True)]))
    renamed = TeamMemberRecord("T8", "T8 (owner)", placeholder=True)
    assert store.apply(Batch(team_members=[renamed])).of(RecordKind.TEAM_MEMBER).updated == 1
