"""Warm introductions (DOMAIN.md, "Paths").

Paths run over the snapshot's path graph: undirected, a hop costs
``−ln(strength)``, a path's strength is the product of its hops, at most
``max_hops`` hops. Searches are hop-bounded Dijkstra (see
:mod:`queries.pathgraph`); alternatives are Yen's loopless next-best paths.

A unit scope (executive paths, introducers) means the unit and every unit below
it, matching the advocates' reading of "in U".
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from graph.schema import Namespace, node_key
from queries.errors import InvalidQueryError
from queries.models import (
    ExecutivePaths,
    ExecutivePathsResult,
    Hop,
    Introducer,
    IntroducersResult,
    Path,
    PersonPathsResult,
)
from queries.pathgraph import SearchResult, bounded_search, k_best_paths, reachable_within
from queries.refs import path_node, person_ref
from queries.snapshot import AccountSnapshot


def to_path(snapshot: AccountSnapshot, nodes: Sequence[int]) -> Path:
    """The path model of a sequence of path-graph node indexes."""
    g = snapshot.path_graph
    refs = [path_node(snapshot, g.keys[i]) for i in nodes]
    hops = []
    strength = 1.0
    for (a, b), (ra, rb) in zip(itertools.pairwise(nodes), itertools.pairwise(refs), strict=True):
        edge = g.edge(a, b)
        strength *= edge.strength
        hops.append(
            Hop(
                from_id=ra.id,
                to_id=rb.id,
                relation=edge.relation,
                strength=edge.strength,
                last_contact=edge.last_contact,
            )
        )
    return Path(nodes=refs, hops=hops, strength=strength, target=refs[-1])


def _hops(snapshot: AccountSnapshot, max_hops: int | None) -> int:
    hops = snapshot.settings.max_hops if max_hops is None else max_hops
    if hops < 1:
        raise InvalidQueryError(f"max_hops must be at least 1, got {hops}")
    return hops


def _k(snapshot: AccountSnapshot, k: int | None) -> int:
    value = snapshot.settings.k if k is None else k
    if value < 1:
        raise InvalidQueryError(f"k must be at least 1, got {value}")
    return value


def _sources(snapshot: AccountSnapshot, from_team_member: str | None) -> list[int]:
    """The search sources: one team member, or the whole team."""
    index = snapshot.path_graph.index
    if from_team_member is not None:
        snapshot.team_member(from_team_member)
        return [index[node_key(Namespace.TEAM_MEMBER, from_team_member)]]
    return [index[node_key(Namespace.TEAM_MEMBER, t)] for t in snapshot.team]


def _person_index(snapshot: AccountSnapshot, person_id: str) -> int:
    return snapshot.path_graph.index[node_key(Namespace.PERSON, person_id)]


def team_search(
    snapshot: AccountSnapshot, from_team_member: str | None, max_hops: int
) -> SearchResult:
    """The hop-bounded search from the team (or one member) to everyone."""
    return bounded_search(snapshot.path_graph, _sources(snapshot, from_team_member), max_hops)


def scope_executives(snapshot: AccountSnapshot, scope_unit_id: str | None) -> list[str]:
    """Active executives in the account, or in a unit and everything below it."""
    if scope_unit_id is None:
        return list(snapshot.executives)
    units = set(snapshot.subtree(snapshot.unit(scope_unit_id).id))
    return [
        p
        for p in snapshot.executives
        if any(u in units for u in snapshot.people[p].unit_ids if u is not None)
    ]


def executive_paths(
    snapshot: AccountSnapshot,
    scope_unit_id: str | None = None,
    from_team_member: str | None = None,
    k: int | None = None,
    max_hops: int | None = None,
    alternatives: int = 0,
) -> ExecutivePathsResult:
    """The best path to each executive in scope (the account, or a unit's subtree)
    from one team member or the whole team, strongest first, at most ``k``;
    ``alternatives`` next-best loopless paths per target on request.

    >>> import datetime as dt
    >>> from graph.schema import Seniority
    >>> from tests.queries.builders import GraphBuilder
    >>> from queries.settings import QuerySettings
    >>> b = GraphBuilder("A"); b.person("CEO", seniority=Seniority.C_LEVEL)
    >>> b.person("P1", manager="CEO"); b.team_member("T1"); b.knows("T1", "P1", strength=0.5)
    >>> snap = AccountSnapshot.build(b.graph(), "A", dt.date(2026, 1, 1), QuerySettings())
    >>> best = executive_paths(snap).targets[0].best
    >>> [n.id for n in best.nodes], round(best.strength, 2)
    (['T1', 'P1', 'CEO'], 0.3)
    """
    hops, limit = _hops(snapshot, max_hops), _k(snapshot, k)
    if alternatives < 0:
        raise InvalidQueryError(f"alternatives must be 0 or more, got {alternatives}")
    targets = scope_executives(snapshot, scope_unit_id)
    sources = _sources(snapshot, from_team_member)
    target_index = {_person_index(snapshot, pid): pid for pid in targets}
    reach = reachable_within(snapshot.path_graph, sources, hops, target_index)
    # Nodes settle cheapest first: once ``limit`` targets are settled, the search
    # only goes on while a target could still tie with the last of them.
    settled: list[float] = []

    def enough(node: int, cost: float) -> bool:
        if len(settled) >= limit and cost > settled[limit - 1]:
            return True
        if node in target_index:
            settled.append(cost)
        return len(settled) == len(reach)

    found = bounded_search(snapshot.path_graph, sources, hops, on_settle=enough)
    reachable = []
    unreachable = []
    for i, pid in target_index.items():
        if i in found.best:
            reachable.append((found.best[i][0], pid, i))
        elif i not in reach:
            unreachable.append(pid)
    reachable.sort()
    results = []
    for _, pid, i in reachable[:limit]:
        best = found.path_to(i)
        others: list[tuple[int, ...]] = []
        if alternatives:
            paths = k_best_paths(snapshot.path_graph, sources, i, hops, alternatives + 1, best)
            others = paths[1:]
        results.append(
            ExecutivePaths(
                executive=person_ref(snapshot, pid),
                best=to_path(snapshot, best),
                alternatives=[to_path(snapshot, p) for p in others],
            )
        )
    return ExecutivePathsResult(
        account_id=snapshot.account_id,
        as_of=snapshot.as_of,
        scope_unit_id=scope_unit_id,
        from_team_member_id=from_team_member,
        max_hops=hops,
        executives_in_scope=len(targets),
        targets=results,
        unreachable_ids=sorted(unreachable),
    )


def introducers(
    snapshot: AccountSnapshot,
    unit_id: str,
    from_team_member: str,
    k: int | None = None,
    max_hops: int | None = None,
) -> IntroducersResult:
    """Who can introduce ``from_team_member`` to someone active in ``unit_id`` (or
    below it): the second node of each path, with the one best path through each
    introducer, ranked by path strength, at most ``k``. A person the requester
    knows directly in the unit is their own introducer (a one-hop path).

    >>> import datetime as dt
    >>> from tests.queries.builders import GraphBuilder
    >>> from queries.settings import QuerySettings
    >>> b = GraphBuilder("A"); b.unit("U"); b.person("P1", unit="U")
    >>> b.team_member("T1"); b.team_member("T2"); b.knows("T2", "P1", strength=0.8)
    >>> snap = AccountSnapshot.build(b.graph(), "A", dt.date(2026, 1, 1), QuerySettings())
    >>> found = introducers(snap, "U", "T1").introducers
    >>> [(i.introducer.id, round(i.path.strength, 2)) for i in found]
    [('T2', 0.72)]
    """
    hops, limit = _hops(snapshot, max_hops), _k(snapshot, k)
    snapshot.unit(unit_id)
    (requester,) = _sources(snapshot, from_team_member)
    members = sorted(
        {
            _person_index(snapshot, p)
            for u in snapshot.subtree(unit_id)
            for p in snapshot.unit_people.get(u, ())
        }
    )
    g = snapshot.path_graph
    first_hop = dict(g.adj[requester])
    totals: list[float] = []  # sorted path costs through the neighbours settled so far

    def enough(node: int, cost: float) -> bool:
        # Nodes settle cheapest first and a hop costs >= 0: once ``limit`` paths
        # are known, a node settled dearer than the last of them cannot beat it.
        if len(totals) >= limit and cost > totals[limit - 1]:
            return True
        hop = first_hop.get(node)
        if hop is not None:
            bisect.insort(totals, hop + cost)
            return len(totals) == len(first_hop)
        return False

    # Search backwards from the unit's people (the graph is undirected), never
    # through the requester, so each neighbour's path is loopless.
    back = bounded_search(g, members, hops - 1, blocked=(requester,), on_settle=enough)
    ranked = []
    for neighbour, cost in g.adj[requester]:
        if neighbour not in back.best:
            continue
        tail = back.path_to(neighbour)  # a member ... neighbour
        ranked.append((cost + back.best[neighbour][0], (requester, *reversed(tail))))
    ranked.sort()
    found = []
    for _, nodes in ranked[:limit]:
        path = to_path(snapshot, nodes)
        found.append(
            Introducer(
                introducer=path.nodes[1],
                target=person_ref(snapshot, path.target.id),
                path=path,
            )
        )
    return IntroducersResult(
        account_id=snapshot.account_id,
        as_of=snapshot.as_of,
        unit_id=unit_id,
        from_team_member_id=from_team_member,
        max_hops=hops,
        introducers=found,
    )


def paths_to_person(
    snapshot: AccountSnapshot,
    person_id: str,
    from_team_member: str | None = None,
    k: int | None = None,
    max_hops: int | None = None,
) -> PersonPathsResult:
    """The ``k`` strongest loopless paths to an active person, from one team member
    or the whole team, within ``max_hops``.

    >>> import datetime as dt
    >>> from tests.queries.builders import GraphBuilder
    >>> from queries.settings import QuerySettings
    >>> b = GraphBuilder("A"); b.person("P1"); b.person("P2"); b.tie("P1", "P2", 0.5)
    >>> b.team_member("T1"); b.knows("T1", "P1", strength=0.8); b.knows("T1", "P2", strength=0.3)
    >>> snap = AccountSnapshot.build(b.graph(), "A", dt.date(2026, 1, 1), QuerySettings())
    >>> [round(p.strength, 2) for p in paths_to_person(snap, "P2").paths]
    [0.4, 0.3]
    """
    hops, limit = _hops(snapshot, max_hops), _k(snapshot, k)
    snapshot.person(person_id)
    sources = _sources(snapshot, from_team_member)
    target = _person_index(snapshot, person_id)
    paths = k_best_paths(snapshot.path_graph, sources, target, hops, limit)
    return PersonPathsResult(
        account_id=snapshot.account_id,
        as_of=snapshot.as_of,
        person=person_ref(snapshot, person_id),
        from_team_member_id=from_team_member,
        max_hops=hops,
        paths=[to_path(snapshot, p) for p in paths],
    )
