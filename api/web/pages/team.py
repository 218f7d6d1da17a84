"""The team member page: their relationships, account by account, and the ones
cooling (about to stop being strong without new contact)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswersDep
from api.params import TypedId
from api.scope import Visibility
from api.service import Answers
from api.web.params import LIST_CAP, AsOf, Show
from api.web.routing import PageCaller, WebRoute
from api.web.shaping import Capped, cap
from api.web.templating import render
from graph.errors import NotFoundError, PowermapError
from queries.alerts import alerts
from queries.models import Alert, AlertKind, DepartureImpact
from queries.resilience import departure_impact
from queries.snapshot import AccountSnapshot

router = APIRouter(route_class=WebRoute)

#: Accounts listed before "show all"; each one needs its account's snapshot.
ACCOUNT_CAP = 20


@dataclass(frozen=True, slots=True)
class Held:
    """One relationship of the team member, as the page shows it."""

    person_id: str
    person_name: str
    person_title: str | None
    executive: bool
    unit_id: str | None
    unit_name: str
    strength: float
    strong: bool
    last_contact: dt.date | None
    stale: bool


@dataclass(frozen=True, slots=True)
class AccountHeld:
    account_id: str
    account_name: str
    relationships: Capped[Held]
    strong: int
    cooling: list[Alert]


def held_in(snap: AccountSnapshot, team_member_id: str, show_all: bool) -> AccountHeld:
    """The member's relationships with active people of one account, strongest first."""
    held = []
    for (tm, pid), rel in snap.relationships.items():
        if tm != team_member_id:
            continue
        person = snap.people.get(pid)
        if person is None:  # left: counts nowhere
            continue
        unit_id = person.unit_ids[0] if person.unit_ids else None
        held.append(
            Held(
                person_id=pid,
                person_name=person.name,
                person_title=person.title,
                executive=person.executive,
                unit_id=unit_id,
                unit_name=snap.units[unit_id].name if unit_id else snap.account_name,
                strength=rel.strength,
                strong=rel.strong,
                last_contact=rel.last_contact,
                stale=rel.stale,
            )
        )
    held.sort(key=lambda h: (-h.strength, h.person_name.casefold()))
    cooling = [
        a
        for a in alerts(snap).alerts
        if a.kind is AlertKind.COOLING and a.team_member_id == team_member_id
    ]
    return AccountHeld(
        account_id=snap.account_id,
        account_name=snap.account_name,
        relationships=cap(held, LIST_CAP, show_all),
        strong=sum(h.strong for h in held),
        cooling=sorted(cooling, key=lambda a: a.date),
    )


def impact_of(
    answers: Answers, account_id: str, day: dt.date, team_member_id: str
) -> DepartureImpact | None:
    """What the account would lose without the member (None: they are not an
    active team member there on that day, so nothing to lose)."""
    try:
        found: DepartureImpact = answers.answer(
            account_id,
            day,
            ("departure", team_member_id, None, None),
            lambda s: departure_impact(s, team_member_id=team_member_id),
        )
    except PowermapError:
        return None
    return found


@router.get("/team/{team_member_id}")
def team_member_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    team_member_id: Annotated[str, TypedId],
    as_of: AsOf = None,
    show: Show = None,
    what_if: Annotated[str | None, Query(max_length=1, pattern="^1?$")] = None,
) -> HTMLResponse:
    day = as_of or answers.today()
    member = answers.store.team_members([team_member_id]).get(team_member_id)
    if member is None:
        raise NotFoundError(f"team member {team_member_id!r} does not exist")
    account_ids = cap(
        Visibility(answers, caller).only_seen(
            answers.store.accounts_of_team_member(team_member_id)
        ),
        ACCOUNT_CAP,
        show == "accounts",
    )
    by_account = [
        answers.ask(a, day, held_in, team_member_id, show == "relationships")
        for a in account_ids.items
    ]
    impacts = (
        {a: impact_of(answers, a, day, team_member_id) for a in account_ids.items}
        if what_if
        else {}
    )
    context = {
        "as_of": as_of,
        "day": day,
        "member": member,
        "what_if": bool(what_if),
        "impacts": impacts,
        "show": show,
        "accounts": by_account,
        "accounts_hidden": account_ids.hidden,
        "cooling": [c for a in by_account for c in a.cooling],
    }
    return render(request, "team_member.html", context)
