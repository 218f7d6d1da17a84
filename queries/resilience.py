"""What if someone leaves (DOMAIN.md, "Resilience")."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from graph.schema import Namespace, NodeKey, node_key
from queries.coverage import coverage_rows
from queries.errors import InvalidQueryError
from queries.models import (
    DepartureImpact,
    KeyPeopleResult,
    KeyPerson,
    PathChange,
    PersonRef,
    StatusChange,
    UnitRef,
)
from queries.pathgraph import PathGraph
from queries.paths import team_search
from queries.refs import path_node, person_ref, row_ref
from queries.snapshot import AccountSnapshot

_EPSILON = 1e-12


def _executive_costs(snapshot: AccountSnapshot, max_hops: int) -> dict[str, float]:
    found = team_search(snapshot, None, max_hops)
    index = snapshot.path_graph.index
    costs = {}
    for pid in snapshot.executives:
        i = index[node_key(Namespace.PERSON, pid)]
        if i in found.best:
            costs[pid] = found.best[i][0]
    return costs


def departure_impact(
    snapshot: AccountSnapshot,
    *,
    team_member_id: str | None = None,
    person_id: str | None = None,
    max_hops: int | None = None,
) -> DepartureImpact:
    """Coverage and executive paths recomputed without one team member or one
    person: rows whose status falls, executives who lose every path within
    ``max_hops`` (the departing person excepted), and executives whose best path
    gets weaker.

    >>> import datetime as dt
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.unit("U"); b.person("P1", unit="U")
    >>> b.team_member("T1"); b.knows("T1", "P1", strength=0.9)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> impact = departure_impact(snap, team_member_id="T1")
    >>> [(c.unit.id, c.after.value) for c in impact.units_falling]
    [('U', 'uncovered')]
    """
    key = _subject(snapshot, team_member_id, person_id)
    hops = snapshot.settings.max_hops if max_hops is None else max_hops
    if hops < 1:
        raise InvalidQueryError(f"max_hops must be at least 1, got {hops}")
    after = snapshot.without(key)
    lost, weakened = _path_changes(snapshot, after, hops, person_id)
    return DepartureImpact(
        account_id=snapshot.account_id,
        as_of=snapshot.as_of,
        subject=path_node(snapshot, key),
        units_falling=_falling(snapshot, after),
        executives_lost=lost,
        executive_paths_weakened=weakened,
    )


def _subject(
    snapshot: AccountSnapshot, team_member_id: str | None, person_id: str | None
) -> NodeKey:
    """The node of the one who leaves; an error unless exactly one is named and known."""
    if (team_member_id is None) == (person_id is None):
        raise InvalidQueryError("name exactly one of team_member_id or person_id")
    if team_member_id is not None:
        snapshot.team_member(team_member_id)
        return node_key(Namespace.TEAM_MEMBER, team_member_id)
    assert person_id is not None
    snapshot.person(person_id)
    return node_key(Namespace.PERSON, person_id)


def _falling(before: AccountSnapshot, after: AccountSnapshot) -> list[StatusChange]:
    """The coverage rows whose status falls from ``before`` to ``after``."""
    before_rows = {r.id: r for r in coverage_rows(before)}
    falling = []
    for row in coverage_rows(after):
        old = before_rows[row.id]
        if row.status.rank < old.status.rank:
            ref = UnitRef(id=row.id, kind=row.kind, name=row.name)
            falling.append(StatusChange(unit=ref, before=old.status, after=row.status))
    return falling


def _path_changes(
    before: AccountSnapshot, after: AccountSnapshot, hops: int, person_id: str | None
) -> tuple[list[PersonRef], list[PathChange]]:
    """(executives who lose every path, executives whose best path weakens), the
    departing person excepted."""
    before_costs = _executive_costs(before, hops)
    after_costs = _executive_costs(after, hops)
    lost, weakened = [], []
    for pid, cost in sorted(before_costs.items()):
        if pid == person_id:
            continue
        if pid not in after_costs:
            lost.append(person_ref(before, pid))
        elif after_costs[pid] > cost + _EPSILON:
            weakened.append(
                PathChange(
                    executive=person_ref(before, pid),
                    before=_strength(cost),
                    after=_strength(after_costs[pid]),
                )
            )
    return lost, weakened


def _strength(cost: float) -> float:
    return math.exp(-cost)


def _cut_off(
    adj: Sequence[Sequence[int]], sources: Sequence[int]
) -> tuple[set[int], dict[int, list[int]]]:
    """(nodes connected to a source, and per node v the nodes that would lose every
    connection to a source without v).

    One iterative DFS per component, rooted at a source, with low-links (Tarjan's
    articulation points). Removing a non-root v separates exactly the subtrees of
    its children c with ``low[c] >= disc[v]``; removing the root separates all its
    children's subtrees. A separated subtree (a contiguous pre-order range) is cut
    off when it holds no source.
    """
    disc: dict[int, int] = {}
    low: dict[int, int] = {}
    end: dict[int, int] = {}
    order: list[int] = []
    children: dict[int, list[int]] = defaultdict(list)
    roots: set[int] = set()
    for root in sources:
        if root in disc:
            continue
        roots.add(root)
        disc[root] = low[root] = len(order)
        order.append(root)
        stack = [(root, -1, iter(adj[root]))]
        while stack:
            v, parent, neighbours = stack[-1]
            for w in neighbours:
                if w not in disc:
                    disc[w] = low[w] = len(order)
                    order.append(w)
                    children[v].append(w)
                    stack.append((w, v, iter(adj[w])))
                    break
                if w != parent:
                    low[v] = min(low[v], disc[w])
            else:
                stack.pop()
                end[v] = len(order)
                if parent >= 0:
                    low[parent] = min(low[parent], low[v])
    is_source = set(sources)
    prefix = [0]
    for v in order:
        prefix.append(prefix[-1] + (v in is_source))
    lost: dict[int, list[int]] = {}
    for v in order:
        cut = []
        for c in children[v]:
            separated = v in roots or low[c] >= disc[v]
            if separated and prefix[end[c]] == prefix[disc[c]]:
                cut.extend(order[disc[c] : end[c]])
        if cut:
            lost[v] = cut
    return set(order), lost


def _strong_adjacency(g: PathGraph, threshold: float) -> list[list[int]]:
    """Per node, its neighbours through strong edges, colleague ties left out."""
    # The edges are kept in (low, high) order, so each list ends up in neighbour
    # order, as a filter of ``g.adj`` would give, in one pass over the edges.
    adj: list[list[int]] = [[] for _ in g.keys]
    team = g.team_mask
    # Colleague ties join sources to sources: they never cut anyone off.
    strong = (g.edge_strength >= threshold) & ~(team[g.lo] & team[g.hi])
    for v, w in zip(g.lo[strong].tolist(), g.hi[strong].tolist(), strict=True):
        adj[v].append(w)
        adj[w].append(v)
    return adj


def key_people(snapshot: AccountSnapshot) -> KeyPeopleResult:
    """Team members and people whose departure alone would cut the team off, through
    strong edges (``>= strong_threshold``), from a unit (all of its people reached
    before) or an executive: the articulation points of the strong path graph in
    the team's components, plus a team member rooting a part no other team member
    reaches. Each comes with what they alone hold; the departing person is not
    counted among the executives they cut off.

    >>> import datetime as dt
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.unit("U"); b.person("P1", unit="U"); b.person("P2", unit="U")
    >>> b.team_member("T1"); b.knows("T1", "P1", strength=0.9); b.tie("P1", "P2", 0.8)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> [(k.node.id, [u.id for u in k.units]) for k in key_people(snap).key_people]
    [('T1', ['U']), ('P1', ['U'])]
    """
    s = snapshot
    g = s.path_graph
    sources = [g.index[node_key(Namespace.TEAM_MEMBER, t)] for t in s.team]
    reached, lost = _cut_off(_strong_adjacency(g, s.settings.strong_threshold), sources)
    person_ns = Namespace.PERSON.value

    def units_of(i: int) -> tuple[str | None, ...]:
        namespace, id_ = g.keys[i]
        return s.people[id_].unit_ids if namespace == person_ns else ()

    reached_per_unit: Counter[str | None] = Counter(u for i in reached for u in units_of(i))
    found = []
    for v, cut in lost.items():
        gone: Counter[str | None] = Counter(u for i in (v, *cut) for u in units_of(i))
        units = [u for u, n in gone.items() if n == reached_per_unit[u]]
        executives = sorted(
            g.keys[i][1]
            for i in cut
            if g.keys[i][0] == person_ns and s.people[g.keys[i][1]].executive
        )
        if not units and not executives:
            continue
        order = {u: n for n, u in enumerate([None, *s.unit_order])}
        units.sort(key=lambda u: order[u])
        found.append(
            KeyPerson(
                node=path_node(s, g.keys[v]),
                units=[row_ref(s, u) for u in units],
                executives=[person_ref(s, p) for p in executives],
            )
        )
    found.sort(
        key=lambda k: (-(len(k.units) + len(k.executives)), k.node.kind != "team_member", k.node.id)
    )
    return KeyPeopleResult(account_id=s.account_id, as_of=s.as_of, key_people=found)
