"""Hop-bounded searches over the path graph (DOMAIN.md, "Paths"; the graph itself
is :mod:`queries.path_arrays`).

Nodes are integers (indexes into ``PathGraph.keys``) so the inner loops hash ints,
not tuples. A hop costs ``−ln(strength)``; the cheapest path is the strongest.
Searches run Dijkstra over (node, hops) states: a state is dropped when the node
was already settled with no more hops (it is then dominated: cheaper or equal and
no longer), so each node is settled at most ``max_hops + 1`` times and no simple
path is ever enumerated. These serve the searches that stop early or steer
towards one target (next-best paths, introducers); a whole search from the team
runs over arrays (:mod:`queries.layered_search`), with the same answers.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from queries.path_arrays import EdgeInfo, Ints, PathGraph, PathGraphBuilder
from queries.path_bounds import costs_to, hops_to

__all__ = [
    "Arcs",
    "EdgeInfo",
    "Guide",
    "PathGraph",
    "PathGraphBuilder",
    "SearchResult",
    "bounded_search",
    "k_best_paths",
    "reachable_within",
]

Arcs = Mapping[int, Collection[int]]  # node -> successors it may not step to


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Per reached node, its cheapest state within the hop limit, and the
    predecessor of every settled state for reconstruction."""

    best: Mapping[int, tuple[float, int]]  # node -> (cost, hops) of its cheapest state
    pred: Sequence[int] | Ints  # state (node * width + hops) -> previous node
    width: int  # max_hops + 1

    def path_to(self, node: int) -> tuple[int, ...]:
        """Nodes from a source to ``node`` along its cheapest state (sources first)."""
        return self.path_at(node, self.best[node][1])

    def path_at(self, node: int, hops: int) -> tuple[int, ...]:
        """Nodes from a source to ``node`` along its settled state with ``hops`` hops."""
        path = [node]
        while hops > 0:
            node = int(self.pred[node * self.width + hops])
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
        return cls(costs_to(graph, target), hops_to(graph, target, max_hops))


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
    (default: ``graph.adj``), skipping ``blocked`` nodes and ``blocked_arcs``
    (node -> successors). With ``stop_at`` it ends once that node is settled; a
    ``guide`` towards it makes it A*, skipping states that cannot reach it in
    time. ``on_settle(node, cost)`` is called as each node is settled (cheapest
    first), ``on_state(node, cost, hops)`` for every settled state (a node may
    settle again with fewer hops at a higher cost); the search ends when either
    returns True. Whatever was settled by then is what the full search finds.
    """
    # Flat lists indexed by node * width + hops: list indexing beats hashing tuples.
    width = max_hops + 1
    heap, tentative, is_blocked, h, need = _Start.of(graph, sources, blocked, guide, max_hops)
    settled_hops = [width] * len(is_blocked)  # fewest hops the node was settled with
    pred = [-1] * len(tentative)
    best: dict[int, tuple[float, int]] = {}
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


class _Start(NamedTuple):
    """A search's first heap (each source that may start a path, at cost 0), its
    tentative costs per state, the blocked nodes and the guide's bounds (zero
    without a guide: plain hop-bounded Dijkstra)."""

    heap: list[tuple[float, int, int]]
    tentative: list[float]
    is_blocked: bytearray
    h: Sequence[float]
    need: Sequence[int]

    @classmethod
    def of(
        cls,
        graph: PathGraph,
        sources: Iterable[int],
        blocked: Collection[int],
        guide: Guide | None,
        max_hops: int,
    ) -> _Start:
        n, width = len(graph.keys), max_hops + 1
        is_blocked = bytearray(n)
        for b in blocked:
            is_blocked[b] = 1
        h: Sequence[float] = guide.cost if guide else [0.0] * n
        need: Sequence[int] = guide.hops if guide else [0] * n
        tentative = [math.inf] * (n * width)
        heap: list[tuple[float, int, int]] = []
        for source in sorted(set(sources)):
            if not is_blocked[source] and need[source] <= max_hops and h[source] < math.inf:
                tentative[source * width] = 0.0
                heap.append((h[source], 0, source))
        heapq.heapify(heap)
        return cls(heap, tentative, is_blocked, h, need)


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
    base: Arcs = blocked_arcs or {}
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
    spur = _Spur(graph, sources, target, max_hops, guide, adjacency, base)
    while len(accepted) < k:
        prev = accepted[-1]
        # Spur index -1 is the virtual root: a path starting from another source.
        for i in range(-1, len(prev) - 1):
            path = spur.path(accepted, prev, i)
            if path is not None and path not in seen:
                seen.add(path)
                heapq.heappush(candidates, (graph.cost(path), path))
        if not candidates:
            break
        accepted.append(heapq.heappop(candidates)[1])
    return accepted


@dataclass(frozen=True, slots=True)
class _Spur:
    """One search of Yen's algorithm: the best path that leaves the ``i``-th node
    of the last accepted path differently from every accepted path so far."""

    graph: PathGraph
    sources: Collection[int]
    target: int
    max_hops: int
    guide: Guide
    adjacency: Sequence[Sequence[tuple[int, float]]] | None
    base: Arcs

    def path(
        self, accepted: list[tuple[int, ...]], prev: tuple[int, ...], i: int
    ) -> tuple[int, ...] | None:
        root = prev[: i + 1]
        same_root = [p for p in accepted if p[: i + 1] == root]
        arcs: Arcs = self.base
        if i < 0:
            spur_sources: Collection[int] = set(self.sources) - {p[0] for p in same_root}
            hop_budget = self.max_hops
        else:
            spur_sources = (root[-1],)
            hop_budget = self.max_hops - i
            node = root[-1]
            cut = {p[i + 1] for p in same_root if len(p) > i + 1}
            arcs = {**self.base, node: cut | set(self.base.get(node, ()))}
        if hop_budget < 1:
            return None
        found = bounded_search(
            self.graph,
            spur_sources,
            hop_budget,
            blocked=frozenset(root[:-1]),
            blocked_arcs=arcs,
            stop_at=self.target,
            guide=self.guide,
            adjacency=self.adjacency,
        )
        if self.target not in found.best:
            return None
        return root[:-1] + found.path_to(self.target)
