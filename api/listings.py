"""The answers over many accounts, a page at a time: the account list and the
alerts. Each account's part is a cached answer of :class:`api.service.Answers`;
the merged lists are cached per store revision too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from api.service import Answers
from queries.alerts import alerts
from queries.models import AccountsPage, Alert, AlertsPage
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


def alert_page(
    answers: Answers,
    as_of: dt.date,
    *,
    account_id: str | None = None,
    team_member: str | None = None,
    limit: int,
    offset: int,
    seen: Seen | None = None,
) -> AlertsPage:
    """Alerts of every account, of one account, or of a team member's accounts
    (both: that account if the member works on it), newest first; only accounts
    ``seen`` keeps. The merged list is built once per store revision and date, so
    later pages of a large store are a slice."""
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

    def merged() -> list[Alert]:
        found: list[Alert] = []
        for aid in ids:
            found.extend(answers.ask(aid, as_of, alerts).alerts)
        # Each account's list is already newest first; a stable sort keeps that
        # order among alerts of the same day.
        found.sort(key=lambda a: -a.date.toordinal())
        return found

    every = answers.cached(("alerts_merged", as_of, tuple(ids)), merged)
    return AlertsPage(
        as_of=as_of,
        account_ids=ids,
        items=every[offset : offset + limit],
        total=len(every),
        limit=limit,
        offset=offset,
    )
