"""Every tunable that DOMAIN.md marks *(default)*, in one frozen model.

The API's settings embed it (``POWERMAP_QUERY__HALF_LIFE_DAYS=90``), and every
query function takes it, so no number is buried in code.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from graph.schema import BuyingRole


class ActivityWeights(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    meeting: float = Field(1.0, ge=0)
    call: float = Field(0.5, ge=0)
    email: float = Field(0.25, ge=0)
    other: float = Field(0.25, ge=0)
    deal: float = Field(0.5, ge=0)


class QuerySettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    half_life_days: float = Field(180.0, gt=0, description="Decay half-life H of a relationship.")
    activity_weights: ActivityWeights = ActivityWeights()
    strong_threshold: float = Field(0.5, gt=0, le=1, description="s >= this is strong.")
    stale_after_days: int = Field(180, ge=0, description="Last contact older than this: stale.")
    customer_won_months: int = Field(
        24, ge=0, description="A won opportunity closed this recently makes a unit a customer."
    )
    reporting_tie_strength: float = Field(0.6, gt=0, le=1)
    team_colleague_strength: float = Field(0.9, gt=0, le=1)
    manages_tie_strength: float = Field(0.8, gt=0, le=1, description="Advocate tie: manager.")
    manages_level_factor: float = Field(0.8, gt=0, le=1, description="x per further level.")
    former_member_tie_strength: float = Field(0.6, gt=0, le=1)
    sister_customer_tie_strength: float = Field(0.3, gt=0, le=1)
    customer_advocate_bonus: float = Field(1.25, ge=1)
    min_path_edge_strength: float = Field(0.05, gt=0, lt=1, description="Weaker edges dropped.")
    min_tie_strength: float = Field(
        0.05, ge=0, lt=1, description="A person-person tie weaker than this counts nowhere."
    )
    max_hops: int = Field(4, ge=1, le=8)
    k: int = Field(5, ge=1, le=100)
    champion_left_days: int = Field(90, ge=0)
    cooling_horizon_days: int = Field(30, ge=0)
    committee_required_roles: tuple[BuyingRole, ...] = Field(
        (BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER, BuyingRole.CHAMPION),
        description="Buying roles every committee needs: empty or unreached ones are gaps.",
    )
