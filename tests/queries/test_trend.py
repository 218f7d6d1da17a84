"""The trend: coverage at each month end, each from the data as of that day, on a
world whose relationships and people are dated."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.schema import ActivityType, Seniority
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from queries.trend import month_ends, trend
from queries.worlds import WorldBuilder


def test_month_ends_cross_the_year_and_end_at_the_as_of_date() -> None:
    assert month_ends(dt.date(2026, 2, 10), 4) == [
        dt.date(2025, 11, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 10),
    ]
    assert month_ends(dt.date(2026, 2, 10), 1) == [dt.date(2026, 2, 10)]
    with pytest.raises(ValueError, match="at least one"):
        month_ends(dt.date(2026, 2, 10), 0)


def test_the_trend_follows_dated_relationships_month_by_month() -> None:
    b = WorldBuilder("A")
    b.unit("U")
    b.person("CEO", "U", seniority=Seniority.C_LEVEL)
    b.person("P", "U")
    b.team_member("T")
    # Known strongly from 2026-02-10 (created then, no decay).
    b.knows("T", "P", strength=0.9, created_on=dt.date(2026, 2, 10))
    # The CEO: one meeting on 2026-03-20 -> 0.632 at once, strong; by 04-30 (41 days)
    # the score is 0.5**(41/180) = 0.854 -> 0.574, still strong.
    b.knows("T", "CEO", activities=((dt.date(2026, 3, 20), ActivityType.MEETING),))

    def at(day: dt.date) -> AccountSnapshot:
        return AccountSnapshot.build(b.data(), day, QuerySettings())

    points = trend(at, dt.date(2026, 4, 30), 4).points
    assert [p.as_of for p in points] == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
    ]
    # Rows: the account (nobody there: uncovered) and U.
    assert [
        (p.statuses.uncovered, p.statuses.single_threaded, p.statuses.covered) for p in points
    ] == [
        (2, 0, 0),
        (1, 1, 0),
        (1, 0, 1),
        (1, 0, 1),
    ]
    assert [(p.executives, p.executives_known_strongly) for p in points] == [
        (1, 0),
        (1, 0),
        (1, 1),
        (1, 1),
    ]
