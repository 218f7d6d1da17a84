"""The weighted path graph (DOMAIN.md, "Paths") and the hop-bounded searches over it.

Nodes are integers (indexes into ``PathGraph.keys``) so the inner loops hash ints,
not tuples. A hop costs ``−ln(strength)``; the cheapest path is the strongest.
Searches run Dijkstra over (node, hops) states: a state is dropped when the node
was already settled with no more hops (it is then dominated: cheaper or equal and
no longer), so each node is settled at most ``max_hops + 1`` times and no simple
path is ever enumerated.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from graph.schema import NodeKey


class EdgeInfo(NamedTuple):
    """One edge of the path graph. A named tuple: large accounts build tens of
    thousands of them, and a frozen dataclass costs twice as much to create."""

    strength: float
    relation: str  # relationship | tie:<kind> | reports_to | colleague
    last_contact: dt.date | None


# Parallel edges: the strongest wins; on equal strength, this order decides.
_RELATION_RANK = {"relationship": 3, "reports_to": 2, "colleague": 1}


def _edge_rank(edge: EdgeInfo) -> tuple[float, int, str]:
    return (edge.strength, _RELATION_RANK.get(edge.relation, 0), edge.relation)


Arcs = Mapping[int, Collection[int]]  # node -> successors it may not step to


class PathGraphBuilder:
    """Collects candidate edges; keeps the strongest per unordered pair.

    Nodes are team members (``sides`` True) or customer people. An edge between a
    team member and a person (a relationship) is walked only from the team member
    to the person: a path crosses to the customer once and never comes back. A
    reporting line is added from the report to the manager, so a hop along it can
    be named in the direction walked (``reports_to`` / ``manages``).
    """

    def __init__(self, min_strength: float) -> None:
        self._min = min_strength
        self._nodes: dict[NodeKey, None] = {}
        self._edges: dict[tuple[NodeKey, NodeKey], tuple[EdgeInfo, bool]] = {}

    def add_node(self, key: NodeKey) -> None:
        self._nodes.setdefault(key, None)

    def add_edge(self, a: NodeKey, b: NodeKey, edge: EdgeInfo) -> None:
        if a == b or edge.strength < self._min or a not in self._nodes or b not in self._nodes:
            return
        pair, upward = ((a, b), True) if a <= b else ((b, a), False)
        old = self._edges.get(pair)
        if old is None or _edge_rank(edge) > _edge_rank(old[0]):
            self._edges[pair] = (edge, upward)

    def build(self, team_namespace: str = "team_member") -> PathGraph:
        keys = tuple(sorted(self._nodes))
        index = {k: i for i, k in enumerate(keys)}
        team = bytearray(1 if k[0] == team_namespace else 0 for k in keys)
        # Indexes follow key order, so sorting index pairs orders the edges as
        # sorting key pairs would (cheaper: ints, not tuples of strings); each
        # node's neighbours then come in index order, which fixes how searches
        # break ties between equally strong paths.
        by_pair = {(index[a], index[b]): found for (a, b), found in self._edges.items()}
        out: list[list[tuple[int, float]]] = [[] for _ in keys]
        back: list[list[tuple[int, float]]] = [[] for _ in keys]
        edges: dict[tuple[int, int], EdgeInfo] = {}
        reports: set[tuple[int, int]] = set()
        log = math.log
        for pair in sorted(by_pair):
            i, j = pair
            edge, upward = by_pair[pair]
            cost = -log(edge.strength)
            if team[i] == team[j]:
                out[i].append((j, cost))
                out[j].append((i, cost))
                back[i].append((j, cost))
                back[j].append((i, cost))
                if edge.relation == "reports_to":
                    reports.add((i, j) if upward else (j, i))
            elif team[i]:  # team member i knows person j
                out[i].append((j, cost))
                back[j].append((i, cost))
            else:
                out[j].append((i, cost))
                back[i].append((j, cost))
            edges[pair] = edge
        adj = tuple(map(tuple, out))
        # Searches from the whole team never take a colleague hop: every member is
        # already a source, so a colleague hop only weakens a path.
        cross = list(adj)
        colleagues: list[tuple[tuple[int, float], ...]] = [()] * len(keys)
        for v, nbrs in enumerate(adj):
            if team[v]:
                cross[v] = tuple(x for x in nbrs if not team[x[0]])
                colleagues[v] = tuple(x for x in nbrs if team[x[0]])
        return PathGraph(
            keys,
            index,
            adj,
            tuple(map(tuple, back)),
            tuple(cross),
            tuple(colleagues),
            edges,
            frozenset(reports),
            bytes(team),
        )


@dataclass(frozen=True, slots=True)
class PathGraph:
    """``adj``: the hops a path may take (team member -> colleague or known person,
    person -> person); ``back``: the same hops reversed; ``cross``: ``adj``
    without colleague hops; ``colleagues``: the colleague hops alone. ``reports``
    holds (report, manager) pairs."""

    keys: tuple[NodeKey, ...]
    index: Mapping[NodeKey, int]
    adj: tuple[tuple[tuple[int, float], ...], ...]
    back: tuple[tuple[tuple[int, float], ...], ...]
    cross: tuple[tuple[tuple[int, float], ...], ...]
    colleagues: tuple[tuple[tuple[int, float], ...], ...]  # team side only
    edges: Mapping[tuple[int, int], EdgeInfo]
    reports: frozenset[tuple[int, int]]
    team: bytes  # 1 for a team member

    def edge(self, i: int, j: int) -> EdgeInfo:
        return self.edges[(i, j) if i < j else (j, i)]

    def relation(self, i: int, j: int) -> str:
        """The hop's relation in the direction walked, ``i`` to ``j``."""
        edge = self.edge(i, j)
        if edge.relation == "reports_to" and (i, j) not in self.reports:
            return "manages"
        return edge.relation

    def cost(self, path: Iterable[int]) -> float:
        nodes = list(path)
        return sum(-math.log(self.edge(a, b).strength) for a, b in itertools.pairwise(nodes))


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Per reached node, its cheapest state within the hop limit, and the
    predecessor of every settled state for reconstruction."""

    best: Mapping[int, tuple[float, int]]  # node -> (cost, hops) of its cheapest state
    pred: Sequence[int]  # state (node * width + hops) -> previous node
    width: int  # max_hops + 1

    def path_to(self, node: int) -> tuple[int, ...]:
        """Nodes from a source to ``node`` along its cheapest state (sources first)."""
        return self.path_at(node, self.best[node][1])

    def path_at(self, node: int, hops: int) -> tuple[int, ...]:
        """Nodes from a source to ``node`` along its settled state with ``hops`` hops."""
        path = [node]
        while hops > 0:
            node = self.pred[node * self.width + hops]
            hops -= 1
            path.append(node)
        path.reverse()
        return tuple(path)


@dataclass(frozen=True, slots=True)
class Guide:
    """Lower bounds towards one target, for searches that only want that target:
    ``cost`` the cheapest cost to it ignoring hop limits (a consistent A*
    heuristic), ``hops`` the fewest hops to it. ``inf`` / a large number: never."""

    cost: Sequence[float]
    hops: Sequence[int]

    @classmethod
    def towards(cls, graph: PathGraph, target: int, max_hops: int) -> Guide:
        n = len(graph.keys)
        cost = [math.inf] * n
        cost[target] = 0.0
        heap = [(0.0, target)]
        while heap:
            c, v = heapq.heappop(heap)
            if c > cost[v]:
                continue
            for w, edge_cost in graph.back[v]:
                if c + edge_cost < cost[w]:
                    cost[w] = c + edge_cost
                    heapq.heappush(heap, (c + edge_cost, w))
        hops = [max_hops + 1] * n
        hops[target] = 0
        frontier = [target]
        for depth in range(1, max_hops + 1):
            nxt = []
            for v in frontier:
                for w, _ in graph.back[v]:
                    if hops[w] > depth:
                        hops[w] = depth
                        nxt.append(w)
            frontier = nxt
        return cls(cost, hops)


def bounded_search(
    graph: PathGraph,
    sources: Iterable[int],
    max_hops: int,
    *,
    blocked: Collection[int] = (),
    blocked_arcs: Arcs | None = None,
    stop_at: int | None = None,
    guide: Guide | None = None,
    on_settle: Callable[[int, float], bool] | None = None,
    on_state: Callable[[int, float, int], bool] | None = None,
    adjacency: Sequence[Sequence[tuple[int, float]]] | None = None,
) -> SearchResult:
    """Multi-source Dijkstra limited to ``max_hops`` hops, over ``adjacency``
    (default: the graph's one-crossing hops, ``graph.adj``).

    ``blocked`` nodes and ``blocked_arcs`` (node -> successors) are skipped;
    with ``stop_at`` the search ends once that node is settled, and a ``guide``
    towards it turns the search into A* that skips states which cannot reach it
    within the hop limit. ``on_settle(node, cost)`` is called as each node is
    settled (cheapest first), ``on_state(node, cost, hops)`` for every settled
    state (a node may settle again with fewer hops at a higher cost); the search
    ends when either returns True. Whatever was settled by then is exactly what
    the full search would have found for it.
    """
    # Flat lists indexed by node * width + hops: this loop is the hot path of
    # every path answer, and list indexing beats hashing tuples.
    n, width = len(graph.keys), max_hops + 1
    inf = math.inf
    settled_hops = [width] * n  # fewest hops the node was settled with
    tentative = [inf] * (n * width)
    pred = [-1] * (n * width)
    best: dict[int, tuple[float, int]] = {}
    is_blocked = bytearray(n)
    for b in blocked:
        is_blocked[b] = 1
    # Without a guide the bounds are zero: plain hop-bounded Dijkstra.
    h: Sequence[float] = guide.cost if guide else [0.0] * n
    need: Sequence[int] = guide.hops if guide else [0] * n
    heap: list[tuple[float, int, int]] = []
    for source in sorted(set(sources)):
        if not is_blocked[source] and need[source] <= max_hops and h[source] < inf:
            tentative[source * width] = 0.0
            heap.append((h[source], 0, source))
    heapq.heapify(heap)
    adj = graph.adj if adjacency is None else adjacency
    arcs = blocked_arcs or {}
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        priority, hops, v = pop(heap)
        cost = tentative[v * width + hops]
        if hops >= settled_hops[v] or priority > cost + h[v]:
            continue
        settled_hops[v] = hops
        if v not in best:
            best[v] = (cost, hops)
            if v == stop_at or (on_settle is not None and on_settle(v, cost)):
                break
        if on_state is not None and on_state(v, cost, hops):
            break
        if hops == max_hops:
            continue
        nh = hops + 1
        cut = arcs.get(v) if arcs else None
        for w, edge_cost in adj[v]:
            if is_blocked[w] or nh >= settled_hops[w] or nh + need[w] > max_hops:
                continue
            if cut is not None and w in cut:
                continue
            nc = cost + edge_cost
            state = w * width + nh
            if nc < tentative[state]:
                tentative[state] = nc
                pred[state] = v
                push(heap, (nc + h[w], nh, w))
    return SearchResult(best, pred, width)


def reachable_within(
    graph: PathGraph,
    sources: Iterable[int],
    max_hops: int,
    targets: Collection[int],
    adjacency: Sequence[Sequence[tuple[int, float]]] | None = None,
    blocked_arcs: Arcs | None = None,
) -> set[int]:
    """The ``targets`` reachable from a source in at most ``max_hops`` hops (the
    nodes :func:`bounded_search` would reach), by breadth-first search that ends
    once every target is found.
    """
    wanted = set(targets)
    seen = set(sources)
    found = wanted & seen
    frontier = list(seen)
    adj = graph.adj if adjacency is None else adjacency
    arcs = blocked_arcs or {}
    for _ in range(max_hops):
        if len(found) == len(wanted) or not frontier:
            break
        nxt = []
        for v in frontier:
            cut = arcs.get(v, ()) if arcs else ()
            for w, _ in adj[v]:
                if w not in seen and w not in cut:
                    seen.add(w)
                    nxt.append(w)
                    if w in wanted:
                        found.add(w)
        frontier = nxt
    return found


def k_best_paths(
    graph: PathGraph,
    sources: Collection[int],
    target: int,
    max_hops: int,
    k: int,
    first: tuple[int, ...] | None = None,
    *,
    adjacency: Sequence[Sequence[tuple[int, float]]] | None = None,
    blocked_arcs: Arcs | None = None,
) -> list[tuple[int, ...]]:
    """Up to ``k`` cheapest loopless paths from any source to ``target`` within
    ``max_hops`` hops (Yen's algorithm; the sources hang off a virtual root, so
    paths from different sources are different paths). ``first`` is the best path
    when the caller already has it; ``adjacency`` and ``blocked_arcs`` as in
    :func:`bounded_search`."""
    guide = Guide.towards(graph, target, max_hops)
    base: Mapping[int, Collection[int]] = blocked_arcs or {}
    if first is None:
        found = bounded_search(
            graph,
            sources,
            max_hops,
            stop_at=target,
            guide=guide,
            adjacency=adjacency,
            blocked_arcs=base,
        )
        if target not in found.best:
            return []
        first = found.path_to(target)
    accepted: list[tuple[int, ...]] = [first]
    candidates: list[tuple[float, tuple[int, ...]]] = []
    seen: set[tuple[int, ...]] = {first}
    while len(accepted) < k:
        prev = accepted[-1]
        # Spur index -1 is the virtual root: a path starting from another source.
        for i in range(-1, len(prev) - 1):
            root = prev[: i + 1]
            same_root = [p for p in accepted if p[: i + 1] == root]
            arcs: Mapping[int, Collection[int]] = base
            if i < 0:
                spur_sources: Collection[int] = set(sources) - {p[0] for p in same_root}
                hop_budget = max_hops
            else:
                spur_sources = (root[-1],)
                hop_budget = max_hops - i
                spur = root[-1]
                cut = {p[i + 1] for p in same_root if len(p) > i + 1}
                arcs = {**base, spur: cut | set(base.get(spur, ()))}
            if hop_budget < 1:
                continue
            found = bounded_search(
                graph,
                spur_sources,
                hop_budget,
                blocked=frozenset(root[:-1]),
                blocked_arcs=arcs,
                stop_at=target,
                guide=guide,
                adjacency=adjacency,
            )
            if target not in found.best:
                continue
            path = root[:-1] + found.path_to(target)
            if path not in seen:
                seen.add(path)
                heapq.heappush(candidates, (graph.cost(path), path))
        if not candidates:
            break
        accepted.append(heapq.heappop(candidates)[1])
    return accepted
