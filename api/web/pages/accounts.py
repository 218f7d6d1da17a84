"""The accounts page: every account with its coverage bar, executive coverage and
alert count. Paged on the server (each row needs the account's snapshot); the
columns of a page sort in the browser."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswersDep
from api.scope import Visibility
from api.service import Answers
from api.web.pages.account import account_answers
from api.web.params import AsOf
from api.web.routing import PageCaller, WebRoute
from api.web.templating import render
from queries.models import AccountSummary

router = APIRouter(route_class=WebRoute)

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class AccountLine:
    summary: AccountSummary
    alerts: int


def account_line(answers: Answers, account_id: str, day: dt.date) -> AccountLine:
    found = account_answers(answers, account_id, day)
    return AccountLine(found.summary, len(found.alerts))


@router.get("/")
def accounts_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    as_of: AsOf = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    day = as_of or answers.today()
    visible = Visibility(answers, caller)
    every = sorted(
        (a for a in answers.store.list_accounts() if visible.sees(a.id)),
        key=lambda a: (a.name.casefold(), a.id),
    )
    pages = max(1, math.ceil(len(every) / PAGE_SIZE))
    page = min(page, pages)
    chunk = every[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    context = {
        "as_of": as_of,
        "day": day,
        "lines": [account_line(answers, a.id, day) for a in chunk],
        "total": len(every),
        "page": page,
        "pages": pages,
    }
    return render(request, "accounts.html", context)
