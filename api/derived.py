"""The answers lists need, per account and account revision (issue 17/20): each
account's list line, its alerts and its trend points, from the kept answers
(:mod:`api.answers_disk`) when there, else computed — in the request when few are
missing, otherwise by the background filler (:mod:`api.answer_filler`) while the
request answers with what is known and says how many are still being computed.

One snapshot of an account gives its line, its alerts and its trend point for
that day (:func:`derive`); the filler and a request computing a missing line both
keep all three. Past month-end points need a snapshot each and never change until
the account's data does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

from pydantic import BaseModel

from api.answers_disk import AnswerStore, Row
from api.service import Answers
from queries.accounts_list import AccountLine, account_line
from queries.alerts import alerts
from queries.models import AlertsResult
from queries.models.review import AccountTrend, TrendPoint
from queries.snapshot import AccountSnapshot
from queries.trend import month_ends, trend_point
from queries.views import account_summary

LINE: Final = "line"
ALERTS: Final = "alerts"
POINT: Final = "trend_point"
#: Missing lines a request computes itself; more are left to the filler.
SYNC_LIMIT: Final = 20
#: From this many accounts on, a day's kept answers are read in one scan.
SCAN_FROM: Final = 200

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Derived:
    """What one snapshot gives the lists."""

    line: AccountLine
    alerts: AlertsResult
    point: TrendPoint


def derive(snapshot: AccountSnapshot) -> Derived:
    found = alerts(snapshot)
    line = account_line(account_summary(snapshot), len(found.alerts))
    return Derived(line, found, trend_point(snapshot))


def keep_many(disk: AnswerStore, items: Sequence[tuple[int, Derived]]) -> None:
    """Keep the (account revision, derived) pairs, one transaction per answer name."""

    def rows(part: Callable[[Derived], BaseModel]) -> list[Row]:
        return [
            (d.line.account_id, d.point.as_of.isoformat(), rev, part(d).model_dump_json())
            for rev, d in items
        ]

    disk.put(LINE, rows(lambda d: d.line))
    disk.put(ALERTS, rows(lambda d: d.alerts))
    disk.put(POINT, rows(lambda d: d.point))


def _found(
    answers: Answers,
    name: str,
    model: type[M],
    pick: Callable[[Derived], M],
    ids: list[str] | None,
    as_of: dt.date,
    sync_limit: int,
) -> tuple[dict[str, M], list[str]]:
    """``name`` answers of ``ids`` (None: every account) as of ``as_of``: kept ones,
    then those computed here when at most ``sync_limit`` are missing; the rest are
    pending (the filler is asked for them)."""
    revisions = answers.store.account_revisions(ids)
    disk = answers.disk
    values: dict[str, M] = {}
    if disk is not None:
        every = ids is None or len(revisions) >= SCAN_FROM
        kept = disk.get(name, as_of.isoformat(), revisions, every=every)
        values = {a: model.model_validate_json(body) for a, body in kept.items()}
    missing = [a for a in (revisions if ids is None else ids) if a in revisions and a not in values]
    if len(missing) > sync_limit:
        answers.want(as_of)
        return values, missing
    made: list[tuple[int, Derived]] = []
    for account_id in missing:
        d = derive(answers.snapshot(account_id, as_of))
        values[account_id] = pick(d)
        made.append((revisions[account_id], d))
    if disk is not None and made:
        keep_many(disk, made)
    return values, []


def lines(
    answers: Answers, ids: list[str] | None, as_of: dt.date, *, sync_limit: int = SYNC_LIMIT
) -> tuple[dict[str, AccountLine], list[str]]:
    """The list lines of ``ids`` (None: every account) and the pending accounts."""
    return _found(answers, LINE, AccountLine, lambda d: d.line, ids, as_of, sync_limit)


def account_alerts(
    answers: Answers, ids: list[str] | None, as_of: dt.date, *, sync_limit: int = SYNC_LIMIT
) -> tuple[dict[str, AlertsResult], list[str]]:
    """The alerts of ``ids`` (None: every account) and the pending accounts."""
    return _found(answers, ALERTS, AlertsResult, lambda d: d.alerts, ids, as_of, sync_limit)


def account_trend(answers: Answers, account_id: str, as_of: dt.date, months: int) -> AccountTrend:
    """The trend from kept points; missing ones are computed from one read of the
    account (a snapshot per missing day) and kept."""
    answers.require_account(account_id)
    days = month_ends(as_of, months)
    revision = answers.store.account_revisions([account_id]).get(account_id, 0)
    disk = answers.disk
    points: dict[dt.date, TrendPoint] = {}
    if disk is not None:
        kept = disk.get_days(POINT, account_id, revision, [d.isoformat() for d in days])
        points = {
            dt.date.fromisoformat(d): TrendPoint.model_validate_json(b) for d, b in kept.items()
        }
    missing = [d for d in days if d not in points]
    if missing:
        # Read after the revision: what is kept is at least as new as its key says.
        data = answers.store.account_data(account_id)
        made = [trend_point(AccountSnapshot.build(data, day, answers.settings)) for day in missing]
        points.update((p.as_of, p) for p in made)
        if disk is not None:
            rows = [(account_id, p.as_of.isoformat(), revision, p.model_dump_json()) for p in made]
            disk.put(POINT, rows)
    return AccountTrend(account_id=account_id, as_of=as_of, points=[points[d] for d in days])
