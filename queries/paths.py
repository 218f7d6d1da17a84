"""Warm introductions (DOMAIN.md, "Paths").

Paths run over the snapshot's path graph: a hop costs ``−ln(strength)``, a
path's strength is the product of its hops, at most ``max_hops`` hops. A path has
two sides and crosses once: colleague hops on our side (from one requester only),
one relationship, then customer people only (see :mod:`queries.pathgraph`). A
colleague C's crossing at person P is not offered when the requester's own
relationship with P is at least as strong as C's. Searches are hop-bounded
Dijkstra; alternatives are Yen's loopless next-best paths.

A unit scope (executive paths, introducers) means the unit and every unit below
it: "in U" as DOMAIN.md defines it.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph.schema import Namespace, node_key
from queries.errors import InvalidQueryError
from queries.models import (
    ExecutivePaths,
    ExecutivePathsResult,
    Hop,
    Introducer,
    IntroducersResult,
    NamedId,
    Path,
    PersonPathsResult,
)
from queries.pathgraph import (
    Arcs,
    PathGraph,
    SearchResult,
    bounded_search,
    k_best_paths,
    reachable_within,
)
from queries.refs import path_node, person_ref
from queries.snapshot import AccountSnapshot


def to_path(snapshot: AccountSnapshot, nodes: Sequence[int]) -> Path:
    """The path model of a sequence of path-graph node indexes; each hop names its
    relation in the direction walked."""
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
                relation=g.relation(a, b),
                strength=edge.strength,
                last_contact=edge.last_contact,
            )
        )
    return Path(nodes=refs, hops=hops, strength=strength, target=refs[-1])


@dataclass(frozen=True, slots=True)
class SearchSpace:
    """Where a search starts and which hops it may take: from the whole team no
    colleague hop (every member is a source); from one requester colleague hops,
    except towards a crossing the requester already holds at least as strongly."""

    sources: list[int]
    adjacency: Sequence[Sequence[tuple[int, float]]]
    blocked_arcs: Arcs


def search_space(snapshot: AccountSnapshot, from_team_member: str | None) -> SearchSpace:
    g = snapshot.path_graph
    if from_team_member is None:
        return SearchSpace(
            [g.index[node_key(Namespace.TEAM_MEMBER, t)] for t in snapshot.team], g.cross, {}
        )
    snapshot.team_member(from_team_member)
    requester = g.index[node_key(Namespace.TEAM_MEMBER, from_team_member)]
    return SearchSpace([requester], g.adj, _weaker_crossings(snapshot, from_team_member))


def _weaker_crossings(snapshot: AccountSnapshot, requester: str) -> dict[int, set[int]]:
    """Colleague -> people whose relationship the requester holds at least as
    strongly: crossing there through the colleague is not a path."""
    g = snapshot.path_graph
    index, keys = g.index, g.keys
    relationships = snapshot.relationships
    arcs: dict[int, set[int]] = {}
    # The requester's relationships in the path graph: one under the edge floor
    # could only block a colleague's under the floor too, which is no hop anyway.
    for person, _ in g.cross[index[(Namespace.TEAM_MEMBER.value, requester)]]:
        pid = keys[person][1]
        own = relationships[(requester, pid)]
        for rel in snapshot.person_relationships.get(pid, ()):
            if rel.team_member_id != requester and rel.strength <= own.strength:
                colleague = index[(Namespace.TEAM_MEMBER.value, rel.team_member_id)]
                arcs.setdefault(colleague, set()).add(person)
    return arcs


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


def _person_index(snapshot: AccountSnapshot, person_id: str) -> int:
    return snapshot.path_graph.index[node_key(Namespace.PERSON, person_id)]


def team_search(
    snapshot: AccountSnapshot, from_team_member: str | None, max_hops: int
) -> SearchResult:
    """The hop-bounded search from the team (or one member) to everyone. From the
    whole team it depends on the snapshot alone: it is run once per snapshot and
    hop limit, and shared (executive paths of any scope, key people)."""
    if from_team_member is None:
        return snapshot.derived(
            f"paths.team_search.{max_hops}", lambda s: _team_search(s, None, max_hops)
        )
    return _team_search(snapshot, from_team_member, max_hops)


def _team_search(
    snapshot: AccountSnapshot, from_team_member: str | None, max_hops: int
) -> SearchResult:
    space = search_space(snapshot, from_team_member)
    return bounded_search(
        snapshot.path_graph,
        space.sources,
        max_hops,
        adjacency=space.adjacency,
        blocked_arcs=space.blocked_arcs,
    )


def _member_search(
    snapshot: AccountSnapshot,
    space: SearchSpace,
    target_index: Mapping[int, str],
    hops: int,
    limit: int,
) -> tuple[SearchResult, set[int]]:
    """The search from one member, cut short once the best ``limit`` targets are
    known, and the targets it can reach at all."""
    sources = space.sources
    reach = reachable_within(
        snapshot.path_graph, sources, hops, target_index, space.adjacency, space.blocked_arcs
    )
    # Nodes settle cheapest first: once ``limit`` targets are settled, the search
    # only goes on while a target could still tie with the last of them.
    settled: list[float] = []

    def enough(node: int, cost: float) -> bool:
        if len(settled) >= limit and cost > settled[limit - 1]:
            return True
        if node in target_index:
            settled.append(cost)
        return len(settled) == len(reach)

    found = bounded_search(
        snapshot.path_graph,
        sources,
        hops,
        on_settle=enough,
        adjacency=space.adjacency,
        blocked_arcs=space.blocked_arcs,
    )
    return found, reach


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
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.person("CEO", seniority=Seniority.C_LEVEL)
    >>> b.person("P1", manager="CEO"); b.team_member("T1"); b.knows("T1", "P1", strength=0.5)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> best = executive_paths(snap).targets[0].best
    >>> [n.id for n in best.nodes], round(best.strength, 2)
    (['T1', 'P1', 'CEO'], 0.3)
    """
    hops, limit = _hops(snapshot, max_hops), _k(snapshot, k)
    if alternatives < 0:
        raise InvalidQueryError(f"alternatives must be 0 or more, got {alternatives}")
    targets = scope_executives(snapshot, scope_unit_id)
    space = search_space(snapshot, from_team_member)
    sources = space.sources
    target_index = {_person_index(snapshot, pid): pid for pid in targets}
    if from_team_member is None:
        # The whole team's search, shared by every answer of this snapshot: what a
        # search cut short would have settled, it settled the same.
        found = team_search(snapshot, None, hops)
        reach = {i for i in target_index if i in found.best}
    else:
        found, reach = _member_search(snapshot, space, target_index, hops, limit)
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
            paths = k_best_paths(
                snapshot.path_graph,
                sources,
                i,
                hops,
                alternatives + 1,
                best,
                adjacency=space.adjacency,
                blocked_arcs=space.blocked_arcs,
            )
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
        unreachable=[NamedId(id=p, name=snapshot.people[p].name) for p in sorted(unreachable)],
        from_team_member_name=None
        if from_team_member is None
        else snapshot.team_members[from_team_member].name,
    )


def introducers(
    snapshot: AccountSnapshot,
    unit_id: str,
    from_team_member: str,
    k: int | None = None,
    max_hops: int | None = None,
) -> IntroducersResult:
    """Who can introduce ``from_team_member`` to someone active in ``unit_id`` (or
    below it): distinct introducers (the second node of a path), each with their
    best path, ranked by its strength, at most ``k``. Among paths crossing through
    the same relationship (team member, person) only the strongest is offered. A
    person the requester knows in the unit is a one-hop row ("you know them").

    >>> import datetime as dt
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.unit("U"); b.person("P1", unit="U")
    >>> b.team_member("T1"); b.team_member("T2"); b.knows("T2", "P1", strength=0.8)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> found = introducers(snap, "U", "T1").introducers
    >>> [(i.introducer.id, round(i.path.strength, 2)) for i in found]
    [('T2', 0.72)]
    """
    hops, limit = _hops(snapshot, max_hops), _k(snapshot, k)
    snapshot.unit(unit_id)
    space = search_space(snapshot, from_team_member)
    (requester,) = space.sources
    members = sorted(
        {
            _person_index(snapshot, p)
            for u in snapshot.subtree(unit_id)
            for p in snapshot.unit_people.get(u, ())
        }
    )
    g = snapshot.path_graph
    ours = _team_side(g, requester, hops - 1)
    crossings = _Crossings(g, requester, ours, space.blocked_arcs, hops, limit)
    # Customer side: from the unit's people outwards (ties and reporting lines go
    # both ways), every state in cost order, joined to our side at each crossing.
    back = bounded_search(g, members, hops - 1, on_state=crossings.settle)
    found = []
    for _total, crossing in crossings.best_per_introducer()[:limit]:
        colleague, team_hops, person, person_hops = crossing
        tail = back.path_at(person, person_hops)  # a member ... the person
        nodes = (*ours.search.path_at(colleague, team_hops), *reversed(tail))
        path = to_path(snapshot, nodes)
        found.append(
            Introducer(
                introducer=path.nodes[1],
                target=person_ref(snapshot, path.target.id),
                path=path,
                direct=len(nodes) == 2,
            )
        )
    return IntroducersResult(
        account_id=snapshot.account_id,
        as_of=snapshot.as_of,
        unit_id=unit_id,
        from_team_member_id=from_team_member,
        from_team_member_name=snapshot.team_members[from_team_member].name,
        max_hops=hops,
        introducers=found,
    )


@dataclass(frozen=True, slots=True)
class _TeamSide:
    search: SearchResult
    states: Mapping[int, list[tuple[float, int]]]  # team member -> (cost, hops), cheapest first


def _team_side(g: PathGraph, requester: int, max_hops: int) -> _TeamSide:
    """Every colleague the requester reaches on our side within ``max_hops``, with
    each (cost, hops) state that is not dominated (fewer hops cost more)."""
    states: dict[int, list[tuple[float, int]]] = {}

    def keep(node: int, cost: float, hops: int) -> bool:
        states.setdefault(node, []).append((cost, hops))
        return False

    search = bounded_search(g, [requester], max_hops, on_state=keep, adjacency=g.colleagues)
    return _TeamSide(search, states)


Crossing = tuple[int, int, int, int]  # (team member, its hops, person, the person's hops)


class _Crossings:
    """The best path through each crossing (team member, person), found as the
    customer side settles its states in cost order, and the introducer of each.

    A crossing whose best total is at most the cost now being settled is final:
    every later state costs more. Once ``limit`` distinct introducers have a final
    crossing, no other introducer can rank above them and the search stops."""

    def __init__(
        self,
        g: PathGraph,
        requester: int,
        ours: _TeamSide,
        blocked: Arcs,
        max_hops: int,
        limit: int,
    ) -> None:
        self.g, self.requester, self.ours = g, requester, ours
        self.blocked, self.max_hops, self.limit = blocked, max_hops, limit
        self.best: dict[tuple[int, int], tuple[float, Crossing]] = {}
        self.pending: list[tuple[float, int, int]] = []
        self.final: set[int] = set()

    def introducer(self, crossing: Crossing) -> int:
        colleague, team_hops, person, _ = crossing
        if team_hops == 0:
            return person
        return self.ours.search.path_at(colleague, team_hops)[1]

    def settle(self, person: int, cost: float, hops: int) -> bool:
        g, states, blocked = self.g, self.ours.states, self.blocked
        budget = self.max_hops - 1 - hops  # team hops left before this crossing
        for colleague, edge_cost in g.back[person]:
            if not g.team[colleague]:
                continue
            found = states.get(colleague)
            if found is None or person in blocked.get(colleague, ()):
                continue
            for team_cost, team_hops in found:  # cheapest first: the first that fits
                if team_hops <= budget:
                    total = team_cost + edge_cost + cost
                    key = (colleague, person)
                    old = self.best.get(key)
                    if old is None or total < old[0]:
                        self.best[key] = (total, (colleague, team_hops, person, hops))
                        heapq.heappush(self.pending, (total, colleague, person))
                    break
        pending = self.pending
        while pending and pending[0][0] <= cost:
            total, colleague, person_ = heapq.heappop(pending)
            entry = self.best[(colleague, person_)]
            if entry[0] == total:
                self.final.add(self.introducer(entry[1]))
        return len(self.final) >= self.limit

    def best_per_introducer(self) -> list[tuple[float, Crossing]]:
        """One crossing per introducer, its strongest, strongest first."""
        keys = self.g.keys
        per: dict[int, tuple[float, Crossing]] = {}
        for total, crossing in self.best.values():
            who = self.introducer(crossing)
            old = per.get(who)
            if old is None or (total, crossing) < old:
                per[who] = (total, crossing)
        return sorted(per.values(), key=lambda e: (e[0], keys[self.introducer(e[1])]))


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
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.person("P1"); b.person("P2"); b.tie("P1", "P2", 0.5)
    >>> b.team_member("T1"); b.knows("T1", "P1", strength=0.8); b.knows("T1", "P2", strength=0.3)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> [round(p.strength, 2) for p in paths_to_person(snap, "P2").paths]
    [0.4, 0.3]
    """
    hops, limit = _hops(snapshot, max_hops), _k(snapshot, k)
    snapshot.person(person_id)
    space = search_space(snapshot, from_team_member)
    target = _person_index(snapshot, person_id)
    paths = k_best_paths(
        snapshot.path_graph,
        space.sources,
        target,
        hops,
        limit,
        adjacency=space.adjacency,
        blocked_arcs=space.blocked_arcs,
    )
    return PersonPathsResult(
        account_id=snapshot.account_id,
        as_of=snapshot.as_of,
        person=person_ref(snapshot, person_id),
        from_team_member_id=from_team_member,
        max_hops=hops,
        paths=[to_path(snapshot, p) for p in paths],
    )
