"""The team directory (issue 17): every team member, with their role, manager and
the accounts whose team they are on.

The store has no list of team members of its own; every account graph holds the
whole team (graph.schema: "the whole team: our side of a path"), each member with
``team_accounts``, so the directory is read from one account's graph.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
from pydantic import Field

from graph.schema import Namespace, NodeKey
from queries.models.common import Model


class TeamMemberLine(Model):
    id: str = Field(description="Team member id.")
    name: str = Field(description="Full name.")
    role: str | None = Field(description="Role, when known.")
    email: str | None = Field(description="E-mail address, when known.")
    active: bool = Field(description="False for someone who left our team.")
    manager_id: str | None = Field(description="Their manager on our team.")
    manager_name: str | None = Field(description="That manager's name.")
    account_ids: list[str] = Field(description="Accounts whose team they are on (visible ones).")


class TeamDirectory(Model):
    members: list[TeamMemberLine] = Field(description="Active members first, then by name.")


def team_directory(
    graph: nx.MultiDiGraph[NodeKey] | None, sees: Callable[[str], bool]
) -> TeamDirectory:
    """The team as one account graph holds it (None: the store holds no account);
    ``sees`` keeps the accounts a caller may see."""
    if graph is None:
        return TeamDirectory(members=[])
    team = {
        key[1]: attrs
        for key, attrs in graph.nodes(data=True)
        if key[0] == Namespace.TEAM_MEMBER.value
    }
    lines = []
    for tm, a in team.items():
        manager = a.get("manager_id")
        lines.append(
            TeamMemberLine(
                id=tm,
                name=str(a.get("name") or tm),
                role=a.get("role"),
                email=a.get("email"),
                active=bool(a.get("active", True)),
                manager_id=manager,
                manager_name=str(team[manager].get("name")) if manager in team else None,
                account_ids=[x for x in a.get("team_accounts", ()) if sees(x)],
            )
        )
    lines.sort(key=lambda m: (not m.active, m.name.casefold(), m.id))
    return TeamDirectory(members=lines)
