"""Plan actions: what the answers suggest doing about an account's gaps, and the
actions an account team accepted into its plan (DOMAIN.md, "Plan actions")."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field

from queries.models.common import Model, NamedId


class ActionKind(StrEnum):
    INTRODUCTION = "introduction"
    MEETING = "meeting"
    ADVOCATE = "advocate"
    RE_ENGAGE = "re_engage"


class ActionStatus(StrEnum):
    SUGGESTED = "suggested"  # not in the plan yet
    OPEN = "open"  # accepted, not done, due date not passed
    DONE = "done"  # a matching activity dated after its creation appeared
    OVERDUE = "overdue"  # due date passed without one


class ActionTarget(Model):
    id: str = Field(description="Person or unit id (the account id for the account).")
    kind: Literal["person", "unit"] = Field(description="person or unit.")
    name: str = Field(description="Display name.")


class ActionIntroducer(Model):
    id: str = Field(description="Person or team member id.")
    kind: Literal["person", "team_member"] = Field(description="person or team_member.")
    name: str = Field(description="Display name.")


class PlanAction(Model):
    id: str = Field(
        description="Stable id: the same suggestion has the same id at every date and load."
    )
    account_id: str = Field(description="The account.")
    kind: ActionKind = Field(description="introduction, meeting, advocate or re_engage.")
    owner: NamedId = Field(description="The team member who should act.")
    target: ActionTarget = Field(description="The person or unit the action is about.")
    introducer: ActionIntroducer | None = Field(
        description="Who to ask: the advocate or the introducer; null when nobody."
    )
    title: str = Field(description="The action, in a sentence.")
    why: str = Field(description="The gap or signal it answers.")
    due: dt.date = Field(description="Proposed (or accepted) due date.")
    status: ActionStatus = Field(description="suggested, open, done or overdue.")
    created_on: dt.date | None = Field(
        description="The day it was accepted into the plan; null for a suggestion."
    )
    done_on: dt.date | None = Field(
        description="The date of the first matching activity after its creation, when done."
    )


class AccountPlan(Model):
    account_id: str = Field(description="The account.")
    as_of: dt.date = Field(description="The date statuses are computed for.")
    actions: list[PlanAction] = Field(
        description="Accepted actions: overdue first, then open by due date, then done."
    )
    suggestions: list[PlanAction] = Field(
        description="Suggestions not yet accepted or dismissed, by due date then kind."
    )
