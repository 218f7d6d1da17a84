"""Properties of paths, introducers, evidence and cooling over generated worlds
(issues 12 and 21), each world loaded into a real embedded store.

The worlds of ``tests.reliability.worlds`` get two more things here: team
members on account B's team too (colleagues through any account team) and
creation dates on records (DOMAIN.md, "Time").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import tempfile
from pathlib import Path as FilePath
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.embedded import EmbeddedStore
from graph.schema import AccountTeamRecord, Batch
from queries.alerts import alerts
from queries.evidence import relationship_evidence
from queries.models import AlertKind, Path
from queries.paths import executive_paths, introducers, paths_to_person
from queries.snapshot import AccountSnapshot
from tests.reliability.worlds import AS_OF, SETTINGS, World, worlds

BASE = settings(
    derandomize=True,
    deadline=None,
    max_examples=40,
    suppress_health_check=list(HealthCheck),
)
created = st.none() | st.integers(-900, 60).map(lambda n: AS_OF + dt.timedelta(days=n))


@st.composite
def richer_worlds(draw: st.DrawFn) -> World:
    world = draw(worlds())
    batch = world.batch
    elsewhere = draw(st.sets(st.sampled_from(world.team_ids)))
    teams = [*batch.account_teams, *(AccountTeamRecord(t, "B") for t in sorted(elsewhere))]

    def dated(records: list[Any]) -> list[Any]:
        return [dataclasses.replace(r, created_on=draw(created)) for r in records]

    richer = dataclasses.replace(
        batch,
        account_teams=teams,
        units=dated(batch.units),
        people=dated(batch.people),
        relationships=dated(batch.relationships),
        person_ties=dated(batch.person_ties),
    )
    return dataclasses.replace(world, batch=richer)


def snapshot_of(batch: Batch, as_of: dt.date = AS_OF) -> AccountSnapshot:
    with tempfile.TemporaryDirectory(prefix="powermap-paths-") as folder:
        store = EmbeddedStore(FilePath(folder) / "graph.db")
        try:
            store.apply(batch)
            data = store.account_data("A")
        finally:
            store.close()
    return AccountSnapshot.build(data, as_of, SETTINGS)


def check_path(s: AccountSnapshot, path: Path, max_hops: int) -> None:
    assert 1 <= len(path.hops) <= max_hops
    kinds = [n.kind for n in path.nodes]
    assert kinds[0] == "team_member"
    # Two sides, one crossing: no team member follows a customer person.
    crossing = kinds.index("person")
    assert all(k == "team_member" for k in kinds[:crossing])
    assert all(k == "person" for k in kinds[crossing:])
    assert math.isclose(path.strength, math.prod(h.strength for h in path.hops), rel_tol=1e-9)
    for hop in path.hops:
        if hop.relation == "reports_to":  # from a person to their manager
            if hop.from_id in s.people:
                assert s.people[hop.from_id].manager_id == hop.to_id
            else:
                assert hop.to_id in s.team_managers[hop.from_id]
        elif hop.relation == "manages":
            if hop.to_id in s.people:
                assert s.people[hop.to_id].manager_id == hop.from_id
            else:
                assert hop.from_id in s.team_managers[hop.to_id]
        elif hop.relation == "colleague":
            shared = s.team_members[hop.from_id].teams & s.team_members[hop.to_id].teams
            assert shared


@given(richer_worlds(), st.integers(1, 5))
@BASE
def test_paths_have_two_sides_and_read_in_the_direction_walked(world: World, max_hops: int) -> None:
    s = snapshot_of(world.batch)
    for start in [None, *sorted(s.team_members)]:
        found = executive_paths(s, from_team_member=start, max_hops=max_hops, alternatives=2)
        for target in found.targets:
            for path in (target.best, *target.alternatives):
                check_path(s, path, max_hops)
                if start is not None:
                    assert path.nodes[0].id == start
    for pid in s.people:
        for path in paths_to_person(s, pid, max_hops=max_hops, k=3).paths:
            check_path(s, path, max_hops)
    for unit in s.units:
        for tid in s.team_members:
            rows = introducers(s, unit, tid, max_hops=max_hops, k=10).introducers
            who = [(r.introducer.kind, r.introducer.id) for r in rows]
            assert len(who) == len(set(who)), "introducers are distinct"
            crossings = []
            for r in rows:
                check_path(s, r.path, max_hops)
                kinds = [n.kind for n in r.path.nodes]
                i = kinds.index("person")
                crossings.append((r.path.nodes[i - 1].id, r.path.nodes[i].id))
                assert r.direct is (len(r.path.nodes) == 2)
            assert len(crossings) == len(set(crossings)), "one row per crossing at most"


@given(richer_worlds())
@BASE
def test_a_member_sharing_a_team_with_one_who_has_a_path_has_one_too(world: World) -> None:
    """21.1: within the hop bound, a member sharing an account team with a member
    who reaches a target in h hops reaches it in at most h + 1."""
    s = snapshot_of(world.batch)
    max_hops = SETTINGS.max_hops
    reach: dict[str, dict[str, int]] = {}
    for tid in s.team_members:
        found = executive_paths(s, from_team_member=tid, max_hops=max_hops, k=100)
        reach[tid] = {t.executive.id: len(t.best.hops) for t in found.targets}
    for a in s.team_members:
        for b in s.team_members:
            if a == b or not s.team_members[a].teams & s.team_members[b].teams:
                continue
            for target, hops in reach[b].items():
                if hops + 1 <= max_hops:
                    assert target in reach[a], (a, b, target)


@given(richer_worlds())
@BASE
def test_evidence_sums_to_the_strength_and_cooling_is_the_first_day_below(
    world: World,
) -> None:
    s = snapshot_of(world.batch)
    for tid, pid in s.relationships:
        e = relationship_evidence(s, tid, pid)
        parts = []
        if e.given is not None:
            parts.append(e.given.decayed)
        if e.activities:
            score = sum(a.contribution for a in e.activities)
            assert e.activity_score == pytest.approx(score)
            parts.append(1 - math.exp(-score))
        assert e.strength == pytest.approx(max(parts))
        assert e.strong is (e.strength >= SETTINGS.strong_threshold)
    for alert in alerts(s).alerts:
        if alert.kind is not AlertKind.COOLING:
            continue
        assert alert.team_member_id is not None
        assert alert.person_id is not None
        key = (alert.team_member_id, alert.person_id)
        # Without new contact: the same data, later dates (activities after the
        # as-of date do not exist in these worlds' past-dated activities).
        before = snapshot_of(world.batch, alert.date - dt.timedelta(days=1)).relationships
        on_day = snapshot_of(world.batch, alert.date).relationships
        if key in before and not _new_contact(s, key, alert.date):
            assert before[key].strong
            assert key not in on_day or not on_day[key].strong


def _new_contact(s: AccountSnapshot, key: tuple[str, str], until: dt.date) -> bool:
    edge = s.relationships[key].edge
    dates = [a.date for a in edge.activities]
    if edge.last_contact is not None:
        dates.append(edge.last_contact)
    return any(s.as_of < d <= until for d in dates)
