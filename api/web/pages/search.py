"""The search page: every match for the words typed (the header box suggests the
first few as you type, from ``GET /v1/search``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswersDep
from api.routes.search import MAX_QUERY_CHARS
from api.scope import Visibility
from api.web.params import AsOf
from api.web.routing import PageCaller, WebRoute
from api.web.templating import render
from queries.search import MAX_LIMIT, search

router = APIRouter(route_class=WebRoute)


@router.get("/search")
def search_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
    as_of: AsOf = None,
) -> HTMLResponse:
    visible = Visibility(answers, caller)
    found = search(answers.store, q, MAX_LIMIT, visible.accounts) if q.strip() else None
    context = {"as_of": as_of, "found": found, "search_text": q, "cap": MAX_LIMIT}
    return render(request, "search.html", context)
