"""Relationship strength as of a date (DOMAIN.md, "Relationship strength").

Strength is never stored: it is computed from a ``KNOWS`` edge's given-strength
snapshot and its activities each time, so the same data and the same as-of date
always give the same number.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from graph.schema import Activity, ActivityType
from queries.settings import ActivityWeights, QuerySettings


def given_strength(
    s0: float, last_contact: dt.date | None, as_of: dt.date, half_life_days: float
) -> float:
    """A CRM-given strength ``s0`` decayed from its last contact to ``as_of``.

    A last contact after ``as_of`` does not decay it; no last contact keeps ``s0``.

    >>> given_strength(0.8, dt.date(2024, 1, 1), dt.date(2024, 6, 29), 180)
    0.4
    >>> given_strength(0.8, None, dt.date(2024, 6, 29), 180)
    0.8
    >>> given_strength(0.8, dt.date(2024, 7, 1), dt.date(2024, 6, 29), 180)
    0.8
    """
    if last_contact is None:
        return s0
    elapsed = max(0, (as_of - last_contact).days)
    return float(s0 * 0.5 ** (elapsed / half_life_days))


def activity_score(
    activities: Iterable[Activity],
    as_of: dt.date,
    weights: ActivityWeights,
    half_life_days: float,
) -> float | None:
    """``Σ w(type) · 0.5^((as_of − date)/H)`` over activities on or before ``as_of``;
    None when there is none (the relationship does not exist yet).

    >>> a = [Activity("a1", dt.date(2024, 1, 1), ActivityType.MEETING)]
    >>> activity_score(a, dt.date(2024, 6, 29), ActivityWeights(), 180)
    0.5
    >>> activity_score(a, dt.date(2023, 12, 31), ActivityWeights(), 180) is None
    True
    """
    score = 0.0
    seen = False
    table = weight_table(weights)
    for activity in activities:
        if activity.date > as_of:
            continue
        seen = True
        weight = table.get(activity.type)
        if weight is None:
            weight = float(getattr(weights, ActivityType(activity.type).value))
        score += weight * 0.5 ** ((as_of - activity.date).days / half_life_days)
    return score if seen else None


@lru_cache(maxsize=64)
def weight_table(weights: ActivityWeights) -> dict[str, float]:
    """Weight per activity type, keyed by value (an enum member finds its value's
    entry too): one dict lookup per activity instead of an enum call and getattr."""
    return {t.value: float(getattr(weights, t.value)) for t in ActivityType}


def activity_strength(
    activities: Iterable[Activity],
    as_of: dt.date,
    weights: ActivityWeights,
    half_life_days: float,
) -> float | None:
    """``1 − exp(−score)`` of :func:`activity_score`; None before the first activity.

    >>> a = [Activity("a1", dt.date(2024, 6, 29), ActivityType.MEETING)]
    >>> round(activity_strength(a, dt.date(2024, 6, 29), ActivityWeights(), 180), 4)
    0.6321
    """
    score = activity_score(activities, as_of, weights, half_life_days)
    return None if score is None else 1.0 - math.exp(-score)


class KnowsEdge(NamedTuple):
    """The fields of a team member → person ``KNOWS`` edge that strength reads.

    Named tuples, not frozen dataclasses, for this and :class:`StrengthState`: an
    account has one per relationship (tens of thousands), and a frozen dataclass
    costs several times more to make (issue 14, the cold read)."""

    strength: float | None
    last_contact: dt.date | None
    activities: tuple[Activity, ...]
    created_on: dt.date | None = None

    @classmethod
    def from_attrs(cls, attrs: Mapping[str, Any]) -> KnowsEdge:
        strength = attrs.get("strength")
        return cls(
            strength=None if strength is None else float(strength),
            last_contact=attrs.get("last_contact"),
            activities=tuple(attrs.get("activities") or ()),
            created_on=attrs.get("created_on"),
        )

    @property
    def given_from(self) -> dt.date | None:
        """The first day the given strength counts: the relationship's creation
        date, or its first activity when that is earlier; None: always."""
        created = self.created_on
        if created is None:
            return None
        if self.activities:
            first = min(a.date for a in self.activities)
            return min(first, created)
        return created


class StrengthState(NamedTuple):
    """One relationship as of a date: its effective strength and what it comes from."""

    strength: float
    given: float | None  # the decayed given strength, None without one
    score: float | None  # the decayed activity score, None before the first activity
    last_contact: dt.date | None  # latest contact on or before the as-of date


def strength_state(
    edge: KnowsEdge, as_of: dt.date, settings: QuerySettings
) -> StrengthState | None:
    """The relationship's state as of ``as_of``, or None when it does not exist then.

    A given strength counts from the relationship's creation date (or its first
    activity when that is earlier), at any date when it has none; an
    activity-only relationship exists from its first activity on or before
    ``as_of`` (DOMAIN.md, "Time").
    """
    h = settings.half_life_days
    start = edge.given_from if edge.created_on is not None else None
    given = (
        None
        if edge.strength is None or (start is not None and start > as_of)
        else given_strength(edge.strength, edge.last_contact, as_of, h)
    )
    # activity_score and the latest contact in one pass: this runs for every
    # relationship of an account each time a snapshot is built.
    score: float | None = None
    latest: dt.date | None = None
    if edge.activities:
        weights = settings.activity_weights
        table = weight_table(weights)
        total = 0.0
        for activity in edge.activities:
            day = activity.date
            if day > as_of:
                continue
            if latest is None or day > latest:
                latest = day
            weight = table.get(activity.type)
            if weight is None:
                weight = float(getattr(weights, ActivityType(activity.type).value))
            total += weight * 0.5 ** ((as_of - day).days / h)
        if latest is not None:
            score = total
    if given is None and score is None:
        return None
    if score is None:
        strength = given
    else:
        from_activities = 1.0 - math.exp(-score)
        strength = from_activities if given is None else max(given, from_activities)
    assert strength is not None
    last = edge.last_contact
    if last is not None and last <= as_of and (latest is None or last > latest):
        latest = last
    return StrengthState(strength, given, score, latest)


def effective_strength(
    edge_attrs: Mapping[str, Any], as_of: dt.date, settings: QuerySettings
) -> float | None:
    """The effective strength of a team member → person ``KNOWS`` edge as of a date:
    the larger of the decayed given strength and the activity-derived one; None
    when the relationship does not exist at that date.

    >>> s = QuerySettings()
    >>> m = Activity("a1", dt.date(2024, 6, 29), ActivityType.MEETING)
    >>> attrs = {"strength": 0.3, "last_contact": None, "activities": (m,)}
    >>> round(effective_strength(attrs, dt.date(2024, 6, 29), s), 4)
    0.6321
    >>> effective_strength({"strength": None, "activities": (m,)}, dt.date(2024, 6, 1), s)
    """
    state = strength_state(KnowsEdge.from_attrs(edge_attrs), as_of, settings)
    return None if state is None else state.strength


def is_stale(last_contact: dt.date | None, as_of: dt.date, stale_after_days: int) -> bool:
    """Last contact older than ``stale_after_days``. No known contact is not stale:
    nothing says the relationship went quiet.

    >>> is_stale(dt.date(2024, 1, 1), dt.date(2024, 6, 30), 180)
    True
    >>> is_stale(dt.date(2024, 1, 1), dt.date(2024, 6, 29), 180)
    False
    >>> is_stale(None, dt.date(2024, 6, 29), 180)
    False
    """
    return last_contact is not None and (as_of - last_contact).days > stale_after_days


def strong_until(
    edge: KnowsEdge, state: StrengthState, as_of: dt.date, settings: QuerySettings
) -> dt.date | None:
    """The first day a relationship strong at ``as_of`` is below strong without new
    contact, or None when it never is (a given strength with no last contact).

    Given part: below strong from the first day after ``d + H · log2(s0 /
    threshold)`` (a fraction of a day rounds up); activity part: after the decaying
    score reaches ``−ln(1 − threshold)`` (``ln 2`` at 0.5). The relationship stays
    strong while either part is, so the later day counts. Each day is checked
    against the strength the answers compute, so the alert and coverage agree.

    >>> s = QuerySettings()
    >>> e = KnowsEdge(0.8, dt.date(2025, 10, 1), ())
    >>> st = strength_state(e, dt.date(2026, 1, 1), s)
    >>> strong_until(e, st, dt.date(2026, 1, 1), s)
    datetime.date(2026, 2, 1)
    """
    threshold = settings.strong_threshold
    h = settings.half_life_days
    ends: list[dt.date] = []
    if edge.strength is not None and state.given is not None and state.given >= threshold:
        last, s0 = edge.last_contact, edge.strength
        if last is None:
            return None
        days = _first_below(
            h * math.log2(s0 / threshold),
            lambda n: given_strength(s0, last, last + dt.timedelta(days=n), h) < threshold,
        )
        ends.append(last + dt.timedelta(days=days))
    needed = -math.log(1.0 - threshold) if threshold < 1 else math.inf
    if state.score is not None and state.score >= needed:
        score = state.score
        days = _first_below(
            h * math.log2(score / needed),
            lambda n: 1.0 - math.exp(-score * 0.5 ** (n / h)) < threshold,
        )
        ends.append(as_of + dt.timedelta(days=days))
    return max(ends, default=None)


def _first_below(estimate: float, below: Callable[[int], bool]) -> int:
    """The first whole day ``n`` with ``below(n)``, near ``estimate`` (the exact
    crossing): the day after it, corrected for rounding in either direction."""
    n = max(0, math.floor(estimate) + 1)
    while n > 0 and below(n - 1):
        n -= 1
    while not below(n):
        n += 1
    return n
