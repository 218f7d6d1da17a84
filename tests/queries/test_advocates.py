from __future__ import annotations

import pytest

from graph.errors import NotFoundError
from graph.schema import UnitStatus
from queries.advocates import advocates
from queries.models import Advocate, AdvocateTieKind
from queries.worlds import WorldBuilder
from tests.queries.conftest import days_ago, snap


def world(sister: UnitStatus = UnitStatus.PROSPECT) -> WorldBuilder:
    """D (prospect) has U (the target, with sub-unit SUB) and a sister S."""
    b = WorldBuilder()
    b.unit("D")
    b.unit("U", "D")
    b.unit("SUB", "U")
    b.unit("S", "D", status=sister)
    b.unit("OTHER")
    b.person("U1", unit="U")
    b.person("U2", unit="U")
    b.person("SUB1", unit="SUB")
    b.team_member("T1")
    b.team_member("T2")
    return b


def found(b: WorldBuilder, unit: str = "U") -> dict[str, Advocate]:
    return {a.person.id: a for a in advocates(snap(b), unit).advocates}


def test_knows_tie_takes_the_strongest_tie_and_lists_reached_people() -> None:
    b = world()
    b.person("P", unit="OTHER")
    b.knows("T1", "P", strength=0.8)
    b.tie("P", "U1", 0.4)
    b.tie("U2", "P", 0.7)  # ties are undirected
    a = found(b)["P"]
    assert a.tie.kind is AdvocateTieKind.KNOWS
    assert a.tie.strength == 0.7
    assert a.tie.reached_person_ids == ["U1", "U2"]
    assert a.score == pytest.approx(0.8 * 0.7)
    assert not a.customer_bonus
    assert a.known_by.team_member_id == "T1"


def test_manages_decays_per_level() -> None:
    b = world()
    b.person("BIG", unit="OTHER")
    b.person("MID", unit="OTHER", manager="BIG")
    b.person("U3", unit="U", manager="MID")
    b.knows("T1", "BIG", strength=1.0)
    b.knows("T1", "MID", strength=1.0)
    f = found(b)
    assert f["MID"].tie.kind is AdvocateTieKind.MANAGES
    assert f["MID"].tie.strength == pytest.approx(0.8)
    assert f["MID"].tie.reached_person_ids == ["U3"]
    assert f["BIG"].tie.strength == pytest.approx(0.64)


def test_former_member_and_sister_customer() -> None:
    b = world(sister=UnitStatus.CUSTOMER)
    b.person("FORMER", unit="OTHER")
    b.position("FORMER", "SUB", from_date=days_ago(900), until_date=days_ago(300))
    b.person("SIS", unit="S")
    b.knows("T1", "FORMER", strength=0.9)
    b.knows("T2", "SIS", strength=0.9)
    f = found(b)
    assert f["FORMER"].tie.kind is AdvocateTieKind.FORMER_MEMBER
    assert f["FORMER"].tie.strength == 0.6
    assert f["FORMER"].tie.reached_person_ids == []
    assert f["SIS"].tie.kind is AdvocateTieKind.SISTER_CUSTOMER
    assert f["SIS"].tie.strength == 0.3
    # SIS works in a customer unit: the bonus applies.
    assert f["SIS"].customer_bonus
    assert f["SIS"].score == pytest.approx(0.9 * 0.3 * 1.25)
    assert f["SIS"].known_by.team_member_id == "T2"


def test_bonus_when_an_ancestor_is_a_customer_and_ranking() -> None:
    b = world()
    b.unit("CUST", status=UnitStatus.CUSTOMER)
    b.unit("LEAF", "CUST")
    b.person("IN_CUSTOMER", unit="LEAF")
    b.person("PLAIN", unit="OTHER")
    for p in ("IN_CUSTOMER", "PLAIN"):
        b.knows("T1", p, strength=0.8)
        b.tie(p, "U1", 0.5)
    result = advocates(snap(b), "U").advocates
    assert [a.person.id for a in result] == ["IN_CUSTOMER", "PLAIN"]
    assert result[0].score == pytest.approx(0.8 * 0.5 * 1.25)
    assert result[1].score == pytest.approx(0.8 * 0.5)
    assert [a.person.id for a in advocates(snap(b), "U", k=1).advocates] == ["IN_CUSTOMER"]


def test_people_inside_u_or_below_are_not_advocates() -> None:
    b = world()
    b.knows("T1", "U1", strength=0.9)
    b.knows("T1", "SUB1", strength=0.9)
    b.tie("U1", "U2", 0.9)
    b.tie("SUB1", "U2", 0.9)
    assert found(b) == {}


def test_ties_reach_people_in_sub_units() -> None:
    b = world()
    b.person("P", unit="OTHER")
    b.knows("T1", "P", strength=0.9)
    b.tie("P", "SUB1", 0.5)
    assert found(b)["P"].tie.reached_person_ids == ["SUB1"]


def test_only_people_known_strongly_and_active() -> None:
    b = world()
    b.person("WEAK", unit="OTHER")
    b.person("LEFT", unit="OTHER", left_on=days_ago(3))
    b.person("TO_LEFT", unit="OTHER")
    b.person("GONE_IN_U", unit="U", left_on=days_ago(3))
    b.knows("T1", "WEAK", strength=0.49)
    b.knows("T1", "LEFT", strength=0.9)
    b.knows("T1", "TO_LEFT", strength=0.9)
    b.tie("WEAK", "U1", 0.9)
    b.tie("LEFT", "U1", 0.9)
    b.tie("TO_LEFT", "GONE_IN_U", 0.9)  # the person in U left: no tie
    assert found(b) == {}


def test_unknown_unit_is_not_found() -> None:
    with pytest.raises(NotFoundError, match="unit 'NOPE'"):
        advocates(snap(world()), "NOPE")
