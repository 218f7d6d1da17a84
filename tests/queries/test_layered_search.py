"""The array search against the Dijkstra search it replaces (the oracle): the same
cheapest cost to the bit, the same hop count and the same path, ties included, on
random two-sided worlds; and the hop limit exact on both sides."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import random

import networkx as nx
import pytest

from queries.layered_search import layered_search
from queries.path_arrays import HopKind, PathGraph
from queries.pathgraph import EdgeInfo, Guide, PathGraphBuilder, bounded_search
from queries.paths import executive_paths, team_search
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from queries.worlds import WorldBuilder

# Few distinct strengths, 1.0 among them: equally strong paths (and free hops)
# are common, so the tie rules are exercised, not just the costs.
STRENGTHS = (1.0, 0.9, 0.81, 0.5, 0.25, 0.1)
RELATIONS = ("relationship", "reports_to", "colleague", "tie:friend")


def random_world(seed: int) -> PathGraph:
    rng = random.Random(seed)
    builder = PathGraphBuilder(0.05)
    team = [("team_member", f"T{i}") for i in range(rng.randint(1, 5))]
    people = [("person", f"P{i:02d}") for i in range(rng.randint(2, 25))]
    nodes = team + people
    for key in nodes:
        builder.add_node(key)
    for _ in range(rng.randint(0, 3 * len(nodes))):
        a, b = rng.choice(nodes), rng.choice(nodes)
        builder.add_edge(a, b, EdgeInfo(rng.choice(STRENGTHS), rng.choice(RELATIONS), None))
    return builder.build()


def _adjacency(g: PathGraph, kind: HopKind) -> tuple[tuple[tuple[int, float], ...], ...]:
    return {"all": g.adj, "cross": g.cross, "colleagues": g.colleagues}[kind]


def _assert_same(
    g: PathGraph, sources: list[int], hops: int, kind: HopKind, cut: dict[int, set[int]]
) -> None:
    oracle = bounded_search(g, sources, hops, adjacency=_adjacency(g, kind), blocked_arcs=cut)
    found = layered_search(g, sources, hops, kind=kind, blocked_arcs=cut)
    assert found.best == oracle.best  # costs compared exactly, with their hop counts
    for node in oracle.best:
        assert found.path_to(node) == oracle.path_to(node)


@pytest.mark.parametrize("seed", range(60))
def test_array_search_gives_the_dijkstra_answer_exactly(seed: int) -> None:
    g = random_world(seed)
    rng = random.Random(seed)
    team = [i for i, key in enumerate(g.keys) if key[0] == "team_member"]
    for hops in (1, 2, 3, 5):
        _assert_same(g, team, hops, "cross", {})
        requester = rng.choice(team)
        _assert_same(g, [requester], hops, "all", {})
        _assert_same(g, [requester], hops, "colleagues", {})
        # Cut some hops away, as the weaker-crossings rule does.
        cut = {v: {w for w, _ in g.adj[v] if rng.random() < 0.3} for v in team}
        _assert_same(g, [requester], hops, "all", cut)
        people = [i for i, key in enumerate(g.keys) if key[0] == "person"]
        _assert_same(g, rng.sample(people, min(3, len(people))), hops, "all", {})


def _chain(length: int) -> PathGraph:
    """T0 - P0 - P1 - ... : person P{n} is n + 1 hops from the team member."""
    builder = PathGraphBuilder(0.05)
    keys = [("team_member", "T0")] + [("person", f"P{i}") for i in range(length)]
    for key in keys:
        builder.add_node(key)
    for a, b in itertools.pairwise(keys):
        builder.add_edge(a, b, EdgeInfo(0.9, "relationship" if a[0] != b[0] else "tie:x", None))
    return builder.build()


@pytest.mark.parametrize("max_hops", [1, 2, 4, 6])
def test_a_path_of_exactly_max_hops_is_found_and_one_hop_longer_is_not(max_hops: int) -> None:
    g = _chain(max_hops + 2)
    found = layered_search(g, [g.index[("team_member", "T0")]], max_hops, kind="all")
    at_limit = g.index[("person", f"P{max_hops - 1}")]
    beyond = g.index[("person", f"P{max_hops}")]
    assert found.best[at_limit][1] == max_hops
    assert len(found.path_to(at_limit)) == max_hops + 1
    assert beyond not in found.best


def test_a_longer_cheaper_path_wins_within_the_limit_and_loses_beyond_it() -> None:
    # T - A - E directly at 0.2; T - B - C - E at 0.9 each (0.729): cheaper, 3 hops.
    builder = PathGraphBuilder(0.05)
    for key in [("team_member", "T"), *[("person", p) for p in "ABCE"]]:
        builder.add_node(key)
    t = ("team_member", "T")
    builder.add_edge(t, ("person", "A"), EdgeInfo(1.0, "relationship", None))
    builder.add_edge(("person", "A"), ("person", "E"), EdgeInfo(0.2, "tie:x", None))
    builder.add_edge(t, ("person", "B"), EdgeInfo(0.9, "relationship", None))
    builder.add_edge(("person", "B"), ("person", "C"), EdgeInfo(0.9, "tie:x", None))
    builder.add_edge(("person", "C"), ("person", "E"), EdgeInfo(0.9, "tie:x", None))
    g = builder.build()
    e = g.index[("person", "E")]
    assert layered_search(g, [g.index[t]], 3).best[e][1] == 3
    assert layered_search(g, [g.index[t]], 2).best[e][1] == 2


def test_a_relationship_is_never_walked_back_to_our_side() -> None:
    # T1 knows P; T2 knows P more weakly. From P nothing leads back to T2.
    builder = PathGraphBuilder(0.05)
    for key in [("team_member", "T1"), ("team_member", "T2"), ("person", "P")]:
        builder.add_node(key)
    builder.add_edge(("team_member", "T1"), ("person", "P"), EdgeInfo(0.9, "relationship", None))
    builder.add_edge(("team_member", "T2"), ("person", "P"), EdgeInfo(0.5, "relationship", None))
    g = builder.build()
    found = layered_search(g, [g.index[("team_member", "T1")]], 4, kind="cross")
    assert g.index[("team_member", "T2")] not in found.best


def test_team_search_on_a_generated_account_matches_the_dijkstra_search() -> None:
    b = WorldBuilder("A")
    rng = random.Random(3)
    people = [f"P{i:03d}" for i in range(120)]
    for n, pid in enumerate(people):
        b.person(pid, manager=people[(n - 1) // 3] if n else None)
    for t in range(6):
        b.team_member(f"T{t}")
        for pid in rng.sample(people, 8):
            b.knows(f"T{t}", pid, strength=rng.choice(STRENGTHS[1:]))
    for _ in range(80):
        a, c = rng.sample(people, 2)
        b.tie(a, c, rng.choice(STRENGTHS[1:]))
    s = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    g = s.path_graph
    team = [g.index[("team_member", t)] for t in s.team]
    for hops in (2, 4):
        assert (
            team_search(s, None, hops).best == bounded_search(g, team, hops, adjacency=g.cross).best
        )
    assert executive_paths(s, from_team_member="T0", max_hops=3).max_hops == 3


def _dijkstra_costs_to(g: PathGraph, target: int) -> list[float]:
    """The guide's costs as the Dijkstra search over reversed hops found them."""
    cost = [math.inf] * len(g.keys)
    cost[target] = 0.0
    heap = [(0.0, target)]
    while heap:
        c, v = heapq.heappop(heap)
        if c > cost[v]:
            continue
        for w, edge_cost in g.back[v]:
            if c + edge_cost < cost[w]:
                cost[w] = c + edge_cost
                heapq.heappush(heap, (c + edge_cost, w))
    return cost


def _bfs_hops_to(g: PathGraph, target: int, max_hops: int) -> list[int]:
    hops = [max_hops + 1] * len(g.keys)
    hops[target] = 0
    frontier = [target]
    for depth in range(1, max_hops + 1):
        frontier = [w for v in frontier for w, _ in g.back[v] if hops[w] > depth]
        for w in frontier:
            hops[w] = depth
    return hops


@pytest.mark.parametrize("seed", range(40))
def test_the_a_star_guide_over_arrays_matches_dijkstra_and_bfs(seed: int) -> None:
    g = random_world(seed)
    for target in range(len(g.keys)):
        guide = Guide.towards(g, target, 3)
        assert guide.cost == _dijkstra_costs_to(g, target)  # exact floats
        assert guide.hops == _bfs_hops_to(g, target, 3)


def test_the_builder_keeps_an_edge_at_the_floor_and_drops_loops_and_strangers() -> None:
    builder = PathGraphBuilder(0.05)
    a, b, c = ("person", "A"), ("person", "B"), ("person", "C")
    builder.add_node(a)
    builder.add_node(b)
    builder.add_node(c)
    builder.add_edge(a, b, EdgeInfo(0.05, "tie:x", None))  # at the floor: kept
    builder.add_edge(b, c, EdgeInfo(0.0499, "tie:x", None))  # under it: dropped
    builder.add_edge(a, a, EdgeInfo(0.9, "tie:x", None))  # a loop
    builder.add_edge(a, ("person", "GONE"), EdgeInfo(0.9, "tie:x", None))  # no such node
    # Parallel edges: the strongest; on equal strength the relation's rank.
    builder.add_edge(a, c, EdgeInfo(0.6, "tie:x", None))
    builder.add_edge(c, a, EdgeInfo(0.6, "reports_to", None))
    builder.add_edge(a, c, EdgeInfo(0.5, "relationship", None))
    g = builder.build()
    assert {(g.keys[i], g.keys[j]): e.relation for (i, j), e in g.edges.items()} == {
        (a, b): "tie:x",
        (a, c): "reports_to",
    }
    # The reporting line was added C -> A: C reports to A.
    assert g.relation(g.index[c], g.index[a]) == "reports_to"
    assert g.relation(g.index[a], g.index[c]) == "manages"


@pytest.mark.parametrize("seed", range(25))
def test_array_search_costs_match_every_simple_path_within_the_limit(seed: int) -> None:
    """Brute force, independent of both searches: every simple path over the hops a
    path may take (networkx, cut off at the hop limit)."""
    g = random_world(seed)
    arcs = g.arcs("all")
    walk: nx.DiGraph[int] = nx.DiGraph()
    walk.add_nodes_from(range(len(g.keys)))
    for v in range(len(g.keys)):
        walk.add_edges_from((v, int(w)) for w in arcs.dst[arcs.indptr[v] : arcs.indptr[v + 1]])
    source = next(i for i, key in enumerate(g.keys) if key[0] == "team_member")
    for hops in (1, 2, 3):
        found = layered_search(g, [source], hops)
        for target in range(len(g.keys)):
            if target == source:
                continue
            costs = [g.cost(p) for p in nx.all_simple_paths(walk, source, target, cutoff=hops)]
            if not costs:
                assert target not in found.best
                continue
            assert found.best[target][0] == pytest.approx(min(costs))
            assert found.best[target][1] <= hops
