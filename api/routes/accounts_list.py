"""``GET /v1/accounts``: the accounts list, sorted and filtered on the server and
paged (issue 17). The page ``/`` reads the same answer (:func:`account_list`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AnswersDep, Reader
from api.errors import problem_responses
from api.params import DEFAULT_LIMIT, AsOf, Limit, Offset, TypedId, id_query
from api.scope import Visibility, VisibleDep
from api.service import Answers
from queries.accounts_list import (
    AccountFilters,
    AccountLine,
    AccountList,
    AccountSort,
    Named,
    SortOrder,
    account_line,
    by_figure,
    by_record,
    passes,
)
from queries.alerts import alerts
from queries.views import account_summary

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])


def line_of(answers: Answers, account_id: str, as_of: dt.date) -> AccountLine:
    """One account's line, cached per account, date and store revision."""
    return answers.answer(
        account_id,
        as_of,
        ("list_line",),
        lambda s: account_line(account_summary(s), len(alerts(s).alerts)),
    )


def account_list(
    answers: Answers,
    visible: Visibility,
    as_of: dt.date,
    *,
    sort: AccountSort = AccountSort.NAME,
    order: SortOrder = SortOrder.ASC,
    filters: AccountFilters | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> AccountList:
    """A page of the accounts ``visible`` sees. Sorting by name or tier with record
    filters only (tier, team member) computes the page's lines alone; any other
    sort or filter computes every account's line (cached: the first such request
    after a load pays for every account's snapshot)."""
    f = filters or AccountFilters()

    def records() -> list[Named]:
        return [Named(a.id, a.name, a.tier) for a in answers.store.list_accounts()]

    named: list[Named] = [
        n for n in answers.cached(("accounts_named",), records) if visible.sees(n.id)
    ]
    if f.tier is not None:
        named = [n for n in named if n.tier == f.tier]
    if f.team_member is not None:
        answers.require_team_member(f.team_member)
        theirs = set(answers.store.accounts_of_team_member(f.team_member))
        named = [n for n in named if n.id in theirs]
    if sort in (AccountSort.NAME, AccountSort.TIER) and not f.needs_figures:
        ordered = by_record(named, sort, order)
        items = [line_of(answers, n.id, as_of) for n in ordered[offset : offset + limit]]
        total = len(ordered)
    else:
        lines = [line_of(answers, n.id, as_of) for n in named]
        kept = {line.account_id: line for line in lines if passes(line, f)}
        if sort in (AccountSort.NAME, AccountSort.TIER):
            ordered_lines = [kept[n.id] for n in by_record(named, sort, order) if n.id in kept]
        else:
            ordered_lines = by_figure(list(kept.values()), sort, order)
        items = ordered_lines[offset : offset + limit]
        total = len(ordered_lines)
    return AccountList(
        as_of=as_of,
        items=items,
        total=total,
        limit=limit,
        offset=offset,
        sort=sort,
        order=order,
        filters=f,
    )


def _share(what: str) -> object:
    return Query(ge=0, le=1, description=f"Only accounts whose {what} is at most this (0 to 1).")


def _at_least(what: str) -> object:
    return Query(ge=0, le=1_000_000, description=f"Only accounts with at least this many {what}.")


@router.get(
    "",
    response_model=AccountList,
    summary="Accounts with their coverage summary, sorted and filtered",
    description="The accounts a page at a time, each with its coverage counts, executive "
    "coverage, gaps and alerts as of the date; sorted on the server by `sort` (name, "
    "coverage, gaps, executives, alerts, people, tier; ties by name) in `order`, kept "
    "by the filters. Pagination keeps both.",
    responses=problem_responses(401, 403, 404, 422, 503),
)
def list_accounts(
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    sort: Annotated[
        AccountSort,
        Query(
            description="Column to sort on (ties by name): name, coverage (share of rows "
            "reached strongly), gaps, executives (share known strongly), alerts, people, tier."
        ),
    ] = AccountSort.NAME,
    order: Annotated[SortOrder, Query(description="asc or desc.")] = SortOrder.ASC,
    tier: Annotated[str | None, Query(max_length=64, description="Only this tier.")] = None,
    team_member: Annotated[
        str | None, id_query("Only accounts this team member works on."), TypedId
    ] = None,
    min_gaps: Annotated[int | None, _at_least("gaps (uncovered or weak rows)")] = None,
    min_alerts: Annotated[int | None, _at_least("alerts")] = None,
    max_coverage: Annotated[float | None, _share("share of rows reached strongly")] = None,
    max_executive_coverage: Annotated[
        float | None, _share("share of executives known strongly")
    ] = None,
) -> AccountList:
    filters = AccountFilters(
        tier=tier,
        team_member=team_member,
        min_gaps=min_gaps,
        min_alerts=min_alerts,
        max_coverage=max_coverage,
        max_executive_coverage=max_executive_coverage,
    )
    return account_list(
        answers, visible, as_of, sort=sort, order=order, filters=filters, limit=limit, offset=offset
    )
