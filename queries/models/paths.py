"""Warm-introduction paths through the account's path graph."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from queries.models.common import AccountAnswer, Model, NamedId, NodeRefKind, PersonRef, UnitRef


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


class ExecutivePath(Path):
    executive: PersonRef = Field(description="The executive the path reaches (its target).")
    alternatives: list[Path] = Field(
        description="Next-best loopless paths to the same executive, strongest first."
    )


class ExecutivePathsAnswer(AccountAnswer):
    scope_unit_id: str | None = Field(description="The unit whose subtree is in scope; null: all.")
    from_team_member_id: str | None = Field(description="The requesting team member; null: team.")
    from_team_member_name: str | None = Field(description="The requester's name; null: team.")
    max_hops: int = Field(description="Longest path considered, in hops.")
    executives_in_scope: int = Field(description="Active executives in scope.")
    paths: list[ExecutivePath] = Field(
        description="The best path to each reachable executive, strongest first, at most k."
    )
    unreachable_ids: list[str] = Field(
        description="Executives in scope with no path within max_hops."
    )
    unreachable: list[NamedId] = Field(description="The same executives, with their names.")


class Introduction(Model):
    introducer: PathNode = Field(
        description="The path's second node: a colleague holding the relationship, a "
        "person we know who knows the target, or the target itself when known directly."
    )
    target: PersonRef = Field(description="The person in the unit the path reaches.")
    strength: float = Field(description="Product of the hops' strengths.")
    nodes: list[PathNode] = Field(description="Nodes in order, from the requester to the target.")
    hops: list[Hop] = Field(description="One per consecutive pair of nodes.")
    direct: bool = Field(
        description='The requester knows the target ("you know them"): no introducer needed.'
    )

    @property
    def path(self) -> Path:
        """The introduction's path alone (the API lists its fields flat)."""
        return Path(nodes=self.nodes, hops=self.hops, strength=self.strength, target=self.nodes[-1])


class IntroductionsAnswer(AccountAnswer):
    unit: UnitRef = Field(description="The unit (with everything below it) to reach.")
    from_team_member_id: str = Field(description="The requesting team member.")
    from_team_member_name: str = Field(description="The requester's name.")
    max_hops: int = Field(description="Longest path considered, in hops.")
    introductions: list[Introduction] = Field(
        description="Distinct introducers, each with their best path, strongest first, at "
        "most k; among paths crossing through the same relationship (team member, person) "
        "only the strongest is offered."
    )


class PersonPathsResult(AccountAnswer):
    person: PersonRef = Field(description="The target.")
    from_team_member_id: str | None = Field(description="The requesting team member; null: team.")
    max_hops: int = Field(description="Longest path considered, in hops.")
    paths: list[Path] = Field(description="The k strongest loopless paths, strongest first.")
