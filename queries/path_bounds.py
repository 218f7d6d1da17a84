"""Lower bounds towards one target over the path graph's arrays: what an A* search
for that target (:class:`queries.pathgraph.Guide`) steers by.

Both are computed backwards from the target, one vectorised step per hop layer.
The costs are the exact fixed point the Dijkstra search over reversed hops
reaches, to the bit: each is the cheapest sum of hop costs added from the target
outwards (float addition is monotone, so the layered minimum and Dijkstra's agree),
which keeps the A* search's order — and so its choice among equal paths — as it was.
"""

from __future__ import annotations

import numpy as np

from queries.path_arrays import Floats, Ints, PathGraph


def _into(indptr: Ints, frontier: Ints) -> tuple[Ints, Ints]:
    """The reversed hops into the ``frontier`` nodes and each one's frontier position."""
    starts = indptr[frontier]
    counts = indptr[frontier + 1] - starts
    owner = np.repeat(np.arange(len(frontier), dtype=np.int64), counts)
    offsets = np.cumsum(counts) - counts
    return np.arange(int(counts.sum()), dtype=np.int64) + (starts - offsets)[owner], owner


def costs_to(graph: PathGraph, target: int) -> list[float]:
    """Per node, the cheapest cost of a path from it to ``target`` with no hop
    limit (``inf``: none)."""
    arcs = graph.reverse_arcs
    cost: Floats = np.full(len(graph.keys), np.inf)
    cost[target] = 0.0
    frontier: Ints = np.array([target], np.int64)
    while len(frontier):
        into, owner = _into(arcs.indptr, frontier)
        if not len(into):
            break
        node, total = arcs.dst[into], cost[frontier][owner] + arcs.cost[into]
        order = np.lexsort((total, node))
        first = np.ones(len(order), np.bool_)
        first[1:] = node[order][1:] != node[order][:-1]
        pick = order[first]
        better = pick[total[pick] < cost[node[pick]]]
        frontier = node[better]
        cost[frontier] = total[better]
    result: list[float] = cost.tolist()
    return result


def hops_to(graph: PathGraph, target: int, max_hops: int) -> list[int]:
    """Per node, the fewest hops from it to ``target`` (``max_hops + 1``: more
    than ``max_hops``, or never)."""
    arcs = graph.reverse_arcs
    hops: Ints = np.full(len(graph.keys), max_hops + 1, np.int64)
    hops[target] = 0
    frontier: Ints = np.array([target], np.int64)
    for depth in range(1, max_hops + 1):
        into, _ = _into(arcs.indptr, frontier)
        node = arcs.dst[into]
        frontier = np.unique(node[hops[node] > depth])
        if not len(frontier):
            break
        hops[frontier] = depth
    result: list[int] = hops.tolist()
    return result
