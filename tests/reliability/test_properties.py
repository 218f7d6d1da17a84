"""Properties of the answers on random small worlds (see ``worlds.py``), each
loaded into a real embedded store. Every property runs a bounded, derandomised
number of examples in the default suite and ten times as many under ``-m slow``.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graph.embedded import EmbeddedStore
from graph.schema import ActivityRecord, ActivityType, Batch, RelationshipRecord
from queries.advocates import advocates
from queries.coverage import coverage
from queries.models import Path as AnswerPath
from queries.paths import executive_paths, introducers, paths_to_person
from tests.reliability.worlds import (
    ALTERNATIVES,
    AS_OF,
    SETTINGS,
    World,
    all_answers,
    answers_for,
    future_days,
    past_days,
    snapshot_of,
    strengths,
    worlds,
)

BASE = settings(derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
EXAMPLES = [pytest.param(40, id="40"), pytest.param(400, id="400", marks=pytest.mark.slow)]


def run(examples: int, check: Callable[..., None], *strategies: st.SearchStrategy[Any]) -> None:
    settings(BASE, max_examples=examples)(given(*strategies)(check))()


class Loaded:
    """A world in a fresh embedded store (a context manager)."""

    def __init__(self, batch: Batch) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="powermap-prop-")
        self.path = Path(self._folder.name) / "graph.db"
        self.store = EmbeddedStore(self.path)
        self.store.apply(batch)

    def __enter__(self) -> Loaded:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.close()
        self._folder.cleanup()


def _check_path(path: AnswerPath, max_hops: int) -> None:
    assert 1 <= len(path.hops) <= max_hops
    assert len(path.nodes) == len(path.hops) + 1
    assert len({(n.kind, n.id) for n in path.nodes}) == len(path.nodes), "a path loops"
    for i, hop in enumerate(path.hops):
        assert (hop.from_id, hop.to_id) == (path.nodes[i].id, path.nodes[i + 1].id)
        assert SETTINGS.min_path_edge_strength <= hop.strength <= 1
    assert math.isclose(path.strength, math.prod(h.strength for h in path.hops), rel_tol=1e-9)
    assert path.target == path.nodes[-1]


def _non_increasing(values: list[float]) -> bool:
    return all(a >= b - 1e-12 for a, b in itertools.pairwise(values))


# ------------------------------------------------------------------------- paths
def check_paths(world: World, max_hops: int) -> None:
    with Loaded(world.batch) as loaded:
        snap = snapshot_of(loaded.store)
    found = executive_paths(snap, max_hops=max_hops, alternatives=ALTERNATIVES, k=100)
    assert _non_increasing([t.strength for t in found.paths])
    for target in found.paths:
        for path in (target, *target.alternatives):
            _check_path(path, max_hops)
        assert all(target.strength >= a.strength - 1e-12 for a in target.alternatives)
        # Two searches, one answer: the k-best search agrees on the best path.
        best = paths_to_person(snap, target.executive.id, max_hops=max_hops, k=1).paths[0]
        assert math.isclose(best.strength, target.strength, rel_tol=1e-9)
    for pid in snap.people:
        paths = paths_to_person(snap, pid, max_hops=max_hops, k=4).paths
        for path in paths:
            _check_path(path, max_hops)
            assert path.target.id == pid
        assert _non_increasing([p.strength for p in paths])
    for uid in snap.units:
        for tid in snap.team_members:
            intro = introducers(snap, uid, tid, max_hops=max_hops, k=100).introductions
            for one in intro:
                _check_path(one.path, max_hops)
                assert one.path.nodes[0].id == tid
                assert one.introducer == one.path.nodes[1]
            assert _non_increasing([i.path.strength for i in intro])


@pytest.mark.parametrize("examples", EXAMPLES)
def test_paths_multiply_their_hops_within_max_hops_best_first(examples: int) -> None:
    run(examples, check_paths, worlds(), st.integers(1, 5))


# ---------------------------------------------------------------------- coverage
def check_more_relationships(world: World, data: st.DataObject) -> None:
    known = {(r.team_member_id, r.person_id) for r in world.batch.relationships}
    known |= {(a.team_member_id, a.person_id) for a in world.batch.activities}
    fresh = [(t, p) for t in world.team_ids for p in world.person_ids if (t, p) not in known]
    assume(fresh)
    t, p = data.draw(st.sampled_from(fresh))
    added = RelationshipRecord(t, p, data.draw(strengths), data.draw(st.none() | past_days))
    with Loaded(world.batch) as loaded:
        before = {r.id: r.status for r in coverage(snapshot_of(loaded.store)).units}
        loaded.store.apply(Batch(relationships=[added]))
        after = {r.id: r.status for r in coverage(snapshot_of(loaded.store)).units}
    assert before.keys() == after.keys()
    for row, status in before.items():
        assert after[row].rank >= status.rank, (row, status, after[row], added)


@pytest.mark.parametrize("examples", EXAMPLES)
def test_adding_a_relationship_never_worsens_coverage(examples: int) -> None:
    run(examples, check_more_relationships, worlds(), st.data())


# -------------------------------------------------------------------------- time
def check_future_activities(world: World, data: st.DataObject) -> None:
    # On-team members only: a member who is in A's graph through a future activity
    # alone is a fact about the team, not about that activity.
    assume(world.on_team)
    people = list(world.person_ids) + [p.id for p in world.batch.people if p.account_id == "B"]
    pair = st.tuples(st.sampled_from(sorted(world.on_team)), st.sampled_from(people))
    future = [
        ActivityRecord(f"F{n}", t, p, data.draw(st.sampled_from(list(ActivityType))), day)
        for n, ((t, p), day) in enumerate(
            data.draw(st.lists(st.tuples(pair, future_days), min_size=1, max_size=6))
        )
    ]
    later = dataclasses.replace(world.batch, activities=[*world.batch.activities, *future])
    before, after = answers_for(world), answers_for(world, later)
    assert before.keys() == after.keys()
    for name, answer in before.items():
        assert after[name] == answer, name


@pytest.mark.parametrize("examples", EXAMPLES)
def test_an_activity_after_as_of_changes_no_answer(examples: int) -> None:
    run(examples, check_future_activities, worlds(), st.data())


# --------------------------------------------------------------------- departures
def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def check_departed(world: World) -> None:
    left = world.left
    assume(left)
    answers = answers_for(world)
    for name, answer in answers.items():
        if name == "alerts" or isinstance(answer, tuple):
            continue  # alerts report departures; errors name the id asked about
        assert not left & set(_strings(answer)), (name, left & set(_strings(answer)))
    rows = answers["coverage"]
    assert isinstance(rows, dict)
    for row in rows["units"]:
        unit = None if row["kind"] == "account" else row["id"]
        expected = {
            p.id
            for p in world.batch.people
            if p.account_id == "A" and p.unit_id == unit and p.id not in left
        }
        assert row["active_people"] == len(expected), row


@pytest.mark.parametrize("examples", EXAMPLES)
def test_nobody_who_left_appears_in_any_answer(examples: int) -> None:
    run(examples, check_departed, worlds())


# ---------------------------------------------------------------------- advocates
def check_advocates(world: World) -> None:
    with Loaded(world.batch) as loaded:
        snap = snapshot_of(loaded.store)
    for uid in snap.units:
        inside = set(snap.subtree(uid))
        members = {p for u in inside for p in snap.unit_people.get(u, ())}
        for adv in advocates(snap, uid).advocates:
            person = adv.person.id
            assert person in snap.people, f"{person} is not an active person of A"
            assert not inside & set(snap.people[person].unit_ids), (uid, person)
            assert set(adv.tie.reached_person_ids) <= members
            assert adv.known_by.strength >= SETTINGS.strong_threshold


@pytest.mark.parametrize("examples", EXAMPLES)
def test_advocates_are_outside_the_unit_and_inside_the_account(examples: int) -> None:
    run(examples, check_advocates, worlds())


# ------------------------------------------------------------------ determinism
def _shuffled(batch: Batch, rng: random.Random) -> Batch:
    lists = {f.name: list(getattr(batch, f.name)) for f in dataclasses.fields(batch)}
    for items in lists.values():
        rng.shuffle(items)
    return Batch(**lists)


def check_deterministic(world: World, seed: int) -> None:
    with Loaded(world.batch) as loaded:
        first = all_answers(snapshot_of(loaded.store), world)
        again = all_answers(snapshot_of(loaded.store), world)
        loaded.store.close()
        loaded.store = EmbeddedStore(loaded.path)
        reopened = all_answers(snapshot_of(loaded.store), world)
    assert again == first
    assert reopened == first
    assert answers_for(world, _shuffled(world.batch, random.Random(seed))) == first


@pytest.mark.parametrize("examples", EXAMPLES)
def test_answers_are_deterministic_across_reopen_and_load_order(examples: int) -> None:
    run(examples, check_deterministic, worlds(), st.integers(0, 2**32))


def test_the_property_worlds_exercise_every_rule() -> None:
    """The generator reaches the cases the properties are about."""
    seen: set[str] = set()

    @settings(BASE, max_examples=60)
    @given(worlds())
    def observe(world: World) -> None:
        if world.left:
            seen.add("left")
        if any(p.account_id == "B" for p in world.batch.people):
            seen.add("other account")
        with Loaded(world.batch) as loaded:
            snap = snapshot_of(loaded.store)
        if any(advocates(snap, u).advocates for u in snap.units):
            seen.add("advocate")
        if any(len(t.hops) > 1 for t in executive_paths(snap).paths):
            seen.add("multi-hop path")

    observe()
    assert seen == {"left", "other account", "advocate", "multi-hop path"}
    assert AS_OF.year == 2026
