"""The accounts list sorted and filtered on the server (issue 17): every account's
line (its summary, gaps and alert count), ordered by the column asked for, keeping
the accounts that pass the filters, a page at a time.

Pure: the lines come from the caller (:mod:`api.routes.accounts_list` computes
them, one cached answer per account), so the rules are tested without a store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import Field

from queries.models.common import Model
from queries.models.views import AccountSummary


class AccountSort(StrEnum):
    NAME = "name"
    COVERAGE = "coverage"  # share of rows reached strongly
    GAPS = "gaps"  # uncovered and weak rows
    EXECUTIVES = "executives"  # share of executives known strongly
    ALERTS = "alerts"
    PEOPLE = "people"
    TIER = "tier"


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"


class AccountLine(AccountSummary):
    """An account's summary plus the figures the list sorts and filters on."""

    gaps: int = Field(description="Uncovered and weak rows (the account and its units).")
    alerts: int = Field(description="Alerts as of the date.")
    coverage_share: float = Field(
        description="Share of rows covered or single-threaded (reached strongly), 0 to 1."
    )
    executive_share: float | None = Field(
        description="Share of executives known strongly, 0 to 1; null without executives."
    )


class AccountFilters(Model):
    tier: str | None = Field(None, description="Only accounts of this tier.")
    team_member: str | None = Field(None, description="Only accounts this team member works on.")
    min_gaps: int | None = Field(
        None, ge=0, description="Only accounts with at least this many gaps."
    )
    min_alerts: int | None = Field(
        None, ge=0, description="Only accounts with at least this many alerts."
    )
    max_coverage: float | None = Field(
        None, ge=0, le=1, description="Only accounts whose coverage share is at most this (0 to 1)."
    )
    max_executive_coverage: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Only accounts whose executive share is at most this (0 to 1).",
    )

    @property
    def needs_figures(self) -> bool:
        """Whether filtering needs every account's computed line (not just records)."""
        return any(
            v is not None
            for v in (
                self.min_gaps,
                self.min_alerts,
                self.max_coverage,
                self.max_executive_coverage,
            )
        )


class AccountList(Model):
    as_of: dt.date = Field(description="The date the answers are computed for.")
    items: list[AccountLine] = Field(description="This page of accounts, in the order asked.")
    total: int = Field(description="Accounts that pass the filters (and the key's scope).")
    limit: int = Field(description="Page size asked for.")
    offset: int = Field(description="Accounts skipped before this page.")
    sort: AccountSort = Field(description="The column sorted on.")
    order: SortOrder = Field(description="asc or desc.")
    filters: AccountFilters = Field(description="The filters applied.")
    pending: int = Field(
        0,
        description="Accounts whose figures are still being computed (after a load, in "
        "the background): left out of a list sorted or filtered by a figure until they "
        "are ready, and not counted in `total`; 0 when every account is in.",
    )


def account_line(summary: AccountSummary, alerts: int) -> AccountLine:
    c = summary.coverage
    rows = c.covered + c.single_threaded + c.weak + c.uncovered
    ex = summary.executive_coverage
    return AccountLine(
        **summary.model_dump(),
        gaps=c.weak + c.uncovered,
        alerts=alerts,
        coverage_share=(c.covered + c.single_threaded) / rows if rows else 0.0,
        executive_share=ex.known_strongly / ex.executives if ex.executives else None,
    )


@dataclass(frozen=True, slots=True)
class Named:
    """What is known of an account before its line is computed."""

    id: str
    name: str
    tier: str | None


def _key(sort: AccountSort) -> Callable[[AccountLine], tuple[float, ...] | tuple[str, ...]]:
    if sort is AccountSort.COVERAGE:
        return lambda a: (a.coverage_share,)
    if sort is AccountSort.GAPS:
        return lambda a: (a.gaps,)
    if sort is AccountSort.EXECUTIVES:
        # No executives sorts as fully known: nothing to reach there.
        return lambda a: (1.0 if a.executive_share is None else a.executive_share,)
    if sort is AccountSort.ALERTS:
        return lambda a: (a.alerts,)
    if sort is AccountSort.PEOPLE:
        return lambda a: (a.active_people,)
    raise ValueError(sort)


def passes(line: AccountLine, f: AccountFilters) -> bool:
    """
    >>> f = AccountFilters(min_gaps=2)
    >>> f.needs_figures
    True
    """
    if f.min_gaps is not None and line.gaps < f.min_gaps:
        return False
    if f.min_alerts is not None and line.alerts < f.min_alerts:
        return False
    if f.max_coverage is not None and line.coverage_share > f.max_coverage:
        return False
    share = line.executive_share
    return f.max_executive_coverage is None or (
        share is not None and share <= f.max_executive_coverage
    )


def by_record(accounts: Sequence[Named], sort: AccountSort, order: SortOrder) -> list[Named]:
    """Accounts by name or tier (ties by name, then id): no line needed."""
    by_name = sorted(accounts, key=lambda a: (a.name.casefold(), a.id))
    if sort is AccountSort.TIER:
        # Stable sort: among one tier the name order stays ascending; no tier last.
        tiered = [a for a in by_name if a.tier]
        tiered.sort(key=lambda a: a.tier or "", reverse=order is SortOrder.DESC)
        return tiered + [a for a in by_name if not a.tier]
    return by_name[::-1] if order is SortOrder.DESC else by_name


def by_figure(
    lines: Sequence[AccountLine], sort: AccountSort, order: SortOrder
) -> list[AccountLine]:
    """Lines by a computed figure; ties always by name then id, ascending."""
    by_name = sorted(lines, key=lambda a: (a.name.casefold(), a.account_id))
    key = _key(sort)
    return sorted(by_name, key=key, reverse=order is SortOrder.DESC)
