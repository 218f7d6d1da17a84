"""Warm-introduction paths through the account's path graph."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from queries.models.common import Model, NamedId, NodeRefKind, PersonRef


class PathNode(Model):
    id: str = Field(description="Person or team member id (separate namespaces: see kind).")
    kind: NodeRefKind = Field(description="team_member or person.")
    name: str = Field(description="Display name.")


class Hop(Model):
    from_id: str = Field(description="Id of the hop's first node (the path's nodes[i]).")
    to_id: str = Field(description="Id of the hop's second node (the path's nodes[i + 1]).")
    relation: str = Field(
        description="The hop's kind in the direction walked: relationship (team member to "
        "person), tie:<kind> (person to person), reports_to (from a person to their "
        "manager), manages (from a manager to their report) or colleague (team member to "
        "team member on a shared account team)."
    )
    strength: float = Field(description="Strength of this hop in [0, 1].")
    last_contact: dt.date | None = Field(
        description="Last contact of a relationship hop; null for other hops."
    )


class Path(Model):
    nodes: list[PathNode] = Field(description="Nodes in order, from our team to the target.")
    hops: list[Hop] = Field(description="One per consecutive pair of nodes.")
    strength: float = Field(description="Product of the hops' strengths.")
    target: PathNode = Field(description="The last node.")


class ExecutivePaths(Model):
    executive: PersonRef = Field(description="The executive reached.")
    best: Path = Field(description="The strongest path within max_hops.")
    alternatives: list[Path] = Field(
        description="Next-best loopless paths within max_hops, strongest first (on request)."
    )


class ExecutivePathsResult(Model):
    account_id: str = Field(description="The account.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    scope_unit_id: str | None = Field(description="The unit whose subtree is in scope; null: all.")
    from_team_member_id: str | None = Field(description="The requesting team member; null: team.")
    max_hops: int = Field(description="Longest path considered, in hops.")
    executives_in_scope: int = Field(description="Active executives in scope.")
    targets: list[ExecutivePaths] = Field(
        description="Reachable executives ranked by best path strength, at most k."
    )
    unreachable_ids: list[str] = Field(
        description="Executives in scope with no path within max_hops."
    )
    unreachable: list[NamedId] = Field(
        default_factory=list, description="The same executives, with their names."
    )
    from_team_member_name: str | None = Field(None, description="The requester's name.")


class Introducer(Model):
    introducer: PathNode = Field(
        description="The path's second node: a colleague holding the relationship, a "
        "person we know who knows the target, or the target itself when known directly."
    )
    target: PersonRef = Field(description="The person in the unit the path reaches.")
    path: Path = Field(description="The strongest path through this introducer.")
    direct: bool = Field(
        False, description="The requester knows the target: no introduction is needed."
    )


class IntroducersResult(Model):
    account_id: str = Field(description="The account.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    unit_id: str = Field(description="The unit (with everything below it) to reach.")
    from_team_member_id: str = Field(description="The requesting team member.")
    from_team_member_name: str | None = Field(None, description="The requester's name.")
    max_hops: int = Field(description="Longest path considered, in hops.")
    introducers: list[Introducer] = Field(
        description="Distinct introducers, each with their best path, strongest first, at "
        "most k; among paths crossing through the same relationship only the strongest."
    )


class PersonPathsResult(Model):
    account_id: str = Field(description="The account.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    person: PersonRef = Field(description="The target.")
    from_team_member_id: str | None = Field(description="The requesting team member; null: team.")
    max_hops: int = Field(description="Longest path considered, in hops.")
    paths: list[Path] = Field(description="The k strongest loopless paths, strongest first.")
