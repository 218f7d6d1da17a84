"""Why a relationship has its strength (DOMAIN.md, "Paths": the evidence)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from graph.schema import ActivityType
from queries.models.common import Model, PersonRef


class GivenEvidence(Model):
    strength: float = Field(description="The strength the CRM gives (s0).")
    last_contact: dt.date | None = Field(description="Its last contact; null: never decays.")
    days_since_contact: int = Field(description="Days from the last contact to the date (>= 0).")
    decayed: float = Field(description="s0 · 0.5^(days / half-life): what it counts for.")


class ActivityEvidence(Model):
    id: str = Field(description="The activity.")
    type: ActivityType = Field(description="The activity type (meeting, call, email, other).")
    date: dt.date = Field(description="When it happened.")
    weight: float = Field(description="The weight of its type.")
    contribution: float = Field(description="weight · 0.5^(age / half-life).")


class RelationshipEvidence(Model):
    account_id: str = Field(description="The person's account.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    team_member_id: str = Field(description="The team member holding the relationship.")
    team_member_name: str = Field(description="That team member's name.")
    person: PersonRef = Field(description="The customer person.")
    half_life_days: float = Field(description="Decay half-life H.")
    given: GivenEvidence | None = Field(description="The CRM's given strength, if any.")
    activities: list[ActivityEvidence] = Field(
        description="Activities on or before the date, oldest first; their contributions "
        "sum to activity_score."
    )
    activity_score: float | None = Field(description="Σ contributions; null: no activity yet.")
    activity_strength: float | None = Field(description="1 − exp(−activity_score).")
    strength: float = Field(description="The larger of the decayed given and activity strength.")
    from_source: str = Field(description="given or activities: which one the strength is.")
    strong: bool = Field(description="strength >= the strong threshold.")
    strong_threshold: float = Field(description="The strong threshold.")
    stale: bool = Field(description="The last contact is older than the stale limit.")
    last_contact: dt.date | None = Field(description="Latest contact on or before the date.")
    strong_until: dt.date | None = Field(
        description="The first day it is no longer strong without new contact; null when "
        "it is not strong now or never stops being strong."
    )
    explanation: str = Field(description="The same in one or two sentences.")
