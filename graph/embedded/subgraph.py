"""Assemble one account's subgraph (the contract in :mod:`graph.schema`) from the
in-memory copy, touching only that account's rows."""

from __future__ import annotations

import datetime as dt
from operator import itemgetter
from typing import Any, Final

import networkx as nx

from graph.embedded.memory import Memory, Table
from graph.embedded.rows import (
    ACTIVITY_TYPES,
    BUYING_ROLES,
    SENIORITIES,
    TIE_KINDS,
    UNIT_STATUSES,
    date_of,
)
from graph.schema import Activity, Namespace, NodeKey, NodeKind, RelType

_EMPTY: Final[frozenset[Any]] = frozenset()
_from_iso: Final = dt.date.fromisoformat
_ACCOUNT: Final = Namespace.ACCOUNT.value
_UNIT: Final = Namespace.UNIT.value
_PERSON: Final = Namespace.PERSON.value
_TEAM_MEMBER: Final = Namespace.TEAM_MEMBER.value
_OPPORTUNITY: Final = Namespace.OPPORTUNITY.value
_UNIT_NODE_KINDS: Final = {k.value: k for k in NodeKind if k.is_unit}

Attrs = dict[str, Any]
Edge = tuple[NodeKey, NodeKey, Attrs]

# Edges whose properties are the same on every edge of their kind share one attrs
# dict: a large account has ~20,000 of them, each a dict to allocate and for the
# cyclic collector to walk. Account graphs are read-only (see graph.store), so
# sharing is safe.
_PART_OF: Final[Attrs] = {"type": RelType.PART_OF}
_REPORTS_TO: Final[Attrs] = {"type": RelType.REPORTS_TO}
_FOR: Final[Attrs] = {"type": RelType.FOR}
_PRIMARY_POSITION: Final[Attrs] = {"type": RelType.WORKS_IN, "from_date": None, "until_date": None}


def build_account_graph(
    mem: Memory, account_id: str, learned: dict[tuple[str, str], tuple[Activity, ...]]
) -> nx.MultiDiGraph[NodeKey]:
    """The frozen subgraph of an account that exists in ``mem``.

    Only reads ``mem``: the activity timelines it had to build go to ``learned``,
    for the caller to keep in ``mem.timelines`` once it knows that no write
    changed ``mem`` during the read."""
    nodes: list[tuple[NodeKey, Attrs]] = []
    edges: list[Edge] = []
    account = mem.rows[Table.ACCOUNTS][account_id]
    account_key = (_ACCOUNT, account_id)
    nodes.append(
        (
            account_key,
            {
                "kind": NodeKind.ACCOUNT,
                "id": account_id,
                "name": account[1],
                "industry": account[2],
                "country": account[3],
                "tier": account[4],
                "status": UNIT_STATUSES[account[5]],
                "created_on": date_of(account[6]),
            },
        )
    )
    unit_ids = mem.units_of.get(account_id, _EMPTY)
    _add_units(mem, account_key, unit_ids, nodes, edges)
    person_ids = mem.people_of.get(account_id, _EMPTY)
    core_team = _add_people(mem, account_key, unit_ids, person_ids, nodes, edges, learned)
    _add_opportunities(mem, account_key, unit_ids, nodes, edges)
    _add_team(mem, account_key, core_team, nodes, edges)

    return _assemble(nodes, edges)


def _assemble(nodes: list[tuple[NodeKey, Attrs]], edges: list[Edge]) -> nx.MultiDiGraph[NodeKey]:
    """Fill a new MultiDiGraph's adjacency dicts directly, in the layout networkx
    itself uses (``succ[u][v]`` and ``pred[v][u]`` share one ``{key: attrs}`` dict,
    keys 0, 1, ...): ``add_edges_from`` costs several times more per edge, too much
    for accounts with tens of thousands of edges.
    """
    graph: nx.MultiDiGraph[NodeKey] = nx.MultiDiGraph()
    internals = vars(graph)
    node: dict[NodeKey, Attrs] = internals["_node"]
    succ: dict[NodeKey, dict[NodeKey, dict[int, Attrs]]] = internals["_succ"]
    pred: dict[NodeKey, dict[NodeKey, dict[int, Attrs]]] = internals["_pred"]
    for key, attrs in nodes:
        node[key] = attrs
        succ[key] = {}
        pred[key] = {}
    for u, v, attrs in edges:
        out = succ[u]
        keyed = out.get(v)
        if keyed is None:
            keyed = out[v] = {0: attrs}
            pred[v][u] = keyed
        else:
            keyed[len(keyed)] = attrs
    frozen: nx.MultiDiGraph[NodeKey] = nx.freeze(graph)
    return frozen


def _unit_target(
    account_key: NodeKey, unit_ids: frozenset[str] | set[str], unit_id: str | None
) -> NodeKey | None:
    if unit_id is None:
        return account_key
    if unit_id in unit_ids:
        return (_UNIT, unit_id)
    return None  # a unit of another account: not in this graph


def _add_units(
    mem: Memory,
    account_key: NodeKey,
    unit_ids: frozenset[str] | set[str],
    nodes: list[tuple[NodeKey, Attrs]],
    edges: list[Edge],
) -> None:
    units = mem.rows[Table.UNITS]
    for uid in unit_ids:
        _, acc, kind, name, parent_id, status, headcount, revenue, created_on = units[uid]
        key = (_UNIT, uid)
        nodes.append(
            (
                key,
                {
                    "kind": _UNIT_NODE_KINDS[kind],
                    "id": uid,
                    "account_id": acc,
                    "parent_id": parent_id,
                    "name": name,
                    "status": UNIT_STATUSES[status],
                    "headcount": headcount,
                    "revenue": revenue,
                    "created_on": date_of(created_on),
                },
            )
        )
        target = _unit_target(account_key, unit_ids, parent_id)
        if target is not None:
            edges.append((key, target, _PART_OF))


def _add_people(
    mem: Memory,
    account_key: NodeKey,
    unit_ids: frozenset[str] | set[str],
    person_ids: frozenset[str] | set[str],
    nodes: list[tuple[NodeKey, Attrs]],
    edges: list[Edge],
    learned: dict[tuple[str, str], tuple[Activity, ...]],
) -> set[str]:
    """Add the people, their positions, reporting lines, ties and the KNOWS edges
    of the team members who know them; return those team members."""
    rows = mem.rows
    people = rows[Table.PEOPLE]
    employments = rows[Table.EMPLOYMENTS]
    ties = rows[Table.PERSON_TIES]
    relationships = rows[Table.RELATIONSHIPS]
    knowers_of = mem.knowers
    account_id = account_key[1]
    knowers: set[str] = set()
    for pid in person_ids:
        (_, acc, name, unit_id, title, seniority, role, manager_id, email, left_on, created_on) = (
            people[pid]
        )
        key = (_PERSON, pid)
        nodes.append(
            (
                key,
                {
                    "kind": NodeKind.PERSON,
                    "id": pid,
                    "account_id": acc,
                    "unit_id": unit_id,
                    "name": name,
                    "title": title,
                    "seniority": SENIORITIES[seniority],
                    "buying_role": BUYING_ROLES[role] if role else None,
                    "manager_id": manager_id,
                    "email": email,
                    "left_on": date_of(left_on),
                    "created_on": date_of(created_on),
                },
            )
        )
        target = _unit_target(account_key, unit_ids, unit_id)
        if target is not None:
            edges.append((key, target, _PRIMARY_POSITION))
        if manager_id is not None and manager_id in person_ids:
            edges.append((key, (_PERSON, manager_id), _REPORTS_TO))
        for emp_key in mem.employments_of.get(pid, _EMPTY):
            _, place, from_date, until_date, current, at_account = employments[emp_key]
            if at_account:
                where = account_key if place == account_id else None
            else:
                where = (_UNIT, place) if place in unit_ids else None
            if where is not None:
                edges.append(
                    (
                        key,
                        where,
                        {
                            "type": RelType.WORKS_IN if current else RelType.WORKED_IN,
                            "from_date": date_of(from_date),
                            "until_date": date_of(until_date),
                        },
                    )
                )
        for other in mem.ties_of.get(pid, _EMPTY):
            if pid < other and other in person_ids:
                tie = ties[(pid, other)]
                edges.append(
                    (
                        key,
                        (_PERSON, other),
                        {
                            "type": RelType.KNOWS,
                            "kind": TIE_KINDS[tie[3]],
                            "strength": tie[2],
                            "created_on": date_of(tie[4]),
                        },
                    )
                )
        for tm in knowers_of.get(pid, _EMPTY):
            knowers.add(tm)
            pair = (tm, pid)
            rel = relationships.get(pair)
            edges.append(
                (
                    (_TEAM_MEMBER, tm),
                    key,
                    {
                        "type": RelType.KNOWS,
                        "strength": None if rel is None else rel[2],
                        "last_contact": None if rel is None else date_of(rel[3]),
                        "touches": None if rel is None else rel[4],
                        "source": None if rel is None else rel[5],
                        "created_on": None if rel is None else date_of(rel[6]),
                        "activities": _timeline(mem, pair, learned),
                    },
                )
            )
    return knowers


def _timeline(
    mem: Memory, pair: tuple[str, str], learned: dict[tuple[str, str], tuple[Activity, ...]]
) -> tuple[Activity, ...]:
    """The pair's activities sorted by (date, id), built once per change."""
    found = mem.timelines.get(pair)
    if found is not None:
        return found
    ids = mem.pair_activities.get(pair)
    if not ids:
        return ()
    activities = mem.rows[Table.ACTIVITIES]
    # List comprehensions, not generators: this runs for every known pair of a
    # large account the first time its graph is built.
    ordered = [activities[a] for a in ids]
    if len(ordered) > 1:
        ordered.sort(key=_by_date_then_id)
    timeline = tuple([Activity(r[0], _from_iso(r[4]), ACTIVITY_TYPES[r[3]]) for r in ordered])
    learned[pair] = timeline
    return timeline


# ISO dates sort as the dates do.
_by_date_then_id: Final = itemgetter(4, 0)


def _add_opportunities(
    mem: Memory,
    account_key: NodeKey,
    unit_ids: frozenset[str] | set[str],
    nodes: list[tuple[NodeKey, Attrs]],
    edges: list[Edge],
) -> None:
    opportunities = mem.rows[Table.OPPORTUNITIES]
    for oid in mem.opportunities_of.get(account_key[1], _EMPTY):
        _, acc, unit_id, stage, won, closed, amount, close_date = opportunities[oid]
        key = (_OPPORTUNITY, oid)
        nodes.append(
            (
                key,
                {
                    "kind": NodeKind.OPPORTUNITY,
                    "id": oid,
                    "account_id": acc,
                    "unit_id": unit_id,
                    "stage": stage,
                    "won": bool(won),
                    "closed": bool(closed),
                    "amount": amount,
                    "close_date": date_of(close_date),
                },
            )
        )
        target = _unit_target(account_key, unit_ids, unit_id)
        if target is not None:
            edges.append((key, target, _FOR))


def _add_team(
    mem: Memory,
    account_key: NodeKey,
    knowers: set[str],
    nodes: list[tuple[NodeKey, Attrs]],
    edges: list[Edge],
) -> None:
    """The whole team (our side of every path: DOMAIN.md, "Relationship strength"),
    each member with ``team_accounts``, the accounts whose team they are on, so
    colleagues through any account team are known; this account's ``ON_TEAM``
    edges and every reporting line among team members."""
    account_id = account_key[1]
    team_members = mem.rows[Table.TEAM_MEMBERS]
    account_teams = mem.rows[Table.ACCOUNT_TEAMS]
    teams_of = mem.teams_of_member
    del knowers  # every knower is a team member, and the whole team is read
    for tm in mem.team_of.get(account_id, _EMPTY):
        role = account_teams[(tm, account_id)][2]
        edges.append(((_TEAM_MEMBER, tm), account_key, {"type": RelType.ON_TEAM, "role": role}))
    for tm, row in team_members.items():
        _, name, email, role, manager_id, active, placeholder, created_on = row
        key = (_TEAM_MEMBER, tm)
        nodes.append(
            (
                key,
                {
                    "kind": NodeKind.TEAM_MEMBER,
                    "id": tm,
                    "name": name,
                    "email": email,
                    "role": role,
                    "manager_id": manager_id,
                    "active": bool(active),
                    "placeholder": bool(placeholder),
                    "created_on": date_of(created_on),
                    "team_accounts": tuple(sorted(teams_of.get(tm, _EMPTY))),
                },
            )
        )
        if manager_id is not None and manager_id in team_members:
            edges.append((key, (_TEAM_MEMBER, manager_id), _REPORTS_TO))
