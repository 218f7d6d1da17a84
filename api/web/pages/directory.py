"""The team directory (``/team``) and "my accounts" (``/me``), issue 17.

"My accounts" is the team member page of whoever is signed in: a key scoped to a
team member (POWERMAP_KEY_SCOPES) is that member; otherwise the user picks
themselves once in the directory, and the choice is kept in a cookie of its own
(a shortcut, not a permission: what a key sees is still its scope).
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import AnswersDep
from api.params import MAX_ID_LENGTH
from api.scope import Visibility
from api.service import Answers
from api.web.params import AsOf
from api.web.routing import PageCaller, WebRoute
from api.web.templating import Links, render
from graph.errors import NotFoundError
from queries.team import TeamDirectory, team_directory

router = APIRouter(route_class=WebRoute)

ME_COOKIE: Final = "powermap_me"
ME_COOKIE_DAYS: Final = 365


def directory(answers: Answers, visible: Visibility) -> TeamDirectory:
    """The team, with the accounts the caller may see."""
    whole = answers.cached(("web.team_directory",), lambda: _whole_team(answers))
    if not visible.scoped:
        return whole
    return TeamDirectory(
        members=[
            m.model_copy(update={"account_ids": [a for a in m.account_ids if visible.sees(a)]})
            for m in whole.members
        ]
    )


def _whole_team(answers: Answers) -> TeamDirectory:
    # Every account graph holds the whole team: read it from any one account. Once
    # per store revision: at M that account is the largest (10,000 people), whose
    # read took 1.5 s of the directory's 1.5 s on every visit.
    first = answers.store.largest_accounts(1)
    data = answers.store.account_data(first[0]) if first else None
    return team_directory(data, lambda _: True)


@router.get("/team")
def team_page(
    request: Request, caller: PageCaller, answers: AnswersDep, as_of: AsOf = None
) -> HTMLResponse:
    visible = Visibility(answers, caller)
    context = {
        "as_of": as_of,
        "team": directory(answers, visible).members,
        "me": _me(request, caller.scope.team_member if caller.scope else None),
        "scoped": visible.scoped,
    }
    return render(request, "team.html", context)


def _me(request: Request, scoped_member: str | None) -> str | None:
    return scoped_member or request.cookies.get(ME_COOKIE) or None


@router.get("/me")
def my_accounts(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    team_member: Annotated[str | None, Query(max_length=MAX_ID_LENGTH)] = None,
    as_of: AsOf = None,
) -> Response:
    scoped_member = caller.scope.team_member if caller.scope else None
    chosen = scoped_member or team_member
    if chosen is not None and not answers.store.team_members([chosen]):
        raise NotFoundError(f"team member {chosen!r} does not exist")
    links = Links(as_of)
    if chosen is not None:
        response = RedirectResponse(links.team_member(chosen), status_code=303)
        if team_member is not None and scoped_member is None:
            response.set_cookie(
                ME_COOKIE,
                chosen,
                max_age=ME_COOKIE_DAYS * 86400,
                httponly=True,
                samesite="lax",
                secure=request.url.scheme == "https",
            )
        return response
    remembered = _me(request, None)
    if remembered and answers.store.team_members([remembered]):
        return RedirectResponse(links.team_member(remembered), status_code=303)
    return RedirectResponse(links.team(pick="me"), status_code=303)
