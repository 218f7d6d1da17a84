"""Relationship strength for every relationship of an account at once, over arrays
(issue 14, the cold read path): the numbers of :func:`queries.strength.strength_state`,
bit for bit, without a Python loop over each relationship's activities.

The date-independent part (:class:`EdgeColumns`: each relationship's given strength,
last contact, the day its given strength starts counting, and its activities as
day ordinals and type codes) is read once per account data; :func:`strength_states`
then computes the states at one as-of date.

Why the results are equal to ``strength_state``'s, not merely close: every power
``0.5 ** (n / H)`` is computed by Python itself (once per distinct day count, then
looked up), and ``1 − exp(−score)`` by :func:`math.exp`; numpy only multiplies and
adds, which IEEE 754 defines exactly, and adds each relationship's contributions
in the same order (its activities by date and id), one position at a time.

>>> import datetime as dt
>>> from graph.schema import Activity, ActivityType
>>> from queries.settings import QuerySettings
>>> from queries.strength import KnowsEdge, strength_state
>>> m = Activity("a1", dt.date(2026, 1, 5), ActivityType.MEETING)
>>> edges = [KnowsEdge(0.8, dt.date(2025, 10, 1), ()), KnowsEdge(None, None, (m,))]
>>> columns = EdgeColumns.of(edges)
>>> day, s = dt.date(2026, 2, 1), QuerySettings()
>>> strength_states(columns, day, s) == [strength_state(e, day, s) for e in edges]
True
>>> strength_states(columns, dt.date(2026, 1, 1), s)[1] is None
True
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from graph.schema import ActivityType
from queries.settings import QuerySettings
from queries.strength import KnowsEdge, StrengthState, weight_table

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

#: The type codes of the activity columns, and each code's type value.
_TYPES: Final = tuple(t.value for t in ActivityType)
# Keyed by value and by member: an activity's type may be either (a StrEnum
# member hashes by its name, so it does not find its value's entry).
_CODE: Final[dict[object, int]] = {
    **{value: code for code, value in enumerate(_TYPES)},
    **{ActivityType(value): code for code, value in enumerate(_TYPES)},
}
#: "No date": before every real day's ordinal (which start at 1).
_NONE: Final = 0
_new: Final = tuple.__new__  # a named tuple without its Python-level __new__
#: After every real day's ordinal (date.max's is 3,652,059).
_LATEST: Final = 4_000_000
#: Day counts up to this many get a dense table of powers; beyond it (data spread
#: over more than a century) only the distinct counts are computed.
_DENSE_DAYS: Final = 40_000


@dataclass(frozen=True, eq=False)
class EdgeColumns:
    """The relationships' strength evidence as arrays, one entry per edge (in the
    order given to :meth:`of`) and one per activity (edge by edge, each edge's in
    its own order: by date and id)."""

    given: Floats  # the CRM-given strength, NaN without one
    last: Ints  # ordinal of the given last contact, _NONE without one
    start: Ints  # ordinal of the first day the given strength counts, _NONE: always
    act_day: Ints  # ordinal of each activity's date
    act_type: Ints  # index into _TYPES
    # Edges by activity count, most first: at position k of their activities, the
    # first ``count_at[k]`` of them still have one.
    by_count: Ints
    first_act: Ints  # of each edge in ``by_count`` order: its first activity's index
    count_at: tuple[int, ...]
    size: int

    @classmethod
    def of(cls, edges: Sequence[KnowsEdge]) -> EdgeColumns:
        # Whole-column comprehensions: numpy item assignment in a loop costs more.
        n = len(edges)
        counts = np.array([len(e.activities) for e in edges], dtype=np.int64)
        act_day = np.array(
            [a.date.toordinal() for e in edges for a in e.activities], dtype=np.int64
        )
        offsets = np.zeros(n, dtype=np.int64)
        if n:
            np.cumsum(counts[:-1], out=offsets[1:])
        # The given strength counts from the creation date, or the first activity
        # when that is earlier (KnowsEdge.given_from); always without a creation date.
        created = np.array([_ordinal(e.created_on) for e in edges], dtype=np.int64)
        first = np.full(n, _LATEST, dtype=np.int64)
        active = counts > 0
        if act_day.size:
            first[active] = np.minimum.reduceat(act_day, offsets[active])
        by_count = np.argsort(-counts, kind="stable")
        sorted_counts = counts[by_count]
        longest = int(sorted_counts[0]) if n else 0
        return cls(
            given=np.array(
                [np.nan if e.strength is None else e.strength for e in edges], dtype=np.float64
            ),
            last=np.array([_ordinal(e.last_contact) for e in edges], dtype=np.int64),
            start=np.where(created == _NONE, _NONE, np.minimum(created, first)),
            act_day=act_day,
            act_type=np.array([_CODE[a.type] for e in edges for a in e.activities], dtype=np.int64),
            by_count=by_count,
            first_act=offsets[by_count],
            count_at=tuple(int(np.count_nonzero(sorted_counts > k)) for k in range(longest)),
            size=n,
        )


def _ordinal(day: dt.date | None) -> int:
    return _NONE if day is None else day.toordinal()


def _powers(days: Ints, half_life: float) -> Floats:
    """``0.5 ** (n / half_life)`` for each day count ``n`` (all ≥ 0), each power
    computed by Python's own ``**`` (numpy's may differ in the last bit)."""
    if not days.size:
        return np.zeros(0)
    top = int(days.max())
    if top <= _DENSE_DAYS:
        table = np.array([0.5 ** (n / half_life) for n in range(top + 1)])
        return table[days]
    distinct, where = np.unique(days, return_inverse=True)
    table = np.array([0.5 ** (int(n) / half_life) for n in distinct.tolist()])
    return table[where]


def strength_states(
    columns: EdgeColumns, as_of: dt.date, settings: QuerySettings
) -> list[StrengthState | None]:
    """Each edge's :func:`queries.strength.strength_state` as of ``as_of``."""
    if not columns.size:
        return []
    day = as_of.toordinal()
    h = settings.half_life_days
    c = columns
    # The given part: from its start on, decayed from the last contact (not after it).
    has_given = ~np.isnan(c.given) & ((c.start == _NONE) | (c.start <= day))
    elapsed = np.where(c.last == _NONE, 0, np.maximum(0, day - c.last))
    given = np.where(has_given, c.given * _powers(elapsed, h), np.nan)
    # The activity part: each activity on or before the day, weighted and decayed,
    # summed per edge in the edge's own order.
    counted = c.act_day <= day
    table = weight_table(settings.activity_weights)
    weights = np.array([table[t] for t in _TYPES])
    ages = np.where(counted, day - c.act_day, 0)
    contribution = np.where(counted, weights[c.act_type] * _powers(ages, h), 0.0)
    marked = np.where(counted, c.act_day, _NONE)
    total = np.zeros(c.size)
    latest = np.zeros(c.size, dtype=np.int64)
    for k, count in enumerate(c.count_at):
        at = c.first_act[:count] + k
        total[:count] += contribution[at]  # + 0.0 for a later activity: exact
        np.maximum(latest[:count], marked[at], out=latest[:count])
    score = np.empty(c.size)
    score[c.by_count] = total
    from_activities = np.empty(c.size, dtype=np.int64)
    from_activities[c.by_count] = latest
    # The given last contact counts when it is later than every activity counted.
    given_last = (c.last != _NONE) & (c.last <= day) & (c.last > from_activities)
    latest_day = np.where(given_last, c.last, from_activities)
    return _states(given.tolist(), score.tolist(), from_activities.tolist(), latest_day.tolist())


def _states(
    given: list[float], score: list[float], scored: list[int], latest: list[int]
) -> list[StrengthState | None]:
    """The states from the per-edge figures (NaN: no given strength; ``scored``
    _NONE: no activity counted, so no score)."""
    out: list[StrengthState | None] = []
    exp, isnan, from_ordinal = math.exp, math.isnan, dt.date.fromordinal
    dates: dict[int, dt.date] = {}
    for g, total, counted, last in zip(given, score, scored, latest, strict=True):
        has_given = not isnan(g)
        if counted == _NONE:
            if not has_given:
                out.append(None)  # the relationship does not exist yet
                continue
            strength, result = g, None
        else:
            made = 1.0 - exp(-total)
            strength, result = (max(g, made) if has_given else made), total
        when = None
        if last != _NONE:
            when = dates.get(last)
            if when is None:
                when = dates[last] = from_ordinal(last)
        out.append(_new(StrengthState, (strength, g if has_given else None, result, when)))
    return out
