"""Answers over many accounts, a page at a time: the account list and the alerts."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from queries.models.alerts import Alert
from queries.models.common import Model
from queries.models.views import AccountSummary


class AccountsPage(Model):
    as_of: dt.date = Field(description="The date the answers are computed for.")
    items: list[AccountSummary] = Field(description="Accounts by name, then id.")
    total: int = Field(description="Accounts in the store.")
    limit: int = Field(description="Page size asked for.")
    offset: int = Field(description="Accounts skipped before this page.")


class AlertsPage(Model):
    as_of: dt.date = Field(description="The date the answers are computed for.")
    account_ids: list[str] = Field(description="The accounts whose alerts were read.")
    items: list[Alert] = Field(description="Newest (latest date) first.")
    total: int = Field(description="Alerts over those accounts.")
    limit: int = Field(description="Page size asked for.")
    offset: int = Field(description="Alerts skipped before this page.")
    pending: int = Field(
        0,
        description="Accounts whose alerts are still being computed (after a load, in the "
        "background): not in this list yet; 0 when every account is in.",
    )
