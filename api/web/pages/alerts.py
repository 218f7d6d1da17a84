"""The alerts inbox (``/alerts``, issue 17): the alerts of every account the caller
sees, newest first, filtered by account, team member, severity and kind, a page
at a time; each alert opens the tree at its unit, the person or the team member."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswersDep
from api.listings import filter_alerts, merged_alerts_pending
from api.scope import Visibility
from api.service import Answers
from api.web.choices import choices, team_choices
from api.web.params import AsOf
from api.web.routing import PageCaller, WebRoute
from api.web.shaping import Capped
from api.web.templating import render
from queries.errors import InvalidQueryError
from queries.models import AlertKind, Severity

router = APIRouter(route_class=WebRoute)

PAGE_SIZE: Final = 50
Choice = Annotated[str | None, Query(max_length=256)]


@dataclass(frozen=True, slots=True)
class _Filters:
    """The inbox's filters as chosen (empty form fields mean "any")."""

    account_id: str | None
    team_member: str | None
    severity: Severity | None
    kind: AlertKind | None

    def kept(self) -> dict[str, str | None]:
        """The filters every link of the page carries (pages, CSV, clear)."""
        return {
            "account_id": self.account_id,
            "team_member": self.team_member,
            "severity": self.severity.value if self.severity else None,
            "kind": self.kind.value if self.kind else None,
        }


def _filters(
    account_id: str | None, team_member: str | None, severity: str | None, kind: str | None
) -> _Filters:
    try:
        of_kind = AlertKind(kind) if kind else None
    except ValueError:
        raise InvalidQueryError(
            f"kind: {kind!r} is no alert kind; use one of {', '.join(k.value for k in AlertKind)}"
        ) from None
    return _Filters(
        account_id or None, team_member or None, Severity(severity) if severity else None, of_kind
    )


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
    chosen = _filters(account_id, team_member, severity, kind)
    visible = Visibility(answers, caller)
    accounts = sorted(
        (a for a in answers.store.list_accounts() if visible.sees(a.id)),
        key=lambda a: (a.name.casefold(), a.id),
    )
    ids = _account_ids(answers, visible, [a.id for a in accounts], chosen)
    merged, pending = merged_alerts_pending(answers, day, ids)
    every = filter_alerts(merged, chosen.severity, chosen.kind)
    pages = max(1, math.ceil(len(every) / PAGE_SIZE))
    page = min(page, pages)
    shown = every[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    kept = chosen.kept()
    context = {
        "as_of": as_of,
        "day": day,
        "alerts": Capped(shown, len(every)),
        "total": len(every),
        "counts": {s.value: sum(a.severity is s for a in every) for s in Severity},
        "page": page,
        "pages": pages,
        "kept": kept,
        "pending": pending,
        "account_names": {a.id: a.name for a in accounts},
        "account_choices": choices(accounts, chosen.account_id),
        "team_choices": team_choices(answers, chosen.team_member),
        "severities": list(Severity),
        "kinds": list(AlertKind),
        "show_account": True,
        "empty_hint": "nothing matches these filters" if any(kept.values()) else "",
    }
    return render(request, "alerts.html", context)


def _account_ids(
    answers: Answers, visible: Visibility, ids: list[str], chosen: _Filters
) -> list[str]:
    """The accounts whose alerts show: those seen, narrowed by the filters."""
    if chosen.account_id:
        visible.account(chosen.account_id)
        answers.require_account(chosen.account_id)
        ids = [chosen.account_id]
    if chosen.team_member:
        answers.require_team_member(chosen.team_member)
        theirs = set(answers.store.accounts_of_team_member(chosen.team_member))
        ids = [a for a in ids if a in theirs]
    return ids
