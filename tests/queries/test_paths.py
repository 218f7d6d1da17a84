from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import pytest

from graph.errors import NotFoundError
from graph.schema import Seniority
from queries.errors import InvalidQueryError
from queries.pathgraph import EdgeInfo, PathGraph, PathGraphBuilder, bounded_search, k_best_paths
from queries.paths import executive_paths, introducers, paths_to_person
from queries.worlds import WorldBuilder
from tests.queries.conftest import days_ago, snap

VP = Seniority.VP


def chain() -> WorldBuilder:
    """T1 - P1 - P2 - P3 - P4(VP), plus T2 knowing P1 weaker than T1."""
    b = WorldBuilder()
    b.unit("U")
    for p in ("P1", "P2", "P3"):
        b.person(p, unit="U")
    b.person("P4", unit="U", seniority=VP)
    b.team_member("T1")
    b.team_member("T2")
    b.knows("T1", "P1", strength=0.8, last_contact=days_ago(0))
    b.knows("T2", "P1", strength=0.5, last_contact=days_ago(0))
    b.tie("P1", "P2", 0.9, "friend")
    b.tie("P2", "P3", 0.7)
    b.tie("P3", "P4", 0.6)
    return b


def test_path_strength_is_the_product_and_hops_are_described() -> None:
    result = executive_paths(snap(chain()))
    (target,) = result.targets
    path = target.best
    assert [n.id for n in path.nodes] == ["T1", "P1", "P2", "P3", "P4"]
    assert [n.kind for n in path.nodes] == ["team_member", "person", "person", "person", "person"]
    assert path.strength == pytest.approx(0.8 * 0.9 * 0.7 * 0.6)
    relations = [h.relation for h in path.hops]
    assert relations == ["relationship", "tie:friend", "tie:colleague", "tie:colleague"]
    assert path.hops[0].last_contact == days_ago(0)
    assert path.hops[1].last_contact is None
    assert (path.hops[0].from_id, path.hops[0].to_id) == ("T1", "P1")
    assert path.target.id == "P4"


def test_max_hops_is_respected() -> None:
    result = executive_paths(snap(chain()), max_hops=3)
    assert result.targets == []
    assert result.unreachable_ids == ["P4"]
    assert result.executives_in_scope == 1


def test_hop_limit_prefers_a_weaker_shorter_path_when_needed() -> None:
    b = chain()
    b.tie("P1", "P4", 0.1)  # direct but weak: 0.08 vs 0.3024 via the chain
    assert executive_paths(snap(b)).targets[0].best.strength == pytest.approx(0.3024)
    short = executive_paths(snap(b), max_hops=2).targets[0].best
    assert [n.id for n in short.nodes] == ["T1", "P1", "P4"]


def test_from_one_team_member() -> None:
    # T2 -> T1 (team colleagues 0.9) -> P1 is stronger than T2 -> P1 (0.5), but
    # takes five hops to P4: only allowed with max_hops 5.
    four = executive_paths(snap(chain()), from_team_member="T2").targets[0].best
    assert [n.id for n in four.nodes] == ["T2", "P1", "P2", "P3", "P4"]
    five = executive_paths(snap(chain()), from_team_member="T2", max_hops=5).targets[0].best
    assert [n.id for n in five.nodes] == ["T2", "T1", "P1", "P2", "P3", "P4"]


def test_unknown_or_inactive_team_member_is_not_found() -> None:
    b = chain()
    b.team_member("OLD", active=False)
    for tm in ("NOPE", "OLD"):
        with pytest.raises(NotFoundError, match="team member"):
            executive_paths(snap(b), from_team_member=tm)


def test_targets_ranked_best_per_target_and_k() -> None:
    b = WorldBuilder()
    b.team_member("T1")
    for i, s in enumerate([0.3, 0.9, 0.6]):
        b.person(f"E{i}", seniority=VP)
        b.knows("T1", f"E{i}", strength=s)
    b.person("X")
    b.knows("T1", "X", strength=1.0)
    b.tie("X", "E0", 0.5)  # 0.5 beats the direct 0.3
    result = executive_paths(snap(b), k=2)
    assert [t.executive.id for t in result.targets] == ["E1", "E2"]
    full = executive_paths(snap(b))
    assert [t.executive.id for t in full.targets] == ["E1", "E2", "E0"]
    assert full.targets[2].best.strength == pytest.approx(0.5)


def test_scope_unit_includes_its_subtree_only() -> None:
    b = WorldBuilder()
    b.unit("D")
    b.unit("B", "D")
    b.unit("OTHER")
    b.person("E_B", unit="B", seniority=VP)
    b.person("E_O", unit="OTHER", seniority=VP)
    b.team_member("T1")
    b.knows("T1", "E_B", strength=0.9)
    b.knows("T1", "E_O", strength=0.9)
    result = executive_paths(snap(b), scope_unit_id="D")
    assert [t.executive.id for t in result.targets] == ["E_B"]
    with pytest.raises(NotFoundError):
        executive_paths(snap(b), scope_unit_id="NOPE")


def test_people_who_left_are_neither_targets_nor_on_paths() -> None:
    b = chain()
    b.person("OLDVP", seniority=VP, left_on=days_ago(1))
    b.knows("T1", "OLDVP", strength=0.9)
    b.person("BRIDGE", left_on=days_ago(1))
    b.knows("T1", "BRIDGE", strength=1.0)
    b.tie("BRIDGE", "P4", 1.0)
    result = executive_paths(snap(b))
    assert [t.executive.id for t in result.targets] == ["P4"]
    assert "BRIDGE" not in [n.id for n in result.targets[0].best.nodes]
    assert result.executives_in_scope == 1


def test_alternatives_are_loopless_distinct_ordered_and_within_max_hops() -> None:
    b = chain()
    b.person("Q", unit="U")
    b.knows("T2", "Q", strength=0.9)
    b.tie("Q", "P3", 0.5)
    result = executive_paths(snap(b), alternatives=5, max_hops=4)
    target = result.targets[0]
    paths = [target.best, *target.alternatives]
    seqs = [tuple((n.kind, n.id) for n in p.nodes) for p in paths]
    assert len(set(seqs)) == len(seqs)
    assert all(len(set(s)) == len(s) for s in seqs)
    assert all(len(p.hops) <= 4 for p in paths)
    strengths = [p.strength for p in paths]
    assert strengths == sorted(strengths, reverse=True)
    assert len(target.alternatives) >= 2


def test_invalid_arguments() -> None:
    with pytest.raises(InvalidQueryError):
        executive_paths(snap(chain()), k=0)
    with pytest.raises(InvalidQueryError):
        executive_paths(snap(chain()), max_hops=0)
    with pytest.raises(InvalidQueryError):
        executive_paths(snap(chain()), alternatives=-1)


# ----------------------------------------------------------------- introducers
def test_introducer_is_the_second_node_one_per_introducer() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.unit("OUT")
    b.person("IN1", unit="U")
    b.person("IN2", unit="U")
    b.person("FRIEND", unit="OUT")
    b.team_member("ME")
    b.team_member("COLLEAGUE")
    b.knows("COLLEAGUE", "IN1", strength=0.8)
    b.knows("COLLEAGUE", "IN2", strength=0.6)
    b.knows("ME", "FRIEND", strength=0.7)
    b.tie("FRIEND", "IN2", 0.9)
    result = introducers(snap(b), "U", "ME").introducers
    assert [i.introducer.id for i in result] == ["COLLEAGUE", "FRIEND"]
    assert result[0].introducer.kind == "team_member"
    assert result[0].path.hops[0].relation == "colleague"
    assert result[0].target.id == "IN1"
    assert result[0].path.strength == pytest.approx(0.9 * 0.8)
    assert result[1].path.strength == pytest.approx(0.7 * 0.9)
    assert all(i.path.nodes[1] == i.introducer for i in result)


def test_introducer_when_known_directly_is_the_target() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.person("IN", unit="U")
    b.team_member("ME")
    b.knows("ME", "IN", strength=0.4)
    (only,) = introducers(snap(b), "U", "ME").introducers
    assert only.introducer.id == "IN"
    assert len(only.path.hops) == 1


def test_introducer_paths_respect_max_hops_and_never_return_to_the_requester() -> None:
    b = chain()
    result = introducers(snap(b), "U", "T2", max_hops=1).introducers
    assert [i.introducer.id for i in result] == ["P1"]
    result = introducers(snap(b), "U", "T2").introducers
    assert {i.introducer.id for i in result} == {"P1", "T1"}
    assert all(n.id != "T2" for i in result for n in i.path.nodes[1:])


# ------------------------------------------------------------- paths to person
def test_paths_to_person_k_best() -> None:
    b = chain()
    # From the whole team nobody asks a colleague: T2 -> T1 -> P1 -> P2 is no path.
    paths = paths_to_person(snap(b), "P2", k=3).paths
    assert [[n.id for n in p.nodes] for p in paths] == [
        ["T1", "P1", "P2"],
        ["T2", "P1", "P2"],
    ]
    with pytest.raises(NotFoundError):
        paths_to_person(snap(b), "NOPE")


def test_paths_to_a_person_who_left_is_not_found() -> None:
    b = chain()
    b.person("GONE", left_on=days_ago(0))
    with pytest.raises(NotFoundError, match="left"):
        paths_to_person(snap(b), "GONE")


# -------------------------------------------- search against brute force
def random_graph(seed: int) -> PathGraph:
    rng = random.Random(seed)
    builder = PathGraphBuilder(0.05)
    keys = [("person", f"N{i}") for i in range(9)]
    for k in keys:
        builder.add_node(k)
    for a, c in itertools.combinations(keys, 2):
        if rng.random() < 0.35:
            builder.add_edge(a, c, EdgeInfo(rng.choice([1.0, 0.9, 0.5, 0.3, 0.1]), "x", None))
    return builder.build()


def brute_paths(g: PathGraph, sources: list[int], target: int, max_hops: int) -> list[float]:
    nxg: nx.Graph[int] = nx.Graph()
    nxg.add_nodes_from(range(len(g.keys)))
    nxg.add_edges_from(g.edges)
    costs: list[float] = []
    for s in sources:
        if s == target:
            continue
        # A path from one source through another is a different path too.
        costs.extend(g.cost(p) for p in nx.all_simple_paths(nxg, s, target, cutoff=max_hops))
    return sorted(costs)


@pytest.mark.parametrize("seed", range(12))
def test_bounded_search_and_k_best_match_brute_force(seed: int) -> None:
    g = random_graph(seed)
    sources = [0, 1]
    for max_hops in (2, 3):
        found = bounded_search(g, sources, max_hops)
        for target in range(2, len(g.keys)):
            expected = brute_paths(g, sources, target, max_hops)
            if not expected:
                assert target not in found.best
                continue
            assert found.best[target][0] == pytest.approx(expected[0])
            path = found.path_to(target)
            assert len(path) - 1 <= max_hops
            assert g.cost(path) == pytest.approx(expected[0])
            k = k_best_paths(g, sources, target, max_hops, 4)
            assert [g.cost(p) for p in k] == pytest.approx(expected[:4])
            assert len(set(k)) == len(k)
            assert all(len(set(p)) == len(p) and p[0] in sources for p in k)


def test_cost_is_minus_log_strength() -> None:
    builder = PathGraphBuilder(0.05)
    builder.add_node(("person", "a"))
    builder.add_node(("person", "b"))
    builder.add_edge(("person", "a"), ("person", "b"), EdgeInfo(0.5, "x", None))
    assert builder.build().cost([0, 1]) == pytest.approx(-math.log(0.5))
