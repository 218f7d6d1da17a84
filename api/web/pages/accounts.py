"""The accounts page: every account with its coverage bar, executive coverage, gaps
and alert count, sorted and filtered on the server (the same answer as
``GET /v1/accounts``), a page at a time; every link keeps the sort and filters."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from api.deps import AnswersDep
from api.routes.accounts_list import account_list
from api.scope import Visibility
from api.web.choices import team_choices
from api.web.params import AsOf
from api.web.routing import PageCaller, WebRoute
from api.web.templating import render
from queries.accounts_list import AccountFilters, AccountList, AccountSort, SortOrder
from queries.errors import InvalidQueryError

router = APIRouter(route_class=WebRoute)

PAGE_SIZE = 50
#: The column headers, in order: (label, sort key, first order when chosen).
COLUMNS = (
    ("Account", AccountSort.NAME, SortOrder.ASC),
    ("Tier", AccountSort.TIER, SortOrder.ASC),
    ("Coverage", AccountSort.COVERAGE, SortOrder.ASC),
    ("Gaps", AccountSort.GAPS, SortOrder.DESC),
    ("Executives known", AccountSort.EXECUTIVES, SortOrder.ASC),
    ("Alerts", AccountSort.ALERTS, SortOrder.DESC),
    ("People", AccountSort.PEOPLE, SortOrder.DESC),
)
Blankable = Annotated[str | None, Query(max_length=16, pattern=r"^[0-9.]*$")]
#: The "at most" choices of the share filters.
SHARES = (0.0, 0.25, 0.5, 0.75)


@router.get("/")
def accounts_page(
    request: Request,
    caller: PageCaller,
    answers: AnswersDep,
    as_of: AsOf = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    sort: AccountSort = AccountSort.NAME,
    order: SortOrder = SortOrder.ASC,
    tier: Annotated[str | None, Query(max_length=64)] = None,
    team_member: Annotated[str | None, Query(max_length=256)] = None,
    min_gaps: Blankable = None,
    min_alerts: Blankable = None,
    max_coverage: Blankable = None,
    max_executive_coverage: Blankable = None,
) -> HTMLResponse:
    day = as_of or answers.today()
    visible = Visibility(answers, caller)
    filters = _filters(
        tier, team_member, min_gaps, min_alerts, max_coverage, max_executive_coverage
    )

    def one_page(number: int) -> AccountList:
        offset = (number - 1) * PAGE_SIZE
        return account_list(
            answers, visible, day, sort=sort, order=order, filters=filters, limit=PAGE_SIZE,
            offset=offset,
        )  # fmt: skip

    first = one_page(1)
    pages = max(1, math.ceil(first.total / PAGE_SIZE))
    page = min(page, pages)
    found = first if page == 1 else one_page(page)
    # Every link of the page keeps these (None values are left out of links).
    kept = {
        "sort": sort.value if sort is not AccountSort.NAME else None,
        "order": order.value if order is not SortOrder.ASC else None,
        **{k: None if v is None else str(v) for k, v in filters.model_dump().items()},
    }
    tiers = sorted({a.tier for a in answers.store.list_accounts() if a.tier and visible.sees(a.id)})
    context = {
        "as_of": as_of,
        "day": day,
        "found": found,
        "lines": found.items,
        "total": found.total,
        "page": page,
        "pages": pages,
        "kept": kept,
        "columns": COLUMNS,
        "tiers": tiers,
        "team_choices": team_choices(answers, filters.team_member),
        "shares": SHARES,
        "filtered": any(v is not None for v in filters.model_dump().values()),
    }
    return render(request, "accounts.html", context)


def _filters(
    tier: str | None,
    team_member: str | None,
    min_gaps: str | None,
    min_alerts: str | None,
    max_coverage: str | None,
    max_executive_coverage: str | None,
) -> AccountFilters:
    """The filters as the API's own model checks them. A form sends its unset fields
    empty: empty means "no filter"; a bad value is a 400 page naming it."""
    try:
        return AccountFilters.model_validate(
            {
                "tier": tier or None,
                "team_member": team_member or None,
                "min_gaps": min_gaps or None,
                "min_alerts": min_alerts or None,
                "max_coverage": max_coverage or None,
                "max_executive_coverage": max_executive_coverage or None,
            }
        )
    except ValidationError as exc:
        raise InvalidQueryError(f"a filter of the accounts list is not valid: {exc}") from exc
