"""Coverage: where we have relationships in an account, and where the gaps are."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from graph.schema import UnitStatus
from queries.models.committee import SeatGap
from queries.models.common import Model, NamedId, RowKind


class CoverageStatus(StrEnum):
    UNCOVERED = "uncovered"
    WEAK = "weak"
    SINGLE_THREADED = "single_threaded"
    COVERED = "covered"

    @property
    def rank(self) -> int:
        """Higher is better covered; a status "falls" when its rank drops."""
        return list(CoverageStatus).index(self)


class StatusCounts(Model):
    uncovered: int = Field(description="Rows with no relationship at all.")
    weak: int = Field(description="Rows with relationships, none strong.")
    single_threaded: int = Field(description="Rows where strong relationships reach one person.")
    covered: int = Field(description="Rows where strong relationships reach two or more people.")


class SubtreeRollup(Model):
    units: int = Field(description="Rows in the subtree, this one included.")
    active_people: int = Field(description="Distinct active people working in the subtree.")
    people_known: int = Field(
        description="Of those, people some team member has a relationship with."
    )
    people_known_strongly: int = Field(description="Of those, people known strongly.")
    statuses: StatusCounts = Field(description="Rows of the subtree per coverage status.")


class CoverageRow(Model):
    id: str = Field(description="Unit id, or the account id for the account row.")
    kind: RowKind = Field(description="account, division, branch or budget_center.")
    name: str = Field(description="Display name.")
    parent_id: str | None = Field(
        description="Parent unit id; the account id for top units; null for the account row."
    )
    depth: int = Field(description="0 for the account, 1 for units directly under it, and so on.")
    status: CoverageStatus = Field(
        description="Coverage from the active people working directly here."
    )
    customer_status: UnitStatus = Field(
        description="customer, prospect or former_customer as of the date."
    )
    headcount: int | None = Field(description="Headcount from the CRM, when known.")
    active_people: int = Field(description="Active people working directly here.")
    people_known: int = Field(description="Of those, people a team member has a relationship with.")
    people_known_strongly: int = Field(description="Of those, people known strongly.")
    strong_team_members: int = Field(
        description="Distinct team members holding a strong relationship with someone here."
    )
    best_strength: float | None = Field(description="Strongest relationship here; null: none.")
    last_contact: dt.date | None = Field(description="Latest contact with anyone here.")
    executives: int = Field(description="Active executives working directly here.")
    executive_known_strongly: bool = Field(description="An executive here is known strongly.")
    stale_relationships: int = Field(
        description="Relationships with people here whose last contact is stale."
    )
    has_people: bool = Field(
        description="Any active person is recorded here; false marks an org-chart gap."
    )
    subtree: SubtreeRollup = Field(description="Totals over this row and every unit below it.")


class Gap(Model):
    id: str = Field(description="Unit id, or the account id for the account row.")
    kind: RowKind = Field(description="account, division, branch or budget_center.")
    name: str = Field(description="Display name.")
    parent_id: str | None = Field(description="Parent unit id, as in the coverage row.")
    status: CoverageStatus = Field(description="uncovered or weak.")
    headcount: int | None = Field(description="Headcount, when known.")
    has_people: bool = Field(description="False: nobody is recorded here (org-chart gap too).")
    sister_customer_ids: list[str] = Field(
        description="Customer units with the same parent: where an advocate is likely."
    )
    sister_customers: list[NamedId] = Field(
        default_factory=list, description="The same units, with their names."
    )


class ExecutiveCoverage(Model):
    executives: int = Field(description="Active executives in the account.")
    known_strongly: int = Field(description="Of those, executives some team member knows strongly.")


class CoverageSummary(Model):
    statuses: StatusCounts = Field(description="Rows (account and units) per coverage status.")
    executive_coverage: ExecutiveCoverage = Field(description="Executives known strongly.")


class CoverageReport(Model):
    account_id: str = Field(description="The account.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    rows: list[CoverageRow] = Field(
        description="The account row, then every unit in tree order (children by name)."
    )
    summary: CoverageSummary = Field(description="Counts per status and executive coverage.")
    gaps: list[Gap] = Field(
        description="Uncovered and weak rows, most actionable first: a customer sister "
        "unit first, then headcount (largest first, unknown last), then name."
    )
    seat_gaps: list[SeatGap] = Field(
        default_factory=list,
        description="Required buying-committee seats that are empty or unreached, each at "
        "the highest scope where it is open, in tree order.",
    )
