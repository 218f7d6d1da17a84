"""The review pages of an account (issue 20): "since last review" (what changed
between two dates, picked on the page), the account plan (accepted actions with
their status, suggestions to accept or dismiss), and the trend as SVG images (a
sparkline for the accounts list, a chart for the account page).

Accepting from a browser: the pages sign in with a session cookie, which the API
honours for reads only. The plan's buttons post to a page route that takes the
cookie only with a token derived from it (HMAC with a per-process secret; the
cookie is HttpOnly and SameSite=Strict, and the request gate refuses cross-site
writes before any route), so another site can neither read nor forge it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Annotated, Final, Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import SESSION_COOKIE, Caller, authenticate, authorize, caller_of_key
from api.deps import AnswersDep, SettingsDep
from api.params import AsOfDate, TypedId
from api.plans import decide, get_plan
from api.routes.review import account_changes, account_trend
from api.scope import Visibility
from api.settings import Role, Settings
from api.web.params import AsOf, Show
from api.web.routing import LoginRequiredError, PageCaller, WebRoute
from api.web.shaping import cap
from api.web.templating import render
from api.web.trend_svg import chart, sparkline
from graph.plans import PlanDecision

router = APIRouter(route_class=WebRoute)

#: Signs the plan buttons' tokens; per process, as the sessions are.
_TOKEN_KEY: Final = secrets.token_bytes(32)
#: Suggestions shown until the user asks for all of them (a large account has hundreds).
SUGGESTIONS_CAP: Final = 30
#: "Since last review" defaults to this many days before the date shown.
REVIEW_DAYS: Final = 90


def form_token(session: str) -> str:
    return hmac.new(_TOKEN_KEY, session.encode(), hashlib.sha256).hexdigest()


def _session_token(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE)


@router.get("/accounts/{account_id}/trend.svg")
def trend_svg(
    caller: PageCaller,
    answers: AnswersDep,
    account_id: Annotated[str, TypedId],
    as_of: AsOf = None,
    kind: Annotated[Literal["sparkline", "chart"], Query()] = "sparkline",
) -> Response:
    day = as_of or answers.today()
    found = account_trend(answers, Visibility(answers, caller).account(account_id), day)
    body = sparkline(found) if kind == "sparkline" else chart(found)
    return Response(
        body, media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=60"}
    )


@router.get("/accounts/{account_id}/review")
def review_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    account_id: Annotated[str, TypedId],
    as_of: AsOf = None,
    since: Annotated[
        AsOfDate | None,
        Query(alias="from", description="The last review's date (YYYY-MM-DD)."),
    ] = None,
) -> HTMLResponse:
    day = as_of or answers.today()
    account = Visibility(answers, caller).account(account_id)
    start = since or day - dt.timedelta(days=REVIEW_DAYS)
    found = account_changes(answers, account, start, day)
    name = answers.snapshot(account, day).account_name
    context = {"as_of": as_of, "day": day, "since": start, "changes": found, "name": name}
    return render(request, "review.html", context)


@router.get("/accounts/{account_id}/plan")
def plan_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    account_id: Annotated[str, TypedId],
    as_of: AsOf = None,
    show: Show = None,
) -> HTMLResponse:
    day = as_of or answers.today()
    account = Visibility(answers, caller).account(account_id)
    found = get_plan(answers, account, day)
    session = _session_token(request)
    context = {
        "as_of": as_of,
        "day": day,
        "plan": found,
        "suggestions": cap(found.suggestions, SUGGESTIONS_CAP, show == "suggestions"),
        "name": answers.snapshot(account, day).account_name,
        "can_write": caller.role.allows(Role.WRITER),
        "token": form_token(session) if session else "",
    }
    return render(request, "plan.html", context)


def _writer(request: Request, settings: Settings, token: str) -> Caller:
    """A program's key, or a signed-in browser with the page's token."""
    if request.headers.get("authorization"):
        caller = authenticate(request, settings)
    else:
        session = _session_token(request)
        name = None if session is None else request.app.state.sessions.find(session)
        key = next((k for k in settings.api_keys if k.name == name), None)
        if not settings.api_keys:
            caller = authenticate(request, settings)  # this machine only, no keys
        elif key is None:
            raise LoginRequiredError
        elif session is None or not hmac.compare_digest(token, form_token(session)):
            raise HTTPException(403, "The form has expired: reload the plan and try again.")
        else:
            caller = caller_of_key(key, settings)
    authorize(caller, Role.WRITER)
    return caller


@router.post("/accounts/{account_id}/plan/{action_id}/{decision}")
def decide_page(
    request: Request,
    settings: SettingsDep,
    answers: AnswersDep,
    account_id: Annotated[str, TypedId],
    action_id: Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
    decision: Literal["accept", "dismiss"],
    as_of: AsOf = None,
    token: Annotated[str, Query(max_length=128)] = "",
) -> RedirectResponse:
    caller = _writer(request, settings, token)
    day = as_of or answers.today()
    account = Visibility(answers, caller).account(account_id)
    decide(
        answers,
        account,
        action_id,
        day,
        decision=PlanDecision.ACCEPTED if decision == "accept" else PlanDecision.DISMISSED,
        who=caller.name,
    )
    back = f"/accounts/{quote(account_id, safe='')}/plan" + (f"?as_of={as_of}" if as_of else "")
    return RedirectResponse(back, status_code=303)
