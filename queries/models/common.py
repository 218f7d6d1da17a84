"""Small references shared by every answer: a unit, a person, a team member."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.schema import BuyingRole, Seniority

RowKind = Literal["account", "division", "branch", "budget_center"]
NodeRefKind = Literal["team_member", "person"]


class Model(BaseModel):
    """Base of every result: frozen, and strict about its own fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class AccountAnswer(Model):
    """Base of an answer about one account as of a date: those two fields first."""

    account_id: str = Field(description="The account.")
    as_of: dt.date = Field(description="The date the answer is computed for.")


class AccountRef(Model):
    id: str = Field(description="Account id.")
    name: str = Field(description="Account name.")


class UnitRef(Model):
    id: str = Field(description="Unit id, or the account id for the account itself.")
    kind: RowKind = Field(description="account, division, branch or budget_center.")
    name: str = Field(description="Display name of the unit.")


class PersonRef(Model):
    id: str = Field(description="Person id (customer side).")
    name: str = Field(description="Full name.")
    title: str | None = Field(description="Job title, when known.")
    seniority: Seniority = Field(description="c_level, vp, director, manager or staff.")
    buying_role: BuyingRole | None = Field(description="Role in buying decisions, if any.")
    executive: bool = Field(
        description="Seniority c_level or vp, or buying role economic_buyer / decision_maker."
    )
    unit_id: str | None = Field(
        description="The unit of the person's main current position; null: the account level."
    )


class NamedId(Model):
    id: str = Field(description="The id.")
    name: str = Field(description="The display name.")


class KnownBy(Model):
    team_member_id: str = Field(description="The team member holding the relationship.")
    team_member_name: str = Field(description="That team member's name.")
    strength: float = Field(description="Effective strength in [0, 1] as of the date.")
