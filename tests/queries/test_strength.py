from __future__ import annotations

import datetime as dt
import math

import pytest

from graph.schema import Activity, ActivityType
from queries.settings import ActivityWeights, QuerySettings
from queries.strength import (
    KnowsEdge,
    activity_score,
    activity_strength,
    effective_strength,
    given_strength,
    is_stale,
    strength_state,
    strong_until,
)

T = dt.date(2026, 1, 1)
S = QuerySettings()


def act(days_before: int, type_: ActivityType = ActivityType.MEETING, n: int = 0) -> Activity:
    return Activity(f"a{days_before}-{n}", T - dt.timedelta(days=days_before), type_)


def test_given_strength_halves_every_half_life() -> None:
    assert given_strength(0.8, T - dt.timedelta(days=360), T, 180) == pytest.approx(0.2)


def test_given_strength_with_no_last_contact_does_not_decay() -> None:
    assert given_strength(0.7, None, T, 180) == 0.7


def test_given_strength_counts_before_its_last_contact_undecayed() -> None:
    later = T + dt.timedelta(days=100)
    assert given_strength(0.7, later, T, 180) == 0.7


def test_activity_weights_by_type() -> None:
    acts = [act(0, t, i) for i, t in enumerate(ActivityType)]
    assert activity_score(acts, T, ActivityWeights(), 180) == pytest.approx(
        1 + 0.5 + 0.25 + 0.25 + 0.5  # meeting, call, email, other, deal
    )
    custom = ActivityWeights(meeting=2.0, call=0, email=0, other=0, deal=0)
    assert activity_score(acts, T, custom, 180) == pytest.approx(2.0)


def test_activity_score_decays_and_ignores_later_activities() -> None:
    acts = [act(180), Activity("future", T + dt.timedelta(days=1), ActivityType.MEETING)]
    assert activity_score(acts, T, ActivityWeights(), 180) == pytest.approx(0.5)


def test_activity_strength_is_one_minus_exp_of_score() -> None:
    acts = [act(0), act(0, n=1)]
    assert activity_strength(acts, T, ActivityWeights(), 180) == pytest.approx(1 - math.exp(-2))


def test_activity_only_relationship_does_not_exist_before_first_activity() -> None:
    attrs = {"strength": None, "last_contact": None, "activities": (act(-5),)}
    assert effective_strength(attrs, T, S) is None
    assert effective_strength(attrs, T + dt.timedelta(days=5), S) == pytest.approx(1 - math.exp(-1))


def test_given_strength_exists_at_any_date_even_before_its_activities() -> None:
    attrs = {"strength": 0.3, "last_contact": None, "activities": (act(-5),)}
    assert effective_strength(attrs, T, S) == pytest.approx(0.3)


def test_effective_strength_is_the_larger_of_both() -> None:
    weak_given = {"strength": 0.1, "last_contact": T, "activities": (act(0),)}
    assert effective_strength(weak_given, T, S) == pytest.approx(1 - math.exp(-1))
    strong_given = {"strength": 0.9, "last_contact": T, "activities": (act(0),)}
    assert effective_strength(strong_given, T, S) == pytest.approx(0.9)


def test_state_last_contact_is_latest_on_or_before_as_of() -> None:
    edge = KnowsEdge(0.5, T + dt.timedelta(days=3), (act(10), act(-2)))
    state = strength_state(edge, T, S)
    assert state is not None
    assert state.last_contact == T - dt.timedelta(days=10)


def test_stale_is_strictly_older_than_the_limit() -> None:
    assert not is_stale(T - dt.timedelta(days=180), T, 180)
    assert is_stale(T - dt.timedelta(days=181), T, 180)
    assert not is_stale(None, T, 180)


def _first_weak_day(edge: KnowsEdge) -> dt.date:
    day = T
    while True:
        state = strength_state(edge, day, S)
        assert state is not None
        if state.strength < S.strong_threshold:
            return day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    "edge",
    [
        KnowsEdge(0.9, T - dt.timedelta(days=20), ()),
        KnowsEdge(None, None, tuple(act(d, n=d) for d in (1, 3, 40))),
        KnowsEdge(0.6, T - dt.timedelta(days=2), (act(0),)),
    ],
    ids=["given", "activities", "both"],
)
def test_strong_until_is_the_day_strength_falls_below_strong(edge: KnowsEdge) -> None:
    state = strength_state(edge, T, S)
    assert state is not None
    assert state.strength >= S.strong_threshold
    until = strong_until(edge, state, T, S)
    assert until is not None
    # Rounded down: the returned day or the next is the first one below strong.
    assert _first_weak_day(edge) - until in (dt.timedelta(days=0), dt.timedelta(days=1))


def test_strong_until_given_formula() -> None:
    d = T - dt.timedelta(days=10)
    edge = KnowsEdge(0.8, d, ())
    state = strength_state(edge, T, S)
    assert state is not None
    expected = d + dt.timedelta(days=math.floor(180 * math.log2(0.8 / 0.5)) + 1)
    assert strong_until(edge, state, T, S) == expected


def test_given_strength_without_contact_never_cools() -> None:
    edge = KnowsEdge(0.8, None, ())
    state = strength_state(edge, T, S)
    assert state is not None
    assert strong_until(edge, state, T, S) is None
