"""Reviews: what changed in an account between two dates, and its monthly trend."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from fastapi import APIRouter, Query

from api import derived
from api.deps import AnswersDep, Reader
from api.errors import problem_responses
from api.params import AccountId, AsOf, AsOfDate, check_as_of
from api.scope import VisibleDep
from api.service import Answers
from queries.models.review import AccountChanges, AccountTrend
from queries.review import changes, check_dates
from queries.trend import TREND_MONTHS

router = APIRouter(prefix="/v1/accounts", tags=["reviews"])

_ERRORS = problem_responses(401, 403, 404, 422, 503)
MAX_TREND_MONTHS: Final = 36


def account_changes(
    answers: Answers, account_id: str, from_date: dt.date, to_date: dt.date
) -> AccountChanges:
    """The review, once per (account, dates) and store revision. Its two
    snapshots come from one read of the account (and are shared with the other
    answers at those dates)."""
    check_dates(from_date, to_date)

    def build() -> AccountChanges:
        earlier, later = answers.snapshots(account_id, (from_date, to_date))
        return changes(earlier, later)

    found: AccountChanges = answers.cached(("changes", account_id, from_date, to_date), build)
    return found


def account_trend(
    answers: Answers, account_id: str, as_of: dt.date, months: int = TREND_MONTHS
) -> AccountTrend:
    """The trend, in memory once per (account, date, months) and store revision; its
    points are kept on disk per account revision (:func:`api.derived.account_trend`),
    so past month ends are computed once per change of the account, not per request
    nor per restart. The snapshots built for missing points are not kept in memory:
    twelve of them would push the snapshots other answers share out of the cache."""
    found: AccountTrend = answers.cached(
        ("trend", account_id, as_of, months),
        lambda: derived.account_trend(answers, account_id, as_of, months),
    )
    return found


@router.get(
    "/{account_id}/changes",
    response_model=AccountChanges,
    summary="What changed between two dates (since the last review)",
    description="Units whose coverage status changed, relationships that became or "
    "stopped being strong, executives reached or lost, people who joined or left, "
    "buying-committee seats emptied or filled, and the alerts dated in between; each "
    "with names and the evidence. `from` must be before `to`.",
    responses=_ERRORS,
)
def get_changes(
    account_id: AccountId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    from_date: Annotated[
        AsOfDate,
        Query(alias="from", description="The first date (the last review), YYYY-MM-DD."),
    ],
    to_date: Annotated[
        AsOfDate | None,
        Query(alias="to", description="The second date, YYYY-MM-DD; default as_of (today)."),
    ] = None,
) -> AccountChanges:
    to_day = as_of if to_date is None else check_as_of(to_date, answers.today())
    return account_changes(answers, visible.account(account_id), from_date, to_day)


@router.get(
    "/{account_id}/trend",
    response_model=AccountTrend,
    summary="Coverage at each month end over the last months",
    description="The coverage summary (rows per status, executives known strongly) at "
    "the end of each of the months before the as-of date and at the date itself, "
    "oldest first, each from the data as of that day.",
    responses=_ERRORS,
)
def get_trend(
    account_id: AccountId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    months: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_TREND_MONTHS,
            description=f"How many months (1 to {MAX_TREND_MONTHS}); default {TREND_MONTHS}.",
        ),
    ] = TREND_MONTHS,
) -> AccountTrend:
    return account_trend(answers, visible.account(account_id), as_of, months)
