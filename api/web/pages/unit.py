"""The unit page: its people as an org chart, its advocates, and "who can get me
in?" — introducers for a chosen team member, answered on the same page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswersDep
from api.params import TypedId
from api.scope import Visibility
from api.web.params import LIST_CAP, AsOf, Show
from api.web.routing import PageCaller, WebRoute
from api.web.shaping import cap, count_nodes, reporting_forest, trail, truncate_forest
from api.web.templating import Links, render
from graph.errors import PowermapError
from queries.advocates import advocates
from queries.committee import buying_committee
from queries.coverage import coverage
from queries.models import IntroductionsAnswer
from queries.paths import introducers
from queries.views import history_start, org_chart

router = APIRouter(route_class=WebRoute)

#: People drawn in the org chart before "show all".
ORG_CAP = 60

Member = Annotated[
    str | None, Query(max_length=200, description="Team member asking for introductions.")
]


@router.get("/units/{unit_id}")
def unit_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    unit_id: Annotated[str, TypedId],
    as_of: AsOf = None,
    member: Member = None,
    show: Show = None,
) -> HTMLResponse:
    day = as_of or answers.today()
    account_id = Visibility(answers, caller).unit(unit_id)
    snap = answers.snapshot(account_id, day)
    rows = answers.ask(account_id, day, coverage).units
    chart = answers.ask(account_id, day, org_chart, unit_id)
    here = chart.units[0]
    forest = reporting_forest(here.people)
    shown = forest if show == "people" else truncate_forest(forest, ORG_CAP)

    found: IntroductionsAnswer | None = None
    problem: str | None = None
    if member:
        try:
            found = answers.ask(account_id, day, introducers, unit_id, member)
        except PowermapError as exc:
            problem = exc.detail

    context = {
        "as_of": as_of,
        "day": day,
        "account_name": snap.account_name,
        "account_id": account_id,
        "trail": trail(rows, unit_id),
        "row": next(r for r in rows if r.id == unit_id),
        "unit": here,
        "forest": shown,
        "people_total": len(here.people),
        "people_shown": count_nodes(shown),
        "sub_units": [u for u in chart.units if u.parent_id == unit_id],
        "advocates": cap(
            answers.ask(account_id, day, advocates, unit_id).advocates,
            LIST_CAP,
            show == "advocates",
        ),
        "members": sorted(snap.team_members.values(), key=lambda t: (t.name.casefold(), t.id)),
        "member": member,
        "introducers": found,
        "problem": problem,
        "history_start": answers.ask(account_id, day, history_start),
        "committee": answers.ask(account_id, day, buying_committee, unit_id),
        "committee_all": show == "committee",
        "committee_more": Links(as_of).unit(unit_id, show="committee", member=member)
        + "#committee",
        "committee_csv": Links(as_of).csv(f"accounts/{account_id}/committee", unit_id=unit_id),
    }
    return render(request, "unit.html", context)
