"""The glossary page (issue 17): every term of :mod:`api.web.terms`, by group."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web.params import AsOf
from api.web.routing import PageCaller, WebRoute
from api.web.templating import render
from api.web.terms import Term, terms
from queries.settings import QuerySettings

router = APIRouter(route_class=WebRoute)


@router.get("/glossary")
def glossary_page(request: Request, caller: PageCaller, as_of: AsOf = None) -> HTMLResponse:
    q: QuerySettings = request.app.state.settings.query
    groups: dict[str, list[Term]] = {}
    for term in terms(q):
        groups.setdefault(term.group, []).append(term)
    return render(request, "glossary.html", {"as_of": as_of, "groups": groups})
