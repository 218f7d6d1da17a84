"""The buying committee and its seat gaps (DOMAIN.md, "Buying committee"), on a
hand-built world whose answers are worked out below."""

from __future__ import annotations

import pytest

from graph.errors import NotFoundError
from graph.schema import BuyingRole, UnitKind
from queries.committee import buying_committee, seat_gaps
from queries.coverage import coverage
from queries.models.committee import BuyingCommittee, SeatState
from queries.settings import QuerySettings
from queries.worlds import WorldBuilder
from tests.queries.conftest import days_ago, snap

EB, DM, CH = BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER, BuyingRole.CHAMPION


def world() -> WorldBuilder:
    """A ─ D (division) ─ B1, B2 (branches); E (division, nobody recorded).

    EB1 (economic buyer, account level) known 0.9 by T1; DM1 (decision maker, B1)
    known 0.3 by T2; CH1 (champion, B1) known 0.8 by T1 and 0.6 by T2; INF
    (influencer, B2) unknown; X (no role, B2).
    """
    b = WorldBuilder()
    b.unit("D", name="Division")
    b.unit("B1", "D", kind=UnitKind.BRANCH, name="Branch One")
    b.unit("B2", "D", kind=UnitKind.BRANCH, name="Branch Two")
    b.unit("E", name="Empty Division")
    b.person("EB1", buying_role=EB)
    b.person("DM1", unit="B1", buying_role=DM)
    b.person("CH1", unit="B1", buying_role=CH, name="Chris Champion")
    b.person("INF", unit="B2", buying_role=BuyingRole.INFLUENCER)
    b.person("X", unit="B2")
    b.team_member("T1")
    b.team_member("T2")
    b.knows("T1", "EB1", strength=0.9)
    b.knows("T2", "DM1", strength=0.3)
    b.knows("T1", "CH1", strength=0.8)
    b.knows("T2", "CH1", strength=0.6)
    return b


def states(c: BuyingCommittee) -> dict[str, str]:
    return {s.role.value: s.state.value for s in c.seats}


def test_the_account_committee() -> None:
    c = buying_committee(snap(world()))
    assert c.scope.kind == "account"
    assert [s.role for s in c.seats][:3] == [EB, DM, CH]  # required roles first
    assert states(c) == {
        "economic_buyer": "filled",
        "decision_maker": "unreached",
        "champion": "filled",
        "influencer": "unreached",
        "user": "empty",
        "blocker": "empty",
    }
    assert (c.empty_seats, c.unreached_seats) == (0, 1)  # only required seats count
    champion = c.seats[2].holders[0]
    assert champion.person.id == "CH1"
    assert champion.strength == 0.8
    assert [(k.team_member_id, k.strength) for k in champion.known_by] == [("T1", 0.8), ("T2", 0.6)]


def test_a_unit_committee_is_its_subtree() -> None:
    c = buying_committee(snap(world()), "D")
    assert c.scope.id == "D"
    # EB1 sits at the account level: outside the division.
    assert states(c)["economic_buyer"] == "empty"
    assert states(c)["champion"] == "filled"
    assert (c.empty_seats, c.unreached_seats) == (1, 1)
    b2 = buying_committee(snap(world()), "B2")
    assert b2.empty_seats == 3
    assert [h.person.id for h in b2.seats[3].holders] == ["INF"]


def test_strong_is_inclusive_at_the_threshold() -> None:
    for strength, expected in ((0.5, SeatState.FILLED), (0.49, SeatState.UNREACHED)):
        b = WorldBuilder()
        b.person("P", buying_role=CH)
        b.team_member("T")
        b.knows("T", "P", strength=strength)
        seat = buying_committee(snap(b)).seats[2]
        assert (seat.role, seat.state) == (CH, expected)


def test_people_who_left_hold_no_seat() -> None:
    b = WorldBuilder()
    b.person("GONE", buying_role=CH, left_on=days_ago(1))
    b.person("STAYS", buying_role=CH, left_on=days_ago(-1))  # leaves tomorrow: still here
    c = buying_committee(snap(b))
    assert [h.person.id for h in c.seats[2].holders] == ["STAYS"]


def test_the_required_roles_are_a_setting() -> None:
    settings = QuerySettings(committee_required_roles=(BuyingRole.INFLUENCER,))
    c = buying_committee(snap(world(), settings=settings))
    assert [s.role for s in c.seats if s.required] == [BuyingRole.INFLUENCER]
    assert (c.empty_seats, c.unreached_seats) == (0, 1)


def test_an_unknown_unit_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        buying_committee(snap(world()), "NOPE")


def test_seat_gaps_are_listed_at_the_highest_open_scope() -> None:
    gaps = [(g.scope.id, g.role, g.state) for g in seat_gaps(snap(world()))]
    assert gaps == [
        ("A", DM, SeatState.UNREACHED),  # DM1 known 0.3 only; not repeated in D or B1
        ("D", EB, SeatState.EMPTY),  # the account has one; the division has none
        ("B2", CH, SeatState.EMPTY),  # the division's champion sits in B1
    ]
    # E has nobody recorded: an org-chart gap, not three empty seats.
    first = seat_gaps(snap(world()))[0]
    assert [p.id for p in first.holders] == ["DM1"]
    assert first.description == "nobody on our team knows the decision maker at Acme strongly"
    assert seat_gaps(snap(world()))[2].description == "nobody is the champion at Branch Two"


def test_seat_gaps_come_with_coverage() -> None:
    report = coverage(snap(world()))
    assert [(g.scope.id, g.role) for g in report.seat_gaps] == [("A", DM), ("D", EB), ("B2", CH)]


def test_a_fully_staffed_account_has_no_seat_gaps() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.team_member("T")
    for role in (EB, DM, CH):
        b.person(role.value, unit="U", buying_role=role)
        b.knows("T", role.value, strength=0.7)
    assert seat_gaps(snap(b)) == []
    b.person("late", unit="U", buying_role=CH)  # a second, unknown champion changes nothing
    assert seat_gaps(snap(b)) == []
