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
from api.web.pages.directory import directory
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


@dataclass(frozen=True, slots=True)
class AccountLoss:
    account_id: str
    account_name: str
    impact: DepartureImpact


@dataclass(frozen=True, slots=True)
class WhatIfLeft:
    """ "What if they left?" over every account of theirs (not only those listed on
    the page): the accounts that would lose something, most lost first, then the
    names of the others in one line each, so 34 accounts read at a glance."""

    accounts: int
    losing: list[AccountLoss]
    unharmed: list[tuple[str, str]]  # (id, name): nothing would fall
    absent: list[tuple[str, str]]  # not an active team member there on the day
    units_falling: int
    executives_lost: int
    paths_weakened: int


def what_if_left(
    answers: Answers, day: dt.date, team_member_id: str, account_ids: list[str]
) -> WhatIfLeft:
    names = {a.id: a.name for a in answers.store.accounts(account_ids).values()}
    losing: list[AccountLoss] = []
    unharmed: list[tuple[str, str]] = []
    absent: list[tuple[str, str]] = []
    for account_id in account_ids:
        name = names.get(account_id, account_id)
        impact = impact_of(answers, account_id, day, team_member_id)
        if impact is None:
            absent.append((account_id, name))
        elif impact.units_falling or impact.executives_lost or impact.executive_paths_weakened:
            losing.append(AccountLoss(account_id, name, impact))
        else:
            unharmed.append((account_id, name))
    losing.sort(
        key=lambda x: (
            -(len(x.impact.units_falling) + len(x.impact.executives_lost)),
            -len(x.impact.executive_paths_weakened),
            x.account_name.casefold(),
        )
    )
    by_name = sorted(unharmed, key=lambda x: x[1].casefold())
    return WhatIfLeft(
        accounts=len(account_ids),
        losing=losing,
        unharmed=by_name,
        absent=sorted(absent, key=lambda x: x[1].casefold()),
        units_falling=sum(len(x.impact.units_falling) for x in losing),
        executives_lost=sum(len(x.impact.executives_lost) for x in losing),
        paths_weakened=sum(len(x.impact.executive_paths_weakened) for x in losing),
    )


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
    visible = Visibility(answers, caller)
    # The accounts whose team they are on first: at M a member holds relationships
    # in twice as many accounts as they work on, and the page lists 20.
    on_team = set(
        next(
            (m.account_ids for m in directory(answers, visible).members if m.id == team_member_id),
            [],
        )
    )
    # Cached per revision: at M the store's query took 60-70 ms (it scans the
    # activities of the member), most of a warm page's time.
    theirs = answers.cached(
        ("web.accounts_of", team_member_id),
        lambda: answers.store.accounts_of_team_member(team_member_id),
    )
    every = sorted(visible.only_seen(theirs), key=lambda a: (a not in on_team, a))
    account_ids = cap(every, ACCOUNT_CAP, show == "accounts")
    by_account = [
        answers.ask(a, day, held_in, team_member_id, show == "relationships")
        for a in account_ids.items
    ]
    # Over the accounts listed only: each needs its snapshot and a departure run, and
    # at M the member with most accounts has 79 (11 s of CPU cold, 3.5 s for 20).
    losses = what_if_left(answers, day, team_member_id, account_ids.items) if what_if else None
    context = {
        "as_of": as_of,
        "day": day,
        "member": member,
        "what_if": losses,
        "accounts_total": account_ids.total,
        "on_team": on_team,
        "show": show,
        "accounts": by_account,
        "accounts_hidden": account_ids.hidden,
        "cooling": [c for a in by_account for c in a.cooling],
    }
    return render(request, "team_member.html", context)
