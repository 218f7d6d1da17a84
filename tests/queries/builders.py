"""Hand-built account graphs in exactly the shape ``graph/schema.py`` documents.

Every node carries ``kind``, ``id`` and all of its namespace's ``NODE_FIELDS``;
every edge carries ``type`` and its ``EDGE_FIELDS`` (ties: ``TIE_FIELDS``). The
store conformance suite checks that the stores produce this same shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from graph.schema import (
    NODE_FIELDS,
    Activity,
    ActivityType,
    BuyingRole,
    Namespace,
    NodeKey,
    NodeKind,
    RelType,
    Seniority,
    UnitKind,
    UnitStatus,
    node_key,
)


def _key(namespace: Namespace, id_: str) -> NodeKey:
    return node_key(namespace, id_)


class GraphBuilder:
    """Builds one account's graph; nodes of other accounts may be added too."""

    def __init__(self, account_id: str = "A", name: str = "Acme") -> None:
        self.account_id = account_id
        self._nodes: dict[NodeKey, dict[str, Any]] = {}
        self._edges: list[tuple[NodeKey, NodeKey, dict[str, Any]]] = []
        self._activity_ids = 0
        self.account(account_id, name)

    def _node(self, namespace: Namespace, kind: NodeKind, id_: str, **fields: Any) -> None:
        attrs: dict[str, Any] = dict.fromkeys(NODE_FIELDS[namespace])
        unknown = set(fields) - set(attrs)
        assert not unknown, f"not schema fields of {namespace}: {unknown}"
        attrs.update(fields)
        self._nodes[_key(namespace, id_)] = {"kind": kind, "id": id_, **attrs}

    def _edge(self, a: NodeKey, b: NodeKey, rel: RelType, **attrs: Any) -> None:
        self._edges.append((a, b, {"type": rel, **attrs}))

    def account(
        self,
        id_: str,
        name: str = "Other",
        *,
        status: UnitStatus = UnitStatus.PROSPECT,
        created_on: dt.date | None = None,
    ) -> None:
        self._node(
            Namespace.ACCOUNT,
            NodeKind.ACCOUNT,
            id_,
            name=name,
            status=status,
            created_on=created_on,
        )

    def unit(
        self,
        id_: str,
        parent: str | None = None,
        *,
        kind: UnitKind = UnitKind.DIVISION,
        name: str | None = None,
        status: UnitStatus = UnitStatus.PROSPECT,
        headcount: int | None = None,
        account: str | None = None,
        created_on: dt.date | None = None,
    ) -> None:
        account = account or self.account_id
        self._node(
            Namespace.UNIT,
            kind.node_kind,
            id_,
            account_id=account,
            parent_id=parent,
            name=name or id_,
            status=status,
            headcount=headcount,
            created_on=created_on,
        )
        target = _key(Namespace.UNIT, parent) if parent else _key(Namespace.ACCOUNT, account)
        self._edge(_key(Namespace.UNIT, id_), target, RelType.PART_OF)

    def person(
        self,
        id_: str,
        unit: str | None = None,
        *,
        name: str | None = None,
        title: str | None = None,
        seniority: Seniority = Seniority.STAFF,
        buying_role: BuyingRole | None = None,
        manager: str | None = None,
        left_on: dt.date | None = None,
        account: str | None = None,
        created_on: dt.date | None = None,
    ) -> None:
        account = account or self.account_id
        self._node(
            Namespace.PERSON,
            NodeKind.PERSON,
            id_,
            account_id=account,
            unit_id=unit,
            name=name or id_,
            title=title,
            seniority=seniority,
            buying_role=buying_role,
            manager_id=manager,
            left_on=left_on,
            created_on=created_on,
        )
        target = _key(Namespace.UNIT, unit) if unit else _key(Namespace.ACCOUNT, account)
        self._edge(
            _key(Namespace.PERSON, id_), target, RelType.WORKS_IN, from_date=None, until_date=None
        )
        if manager:
            self._edge(
                _key(Namespace.PERSON, id_), _key(Namespace.PERSON, manager), RelType.REPORTS_TO
            )

    def position(
        self,
        person: str,
        unit: str,
        *,
        current: bool = False,
        from_date: dt.date | None = None,
        until_date: dt.date | None = None,
    ) -> None:
        rel = RelType.WORKS_IN if current else RelType.WORKED_IN
        self._edge(
            _key(Namespace.PERSON, person),
            _key(Namespace.UNIT, unit),
            rel,
            from_date=from_date,
            until_date=until_date,
        )

    def team_member(
        self,
        id_: str,
        *,
        on_team: bool = True,
        manager: str | None = None,
        name: str | None = None,
        active: bool = True,
        teams: tuple[str, ...] = (),
        created_on: dt.date | None = None,
    ) -> None:
        """``teams``: other accounts whose team they are on (colleagues through any
        account team); ``on_team``: on this account's team."""
        self._node(
            Namespace.TEAM_MEMBER,
            NodeKind.TEAM_MEMBER,
            id_,
            name=name or id_,
            role=None,
            manager_id=manager,
            active=active,
            email=None,
            created_on=created_on,
        )
        tm = _key(Namespace.TEAM_MEMBER, id_)
        accounts = set(teams) | ({self.account_id} if on_team else set())
        self._nodes[tm]["team_accounts"] = tuple(sorted(accounts))
        if on_team:
            self._edge(tm, _key(Namespace.ACCOUNT, self.account_id), RelType.ON_TEAM, role=None)
        if manager:
            self._edge(tm, _key(Namespace.TEAM_MEMBER, manager), RelType.REPORTS_TO)

    def knows(
        self,
        team_member: str,
        person: str,
        strength: float | None = None,
        last_contact: dt.date | None = None,
        activities: tuple[tuple[dt.date, ActivityType], ...] = (),
        created_on: dt.date | None = None,
    ) -> None:
        acts = []
        for date, type_ in activities:
            self._activity_ids += 1
            acts.append(Activity(f"act{self._activity_ids}", date, type_))
        acts.sort(key=lambda a: (a.date, a.id))
        self._edge(
            _key(Namespace.TEAM_MEMBER, team_member),
            _key(Namespace.PERSON, person),
            RelType.KNOWS,
            strength=strength,
            last_contact=last_contact,
            created_on=created_on,
            touches=None,
            source=None,
            activities=tuple(acts),
        )

    def tie(
        self,
        a: str,
        b: str,
        strength: float,
        kind: str = "colleague",
        created_on: dt.date | None = None,
    ) -> None:
        self._edge(
            _key(Namespace.PERSON, a),
            _key(Namespace.PERSON, b),
            RelType.KNOWS,
            kind=kind,
            strength=strength,
            created_on=created_on,
        )

    def opportunity(
        self,
        id_: str,
        unit: str | None = None,
        *,
        won: bool = True,
        close_date: dt.date | None = None,
    ) -> None:
        self._node(
            Namespace.OPPORTUNITY,
            NodeKind.OPPORTUNITY,
            id_,
            account_id=self.account_id,
            unit_id=unit,
            stage="Closed Won" if won else "Open",
            won=won,
            closed=won,
            amount=None,
            close_date=close_date,
        )
        target = _key(Namespace.UNIT, unit) if unit else _key(Namespace.ACCOUNT, self.account_id)
        self._edge(_key(Namespace.OPPORTUNITY, id_), target, RelType.FOR)

    def graph(self) -> nx.MultiDiGraph[NodeKey]:
        g: nx.MultiDiGraph[NodeKey] = nx.MultiDiGraph()
        for key, attrs in self._nodes.items():
            g.add_node(key, **attrs)
        for a, b, attrs in self._edges:
            assert a in g, f"edge {a} -> {b} names a missing node"
            assert b in g, f"edge {a} -> {b} names a missing node"
            g.add_edge(a, b, **attrs)
        frozen: nx.MultiDiGraph[NodeKey] = nx.freeze(g)
        return frozen
