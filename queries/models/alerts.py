"""Alerts: what changed or is about to change in our relationships."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from queries.models.common import AccountAnswer, Model


class AlertKind(StrEnum):
    CHAMPION_LEFT = "champion_left"
    COOLING = "cooling"
    SINGLE_THREADED_CUSTOMER = "single_threaded_customer"
    STALE_EXECUTIVE = "stale_executive"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Alert(Model):
    kind: AlertKind = Field(description="What happened.")
    date: dt.date = Field(
        description="When it fired, or for cooling the day the relationship will stop being strong."
    )
    severity: Severity = Field(description="low, medium or high.")
    account_id: str = Field(description="The account.")
    unit_id: str | None = Field(description="The unit concerned, if any.")
    person_id: str | None = Field(description="The customer person concerned, if any.")
    team_member_id: str | None = Field(description="The team member concerned, if any.")
    message: str = Field(description="A sentence a person can act on.")
    unit_name: str | None = Field(None, description="The unit's name.")
    person_name: str | None = Field(None, description="The person's name.")
    team_member_name: str | None = Field(None, description="The team member's name.")


class AlertsResult(AccountAnswer):
    alerts: list[Alert] = Field(description="Newest (latest date) first.")
