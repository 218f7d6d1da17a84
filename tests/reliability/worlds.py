"""Small random worlds for property tests: a hypothesis strategy of
``graph.schema.Batch`` (account A with a ragged unit tree, people who may have
left, a team, relationships, activities, ties, past positions, won opportunities,
and a second account B whose people A's people may know), and every answer the
queries give about A, computed from a real embedded store.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from graph.embedded import EmbeddedStore
from graph.errors import PowermapError
from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    ActivityRecord,
    ActivityType,
    Batch,
    BuyingRole,
    EmploymentRecord,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RelationshipRecord,
    Seniority,
    TeamMemberRecord,
    TieKind,
    UnitKind,
    UnitRecord,
    UnitStatus,
)
from queries.advocates import advocates
from queries.alerts import alerts
from queries.coverage import coverage
from queries.paths import executive_paths, introducers, paths_to_person
from queries.resilience import departure_impact, key_people
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from queries.views import org_chart

AS_OF = dt.date(2026, 6, 1)
SETTINGS = QuerySettings()
ALTERNATIVES = 3

past_days = st.integers(1, 720).map(lambda n: AS_OF - dt.timedelta(days=n))
future_days = st.integers(1, 720).map(lambda n: AS_OF + dt.timedelta(days=n))
strengths = st.floats(0.0, 1.0, allow_nan=False)


@dataclass(frozen=True)
class World:
    batch: Batch
    unit_ids: tuple[str, ...]
    person_ids: tuple[str, ...]  # account A
    team_ids: tuple[str, ...]
    on_team: frozenset[str]

    @property
    def left(self) -> frozenset[str]:
        return frozenset(
            p.id
            for p in self.batch.people
            if p.account_id == "A" and p.left_on is not None and p.left_on <= AS_OF
        )


@st.composite
def worlds(draw: st.DrawFn) -> World:
    unit_ids = [f"U{i}" for i in range(draw(st.integers(0, 5)))]
    units = [
        UnitRecord(
            uid,
            "A",
            draw(st.sampled_from(list(UnitKind))),
            f"Unit {uid}",
            draw(st.sampled_from([None, *unit_ids[:i]])),
            draw(st.sampled_from(list(UnitStatus))),
            draw(st.none() | st.integers(1, 1000)),
        )
        for i, uid in enumerate(unit_ids)
    ]
    units.append(UnitRecord("V0", "B", UnitKind.DIVISION, "Other division"))
    person_ids = [f"P{i}" for i in range(draw(st.integers(1, 9)))]
    people = [
        PersonRecord(
            pid,
            "A",
            f"Person {pid}",
            draw(st.sampled_from([None, *unit_ids])),
            None,
            draw(st.sampled_from(list(Seniority))),
            draw(st.none() | st.sampled_from(list(BuyingRole))),
            draw(st.sampled_from([None, *person_ids[:i]])),
            None,
            draw(st.none() | st.none() | past_days | future_days),
        )
        for i, pid in enumerate(person_ids)
    ]
    others = [f"Q{i}" for i in range(draw(st.integers(0, 2)))]
    people += [PersonRecord(q, "B", f"Other {q}", "V0") for q in others]
    team_ids = [f"T{i}" for i in range(draw(st.integers(1, 4)))]
    team = [
        TeamMemberRecord(t, f"Member {t}", manager_id=draw(st.sampled_from([None, *team_ids[:i]])))
        for i, t in enumerate(team_ids)
    ]
    on_team = draw(st.sets(st.sampled_from(team_ids)))
    everyone = person_ids + others
    pairs = draw(st.sets(st.tuples(st.sampled_from(team_ids), st.sampled_from(everyone))))
    relationships = []
    activities = []
    for n, (t, p) in enumerate(sorted(pairs)):
        if draw(st.booleans()):
            given = draw(st.none() | strengths)
            relationships.append(RelationshipRecord(t, p, given, draw(st.none() | past_days)))
        for m, day in enumerate(draw(st.lists(past_days, max_size=3))):
            kind = draw(st.sampled_from(list(ActivityType)))
            activities.append(ActivityRecord(f"X{n}-{m}", t, p, kind, day))
    tie_pairs = draw(st.sets(st.tuples(st.sampled_from(everyone), st.sampled_from(everyone))))
    ties = [
        PersonTieRecord(a, b, draw(st.floats(0.01, 1.0)), draw(st.sampled_from(list(TieKind))))
        for a, b in sorted(tie_pairs)
        if a < b
    ]
    employments: list[EmploymentRecord] = []
    opportunities: list[OpportunityRecord] = []
    if unit_ids:
        positions = st.tuples(st.sampled_from(person_ids), st.sampled_from(unit_ids))
        employments = [
            EmploymentRecord(p, u, None, draw(past_days)) for p, u in draw(st.sets(positions))
        ]
        opportunities = [
            OpportunityRecord(f"O{u}", "A", u, "Closed Won", True, True, None, draw(past_days))
            for u in draw(st.sets(st.sampled_from(unit_ids)))
        ]
    batch = Batch(
        accounts=[AccountRecord("A", "Acme"), AccountRecord("B", "Beta")],
        units=units,
        people=people,
        team_members=team,
        account_teams=[AccountTeamRecord(t, "A") for t in sorted(on_team)],
        relationships=relationships,
        activities=activities,
        person_ties=ties,
        employments=employments,
        opportunities=opportunities,
    )
    return World(batch, tuple(unit_ids), tuple(person_ids), tuple(team_ids), frozenset(on_team))


Answer = dict[str, Any] | tuple[str, str]


def _try(compute: Callable[[], Any]) -> Answer:
    try:
        dumped: dict[str, Any] = compute().model_dump(mode="json")
    except PowermapError as exc:
        return (type(exc).__name__, exc.detail)
    return dumped


def all_answers(snap: AccountSnapshot, world: World) -> dict[str, Answer]:
    """Every answer about account A, keyed by a name; queries about ids the
    snapshot does not hold answer with their error, so two runs compare whole."""
    found: dict[str, Answer] = {
        "coverage": _try(lambda: coverage(snap)),
        "org_chart": _try(lambda: org_chart(snap)),
        "executive_paths": _try(lambda: executive_paths(snap, alternatives=ALTERNATIVES)),
        "key_people": _try(lambda: key_people(snap)),
        "alerts": _try(lambda: alerts(snap)),
    }
    for u in world.unit_ids:
        found[f"advocates {u}"] = _try(partial(advocates, snap, u))
        for t in world.team_ids:
            found[f"introducers {u} {t}"] = _try(partial(introducers, snap, u, t))
    for p in world.person_ids:
        found[f"paths {p}"] = _try(partial(paths_to_person, snap, p))
        found[f"impact {p}"] = _try(partial(departure_impact, snap, person_id=p))
    for t in world.team_ids:
        found[f"impact {t}"] = _try(partial(departure_impact, snap, team_member_id=t))
    return found


def snapshot_of(store: EmbeddedStore, as_of: dt.date = AS_OF) -> AccountSnapshot:
    return AccountSnapshot.build(store.account_data("A"), as_of, SETTINGS)


def answers_for(world: World, batch: Batch | None = None) -> dict[str, Answer]:
    """Load ``batch`` (default the world's) into a fresh embedded store and answer."""
    with tempfile.TemporaryDirectory(prefix="powermap-prop-") as folder:
        store = EmbeddedStore(Path(folder) / "graph.db")
        try:
            store.apply(batch or world.batch)
            return all_answers(snapshot_of(store), world)
        finally:
            store.close()
