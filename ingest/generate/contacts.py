"""Synthetic relationships between a team member and a person: the CRM snapshot row
and the activities behind it, drawn so the strength rule of DOMAIN.md puts them
where the generator intends at the anchor date.

Each profile's guarantee, with the default half-life (180 days) and weights:

* ``STRONG``: the newest activity is a meeting at most 45 days before the end
  (score ≥ 0.84 > ln 2), and a given strength ≥ 0.65 with that last contact decays
  to ≥ 0.55: strong either way.
* ``WEAK``: at most two e-mails (score ≤ 0.5 < ln 2) and a given strength ≤ 0.45.
* ``STALE``: last contact 185–500 days before the end, at most two e-mails or calls
  no newer than it, a given strength ≤ 0.8: weak, and stale (> 180 days).
* ``COOLING``: a given strength of 0.8 last contacted 110 days before the end, no
  activities: strong now (0.52) and below 0.5 twelve days later.

"The end" is the anchor for active people and the day before ``left_on`` for people
who left, so nobody is contacted after leaving.

>>> import random
>>> row, acts = contact(random.Random(3), 740000, "T1", "P1", Profile.STRONG)
>>> acts[-1][2], 740000 - 45 <= _ordinal(acts[-1][3]) <= 740000
('meeting', True)
"""

from __future__ import annotations

import datetime as dt
import random
from enum import StrEnum
from typing import Final

from ingest.generate.bundle import iso, strength_text

HISTORY_DAYS: Final = 540  # activities span the last ~18 months
SOURCES: Final = ("crm", "email_sync", "calendar", "manual")


class Profile(StrEnum):
    STRONG = "strong"
    WEAK = "weak"
    STALE = "stale"
    COOLING = "cooling"


RelationshipRow = tuple[str, str, str, str, str, str]
ActivityRow = tuple[str, str, str, str]


def _ordinal(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def contact(
    rng: random.Random,
    end: int,
    team_member_id: str,
    person_id: str,
    profile: Profile,
    *,
    with_row: bool = True,
    with_activities: bool = True,
) -> tuple[RelationshipRow | None, list[ActivityRow]]:
    """One relationship: its ``relationships.csv`` row (or None) and its
    ``activities.csv`` rows, oldest first, none after ``end`` (a date ordinal).

    At least one of the two is produced; activities never repeat (team member,
    person, type, date), so an importer that keys them by content keeps them all.
    """
    if profile is Profile.COOLING:
        with_activities, with_row = False, True
    elif not with_row:
        with_activities = True
    last, strength, dated = _history(rng, end, profile)
    row: RelationshipRow | None = None
    if with_row:
        touches = len(dated) if with_activities else rng.randint(1, 12)
        row = (
            team_member_id,
            person_id,
            strength_text(strength),
            iso(last),
            str(touches),
            SOURCES[rng.randrange(len(SOURCES))],
        )
    acts: list[ActivityRow] = []
    if with_activities:
        acts = [(team_member_id, person_id, dated[d], iso(d)) for d in sorted(dated)]
    return row, acts


def _history(rng: random.Random, end: int, profile: Profile) -> tuple[int, float, dict[int, str]]:
    """A relationship of ``profile``: its last contact (a date ordinal), its
    strength, and its activities (date ordinal -> type, one a day)."""
    dated: dict[int, str] = {}  # date ordinal -> type: one activity per day
    if profile is Profile.STRONG:
        last = end - rng.randint(2, 45)
        strength = rng.uniform(0.65, 0.95)
        dated[last] = "meeting"
        day = last
        for _ in range(rng.randint(3, 13)):
            day -= 1 + int(rng.expovariate(1 / 30))
            if day < end - HISTORY_DAYS:
                break
            r = rng.random()
            dated[day] = "meeting" if r < 0.35 else "call" if r < 0.65 else "email"
    elif profile is Profile.WEAK:
        last = end - rng.randint(10, 170)
        strength = rng.uniform(0.15, 0.45)
        dated[last] = "email"
        if rng.random() < 0.5:
            dated[last - rng.randint(20, 200)] = "email"
    elif profile is Profile.STALE:
        last = end - rng.randint(185, 500)
        strength = rng.uniform(0.4, 0.8)
        dated[last] = "call" if rng.random() < 0.4 else "email"
        if rng.random() < 0.5:
            dated[last - rng.randint(15, 120)] = "email"
    else:
        last = end - 110
        strength = 0.8
    return last, strength, dated
