"""Comparing account graphs in store tests, whatever store produced them.

Edge keys are opaque and a person–person tie is undirected, so graphs are compared
as node maps plus multisets of (u, v, attributes) with ties put in a fixed order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import networkx as nx

from graph.schema import (
    NODE_FIELDS,
    Activity,
    Namespace,
    NodeKey,
    NodeKind,
    RelType,
)

EdgeFact = tuple[NodeKey, NodeKey, tuple[tuple[str, Any], ...]]


def nodes_of(g: nx.MultiDiGraph[NodeKey]) -> dict[NodeKey, dict[str, Any]]:
    return {n: dict(d) for n, d in g.nodes(data=True)}


def edges_of(g: nx.MultiDiGraph[NodeKey]) -> Counter[EdgeFact]:
    found: Counter[EdgeFact] = Counter()
    for u, v, d in g.edges(data=True):
        if d["type"] == RelType.KNOWS and u[0] == v[0] == Namespace.PERSON.value:
            u, v = min(u, v), max(u, v)
        found[(u, v, tuple(sorted(d.items())))] += 1
    return found


def snapshot(
    g: nx.MultiDiGraph[NodeKey],
) -> tuple[dict[NodeKey, dict[str, Any]], Counter[EdgeFact]]:
    return nodes_of(g), edges_of(g)


def node(kind: NodeKind, record: Any) -> tuple[NodeKey, dict[str, Any]]:
    """The node a record becomes, per the contract in graph.schema."""
    namespace = kind.namespace
    attrs = {"kind": kind, "id": record.id}
    attrs.update({f: getattr(record, f) for f in NODE_FIELDS[namespace]})
    return (namespace.value, record.id), attrs


def edge(u: NodeKey, v: NodeKey, type_: RelType, **props: Any) -> EdgeFact:
    if type_ == RelType.KNOWS and u[0] == v[0] == Namespace.PERSON.value:
        u, v = min(u, v), max(u, v)
    return (u, v, tuple(sorted({"type": type_, **props}.items())))


def position(
    u: NodeKey,
    v: NodeKey,
    type_: RelType = RelType.WORKS_IN,
    from_date: dt.date | None = None,
    until_date: dt.date | None = None,
) -> EdgeFact:
    return edge(u, v, type_, from_date=from_date, until_date=until_date)


def knows(
    tm: str,
    person: str,
    *,
    strength: float | None = None,
    last_contact: dt.date | None = None,
    touches: int | None = None,
    source: str | None = None,
    created_on: dt.date | None = None,
    activities: tuple[Activity, ...] = (),
) -> EdgeFact:
    return edge(
        ("team_member", tm),
        ("person", person),
        RelType.KNOWS,
        strength=strength,
        last_contact=last_contact,
        touches=touches,
        source=source,
        created_on=created_on,
        activities=activities,
    )
