"""The alerts inbox (``/alerts``, issue 17): the alerts of every account the caller
sees, newest first, filtered by account, team member, severity and kind, a page
at a time; each alert opens the tree at its unit, the person or the team member."""

from __future__ import annotations

import math
from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswersDep
from api.scope import Visibility
from api.web.pages.directory import directory
from api.web.params import AsOf
from api.web.routing import PageCaller, WebRoute
from api.web.shaping import Capped
from api.web.templating import render
from queries.alerts import alerts
from queries.errors import InvalidQueryError
from queries.models import Alert, AlertKind, Severity

router = APIRouter(route_class=WebRoute)

PAGE_SIZE: Final = 50
_RANK: Final = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}
Choice = Annotated[str | None, Query(max_length=256)]


@router.get("/alerts")
def alerts_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    as_of: AsOf = None,
    account_id: Choice = None,
    team_member: Choice = None,
    severity: Annotated[str | None, Query(pattern="^(|low|medium|high)$")] = None,
    kind: Annotated[str | None, Query(pattern="^[a-z_]*$", max_length=64)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    day = as_of or answers.today()
    # A form sends its unset fields empty: empty means "any".
    least = Severity(severity) if severity else None
    try:
        of_kind = AlertKind(kind) if kind else None
    except ValueError:
        raise InvalidQueryError(
            f"kind: {kind!r} is no alert kind; use one of {', '.join(k.value for k in AlertKind)}"
        ) from None
    visible = Visibility(answers, caller)
    accounts = sorted(
        (a for a in answers.store.list_accounts() if visible.sees(a.id)),
        key=lambda a: (a.name.casefold(), a.id),
    )
    ids = [a.id for a in accounts]
    if account_id:
        visible.account(account_id)
        answers.require_account(account_id)
        ids = [account_id]
    if team_member:
        answers.require_team_member(team_member)
        theirs = set(answers.store.accounts_of_team_member(team_member))
        ids = [a for a in ids if a in theirs]
    every: list[Alert] = []
    for aid in ids:
        every.extend(answers.answer(aid, day, ("alerts",), alerts).alerts)
    if least is not None:
        every = [a for a in every if _RANK[a.severity] >= _RANK[least]]
    if of_kind is not None:
        every = [a for a in every if a.kind is of_kind]
    # Newest first, the most severe first within a day; a stable sort keeps each
    # account's own order among equals.
    every.sort(key=lambda a: (-a.date.toordinal(), -_RANK[a.severity]))
    pages = max(1, math.ceil(len(every) / PAGE_SIZE))
    page = min(page, pages)
    shown = every[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    kept = {
        "account_id": account_id or None,
        "team_member": team_member or None,
        "severity": least.value if least else None,
        "kind": of_kind.value if of_kind else None,
    }
    context = {
        "as_of": as_of,
        "day": day,
        "alerts": Capped(shown, len(every)),
        "total": len(every),
        "counts": {s.value: sum(a.severity is s for a in every) for s in Severity},
        "page": page,
        "pages": pages,
        "kept": kept,
        "accounts": accounts,
        "account_names": {a.id: a.name for a in accounts},
        "team": [m for m in directory(answers, visible).members if m.account_ids],
        "severities": list(Severity),
        "kinds": list(AlertKind),
        "show_account": True,
        "empty_hint": "nothing matches these filters" if any(kept.values()) else "",
    }
    return render(request, "alerts.html", context)
