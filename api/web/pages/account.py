"""The account page: the unit tree coloured by coverage, gaps, alerts, key people
and the paths to executives, all as of one date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswersDep
from api.params import TypedId
from api.scope import Visibility
from api.service import Answers
from api.web.params import LIST_CAP, AsOf, Show
from api.web.routing import PageCaller, WebRoute
from api.web.shaping import cap, children_by_parent
from api.web.templating import render
from graph.captured import CapturedContact, CapturedStore
from queries.alerts import alerts
from queries.coverage import coverage
from queries.models import (
    AccountSummary,
    Alert,
    CoverageAnswer,
    ExecutivePathsAnswer,
    KeyPerson,
)
from queries.paths import executive_paths
from queries.resilience import key_people
from queries.snapshot import AccountSnapshot
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


def page_answers(snap: AccountSnapshot) -> AccountAnswers:
    return AccountAnswers(
        summary=account_summary(snap),
        coverage=coverage(snap),
        alerts=alerts(snap).alerts,
        key_people=key_people(snap).key_people,
        executives=executive_paths(snap),
        history_start=history_start(snap),
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


@router.get("/accounts/{account_id}")
def account_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    account_id: Annotated[str, TypedId],
    as_of: AsOf = None,
    show: Show = None,
) -> HTMLResponse:
    day = as_of or answers.today()
    Visibility(answers, caller).account(account_id)
    found = account_answers(answers, account_id, day)
    context = {
        "as_of": as_of,
        "day": day,
        "summary": found.summary,
        "children": children_by_parent(found.coverage.units),
        "gaps": cap(found.coverage.gaps, LIST_CAP, show == "gaps"),
        "alerts": cap(found.alerts, LIST_CAP, show == "alerts"),
        "key_people": cap(found.key_people, LIST_CAP, show == "key"),
        "executives": found.executives,
        "captured": cap(captured_on(answers, account_id, day), LIST_CAP, show == "captured"),
        "history_start": found.history_start,
    }
    return render(request, "account.html", context)
