"""What every path answer shares (DOMAIN.md, "Paths"): where a search starts and
which hops it may take, the checked hop limit and ``k``, and the path model of a
found path. The two-sided rules themselves are in the graph's hops
(:mod:`queries.path_arrays`); the one rule that depends on the requester — a
colleague's weaker crossing — is :func:`search_space`'s.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from graph.schema import Namespace, node_key
from queries.errors import InvalidQueryError
from queries.models import Hop, Path
from queries.path_arrays import Adjacency, HopKind
from queries.pathgraph import Arcs
from queries.refs import path_node
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
    kind: HopKind
    blocked_arcs: Arcs

    def adjacency(self, snapshot: AccountSnapshot) -> Adjacency:
        """The hops as the Dijkstra searches walk them."""
        g = snapshot.path_graph
        return g.cross if self.kind == "cross" else g.adj


def search_space(snapshot: AccountSnapshot, from_team_member: str | None) -> SearchSpace:
    g = snapshot.path_graph
    if from_team_member is None:
        team = [g.index[node_key(Namespace.TEAM_MEMBER, t)] for t in snapshot.team]
        return SearchSpace(team, "cross", {})
    snapshot.team_member(from_team_member)
    requester = g.index[node_key(Namespace.TEAM_MEMBER, from_team_member)]
    return SearchSpace([requester], "all", _weaker_crossings(snapshot, from_team_member))


def _weaker_crossings(snapshot: AccountSnapshot, requester: str) -> dict[int, set[int]]:
    """Colleague -> people whose relationship the requester holds at least as
    strongly: crossing there through the colleague is not a path."""
    g = snapshot.path_graph
    index, keys = g.index, g.keys
    relationships = snapshot.relationships
    arcs: dict[int, set[int]] = {}
    # The requester's relationships in the path graph: one under the edge floor
    # could only block a colleague's under the floor too, which is no hop anyway.
    hops = g.arcs("cross")
    me = index[(Namespace.TEAM_MEMBER.value, requester)]
    for person in hops.dst[hops.indptr[me] : hops.indptr[me + 1]].tolist():
        pid = keys[person][1]
        own = relationships[(requester, pid)]
        for rel in snapshot.person_relationships.get(pid, ()):
            if rel.team_member_id != requester and rel.strength <= own.strength:
                colleague = index[(Namespace.TEAM_MEMBER.value, rel.team_member_id)]
                arcs.setdefault(colleague, set()).add(person)
    return arcs


def checked_hops(snapshot: AccountSnapshot, max_hops: int | None) -> int:
    hops = snapshot.settings.max_hops if max_hops is None else max_hops
    if hops < 1:
        raise InvalidQueryError(f"max_hops must be at least 1, got {hops}")
    return hops


def checked_k(snapshot: AccountSnapshot, k: int | None) -> int:
    value = snapshot.settings.k if k is None else k
    if value < 1:
        raise InvalidQueryError(f"k must be at least 1, got {value}")
    return value


def person_index(snapshot: AccountSnapshot, person_id: str) -> int:
    return snapshot.path_graph.index[node_key(Namespace.PERSON, person_id)]
