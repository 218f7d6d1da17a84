"""Who can introduce a team member to a unit (DOMAIN.md, "Paths"): distinct
introducers, each with their best path.

The search meets in the middle: our side (the requester's colleague hops) and the
customer side (from the unit's people outwards) are searched apart and joined at
each crossing, as the customer side settles its states in cost order; it stops
once ``k`` introducers are final.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass

from queries.models import Introduction, IntroductionsAnswer
from queries.path_space import checked_hops, checked_k, person_index, search_space, to_path
from queries.pathgraph import Arcs, PathGraph, SearchResult, bounded_search
from queries.refs import person_ref, row_ref
from queries.snapshot import AccountSnapshot


def introducers(
    snapshot: AccountSnapshot,
    unit_id: str,
    from_team_member: str,
    k: int | None = None,
    max_hops: int | None = None,
) -> IntroductionsAnswer:
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
    >>> found = introducers(snap, "U", "T1").introductions
    >>> [(i.introducer.id, round(i.strength, 2)) for i in found]
    [('T2', 0.72)]
    """
    hops, limit = checked_hops(snapshot, max_hops), checked_k(snapshot, k)
    snapshot.unit(unit_id)
    space = search_space(snapshot, from_team_member)
    (requester,) = space.sources
    members = sorted(
        {
            person_index(snapshot, p)
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
    found = [
        _introduction(snapshot, ours, back, crossing)
        for _total, crossing in crossings.best_per_introducer()[:limit]
    ]
    return IntroductionsAnswer(
        account_id=snapshot.account_id,
        as_of=snapshot.as_of,
        unit=row_ref(snapshot, unit_id),
        from_team_member_id=from_team_member,
        from_team_member_name=snapshot.team_members[from_team_member].name,
        max_hops=hops,
        introductions=found,
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


def _introduction(
    snapshot: AccountSnapshot, ours: _TeamSide, back: SearchResult, crossing: Crossing
) -> Introduction:
    """The row of one introducer: our side to the crossing, then the customer
    side's path from the person to the unit, walked the other way."""
    colleague, team_hops, person, person_hops = crossing
    tail = back.path_at(person, person_hops)  # a member ... the person
    nodes = (*ours.search.path_at(colleague, team_hops), *reversed(tail))
    path = to_path(snapshot, nodes)
    return Introduction(
        introducer=path.nodes[1],
        target=person_ref(snapshot, path.target.id),
        strength=path.strength,
        nodes=path.nodes,
        hops=path.hops,
        direct=len(nodes) == 2,
    )
