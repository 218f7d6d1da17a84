"""What a snapshot reads from an account graph that does not depend on the as-of
date, worked out once per graph and kept as long as the graph lives.

A store hands out the same frozen graph object for an account until the next
write (see :class:`graph.store.GraphStore`), so the snapshots of one account for
several dates (the as-of picker, the warm-up's today and a visitor's other day)
share this work: grouping each node's edges by type and reading each ``KNOWS``
edge's fields. On the largest account of scale M that is a third of a snapshot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Final, TypeVar
from weakref import WeakKeyDictionary

import networkx as nx

from graph.schema import Namespace, NodeKey, RelType
from queries.strength import KnowsEdge

T = TypeVar("T")

Edge = tuple[NodeKey, Mapping[str, Any]]
Adjacency = Mapping[NodeKey, Mapping[NodeKey, Mapping[Any, Mapping[str, Any]]]]

_PERSON: Final = Namespace.PERSON.value
_KNOWS: Final = RelType.KNOWS.value
_NO_EDGES: Final[Mapping[Any, Any]] = {}
_NONE: Final[list[Any]] = []


class GraphIndex:
    """Each node's edges by type (built per node on first use) and each team
    member's ``KNOWS`` edges to people as :class:`KnowsEdge`. ``excluded`` nodes
    (people or team members treated as gone) are left out of every list.

    Filled lazily and without a lock: two threads filling the same entry compute
    equal values and either is kept; a published list is never changed.

    >>> from tests.queries.builders import GraphBuilder
    >>> b = GraphBuilder("A")
    >>> b.unit("U1")
    >>> b.person("P1", "U1")
    >>> b.team_member("T1")
    >>> b.knows("T1", "P1", strength=0.8)
    >>> index = GraphIndex(b.graph())
    >>> [(other, edge.strength) for other, edge in index.knows("T1")]
    [('P1', 0.8)]
    >>> [target for target, _ in index.out(("person", "P1"), RelType.WORKS_IN)]
    [('unit', 'U1')]
    >>> GraphIndex(b.graph(), frozenset({("person", "P1")})).knows("T1")
    []
    """

    __slots__ = ("__weakref__", "_excluded", "_in", "_knows", "_memo", "_out", "_pred", "_succ")

    def __init__(
        self, graph: nx.MultiDiGraph[NodeKey], excluded: frozenset[NodeKey] = frozenset()
    ) -> None:
        # The graph's own adjacency dicts (``succ[u][v][key] -> attrs``): a networkx
        # edge view per node costs several times more on large accounts.
        internals = vars(graph)
        self._succ: Adjacency = internals["_succ"]
        self._pred: Adjacency = internals["_pred"]
        self._excluded = excluded
        self._out: dict[NodeKey, dict[str, list[Edge]]] = {}
        self._in: dict[NodeKey, dict[str, list[Edge]]] = {}
        self._knows: dict[str, list[tuple[str, KnowsEdge]]] = {}
        self._memo: dict[Hashable, Any] = {}

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per index and ``key``: for a reading of the graph a
        snapshot builder makes, which must not depend on the as-of date.

        >>> index = GraphIndex(nx.MultiDiGraph())
        >>> index.memo("n", lambda: [1]) is index.memo("n", lambda: [2])
        True
        """
        try:
            found: T = self._memo[key]
        except KeyError:
            found = self._memo.setdefault(key, compute())
        return found

    def out(self, key: NodeKey, rel: RelType) -> list[Edge]:
        """``key``'s outgoing edges of type ``rel``: (target, attrs) pairs."""
        grouped = self._out.get(key)
        if grouped is None:
            grouped = self._out[key] = self._group(self._succ.get(key, _NO_EDGES))
        return grouped.get(rel.value, _NONE)

    def in_(self, key: NodeKey, rel: RelType) -> list[Edge]:
        """``key``'s incoming edges of type ``rel``: (source, attrs) pairs."""
        grouped = self._in.get(key)
        if grouped is None:
            grouped = self._in[key] = self._group(self._pred.get(key, _NO_EDGES))
        return grouped.get(rel.value, _NONE)

    def knows(self, team_member_id: str) -> list[tuple[str, KnowsEdge]]:
        """The team member's ``KNOWS`` edges to people: (person id, edge)."""
        found = self._knows.get(team_member_id)
        if found is None:
            found = self._knows[team_member_id] = [
                (pid, KnowsEdge.from_attrs(attrs))
                for (namespace, pid), attrs in self.out(
                    (Namespace.TEAM_MEMBER.value, team_member_id), RelType.KNOWS
                )
                if namespace == _PERSON
            ]
        return found

    def _group(
        self, adjacent: Mapping[NodeKey, Mapping[Any, Mapping[str, Any]]]
    ) -> dict[str, list[Edge]]:
        # A team member's thousands of KNOWS edges are read once, not once per
        # type asked for.
        excluded = self._excluded
        grouped: dict[str, list[Edge]] = {}
        for other, keyed in adjacent.items():
            if excluded and other in excluded:
                continue
            for attrs in keyed.values():
                # ``type`` may be the enum member or its value: both hash as the value.
                rel = attrs.get("type")
                found = grouped.get(rel)  # type: ignore[arg-type]
                if found is None:
                    grouped[str(rel)] = [(other, attrs)]
                else:
                    found.append((other, attrs))
        return grouped


_SHARED: WeakKeyDictionary[nx.MultiDiGraph[NodeKey], GraphIndex] = WeakKeyDictionary()
_SHARED_LOCK: Final = threading.Lock()


def graph_index(
    graph: nx.MultiDiGraph[NodeKey], excluded: frozenset[NodeKey] = frozenset()
) -> GraphIndex:
    """The index of ``graph``, shared by every snapshot of it while the graph
    lives; a new one when nodes are excluded (a "what if they leave" snapshot,
    built once per question)."""
    if excluded:
        return GraphIndex(graph, excluded)
    with _SHARED_LOCK:
        found = _SHARED.get(graph)
        if found is None:
            found = _SHARED[graph] = GraphIndex(graph)
    return found
