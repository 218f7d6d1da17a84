"""Advocates: people we know well who could speak for us in a unit we do not reach."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from queries.models.common import AccountAnswer, KnownBy, Model, NamedId, PersonRef, UnitRef


class AdvocateTieKind(StrEnum):
    """How an advocate is tied to the unit (strongest first when strengths are equal)."""

    KNOWS = "knows"
    MANAGES = "manages"
    FORMER_MEMBER = "former_member"
    SISTER_CUSTOMER = "sister_customer"


class AdvocateTie(Model):
    kind: AdvocateTieKind = Field(description="knows, manages, former_member or sister_customer.")
    strength: float = Field(description="Tie strength in [0, 1].")
    reached_person_ids: list[str] = Field(
        description="Active people in the unit the tie reaches (empty for former_member "
        "and sister_customer, which reach the unit rather than a person)."
    )
    reached: list[NamedId] = Field(
        default_factory=list, description="The same people, with their names."
    )


class Advocate(Model):
    person: PersonRef = Field(description="The advocate.")
    score: float = Field(description="s_T · tie strength · customer bonus; ranks advocates.")
    tie: AdvocateTie = Field(description="The advocate's strongest tie to the unit.")
    known_by: KnownBy = Field(description="The team member who knows the advocate best.")
    customer_bonus: bool = Field(
        description="The advocate's unit or one of its ancestors is a customer."
    )


class AdvocatesAnswer(AccountAnswer):
    unit: UnitRef = Field(description="The unit advocates are sought for.")
    advocates: list[Advocate] = Field(description="Ranked by score, strongest first.")
