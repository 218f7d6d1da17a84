"""``GET /v1/accounts``: the accounts list, sorted and filtered on the server and
paged (issue 17). The page ``/`` reads the same answer (:func:`account_list`)."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

from fastapi import APIRouter, Query

from api import derived
from api.deps import AnswersDep, Reader
from api.derived import SYNC_LIMIT
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
    by_figure,
    by_record,
    passes,
)

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])


class _PendingError(Exception):
    """Some lines are still being computed: not cached, the caller takes ``found``."""

    def __init__(self, found: tuple[dict[str, AccountLine], list[str]]) -> None:
        super().__init__("lines pending")
        self.found = found


def every_line(answers: Answers, as_of: dt.date) -> tuple[dict[str, AccountLine], list[str]]:
    """Every account's line and the accounts still pending (:mod:`api.derived`): from
    memory per store revision once complete, else from the kept answers. Without a
    background filler every missing line is computed here."""
    sync = SYNC_LIMIT if answers.wanted is not None else sys.maxsize

    def build() -> tuple[list[AccountLine], list[str]]:
        found, pending = derived.lines(answers, None, as_of, sync_limit=sync)
        if pending:
            raise _PendingError((found, pending))
        # A list, which the cache's budget weighs by its lines (a dict it would not).
        return list(found.values()), pending

    try:
        kept, _ = answers.cached(("account_lines", as_of), build)
    except _PendingError as pending:
        return pending.found
    return {line.account_id: line for line in kept}, []


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
    filters only (tier, team member) needs the page's lines alone (any missing are
    computed now); any other sort or filter needs every account's line, kept per
    account revision (:mod:`api.derived`). While the background filler is still
    computing some, the list leaves those out and says how many (``pending``): a
    figure order is never guessed."""
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
    pending = 0
    if sort in (AccountSort.NAME, AccountSort.TIER) and not f.needs_figures:
        ordered = by_record(named, sort, order)
        page = [n.id for n in ordered[offset : offset + limit]]
        found, _ = derived.lines(answers, page, as_of, sync_limit=len(page))
        items = [found[a] for a in page if a in found]
        total = len(ordered)
    else:
        every, waiting = every_line(answers, as_of)
        ids = {n.id for n in named}
        pending = sum(1 for a in waiting if a in ids)
        kept = {a: line for a, line in every.items() if a in ids and passes(line, f)}
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
        pending=pending,
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
