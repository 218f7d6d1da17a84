"""Account plans: the plan actions an account team accepted (or dismissed), kept
in the store beside the data (issue 20; DOMAIN.md, "Plan actions").

Like the audit log, plan actions live outside the account graph: they never
change an answer, a count or the store's revision. An action's status (open,
done, overdue) is not stored; it is computed when read, from the activities
the data holds then (:mod:`queries.plan_status`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable


class PlanDecision(StrEnum):
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class PlanActionRecord:
    """One action as it was accepted or dismissed. ``created_on``: the day it was
    decided (activities after it count towards done); ``created_by``: the API
    key's name (never the key) or ``cli``."""

    id: str
    account_id: str
    kind: str
    owner_id: str
    target_id: str
    target_kind: str  # person or unit
    introducer_id: str | None
    introducer_kind: str | None  # person or team_member
    title: str
    due: dt.date
    created_on: dt.date
    created_by: str
    decision: PlanDecision


#: The fields in storage order (the embedded table's columns, the Neo4j properties).
PLAN_FIELDS = (
    "id",
    "account_id",
    "kind",
    "owner_id",
    "target_id",
    "target_kind",
    "introducer_id",
    "introducer_kind",
    "title",
    "due",
    "created_on",
    "created_by",
    "decision",
)


@runtime_checkable
class PlanStore(Protocol):
    """The reads and writes of account plans; both stores implement them."""

    def put_plan_action(self, record: PlanActionRecord) -> None:
        """Insert the action, or replace the one stored with its id (a dismissed
        action accepted later, a new due date). Raises
        :class:`graph.errors.StoreWriteError` when it cannot be written."""
        ...

    def plan_actions(self, account_id: str) -> list[PlanActionRecord]:
        """The account's stored actions (accepted and dismissed), by id; empty for
        an account with none (or a store that never stored one)."""
        ...
