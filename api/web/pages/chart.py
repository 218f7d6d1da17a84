"""The org chart page (``/accounts/{id}/org-chart``, issue 17): the account's units
as boxes and lines coloured by coverage, and the people of one unit along their
reporting lines, coloured by how well we know them (see :mod:`api.web.orgchart`)."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswersDep
from api.params import TypedId
from api.scope import Visibility
from api.web.orgchart import MAX_PEOPLE, Chart, Node, ancestors_of, forest, layout
from api.web.pages.account import account_answers
from api.web.params import AsOf
from api.web.routing import PageCaller, WebRoute
from api.web.templating import Links, label, render
from queries.models import CoverageRow, OrgPerson
from queries.search import search
from queries.views import org_chart

router = APIRouter(route_class=WebRoute)

#: Unit boxes opened along gaps before the rest wait for a click.
MAX_OPEN_UNITS: Final = 120
MAX_OPEN_PARAM: Final = 400


def short(text: str, size: int = 24) -> str:
    """
    >>> short("Container Shipping Operations Europe", 20)
    'Container Shipping …'
    """
    return text if len(text) <= size else text[: size - 2].rstrip() + " …"


@router.get("/accounts/{account_id}/org-chart")
def chart_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    account_id: Annotated[str, TypedId],
    as_of: AsOf = None,
    unit: Annotated[str | None, Query(max_length=256)] = None,
    opened: Annotated[str | None, Query(alias="open", max_length=MAX_OPEN_PARAM * 40)] = None,
    focus: Annotated[str | None, Query(max_length=256)] = None,
    show: Annotated[str | None, Query(pattern="^(all)?$")] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    day = as_of or answers.today()
    Visibility(answers, caller).account(account_id)
    found = account_answers(answers, account_id, day)
    snap = answers.snapshot(account_id, day)
    links = Links(as_of)
    rows = {r.id: r for r in found.coverage.units}
    parents = {r.id: r.parent_id for r in found.coverage.units}
    asked = [u for u in (opened or "").split(",") if u in rows][:MAX_OPEN_PARAM]
    person = snap.people.get(focus or "")
    if person is not None and unit is None:
        unit = person.unit_id or account_id
    if unit is not None and unit not in rows:
        unit = None
    seats: dict[str, int] = {}
    for seat in found.coverage.seat_gaps:
        seats[seat.scope.id] = seats.get(seat.scope.id, 0) + 1

    # Open along the gaps, most actionable first, until MAX_OPEN_UNITS boxes show.
    open_ids = {account_id} | set(asked) | ancestors_of(parents, [*asked, unit or account_id])
    for gap in found.coverage.gaps:
        above = ancestors_of(parents, [gap.id])
        if len(open_ids | above) > MAX_OPEN_UNITS:
            break
        open_ids |= above

    def chart_href(**params: str | None) -> str:
        keep = {"open": ",".join(sorted(open_ids - {account_id})) or None, "unit": unit}
        return links.org_chart(account_id, **{**keep, **params})

    def unit_node(row_id: str) -> Node:
        r: CoverageRow = rows[row_id]
        badges = [label(r.customer_status)] if r.customer_status != "prospect" else []
        if seats.get(row_id):
            badges.append(f"{seats[row_id]} open seat{'s' if seats[row_id] > 1 else ''}")
        return Node(
            id=row_id,
            title=short(r.name),
            lines=(
                short(f"{label(r.kind)} · {label(r.status)}", 30),
                f"{r.people_known_strongly}/{r.active_people} known strongly",
            ),
            tone=str(r.status),
            href=chart_href(unit=row_id) + "#people",
            badges=(short(" · ".join(badges), 30),) if badges else (),
            focus=row_id == unit,
        )

    units = layout(
        forest(
            [(r.id, r.parent_id) for r in found.coverage.units],
            unit_node,
            lambda i: i in open_ids,
            lambda i: chart_href(open=",".join(sorted((open_ids | {i}) - {account_id}))),
        )
    )
    people_chart: Chart | None = None
    people_total = people_shown = 0
    if unit is not None:
        here = org_chart(snap, None if unit == account_id else unit).units[0]
        people_total = len(here.people)
        shown = here.people if show == "all" else here.people[:MAX_PEOPLE]
        people_shown = len(shown)
        people_chart = layout(_people(shown, links, focus))
    hits = search(answers.store, q, 20, [account_id]).items if q and q.strip() else None
    context = {
        "as_of": as_of,
        "day": day,
        "summary": found.summary,
        "units": units,
        "unit": rows.get(unit or ""),
        "people": people_chart,
        "people_total": people_total,
        "people_shown": people_shown,
        "all_people_href": chart_href(show="all") + "#people",
        "hits": hits,
        "q": q or "",
        "chart_href": chart_href,
    }
    return render(request, "orgchart.html", context)


def _people(people: list[OrgPerson], links: Links, focus: str | None) -> list[Node]:
    by_id = {p.person.id: p for p in people}

    def node(pid: str) -> Node:
        p = by_id[pid]
        strong = any(c.strong for c in p.known_by)
        tone = "strong" if strong else ("weak" if p.known_by else "unknown")
        badges = (["executive"] if p.person.executive else []) + (
            [label(p.person.buying_role)] if p.person.buying_role else []
        )
        best = p.known_by[0] if p.known_by else None
        known = f"{best.team_member_name} {best.strength:.2f}" if best else "nobody knows them"
        return Node(
            id=pid,
            title=short(p.person.name),
            lines=(short(p.person.title or "–", 28), short(known, 28)),
            tone=tone,
            href=links.person(pid),
            badges=tuple(badges),
            focus=pid == focus,
        )

    return forest([(p.person.id, p.manager_id) for p in people], node, lambda _: True, lambda _: "")
