"""The trend of an account: its coverage summary at each month end (DOMAIN.md,
"Reviews: what changed between two dates")."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

from queries.coverage import coverage_rows, executive_coverage, status_counts
from queries.models.review import AccountTrend, TrendPoint
from queries.snapshot import AccountSnapshot

#: Months of a trend *(default)*.
TREND_MONTHS = 12


def month_ends(as_of: dt.date, months: int = TREND_MONTHS) -> list[dt.date]:
    """The dates of a trend, oldest first: the last day of each of the ``months - 1``
    months before ``as_of``'s month, then ``as_of`` itself (its month so far).

    >>> [d.isoformat() for d in month_ends(dt.date(2026, 3, 15), 3)]
    ['2026-01-31', '2026-02-28', '2026-03-15']
    >>> [d.isoformat() for d in month_ends(dt.date(2024, 3, 31), 2)]
    ['2024-02-29', '2024-03-31']
    """
    if months < 1:
        raise ValueError("a trend has at least one month")
    out = [as_of]
    year, month = as_of.year, as_of.month
    for _ in range(months - 1):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        out.append(dt.date(year, month, calendar.monthrange(year, month)[1]))
    out.reverse()
    return out


def trend_point(snapshot: AccountSnapshot) -> TrendPoint:
    execs = executive_coverage(snapshot)
    return TrendPoint(
        as_of=snapshot.as_of,
        statuses=status_counts(r.status for r in coverage_rows(snapshot)),
        executives=execs.executives,
        executives_known_strongly=execs.known_strongly,
    )


def trend(
    snapshot_at: Callable[[dt.date], AccountSnapshot],
    as_of: dt.date,
    months: int = TREND_MONTHS,
) -> AccountTrend:
    """The coverage summary at each of :func:`month_ends`, each computed from the
    data as of that date (``snapshot_at`` builds the account at a date).

    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.unit("U"); b.person("P", "U"); b.team_member("T")
    >>> b.knows("T", "P", strength=0.9, created_on=dt.date(2026, 2, 10))
    >>> at = lambda d: AccountSnapshot.build(b.data(), d, QuerySettings())
    >>> [p.statuses.single_threaded for p in trend(at, dt.date(2026, 3, 5), 3).points]
    [0, 1, 1]
    """
    points, account_id = [], ""
    for day in month_ends(as_of, months):
        snapshot = snapshot_at(day)
        account_id = snapshot.account_id
        points.append(trend_point(snapshot))
    return AccountTrend(account_id=account_id, as_of=as_of, points=points)
