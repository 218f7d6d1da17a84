"""Warm introductions (DOMAIN.md, "Paths").

Paths run over the snapshot's path graph: a hop costs ``−ln(strength)``, a
path's strength is the product of its hops, at most ``max_hops`` hops. A path has
two sides and crosses once: colleague hops on our side (from one requester only),
one relationship, then customer people only (see :mod:`queries.path_arrays`). A
colleague C's crossing at person P is not offered when the requester's own
relationship with P is at least as strong as C's (:mod:`queries.path_space`).
The best path to everyone is one hop-bounded search over the graph's arrays
(:mod:`queries.layered_search`); alternatives are Yen's loopless next-best paths.

A unit scope (executive paths, introducers) means the unit and every unit below
it: "in U" as DOMAIN.md defines it.
"""

from __future__ import annotations

from typing import Final

from queries.errors import InvalidQueryError
from queries.introducers import introducers
from queries.layered_search import layered_search
from queries.models import ExecutivePath, ExecutivePathsAnswer, NamedId, PersonPathsResult
from queries.path_space import (
    SearchSpace,
    checked_hops,
    checked_k,
    person_index,
    search_space,
    to_path,
)
from queries.pathgraph import SearchResult, k_best_paths
from queries.refs import person_ref
from queries.snapshot import AccountSnapshot

__all__ = [
    "MAX_ALTERNATIVE_SEARCHES",
    "executive_paths",
    "introducers",
    "paths_to_person",
    "scope_executives",
    "team_search",
]

#: Next-best path searches one executive-paths answer may run in all (each costs
#: a search per hop of every path found): alternatives are searched for the
#: strongest ``MAX_ALTERNATIVE_SEARCHES // alternatives`` executives only.
MAX_ALTERNATIVE_SEARCHES: Final = 20


def team_search(
    snapshot: AccountSnapshot, from_team_member: str | None, max_hops: int
) -> SearchResult:
    """The hop-bounded search from the team (or one member) to everyone. From the
    whole team it depends on the snapshot alone: it is run once per snapshot and
    hop limit, and shared (executive paths of any scope, key people)."""
    if from_team_member is None:
        return snapshot.derived(
            f"paths.team_search.{max_hops}", lambda s: _search(s, search_space(s, None), max_hops)
        )
    return _search(snapshot, search_space(snapshot, from_team_member), max_hops)


def _search(snapshot: AccountSnapshot, space: SearchSpace, max_hops: int) -> SearchResult:
    return layered_search(
        snapshot.path_graph,
        space.sources,
        max_hops,
        kind=space.kind,
        blocked_arcs=space.blocked_arcs,
    )


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
) -> ExecutivePathsAnswer:
    """The best path to each executive in scope (the account, or a unit's subtree)
    from one team member or the whole team, strongest first, at most ``k``;
    ``alternatives`` next-best loopless paths per target on request, for the
    strongest ``MAX_ALTERNATIVE_SEARCHES // alternatives`` targets only.

    >>> import datetime as dt
    >>> from graph.schema import Seniority
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.person("CEO", seniority=Seniority.C_LEVEL)
    >>> b.person("P1", manager="CEO"); b.team_member("T1"); b.knows("T1", "P1", strength=0.5)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> best = executive_paths(snap).paths[0]
    >>> [n.id for n in best.nodes], round(best.strength, 2)
    (['T1', 'P1', 'CEO'], 0.3)
    """
    hops, limit = checked_hops(snapshot, max_hops), checked_k(snapshot, k)
    if alternatives < 0:
        raise InvalidQueryError(f"alternatives must be 0 or more, got {alternatives}")
    targets = scope_executives(snapshot, scope_unit_id)
    space = search_space(snapshot, from_team_member)
    # From the whole team the search is shared by every answer of this snapshot.
    found = (
        team_search(snapshot, None, hops)
        if from_team_member is None
        else _search(snapshot, space, hops)
    )
    reachable, unreachable = _reached(snapshot, found, targets)
    # Next-best paths cost a search per hop of every path found: they are searched
    # for the strongest targets only, at most MAX_ALTERNATIVE_SEARCHES in all.
    with_alternatives = min(limit, MAX_ALTERNATIVE_SEARCHES // alternatives) if alternatives else 0
    results = [
        _executive_path(
            snapshot, space, found, (pid, i), hops, alternatives if n < with_alternatives else 0
        )
        for n, (_, pid, i) in enumerate(reachable[:limit])
    ]
    return ExecutivePathsAnswer(
        account_id=snapshot.account_id,
        as_of=snapshot.as_of,
        scope_unit_id=scope_unit_id,
        from_team_member_id=from_team_member,
        from_team_member_name=None
        if from_team_member is None
        else snapshot.team_members[from_team_member].name,
        max_hops=hops,
        executives_in_scope=len(targets),
        paths=results,
        unreachable_ids=sorted(unreachable),
        unreachable=[NamedId(id=p, name=snapshot.people[p].name) for p in sorted(unreachable)],
    )


def _reached(
    snapshot: AccountSnapshot, found: SearchResult, targets: list[str]
) -> tuple[list[tuple[float, str, int]], list[str]]:
    """The targets reached, as (cost, id, node) cheapest first, and those not."""
    reachable = []
    unreachable = []
    for pid in targets:
        i = person_index(snapshot, pid)
        if i in found.best:
            reachable.append((found.best[i][0], pid, i))
        else:
            unreachable.append(pid)
    reachable.sort()
    return reachable, unreachable


def _executive_path(
    snapshot: AccountSnapshot,
    space: SearchSpace,
    found: SearchResult,
    executive: tuple[str, int],
    hops: int,
    alternatives: int,
) -> ExecutivePath:
    """The best path found to one executive (id, node), with up to
    ``alternatives`` next-best."""
    pid, target = executive
    best = found.path_to(target)
    others: list[tuple[int, ...]] = []
    if alternatives:
        paths = k_best_paths(
            snapshot.path_graph,
            space.sources,
            target,
            hops,
            alternatives + 1,
            best,
            adjacency=space.adjacency(snapshot),
            blocked_arcs=space.blocked_arcs,
        )
        others = paths[1:]
    path = to_path(snapshot, best)
    return ExecutivePath(
        nodes=path.nodes,
        hops=path.hops,
        strength=path.strength,
        target=path.target,
        executive=person_ref(snapshot, pid),
        alternatives=[to_path(snapshot, p) for p in others],
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
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.person("P1"); b.person("P2"); b.tie("P1", "P2", 0.5)
    >>> b.team_member("T1"); b.knows("T1", "P1", strength=0.8); b.knows("T1", "P2", strength=0.3)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> [round(p.strength, 2) for p in paths_to_person(snap, "P2").paths]
    [0.4, 0.3]
    """
    hops, limit = checked_hops(snapshot, max_hops), checked_k(snapshot, k)
    snapshot.person(person_id)
    space = search_space(snapshot, from_team_member)
    paths = k_best_paths(
        snapshot.path_graph,
        space.sources,
        person_index(snapshot, person_id),
        hops,
        limit,
        adjacency=space.adjacency(snapshot),
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
