"""The weighted path graph (DOMAIN.md, "Paths") as compact arrays.

Nodes are integers: indexes into ``PathGraph.keys``, which are sorted, so index
order is key order (searches break ties between equally strong paths by it). A
hop costs ``−ln(strength)``; the cheapest path is the strongest. The hops a path
may take are kept once, as a CSR array (``indptr``/``dst``/``cost``, sorted by
source then target); the tuple-per-node adjacency lists the Dijkstra searches
walk are derived from them on first use only.

The two-sided rules live here, in the arcs: a path crosses to the customer once
and never comes back (a relationship is an arc from the team member to the
person only), and a colleague hop joins two team members (both directions).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import operator
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from graph.schema import NodeKey

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Adjacency = tuple[tuple[tuple[int, float], ...], ...]
#: Which hops a search may take: ``all`` (colleague hops and the crossing, then
#: customer people), ``cross`` (no colleague hop: from the whole team every member
#: is already a source, so one only weakens a path), ``colleagues`` (only those).
HopKind = Literal["all", "cross", "colleagues"]


class EdgeInfo(NamedTuple):
    """One edge of the path graph. A named tuple: large accounts build tens of
    thousands of them, and a frozen dataclass costs twice as much to create."""

    strength: float
    relation: str  # relationship | tie:<kind> | reports_to | colleague
    last_contact: dt.date | None


# Parallel edges: the strongest wins; on equal strength, this order decides.
_RELATION_RANK = {"relationship": 3, "reports_to": 2, "colleague": 1}
_STRENGTH, _RELATION = operator.itemgetter(0), operator.itemgetter(1)


class PathGraphBuilder:
    """Collects candidate edges; :meth:`build` keeps the strongest per unordered
    pair (on a full tie, the first added).

    Nodes are team members or customer people. An edge between a team member and
    a person (a relationship) is walked only from the team member to the person.
    A reporting line is added from the report to the manager, so a hop along it
    can be named in the direction walked (``reports_to`` / ``manages``).
    """

    def __init__(self, min_strength: float) -> None:
        self._min = min_strength
        self._nodes: dict[NodeKey, None] = {}
        # Appended as given, deduplicated in bulk by build(): one call per edge
        # is the part that stays a Python loop, so it does as little as it can.
        self._a: list[NodeKey] = []
        self._b: list[NodeKey] = []
        self._info: list[EdgeInfo] = []

    def add_node(self, key: NodeKey) -> None:
        self._nodes.setdefault(key, None)

    def add_edge(self, a: NodeKey, b: NodeKey, edge: EdgeInfo) -> None:
        """An edge candidate; :meth:`build` drops a loop, one under the strength
        floor and one whose ends are not both nodes by then."""
        self._a.append(a)
        self._b.append(b)
        self._info.append(edge)

    def build(self, team_namespace: str = "team_member") -> PathGraph:
        keys = tuple(sorted(self._nodes))
        index = {k: i for i, k in enumerate(keys)}
        team = np.fromiter((k[0] == team_namespace for k in keys), np.bool_, len(keys))
        chosen, lo, hi, upward, is_report = self._strongest_per_pair(index)
        info = list(map(self._info.__getitem__, chosen.tolist()))
        # math.log, not np.log: the same costs, to the last bit, as the hops the
        # Dijkstra searches sum (negating a float is exact).
        cost = -np.fromiter(map(math.log, map(_STRENGTH, info)), np.float64, len(info))
        return PathGraph(keys, index, team, lo, hi, upward & is_report, cost, info)

    def _strongest_per_pair(
        self, index: Mapping[NodeKey, int]
    ) -> tuple[Ints, Ints, Ints, Bools, Bools]:
        """The edge kept per unordered pair (indexes into the added edges), in
        pair order, with each pair's low and high node, whether the kept edge was
        added low to high and whether it is a reporting line."""
        count = len(self._info)
        a = np.fromiter(map(index.get, self._a, itertools.repeat(-1)), np.int64, count)
        b = np.fromiter(map(index.get, self._b, itertools.repeat(-1)), np.int64, count)
        strength = np.fromiter(map(_STRENGTH, self._info), np.float64, count)
        dropped = (a < 0) | (b < 0) | (a == b) | (strength < self._min)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        lo[dropped] = -1  # sorts first, and is cut below
        relations = list(map(_RELATION, self._info))
        # One code per relation, ascending as (rank, name) is.
        names = sorted(set(relations), key=lambda r: (_RELATION_RANK.get(r, 0), r))
        code = {name: n for n, name in enumerate(names)}
        named = np.fromiter(map(code.__getitem__, relations), np.int64, count)
        added = np.arange(count, dtype=np.int64)
        # Ascending within a pair by (strength, rank, name, first added): the last
        # of each pair is the one kept.
        order = np.lexsort((-added, named, strength, hi, lo))
        lo_s, hi_s = lo[order], hi[order]
        last = np.ones(count, np.bool_)
        last[:-1] = (lo_s[1:] != lo_s[:-1]) | (hi_s[1:] != hi_s[:-1])
        chosen = order[last & (lo_s >= 0)]
        is_report = named[chosen] == code.get("reports_to", -1)
        return chosen, lo[chosen], hi[chosen], a[chosen] <= b[chosen], is_report


class CSR(NamedTuple):
    """Hops as CSR: the hops out of node ``v`` are ``dst[indptr[v]:indptr[v+1]]``
    (ascending) at ``cost``; ``edge`` indexes the graph's edges."""

    indptr: Ints
    dst: Ints
    cost: Floats
    edge: Ints


class PathGraph:
    """The path graph: ``keys`` (sorted node keys), ``team`` (True for a team
    member), and one entry per kept edge, in (low, high) order: its nodes, its
    ``cost`` and its :class:`EdgeInfo`. ``reported`` marks a reporting line kept
    as added, low node to high (the low node is the report)."""

    def __init__(
        self,
        keys: tuple[NodeKey, ...],
        index: Mapping[NodeKey, int],
        team: Bools,
        lo: Ints,
        hi: Ints,
        reported: Bools,
        cost: Floats,
        info: list[EdgeInfo],
    ) -> None:
        self.keys, self.index, self.team_mask = keys, index, team
        self.lo, self.hi, self.reported, self.edge_cost, self.info = lo, hi, reported, cost, info
        self._arc_cache: dict[HopKind, CSR] = {}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PathGraph):
            return NotImplemented
        return (
            self.keys == other.keys
            and self.info == other.info
            and all(
                np.array_equal(x, y) for x, y in zip(self._arrays(), other._arrays(), strict=True)
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def _arrays(self) -> tuple[npt.NDArray[np.generic], ...]:
        return (self.team_mask, self.lo, self.hi, self.reported, self.edge_cost)

    @cached_property
    def team(self) -> bytes:
        """1 for a team member, per node."""
        return self.team_mask.astype(np.uint8).tobytes()

    @cached_property
    def edge_strength(self) -> Floats:
        """Per edge, its strength."""
        return np.fromiter(map(_STRENGTH, self.info), np.float64, len(self.info))

    @cached_property
    def edges(self) -> Mapping[tuple[int, int], EdgeInfo]:
        """(low, high) node pair -> the edge between them."""
        pairs = zip(self.lo.tolist(), self.hi.tolist(), strict=True)
        return dict(zip(pairs, self.info, strict=True))

    def edge(self, i: int, j: int) -> EdgeInfo:
        return self.edges[(i, j) if i < j else (j, i)]

    def relation(self, i: int, j: int) -> str:
        """The hop's relation in the direction walked, ``i`` to ``j``."""
        edge = self.edge(i, j)
        if edge.relation == "reports_to" and (i, j) not in self.reports:
            return "manages"
        return edge.relation

    @cached_property
    def reports(self) -> frozenset[tuple[int, int]]:
        """(report, manager) pairs: reporting lines on either side."""
        is_line = np.fromiter((e.relation == "reports_to" for e in self.info), np.bool_)
        up, down = self.reported, is_line & ~self.reported
        pairs = zip(self.lo[up].tolist(), self.hi[up].tolist(), strict=True)
        back = zip(self.hi[down].tolist(), self.lo[down].tolist(), strict=True)
        return frozenset(itertools.chain(pairs, back))

    def cost(self, path: Iterable[int]) -> float:
        nodes = list(path)
        return sum(-math.log(self.edge(a, b).strength) for a, b in itertools.pairwise(nodes))

    # ----------------------------------------------------------------- arcs
    @cached_property
    def _all_arcs(self) -> tuple[Ints, Ints, Ints]:
        """Every hop a path may take, as (source, target, edge), sorted by source
        then target."""
        lo, hi, team = self.lo, self.hi, self.team_mask
        edge = np.arange(len(lo), dtype=np.int64)
        same = team[lo] == team[hi]
        lo_team = team[lo] & ~team[hi]  # a relationship: walked to the person only
        hi_team = ~team[lo] & team[hi]
        src = np.concatenate((lo[same], hi[same], lo[lo_team], hi[hi_team]))
        dst = np.concatenate((hi[same], lo[same], hi[lo_team], lo[hi_team]))
        ids = np.concatenate((edge[same], edge[same], edge[lo_team], edge[hi_team]))
        order = np.lexsort((dst, src))
        return src[order], dst[order], ids[order]

    def arcs(self, kind: HopKind = "all") -> CSR:
        """The hops of ``kind`` as CSR, each kind made on first use (a search from
        one member never needs the whole team's)."""
        found = self._arc_cache.get(kind)
        if found is None:
            # Two threads may both make it: the results are equal, either is kept.
            found = self._arc_cache.setdefault(kind, self._make_arcs(kind))
        return found

    def _make_arcs(self, kind: HopKind) -> CSR:
        src, dst, ids = self._all_arcs
        if kind != "all":
            colleague = self.team_mask[src] & self.team_mask[dst]
            keep = colleague if kind == "colleagues" else ~colleague
            src, dst, ids = src[keep], dst[keep], ids[keep]
        indptr = np.zeros(len(self.keys) + 1, np.int64)
        np.cumsum(np.bincount(src, minlength=len(self.keys)), out=indptr[1:])
        return CSR(indptr, dst, self.edge_cost[ids], ids)

    # ------------------------------------------- tuple adjacency (Dijkstra)
    def _tuples(self, kind: HopKind) -> Adjacency:
        arcs = self.arcs(kind)
        pairs = list(zip(arcs.dst.tolist(), arcs.cost.tolist(), strict=True))
        bounds = arcs.indptr.tolist()
        return tuple(tuple(pairs[s:e]) for s, e in itertools.pairwise(bounds))

    @cached_property
    def adj(self) -> Adjacency:
        """Per node, the hops a path may take from it: (next node, cost)."""
        return self._tuples("all")

    @cached_property
    def cross(self) -> Adjacency:
        """``adj`` without colleague hops."""
        return self._tuples("cross")

    @cached_property
    def colleagues(self) -> Adjacency:
        """The colleague hops alone (team side only)."""
        return self._tuples("colleagues")

    @cached_property
    def reverse_arcs(self) -> CSR:
        """Every hop reversed, as CSR: ``dst`` of node ``v``'s run holds the nodes
        with a hop to ``v`` (ascending)."""
        src, dst, ids = self._all_arcs
        order = np.lexsort((src, dst))
        indptr = np.zeros(len(self.keys) + 1, np.int64)
        np.cumsum(np.bincount(dst, minlength=len(self.keys)), out=indptr[1:])
        return CSR(indptr, src[order], self.edge_cost[ids[order]], ids[order])

    @cached_property
    def back(self) -> Adjacency:
        """``adj`` reversed: per node, the nodes with a hop to it, and its cost."""
        arcs = self.reverse_arcs
        pairs = list(zip(arcs.dst.tolist(), arcs.cost.tolist(), strict=True))
        bounds = arcs.indptr.tolist()
        return tuple(tuple(pairs[s:e]) for s, e in itertools.pairwise(bounds))
