"""The org chart page (``/accounts/{id}/org-chart``, issue 17): the account's units
as boxes and lines coloured by coverage, and the people of one unit along their
reporting lines, coloured by how well we know them (see :mod:`api.web.orgchart`),
with who on our team knows whom overlaid on demand (:mod:`api.web.overlay`).

The page asks only what it draws: the coverage answer (unit statuses, gaps, open
seats) and, when a unit is chosen, that unit's people; not the account page's
alerts, paths or key people, which on a 10,000-person account cost more than the
chart itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import AnswersDep
from api.params import TypedId
from api.scope import Visibility
from api.service import Answers
from api.web.orgchart import MAX_PEOPLE, Chart, Node, ancestors_of, forest, layout
from api.web.overlay import Overlay, Tie, overlay
from api.web.params import AsOf
from api.web.routing import PageCaller, WebRoute
from api.web.templating import Links, label, render
from queries.coverage import coverage
from queries.models import CoverageAnswer, CoverageRow, OrgPerson
from queries.search import search
from queries.views import org_chart

router = APIRouter(route_class=WebRoute)

#: Unit boxes opened along gaps before the rest wait for a click.
MAX_OPEN_UNITS: Final = 120
MAX_OPEN_PARAM: Final = 400

Href = Callable[..., str]


def short(text: str, size: int = 24) -> str:
    """
    >>> short("Container Shipping Operations Europe", 20)
    'Container Shipping …'
    """
    return text if len(text) <= size else text[: size - 2].rstrip() + " …"


@dataclass(frozen=True, slots=True)
class _View:
    """What the user asked to see: the units they opened, the unit whose people
    show, the person in focus, all people or the first ones, the overlay."""

    account_id: str
    asked: list[str]
    unit: str | None
    focus: str | None
    show_all: bool
    ties: bool


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
    ties: Annotated[str | None, Query(pattern="^(on)?$")] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    day = as_of or answers.today()
    Visibility(answers, caller).account(account_id)
    cov = answers.ask(account_id, day, coverage)
    rows = {r.id: r for r in cov.units}
    view = _view(answers, day, account_id, rows, opened, unit, focus, show, ties)
    links = Links(as_of)

    def chart_href(**params: str | None) -> str:
        # Only what the user chose travels: the gaps open again on every request.
        keep = {
            "open": ",".join(view.asked) or None,
            "unit": view.unit,
            "ties": "on" if view.ties else None,
        }
        return links.org_chart(account_id, **{**keep, **params})

    people = _people_section(answers, day, view, links)
    hits = search(answers.store, q, 20, [account_id]).items if q and q.strip() else None
    context = {
        "as_of": as_of,
        "day": day,
        "account": cov.account,
        "units": _unit_chart(cov, view, chart_href),
        "unit": rows.get(view.unit or ""),
        **people,
        "all_people_href": chart_href(show="all") + "#people",
        "ties_href": chart_href(ties=None if view.ties else "on") + "#people",
        "ties_on": view.ties,
        "hits": hits,
        "q": q or "",
        "chart_href": chart_href,
    }
    return render(request, "orgchart.html", context)


def _view(
    answers: Answers,
    day: dt.date,
    account_id: str,
    rows: dict[str, CoverageRow],
    opened: str | None,
    unit: str | None,
    focus: str | None,
    show: str | None,
    ties: str | None,
) -> _View:
    asked = sorted({u for u in (opened or "").split(",") if u in rows})[:MAX_OPEN_PARAM]
    if focus is not None and unit is None:
        person = answers.snapshot(account_id, day).people.get(focus)
        unit = (person.unit_id or account_id) if person is not None else None
    if unit is not None and unit not in rows:
        unit = None
    return _View(account_id, asked, unit, focus, show == "all", ties == "on")


def _open_units(cov: CoverageAnswer, view: _View) -> set[str]:
    """The units whose children show: those the user opened and the ones above
    them, and along the gaps (most actionable first) until MAX_OPEN_UNITS."""
    parents = {r.id: r.parent_id for r in cov.units}
    here = [*view.asked, view.unit or view.account_id]
    open_ids = {view.account_id} | set(view.asked) | ancestors_of(parents, here)
    for gap in cov.gaps:
        above = ancestors_of(parents, [gap.id])
        if len(open_ids | above) > MAX_OPEN_UNITS:
            break
        open_ids |= above
    return open_ids


def _unit_chart(cov: CoverageAnswer, view: _View, chart_href: Href) -> Chart:
    rows = {r.id: r for r in cov.units}
    seats: dict[str, int] = {}
    for seat in cov.seat_gaps:
        seats[seat.scope.id] = seats.get(seat.scope.id, 0) + 1
    open_ids = _open_units(cov, view)

    def unit_node(row_id: str) -> Node:
        r = rows[row_id]
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
            focus=row_id == view.unit,
        )

    def open_href(unit_id: str) -> str:
        return chart_href(open=",".join(sorted({*view.asked, unit_id})))

    pairs = [(r.id, r.parent_id) for r in cov.units]
    return layout(forest(pairs, unit_node, lambda i: i in open_ids, open_href))


def _people_section(answers: Answers, day: dt.date, view: _View, links: Links) -> dict[str, object]:
    """The chosen unit's people chart (capped unless all are asked for), with the
    relationship overlay when it is on."""
    if view.unit is None:
        return {"people": None, "overlay": None, "people_total": 0, "people_shown": 0}
    chart = answers.ask(
        view.account_id, day, org_chart, None if view.unit == view.account_id else view.unit
    )
    here = chart.units[0].people
    shown = here if view.show_all else here[:MAX_PEOPLE]
    people = layout(_people(shown, links, view.focus))
    drawn: Overlay | None = None
    if view.ties:
        drawn = overlay(people, _ties(shown))
        people = drawn.chart
    return {
        "people": people,
        "overlay": drawn,
        "people_total": len(here),
        "people_shown": len(shown),
    }


def _ties(people: list[OrgPerson]) -> list[Tie]:
    return [
        Tie(k.team_member_id, k.team_member_name, p.person.id, p.person.name, k.strength, k.strong)
        for p in people
        for k in p.known_by
    ]


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
