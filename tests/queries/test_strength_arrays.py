"""Strength over arrays equals ``strength_state`` exactly, edge by edge."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.schema import Activity, ActivityType
from queries.settings import ActivityWeights, QuerySettings
from queries.strength import KnowsEdge, strength_state
from queries.strength_arrays import EdgeColumns, strength_states

T = dt.date(2026, 1, 1)
S = QuerySettings()

days = st.integers(-800, 400).map(lambda n: T + dt.timedelta(days=n))
maybe_day = st.none() | days


@st.composite
def edges(draw: st.DrawFn) -> KnowsEdge:
    dated = sorted(draw(st.lists(st.tuples(days, st.sampled_from(list(ActivityType))), max_size=6)))
    activities = tuple(Activity(f"a{i}", d, t) for i, (d, t) in enumerate(dated))
    strength = draw(st.none() | st.floats(0.0, 1.0))
    return KnowsEdge(strength, draw(maybe_day), activities, draw(maybe_day))


@given(
    st.lists(edges(), max_size=12),
    days,
    st.floats(1.0, 400.0),
    st.floats(0.0, 3.0),
)
@settings(max_examples=300, deadline=None)
def test_strength_states_equal_strength_state_bit_for_bit(
    found: list[KnowsEdge], as_of: dt.date, half_life: float, meeting: float
) -> None:
    s = QuerySettings(half_life_days=half_life, activity_weights=ActivityWeights(meeting=meeting))
    assert strength_states(EdgeColumns.of(found), as_of, s) == [
        strength_state(e, as_of, s) for e in found
    ]


def test_an_activity_on_the_as_of_date_counts_and_one_the_day_after_does_not() -> None:
    on = KnowsEdge(None, None, (Activity("a", T, ActivityType.CALL),))
    after = KnowsEdge(None, None, (Activity("b", T + dt.timedelta(days=1), ActivityType.CALL),))
    states = strength_states(EdgeColumns.of([on, after]), T, S)
    assert states[0] is not None
    assert states[0].last_contact == T
    assert states[1] is None


def test_a_given_strength_counts_from_its_start_not_the_day_before() -> None:
    edge = KnowsEdge(0.6, None, (), created_on=T)
    columns = EdgeColumns.of([edge])
    assert strength_states(columns, T - dt.timedelta(days=1), S) == [None]
    state = strength_states(columns, T, S)[0]
    assert state is not None
    assert state.strength == 0.6
    assert state.score is None


def test_the_later_of_the_given_last_contact_and_the_activities_is_the_last_contact() -> None:
    early = T - dt.timedelta(days=30)
    edge = KnowsEdge(0.5, T - dt.timedelta(days=10), (Activity("a", early, ActivityType.EMAIL),))
    state = strength_states(EdgeColumns.of([edge]), T, S)[0]
    assert state is not None
    assert state.last_contact == T - dt.timedelta(days=10)
    before_given = strength_states(EdgeColumns.of([edge]), T - dt.timedelta(days=20), S)[0]
    assert before_given is not None
    assert before_given.last_contact == early


def test_no_edges_give_no_states() -> None:
    assert strength_states(EdgeColumns.of([]), T, S) == []
