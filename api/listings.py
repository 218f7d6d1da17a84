"""The answers over many accounts, a page at a time: the account list by name and
the alerts. The account list's summaries are cached answers of
:class:`api.service.Answers`; each account's alerts are kept per account revision
(:mod:`api.derived`), and the merged list is cached per store revision once every
account's alerts are in.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from typing import Final

from api import derived
from api.derived import SYNC_LIMIT
from api.service import Answers
from queries.models import AccountsPage, Alert, AlertKind, AlertsPage, Severity
from queries.views import account_summary

#: Keeps the ids a caller may see (``api.scope.Visibility.only_seen``).
Seen = Callable[[Iterable[str]], list[str]]


def accounts_by_name(answers: Answers) -> list[str]:
    """Every account id, by name then id (cached per store revision)."""

    def by_name() -> list[str]:
        every = sorted(answers.store.list_accounts(), key=lambda a: (a.name.casefold(), a.id))
        return [a.id for a in every]

    return answers.cached(("accounts_by_name",), by_name)


def account_page(
    answers: Answers, as_of: dt.date, limit: int, offset: int, *, seen: Seen | None = None
) -> AccountsPage:
    """One page of accounts by name (those ``seen`` keeps). Only the page's
    accounts are prepared, each summary cached, so a store of thousands of
    accounts pages quickly once warm."""
    ids = accounts_by_name(answers)
    if seen is not None:
        ids = seen(ids)
    items = [answers.ask(aid, as_of, account_summary) for aid in ids[offset : offset + limit]]
    return AccountsPage(as_of=as_of, items=items, total=len(ids), limit=limit, offset=offset)


#: Severity as a number, for "this severity and above" and for ordering.
SEVERITY_RANK: Final = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}


class _PendingError(Exception):
    """Some accounts' alerts are still being computed: not cached."""

    def __init__(self, found: tuple[list[Alert], int]) -> None:
        super().__init__("alerts pending")
        self.found = found


def merged_alerts_pending(
    answers: Answers, as_of: dt.date, ids: list[str]
) -> tuple[list[Alert], int]:
    """The alerts of the accounts ``ids``, newest first and the most severe first
    within a day (a stable sort keeps each account's own order among equals), and
    how many of those accounts are left out because their alerts are still being
    computed in the background (:mod:`api.derived`; without a background filler
    all are computed here). Once complete, built once per store revision, date and
    accounts."""
    sync = SYNC_LIMIT if answers.wanted is not None else sys.maxsize

    def merged() -> tuple[list[Alert], int]:
        by_account, pending = derived.account_alerts(answers, ids, as_of, sync_limit=sync)
        found: list[Alert] = []
        for aid in ids:
            if aid in by_account:
                found.extend(by_account[aid].alerts)
        found.sort(key=lambda a: (-a.date.toordinal(), -SEVERITY_RANK[a.severity]))
        if pending:
            raise _PendingError((found, len(pending)))
        return found, 0

    try:
        return answers.cached(("alerts_merged", as_of, tuple(ids)), merged)
    except _PendingError as pending:
        return pending.found


def filter_alerts(
    every: list[Alert], severity: Severity | None = None, kind: AlertKind | None = None
) -> list[Alert]:
    """The alerts of ``severity`` and above and of ``kind`` (None: any), in order.

    >>> import datetime as dt
    >>> def a(sev: str, kind: str) -> Alert:
    ...     return Alert(kind=kind, date=dt.date(2026, 1, 1), severity=sev, account_id="A",
    ...                  unit_id=None, person_id=None, team_member_id=None, message="")
    >>> every = [a("low", "cooling"), a("medium", "cooling"), a("high", "champion_left")]
    >>> [x.severity.value for x in filter_alerts(every, Severity.MEDIUM)]
    ['medium', 'high']
    >>> [x.kind.value for x in filter_alerts(every, None, AlertKind.COOLING)]
    ['cooling', 'cooling']
    >>> len(filter_alerts(every, Severity.HIGH, AlertKind.COOLING)), len(filter_alerts(every))
    (0, 3)
    """
    least = SEVERITY_RANK[severity] if severity is not None else 0
    return [
        a for a in every if SEVERITY_RANK[a.severity] >= least and (kind is None or a.kind is kind)
    ]


def alert_page(
    answers: Answers,
    as_of: dt.date,
    *,
    account_id: str | None = None,
    team_member: str | None = None,
    severity: Severity | None = None,
    kind: AlertKind | None = None,
    limit: int,
    offset: int,
    seen: Seen | None = None,
) -> AlertsPage:
    """Alerts of every account, of one account, or of a team member's accounts
    (both: that account if the member works on it), of ``severity`` and above and
    of ``kind`` when given, newest first; only accounts ``seen`` keeps. The merged
    list is built once per store revision and date, so later pages of a large
    store (and other filters) are a slice."""
    if team_member is not None:
        answers.require_team_member(team_member)
        ids = answers.store.accounts_of_team_member(team_member)
        if account_id is not None:
            ids = [a for a in ids if a == account_id]
    elif account_id is not None:
        answers.require_account(account_id)
        ids = [account_id]
    else:
        ids = [a.id for a in answers.store.list_accounts()]
    if seen is not None:
        ids = seen(ids)
    merged, pending = merged_alerts_pending(answers, as_of, ids)
    every = filter_alerts(merged, severity, kind)
    return AlertsPage(
        pending=pending,
        as_of=as_of,
        account_ids=ids,
        items=every[offset : offset + limit],
        total=len(every),
        limit=limit,
        offset=offset,
    )
