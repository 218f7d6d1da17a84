"""The choices a filter form offers for an account or a team member, bounded
(issue 17): a store of thousands of accounts and hundreds of team members must
not put every one of them in each page. The form's field takes an id; its
datalist starts with these and ``suggest.js`` fills it from ``/v1/search`` as
the user types."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from api.service import Answers
from graph.schema import AccountRecord, TeamMemberRecord

#: Options a datalist starts with.
CHOICES: Final = 50


def choices(accounts: Sequence[AccountRecord], chosen: str | None) -> list[AccountRecord]:
    """The first :data:`CHOICES` of ``accounts`` (in their order), with the chosen
    one first when it is not among them.

    >>> accounts = [AccountRecord(f"A{n}", f"Name {n}") for n in range(60)]
    >>> [a.id for a in choices(accounts, "A55")][:2], len(choices(accounts, None))
    (['A55', 'A0'], 50)
    """
    first = list(accounts[:CHOICES])
    if chosen is not None and all(a.id != chosen for a in first):
        first = [a for a in accounts if a.id == chosen] + first
    return first


def team_choices(answers: Answers, chosen: str | None) -> list[TeamMemberRecord]:
    """The chosen team member, when there is one (the rest come as the user types)."""
    if chosen is None:
        return []
    return list(answers.store.team_members([chosen]).values())
