"""The undirected, weighted path graph and the hop-bounded searches over it.

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
    relation: str  # relationship | tie:<kind> | reports_to | team_colleague
    last_contact: dt.date | None


# Parallel edges: the strongest wins; on equal strength, this order decides.
_RELATION_RANK = {"relationship": 3, "team_colleague": 2, "reports_to": 1}


def _edge_rank(edge: EdgeInfo) -> tuple[float, int, str]:
    return (edge.strength, _RELATION_RANK.get(edge.relation, 0), edge.relation)


class PathGraphBuilder:
    """Collects candidate edges; keeps the strongest per unordered pair."""

    def __init__(self, min_strength: float) -> None:
        self._min = min_strength
        self._nodes: dict[NodeKey, None] = {}
        self._edges: dict[tuple[NodeKey, NodeKey], EdgeInfo] = {}

    def add_node(self, key: NodeKey) -> None:
        self._nodes.setdefault(key, None)

    def add_edge(self, a: NodeKey, b: NodeKey, edge: EdgeInfo) -> None:
        if a == b or edge.strength < self._min or a not in self._nodes or b not in self._nodes:
            return
        pair = (a, b) if a <= b else (b, a)
        old = self._edges.get(pair)
        if old is None or _edge_rank(edge) > _edge_rank(old):
            self._edges[pair] = edge

    def build(self) -> PathGraph:
        keys = tuple(sorted(self._nodes))
        index = {k: i for i, k in enumerate(keys)}
        # Indexes follow key order, so sorting index pairs orders the edges as
        # sorting key pairs would (cheaper: ints, not tuples of strings); each
        # node's neighbours then come in index order, which fixes how searches
        # break ties between equally strong paths.
        by_pair = {(index[a], index[b]): edge for (a, b), edge in self._edges.items()}
        adj: list[list[tuple[int, float]]] = [[] for _ in keys]
        edges: dict[tuple[int, int], EdgeInfo] = {}
        log = math.log
        for pair in sorted(by_pair):
            i, j = pair
            edge = by_pair[pair]
            cost = -log(edge.strength)
            adj[i].append((j, cost))
            adj[j].append((i, cost))
            edges[pair] = edge
        return PathGraph(keys, index, tuple(map(tuple, adj)), edges)


@dataclass(frozen=True, slots=True)
class PathGraph:
    keys: tuple[NodeKey, ...]
    index: Mapping[NodeKey, int]
    adj: tuple[tuple[tuple[int, float], ...], ...]
    edges: Mapping[tuple[int, int], EdgeInfo]

    def edge(self, i: int, j: int) -> EdgeInfo:
        return self.edges[(i, j) if i < j else (j, i)]

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
        _, hops = self.best[node]
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
            for w, edge_cost in graph.adj[v]:
                if c + edge_cost < cost[w]:
                    cost[w] = c + edge_cost
                    heapq.heappush(heap, (c + edge_cost, w))
        hops = [max_hops + 1] * n
        hops[target] = 0
        frontier = [target]
        for depth in range(1, max_hops + 1):
            nxt = []
            for v in frontier:
                for w, _ in graph.adj[v]:
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
    blocked_edges: Collection[tuple[int, int]] = (),
    stop_at: int | None = None,
    guide: Guide | None = None,
    on_settle: Callable[[int, float], bool] | None = None,
) -> SearchResult:
    """Multi-source Dijkstra limited to ``max_hops`` hops.

    ``blocked`` nodes and ``blocked_edges`` (pairs ``(low, high)``) are skipped;
    with ``stop_at`` the search ends once that node is settled, and a ``guide``
    towards it turns the search into A* that skips states which cannot reach it
    within the hop limit. ``on_settle(node, cost)`` is called as each node is
    settled (cheapest first); the search ends when it returns True. Whatever was
    settled by then is exactly what the full search would have found for it.
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
    adj = graph.adj
    check_edges = bool(blocked_edges)
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
        if hops == max_hops:
            continue
        nh = hops + 1
        for w, edge_cost in adj[v]:
            if is_blocked[w] or nh >= settled_hops[w] or nh + need[w] > max_hops:
                continue
            if check_edges and ((v, w) if v < w else (w, v)) in blocked_edges:
                continue
            nc = cost + edge_cost
            state = w * width + nh
            if nc < tentative[state]:
                tentative[state] = nc
                pred[state] = v
                push(heap, (nc + h[w], nh, w))
    return SearchResult(best, pred, width)


def reachable_within(
    graph: PathGraph, sources: Iterable[int], max_hops: int, targets: Collection[int]
) -> set[int]:
    """The ``targets`` reachable from a source in at most ``max_hops`` hops (the
    nodes :func:`bounded_search` would reach), by breadth-first search that ends
    once every target is found.
    """
    wanted = set(targets)
    seen = set(sources)
    found = wanted & seen
    frontier = list(seen)
    adj = graph.adj
    for _ in range(max_hops):
        if len(found) == len(wanted) or not frontier:
            break
        nxt = []
        for v in frontier:
            for w, _ in adj[v]:
                if w not in seen:
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
) -> list[tuple[int, ...]]:
    """Up to ``k`` cheapest loopless paths from any source to ``target`` within
    ``max_hops`` hops (Yen's algorithm; the sources hang off a virtual root, so
    paths from different sources are different paths). ``first`` is the best path
    when the caller already has it."""
    guide = Guide.towards(graph, target, max_hops)
    if first is None:
        found = bounded_search(graph, sources, max_hops, stop_at=target, guide=guide)
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
            if i < 0:
                spur_sources: Collection[int] = set(sources) - {p[0] for p in same_root}
                hop_budget, cut = max_hops, frozenset[tuple[int, int]]()
            else:
                spur_sources = (root[-1],)
                hop_budget = max_hops - i
                cut = frozenset(
                    (min(p[i], p[i + 1]), max(p[i], p[i + 1])) for p in same_root if len(p) > i + 1
                )
            if hop_budget < 1:
                continue
            found = bounded_search(
                graph,
                spur_sources,
                hop_budget,
                blocked=frozenset(root[:-1]),
                blocked_edges=cut,
                stop_at=target,
                guide=guide,
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
