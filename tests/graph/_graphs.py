"""Comparing account graphs in store tests, whatever store produced them.

Edge keys are opaque and a person–person tie is undirected, so graphs are compared
as node maps plus multisets of (u, v, attributes) with ties put in a fixed order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import networkx as nx

from graph.account_data import AccountData
from graph.schema import (
    NODE_FIELDS,
    Activity,
    Namespace,
    NodeKey,
    NodeKind,
    RelType,
)
from graph.store import GraphStore

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


# ------------------------------------------------------------ the graph view
# The stores return typed AccountData; the conformance suite (written against the
# account graph the stores used to return) reads it through this test-only view,
# which draws the data as that graph: nodes ``(namespace, id)`` with ``kind``,
# ``id`` and the NODE_FIELDS of their record; edges with ``type`` and their
# EDGE_FIELDS (ties: TIE_FIELDS). So the suite still checks every record, field
# and link the stores return, whichever store returns them.


def account_graph(store: GraphStore, account_id: str) -> nx.MultiDiGraph[NodeKey]:
    """The account's data drawn as the account graph."""
    return graph_of(store.account_data(account_id))


def graph_of(data: AccountData) -> nx.MultiDiGraph[NodeKey]:
    g: nx.MultiDiGraph[NodeKey] = nx.MultiDiGraph()
    account = (Namespace.ACCOUNT.value, data.account_id)
    unit_ids = {u.id for u in data.units}
    person_ids = {x.id for x in data.people}
    team_ids = {x.id for x in data.team}

    def place(unit_id: str | None) -> NodeKey | None:
        if unit_id is None:
            return account
        return (Namespace.UNIT.value, unit_id) if unit_id in unit_ids else None

    key, attrs = node(NodeKind.ACCOUNT, data.account)
    g.add_node(key, **attrs)
    for unit in data.units:
        key, attrs = node(unit.kind.node_kind, unit)
        g.add_node(key, **attrs)
        target = place(unit.parent_id)
        if target is not None:
            g.add_edge(key, target, type=RelType.PART_OF)
    for person in data.people:
        key, attrs = node(NodeKind.PERSON, person)
        g.add_node(key, **attrs)
        target = place(person.unit_id)
        if target is not None:
            g.add_edge(key, target, type=RelType.WORKS_IN, from_date=None, until_date=None)
        if person.manager_id in person_ids:
            g.add_edge(key, (Namespace.PERSON.value, person.manager_id), type=RelType.REPORTS_TO)
    for e in data.positions:
        where = account if e.at_account else place(e.unit_id)
        if where is not None:
            g.add_edge(
                (Namespace.PERSON.value, e.person_id),
                where,
                type=RelType.WORKS_IN if e.current else RelType.WORKED_IN,
                from_date=e.from_date,
                until_date=e.until_date,
            )
    for opp in data.opportunities:
        key, attrs = node(NodeKind.OPPORTUNITY, opp)
        g.add_node(key, **attrs)
        target = place(opp.unit_id)
        if target is not None:
            g.add_edge(key, target, type=RelType.FOR)
    for member in data.team:
        key, attrs = node(NodeKind.TEAM_MEMBER, member)
        g.add_node(key, **attrs, team_accounts=tuple(data.team_accounts.get(member.id, ())))
    for member in data.team:
        if member.manager_id in team_ids:
            g.add_edge(
                (Namespace.TEAM_MEMBER.value, member.id),
                (Namespace.TEAM_MEMBER.value, member.manager_id),
                type=RelType.REPORTS_TO,
            )
    for m in data.account_team:
        g.add_edge(
            (Namespace.TEAM_MEMBER.value, m.team_member_id),
            account,
            type=RelType.ON_TEAM,
            role=m.role,
        )
    for t in data.ties:
        g.add_edge(
            (Namespace.PERSON.value, t.person_id),
            (Namespace.PERSON.value, t.other_person_id),
            type=RelType.KNOWS,
            kind=t.kind,
            strength=t.strength,
            created_on=t.created_on,
        )
    for k in data.relationships:
        rel = k.record
        g.add_edge(
            (Namespace.TEAM_MEMBER.value, rel.team_member_id),
            (Namespace.PERSON.value, rel.person_id),
            type=RelType.KNOWS,
            strength=rel.strength,
            last_contact=rel.last_contact,
            touches=rel.touches,
            source=rel.source,
            created_on=rel.created_on,
            activities=k.activities,
        )
    frozen: nx.MultiDiGraph[NodeKey] = nx.freeze(g)
    return frozen
