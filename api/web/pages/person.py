"""The person page (issue 17): who they are, where they sit (manager, reports), who
on our team knows them and how well (each relationship opens its evidence), and
the best paths to them."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswersDep
from api.params import TypedId
from api.scope import Visibility
from api.web.params import LIST_CAP, AsOf, Show
from api.web.routing import PageCaller, WebRoute
from api.web.shaping import cap
from api.web.templating import render
from queries.models import PersonPathsResult
from queries.paths import paths_to_person
from queries.person import person_profile
from queries.views import history_start

router = APIRouter(route_class=WebRoute)

#: Paths drawn before "show more" (the answer's own k, at most MAX_PATHS).
PATHS_SHOWN: Final = 3
MAX_PATHS: Final = 10


@router.get("/people/{person_id}")
def person_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    person_id: Annotated[str, TypedId],
    as_of: AsOf = None,
    show: Show = None,
) -> HTMLResponse:
    day = as_of or answers.today()
    account_id = Visibility(answers, caller).person(person_id)
    snap = answers.snapshot(account_id, day)
    profile = person_profile(snap, person_id)
    found: PersonPathsResult | None = None
    if profile.left_on is None:
        found = answers.answer(
            account_id,
            day,
            ("person_paths", person_id, None, MAX_PATHS, None),
            lambda s: paths_to_person(s, person_id, None, MAX_PATHS, None),
        )
    paths = found.paths if found is not None else []
    context = {
        "as_of": as_of,
        "day": day,
        "p": profile,
        "paths": cap(paths, PATHS_SHOWN, show == "paths"),
        "max_hops": found.max_hops if found is not None else None,
        "reports": cap(profile.reports, LIST_CAP, show == "reports"),
        "history_start": history_start(snap),
    }
    return render(request, "person.html", context)
