"""Hop-bounded cheapest paths over the path graph's arrays, one hop layer at a time.

Layer ``h`` relaxes, in one vectorised step, every hop out of the nodes whose cost
fell at layer ``h − 1``; a node's cost falls at ``h`` exactly when a path of ``h``
hops is strictly cheaper than every shorter one. After ``max_hops`` layers each
node holds its cheapest cost within the hop limit — exact, since a path's cost is
summed hop by hop from the source, in the same order and floats as the Dijkstra
search of :func:`queries.pathgraph.bounded_search`.

It gives that search's answer to the bit, predecessors included: where several
hops reach a node at the same cheapest cost, Dijkstra keeps the first one popped
from its heap, the one from the cheapest predecessor, then the lowest index; each
layer sorts its hops by (target, cost, predecessor's cost, predecessor) and keeps
the first per target, which is that one. The whole search is a few array
operations per layer instead of a heap operation per state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import numpy as np

from queries.path_arrays import Bools, Floats, HopKind, Ints, PathGraph
from queries.pathgraph import Arcs, SearchResult


def _blocked_mask(graph: PathGraph, kind: HopKind, blocked_arcs: Arcs) -> Bools | None:
    """False for each hop of ``kind`` that ``blocked_arcs`` (node -> successors)
    takes away, or None when none is."""
    if not blocked_arcs:
        return None
    arcs = graph.arcs(kind)
    allowed = np.ones(len(arcs.dst), np.bool_)
    for v, cut in blocked_arcs.items():
        start, end = int(arcs.indptr[v]), int(arcs.indptr[v + 1])
        if cut and end > start:
            gone = np.fromiter(cut, np.int64, len(cut))
            allowed[start:end] &= ~np.isin(arcs.dst[start:end], gone)
    return allowed


def _hops_out(indptr: Ints, frontier: Ints) -> tuple[Ints, Ints]:
    """The hops out of the ``frontier`` nodes (arc indexes) and, for each, its
    position in the frontier."""
    starts = indptr[frontier]
    counts = indptr[frontier + 1] - starts
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(frontier), dtype=np.int64), counts)
    # Arc k of the run owned by frontier node f is starts[f] + (k - run start).
    offsets = np.cumsum(counts) - counts
    arcs = np.arange(total, dtype=np.int64) + (starts - offsets)[owner]
    return arcs, owner


def layered_search(
    graph: PathGraph,
    sources: Iterable[int],
    max_hops: int,
    *,
    kind: HopKind = "all",
    blocked_arcs: Arcs | None = None,
) -> SearchResult:
    """The cheapest path within ``max_hops`` hops from any source to every node it
    reaches, over the hops of ``kind``, without the hops in ``blocked_arcs``: the
    same :class:`SearchResult` as a full ``bounded_search`` over that adjacency."""
    n, width = len(graph.keys), max_hops + 1
    arcs = graph.arcs(kind)
    allowed = _blocked_mask(graph, kind, blocked_arcs or {})
    cost: Floats = np.full(n, np.inf)
    hops: Ints = np.full(n, -1, np.int64)
    pred: Ints = np.full(n * width, -1, np.int64)
    frontier: Ints = np.unique(np.fromiter(sources, np.int64))
    cost[frontier] = 0.0
    hops[frontier] = 0
    frontier_cost: Floats = cost[frontier]
    for layer in range(1, width):
        out, owner = _hops_out(arcs.indptr, frontier)
        if allowed is not None:
            keep = allowed[out]
            out, owner = out[keep], owner[keep]
        if not len(out):
            break
        v, v_cost, w = frontier[owner], frontier_cost[owner], arcs.dst[out]
        total = v_cost + arcs.cost[out]
        order = np.lexsort((v, v_cost, total, w))
        w_sorted = w[order]
        first = np.ones(len(order), np.bool_)
        first[1:] = w_sorted[1:] != w_sorted[:-1]
        pick = order[first]
        better = pick[total[pick] < cost[w[pick]]]
        frontier, frontier_cost = w[better], total[better]
        cost[frontier] = frontier_cost
        hops[frontier] = layer
        pred[frontier * width + layer] = v[better]
    return SearchResult(_Best(cost, hops), pred, width)


class _Best(Mapping[int, tuple[float, int]]):
    """Node -> (cost, hops) of its cheapest state, for the nodes reached, read
    from the search's arrays: answers look up a few hundred nodes, so no dict of
    every reached node is built."""

    def __init__(self, cost: Floats, hops: Ints) -> None:
        self._cost, self._hops = cost, hops

    def __getitem__(self, node: int) -> tuple[float, int]:
        if not 0 <= node < len(self._hops) or self._hops[node] < 0:
            raise KeyError(node)
        return float(self._cost[node]), int(self._hops[node])

    def __contains__(self, node: object) -> bool:
        return isinstance(node, int) and 0 <= node < len(self._hops) and self._hops[node] >= 0

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(self._hops >= 0).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self._hops >= 0))
