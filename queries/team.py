"""The team directory (issue 17): every team member, with their role, manager and
the accounts whose team they are on.

The store has no list of team members of its own; every account's data holds the
whole team (:mod:`graph.account_data`: "the whole team: our side of a path"), with
each member's ``team_accounts``, so the directory is read from one account's data.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import Field

from graph.account_data import AccountData
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


def team_directory(data: AccountData | None, sees: Callable[[str], bool]) -> TeamDirectory:
    """The team as one account's data holds it (None: the store holds no account);
    ``sees`` keeps the accounts a caller may see."""
    if data is None:
        return TeamDirectory(members=[])
    names = {tm.id: tm.name for tm in data.team}
    lines = [
        TeamMemberLine(
            id=tm.id,
            name=tm.name or tm.id,
            role=tm.role,
            email=tm.email,
            active=tm.active,
            manager_id=tm.manager_id,
            manager_name=names.get(tm.manager_id) if tm.manager_id else None,
            account_ids=[x for x in data.team_accounts.get(tm.id, ()) if sees(x)],
        )
        for tm in data.team
    ]
    lines.sort(key=lambda m: (not m.active, m.name.casefold(), m.id))
    return TeamDirectory(members=lines)
