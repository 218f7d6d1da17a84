"""Every threshold and date comparison of DOMAIN.md, on both sides of its boundary
(issue 12): flipping any one comparison in the code fails a test here."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from graph.schema import BuyingRole, Seniority, UnitStatus
from queries.alerts import alerts
from queries.coverage import coverage
from queries.models import AlertKind, CoverageStatus
from queries.paths import executive_paths, introducers
from queries.resilience import key_people
from queries.strength import KnowsEdge, strength_state, strong_until
from queries.worlds import WorldBuilder
from tests.queries.conftest import AS_OF, SETTINGS, days_ago, snap

DAY = dt.timedelta(days=1)


def one_relationship(**knows: object) -> WorldBuilder:
    b = WorldBuilder()
    b.unit("U")
    b.person("P", unit="U", seniority=Seniority.VP)
    b.team_member("T1")
    b.knows("T1", "P", **knows)  # type: ignore[arg-type]
    return b


# ------------------------------------------------------------------ strong >= 0.5
@pytest.mark.parametrize(("strength", "strong"), [(0.5, True), (0.4999, False)])
def test_strong_at_exactly_the_threshold(strength: float, strong: bool) -> None:
    s = snap(one_relationship(strength=strength))
    assert s.relationships[("T1", "P")].strong is strong
    row = next(r for r in coverage(s).rows if r.id == "U")
    assert row.status is (CoverageStatus.SINGLE_THREADED if strong else CoverageStatus.WEAK)
    # Key people read the strong path graph: T1 alone holds U only through a strong edge.
    assert bool(key_people(s).key_people) is strong


@pytest.mark.parametrize(("strength", "fires"), [(0.5, True), (0.4999, False)])
def test_champion_left_counts_a_strong_contact_from_the_threshold(
    strength: float, fires: bool
) -> None:
    b = WorldBuilder()
    b.person("P", left_on=days_ago(1))
    b.team_member("T1")
    b.knows("T1", "P", strength=strength)
    kinds = [a.kind for a in alerts(snap(b)).alerts]
    assert (AlertKind.CHAMPION_LEFT in kinds) is fires


# ------------------------------------------------------------------ stale > 180 days
@pytest.mark.parametrize(("days", "stale"), [(180, False), (181, True)])
def test_stale_after_more_than_180_days(days: int, stale: bool) -> None:
    s = snap(one_relationship(strength=0.9, last_contact=days_ago(days)))
    assert s.relationships[("T1", "P")].stale is stale
    kinds = [a.kind for a in alerts(s).alerts]
    assert (AlertKind.STALE_EXECUTIVE in kinds) is stale


# ------------------------------------------------------------ left_on on the as-of date
@pytest.mark.parametrize(("left_on", "active"), [(AS_OF, False), (AS_OF + DAY, True)])
def test_left_on_the_as_of_date_is_gone(left_on: dt.date, active: bool) -> None:
    b = WorldBuilder()
    b.person("BOSS", seniority=Seniority.C_LEVEL, left_on=left_on)
    b.person("P", manager="BOSS")
    s = snap(b)
    assert ("BOSS" in s.people) is active
    assert (s.people["P"].manager_id == "BOSS") is active


@pytest.mark.parametrize(("days", "fires"), [(90, True), (91, False)])
def test_champion_left_within_90_days(days: int, fires: bool) -> None:
    b = WorldBuilder()
    b.person("P", buying_role=BuyingRole.CHAMPION, left_on=days_ago(days))
    kinds = [a.kind for a in alerts(snap(b)).alerts]
    assert (AlertKind.CHAMPION_LEFT in kinds) is fires


# ------------------------------------------------- a position ending on the as-of date
@pytest.mark.parametrize(("until", "current"), [(AS_OF, False), (AS_OF + DAY, True)])
def test_a_position_ending_on_the_as_of_date_is_past(until: dt.date, current: bool) -> None:
    b = WorldBuilder()
    b.unit("U")
    b.unit("V")
    b.person("P", unit="U")
    b.position("P", "V", current=True, from_date=days_ago(100), until_date=until)
    person = snap(b).people["P"]
    assert ("V" in person.unit_ids) is current
    assert ("V" in person.past_unit_ids) is not current


@pytest.mark.parametrize(("start", "current"), [(AS_OF, True), (AS_OF + DAY, False)])
def test_a_position_starting_on_the_as_of_date_is_current(start: dt.date, current: bool) -> None:
    b = WorldBuilder()
    b.unit("U")
    b.unit("V")
    b.person("P", unit="U")
    b.position("P", "V", current=True, from_date=start)
    assert ("V" in snap(b).people["P"].unit_ids) is current


# ------------------------------------------------------------ 24-month customer window
@pytest.mark.parametrize(
    ("close", "customer"),
    [
        (dt.date(2024, 1, 1), True),  # exactly 24 months before 2026-01-01
        (dt.date(2023, 12, 31), False),
        (AS_OF, True),
        (AS_OF + DAY, False),
    ],
)
def test_won_within_24_months_makes_a_customer(close: dt.date, customer: bool) -> None:
    b = WorldBuilder()
    b.unit("U")
    b.opportunity("O", "U", close_date=close)
    b.opportunity("OA", None, close_date=close)
    s = snap(b)
    expected = UnitStatus.CUSTOMER if customer else UnitStatus.PROSPECT
    assert s.units["U"].status is expected
    assert s.account_status is expected


# ------------------------------------------------------------------ 0.05 edge floor
@pytest.mark.parametrize(("strength", "kept"), [(0.05, True), (0.0499, False)])
def test_edges_under_005_are_dropped(strength: float, kept: bool) -> None:
    b = WorldBuilder()
    b.person("CEO", seniority=Seniority.C_LEVEL)
    b.person("P")
    b.team_member("T1")
    b.knows("T1", "P", strength=1.0)
    b.tie("P", "CEO", strength)
    b.team_member("T2")
    b.person("VP", seniority=Seniority.VP)
    b.knows("T2", "VP", strength=strength)  # a relationship under the floor: no hop
    targets = {t.executive.id for t in executive_paths(snap(b)).targets}
    assert ("CEO" in targets) is kept
    assert ("VP" in targets) is kept


# --------------------------------------------------------------------------- max_hops
def reporting_chain() -> WorldBuilder:
    """T1 -> P1 -> P2 -> P3 (in U): three hops."""
    b = WorldBuilder()
    b.unit("U")
    b.unit("OUT")
    b.person("P1", unit="OUT")
    b.person("P2", unit="OUT", manager="P1")
    b.person("P3", unit="U", manager="P2", seniority=Seniority.VP)
    b.team_member("T1")
    b.knows("T1", "P1", strength=0.9)
    return b


@pytest.mark.parametrize(("max_hops", "reached"), [(3, True), (2, False)])
def test_max_hops_is_exact(max_hops: int, reached: bool) -> None:
    s = snap(reporting_chain())
    assert bool(executive_paths(s, max_hops=max_hops).targets) is reached
    assert bool(introducers(s, "U", "T1", max_hops=max_hops).introducers) is reached
    found = executive_paths(s, from_team_member="T1", max_hops=max_hops)
    assert bool(found.targets) is reached


@pytest.mark.parametrize(("max_hops", "reached"), [(4, True), (3, False)])
def test_max_hops_counts_colleague_hops(max_hops: int, reached: bool) -> None:
    b = reporting_chain()
    b.team_member("ME", on_team=False, teams=("X",))
    b.team_member("T1", teams=("X",))
    s = snap(b)
    assert bool(introducers(s, "U", "ME", max_hops=max_hops).introducers) is reached
    found = executive_paths(s, from_team_member="ME", max_hops=max_hops)
    assert bool(found.targets) is reached


# ------------------------------------------------------------- cooling within 30 days
def cooling_in(days: float) -> WorldBuilder:
    """A given strength that crosses 0.5 ``days`` after the as-of date."""
    s0 = 0.5 * 2 ** (days / SETTINGS.half_life_days)
    return one_relationship(strength=s0, last_contact=AS_OF)


@pytest.mark.parametrize(("days", "fires"), [(29.5, True), (30.5, False)])
def test_cooling_fires_within_30_days(days: float, fires: bool) -> None:
    found = [a for a in alerts(snap(cooling_in(days))).alerts if a.kind is AlertKind.COOLING]
    assert bool(found) is fires
    if fires:
        assert found[0].date == AS_OF + dt.timedelta(days=30)  # 29.5 rounds up


# -------------------------------------------------------- 21.3: the first day below strong
def test_21_3_cooling_date_is_the_first_day_below_strong() -> None:
    # Given 0.8, last contact 2025-10-01: d + H·log2(0.8/0.5) = 122.05 days.
    b = one_relationship(strength=0.8, last_contact=dt.date(2025, 10, 1))
    found = alerts(snap(b, as_of=dt.date(2026, 1, 15))).alerts
    (alert,) = [a for a in found if a.kind is AlertKind.COOLING]
    assert alert.date == dt.date(2026, 2, 1)
    before = snap(b, as_of=dt.date(2026, 1, 31)).relationships[("T1", "P")]
    assert before.strength == pytest.approx(0.50010, abs=1e-5)
    assert before.strong
    after = snap(b, as_of=dt.date(2026, 2, 1)).relationships[("T1", "P")]
    assert not after.strong


def test_activity_cooling_is_the_first_day_below_strong() -> None:
    from graph.schema import ActivityType

    b = one_relationship(activities=((AS_OF, ActivityType.MEETING),))
    edge = KnowsEdge(None, None, snap(b).relationships[("T1", "P")].edge.activities)
    state = strength_state(edge, AS_OF, SETTINGS)
    assert state is not None
    until = strong_until(edge, state, AS_OF, SETTINGS)
    assert until is not None
    days = (until - AS_OF).days
    assert days == math.floor(SETTINGS.half_life_days * math.log2(1 / math.log(2))) + 1
    last_strong = strength_state(edge, until - DAY, SETTINGS)
    first_weak = strength_state(edge, until, SETTINGS)
    assert last_strong is not None
    assert first_weak is not None
    # Without new contact the later strength is the decayed score of today's.
    assert 1 - math.exp(-state.score * 0.5 ** ((days - 1) / 180)) >= 0.5  # type: ignore[operator]
    assert 1 - math.exp(-state.score * 0.5 ** (days / 180)) < 0.5  # type: ignore[operator]


def test_exactly_strong_on_a_day_is_still_strong_that_day() -> None:
    # 1.0 halves to exactly 0.5 after one half-life: strong that day, not the next.
    d = AS_OF - dt.timedelta(days=10)
    edge = KnowsEdge(1.0, d, ())
    state = strength_state(edge, AS_OF, SETTINGS)
    assert state is not None
    until = strong_until(edge, state, AS_OF, SETTINGS)
    assert until == d + dt.timedelta(days=181)
    b = one_relationship(strength=1.0, last_contact=d)
    assert snap(b, as_of=d + dt.timedelta(days=180)).relationships[("T1", "P")].strong
    assert not snap(b, as_of=until).relationships[("T1", "P")].strong


# ------------------------------------------------------ created_on: exists from that day
@pytest.mark.parametrize(("created", "exists"), [(AS_OF, True), (AS_OF + DAY, False)])
def test_units_team_members_and_ties_exist_from_their_creation_date(
    created: dt.date, exists: bool
) -> None:
    b = WorldBuilder()
    b.unit("U", created_on=created)
    b.person("P1")
    b.person("P2")
    b.tie("P1", "P2", 0.9, created_on=created)
    b.team_member("T1", created_on=created)
    s = snap(b)
    assert ("U" in s.units) is exists
    assert ("T1" in s.team_members) is exists
    assert ("P2" in s.ties.get("P1", {})) is exists
