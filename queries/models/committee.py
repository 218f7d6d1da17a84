"""The buying committee of an account or unit: seats by buying role (DOMAIN.md,
"Buying committee")."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from graph.schema import BuyingRole
from queries.models.common import AccountAnswer, KnownBy, Model, PersonRef, UnitRef


class SeatState(StrEnum):
    FILLED = "filled"  # a holder is known strongly
    UNREACHED = "unreached"  # holders, none known strongly
    EMPTY = "empty"  # nobody in scope holds the role


class SeatHolder(Model):
    person: PersonRef = Field(description="An active person holding the role in scope.")
    strength: float | None = Field(
        description="Our best effective strength with them as of the date; null: nobody "
        "on our team knows them."
    )
    known_strongly: bool = Field(description="Some team member knows them strongly.")
    known_by: list[KnownBy] = Field(
        description="Every team member with a relationship to them, strongest first."
    )


class Seat(Model):
    role: BuyingRole = Field(description="The buying role.")
    required: bool = Field(
        description="The role is in the required set (setting query.committee_required_roles)."
    )
    state: SeatState = Field(
        description="filled (a holder known strongly), unreached (holders, none known "
        "strongly) or empty (nobody in scope holds it)."
    )
    holders: list[SeatHolder] = Field(
        description="Active holders in scope, best known first (strength, then name)."
    )


class BuyingCommittee(AccountAnswer):
    scope: UnitRef = Field(description="The account, or the unit whose subtree is the scope.")
    seats: list[Seat] = Field(description="One seat per buying role, required roles first.")
    empty_seats: int = Field(description="Required seats nobody in scope holds.")
    unreached_seats: int = Field(
        description="Required seats whose holders we do not know strongly."
    )


class SeatGap(Model):
    scope: UnitRef = Field(description="Where the seat is open: the account or a unit.")
    role: BuyingRole = Field(description="The required buying role.")
    state: SeatState = Field(description="empty or unreached.")
    holders: list[PersonRef] = Field(
        description="For an unreached seat, the people holding it (none when empty)."
    )
    description: str = Field(description="One sentence, e.g. 'nobody is the champion at X'.")
