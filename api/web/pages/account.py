"""The account page: the unit tree coloured by coverage, gaps, alerts, key people
and the paths to executives, all as of one date."""

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
from api.web.shaping import cap, children_by_parent
from api.web.templating import Links, render
from graph.captured import CapturedContact, CapturedStore
from queries.alerts import alerts
from queries.committee import buying_committee
from queries.coverage import coverage
from queries.models import (
    AccountSummary,
    Alert,
    CoverageAnswer,
    ExecutivePathsAnswer,
    KeyPerson,
)
from queries.models.committee import BuyingCommittee
from queries.paths import executive_paths
from queries.resilience import departure_impact, key_people
from queries.snapshot import AccountSnapshot, TeamMemberInfo
from queries.views import account_summary, history_start

router = APIRouter(route_class=WebRoute)


@dataclass(frozen=True, slots=True)
class AccountAnswers:
    """Everything the page shows, computed once per account, date and store revision."""

    summary: AccountSummary
    coverage: CoverageAnswer
    alerts: list[Alert]
    key_people: list[KeyPerson]
    executives: ExecutivePathsAnswer
    history_start: dt.date | None
    committee: BuyingCommittee


def page_answers(snap: AccountSnapshot) -> AccountAnswers:
    return AccountAnswers(
        summary=account_summary(snap),
        coverage=coverage(snap),
        alerts=alerts(snap).alerts,
        key_people=key_people(snap).key_people,
        executives=executive_paths(snap),
        history_start=history_start(snap),
        committee=buying_committee(snap),
    )


def account_answers(answers: Answers, account_id: str, day: dt.date) -> AccountAnswers:
    return answers.ask(account_id, day, page_answers)


def captured_on(answers: Answers, account_id: str, day: dt.date) -> list[CapturedContact]:
    """The account's captured contacts first seen by ``day`` (issue 19)."""
    store = answers.store
    if not isinstance(store, CapturedStore):
        return []
    found = answers.cached(
        ("web.captured", account_id), lambda: store.captured_of_account(account_id)
    )
    return [c for c in found if c.first_seen <= day]


#: Executive paths drawn when the user asks for all (the API's own largest k).
ALL_EXECUTIVES = 100


def all_executives_k(found: AccountAnswers) -> int:
    """How many executive paths "show all" draws and the CSV holds."""
    return max(1, min(ALL_EXECUTIVES, found.executives.executives_in_scope))


def all_executive_paths(
    answers: Answers, account_id: str, day: dt.date, found: AccountAnswers
) -> ExecutivePathsAnswer:
    """The best path to every reachable executive (up to :data:`ALL_EXECUTIVES`)."""
    k = all_executives_k(found)
    result: ExecutivePathsAnswer = answers.answer(
        account_id, day, ("web.executives", k), lambda s: executive_paths(s, k=k)
    )
    return result


def opened_rows(report: CoverageAnswer, focus: str | None) -> frozenset[str]:
    """The rows whose children the tree shows open: the account and top units, and
    every row above a gap (uncovered or weak) or above the unit a link names."""
    parent = {r.id: r.parent_id for r in report.units}
    # Ancestor-closed from the start and after each walk, so a walk can stop at
    # the first row already open.
    opened = {r.id for r in report.units if r.depth < 2}
    wanted = [g.id for g in report.gaps] + ([focus] if focus in parent else [])
    for row_id in wanted:
        current = parent.get(row_id)
        while current is not None and current not in opened:
            opened.add(current)
            current = parent.get(current)
    return frozenset(opened)


def leavers(snap: AccountSnapshot) -> list[TeamMemberInfo]:
    """Who a "what if they left?" may name: the account team and everyone holding a
    relationship with one of its people, by name."""
    holding = {tm for tm, _ in snap.relationships}
    return sorted(
        (t for t in snap.team_members.values() if t.on_team or t.id in holding),
        key=lambda t: (t.name.casefold(), t.id),
    )


@router.get("/accounts/{account_id}")
def account_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    account_id: Annotated[str, TypedId],
    as_of: AsOf = None,
    show: Show = None,
    focus: Annotated[str | None, Query(max_length=256, description="A unit to open.")] = None,
    leaves: Annotated[
        str | None, Query(max_length=256, description="What if this team member left?")
    ] = None,
) -> HTMLResponse:
    day = as_of or answers.today()
    Visibility(answers, caller).account(account_id)
    found = account_answers(answers, account_id, day)
    snap = answers.snapshot(account_id, day)
    impact = None
    if leaves:
        impact = answers.answer(
            account_id,
            day,
            ("departure", leaves, None, None),
            lambda s: departure_impact(s, team_member_id=leaves),
        )
    context = {
        "as_of": as_of,
        "day": day,
        "summary": found.summary,
        "children": children_by_parent(found.coverage.units),
        "opened": opened_rows(found.coverage, focus),
        "focus": focus,
        "gaps": cap(found.coverage.gaps, LIST_CAP, show == "gaps"),
        "alerts": cap(found.alerts, LIST_CAP, show == "alerts"),
        "key_people": cap(found.key_people, LIST_CAP, show == "key"),
        "executives": all_executive_paths(answers, account_id, day, found)
        if show == "executives"
        else found.executives,
        "captured": cap(captured_on(answers, account_id, day), LIST_CAP, show == "captured"),
        "history_start": found.history_start,
        # The CSV holds every path "show all" draws, not the five on the page.
        "all_executives": all_executives_k(found),
        "leavers": leavers(snap),
        "leaves": leaves,
        "impact": impact,
        "committee": found.committee,
        "committee_all": show == "committee",
        "committee_more": Links(as_of).account(account_id, show="committee") + "#committee",
        "committee_csv": Links(as_of).csv(f"accounts/{account_id}/committee"),
        "seat_gaps": cap(found.coverage.seat_gaps, LIST_CAP, show == "seats"),
    }
    return render(request, "account.html", context)
