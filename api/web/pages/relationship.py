"""Why this strength: the evidence of one relationship (issue 12), reached from
every relationship chip and person card."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswersDep
from api.web.params import AsOf
from api.web.routing import PageCaller, WebRoute
from api.web.templating import render
from queries.evidence import relationship_evidence
from queries.views import history_start

router = APIRouter(route_class=WebRoute)


@router.get("/relationships/{team_member_id}/{person_id}")
def relationship_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    team_member_id: str,
    person_id: str,
    as_of: AsOf = None,
) -> HTMLResponse:
    day = as_of or answers.today()
    account_id = answers.account_of_person(person_id)
    evidence = answers.ask(account_id, day, relationship_evidence, team_member_id, person_id)
    context = {
        "as_of": as_of,
        "day": day,
        "account_id": account_id,
        "account_name": answers.snapshot(account_id, day).account_name,
        "e": evidence,
        "history_start": answers.ask(account_id, day, history_start),
    }
    return render(request, "relationship.html", context)
