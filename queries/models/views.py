"""Read-shaping answers: the unit tree, the org chart, the account summary."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from graph.schema import UnitStatus
from queries.models.common import Model, PersonRef, RowKind
from queries.models.coverage import CoverageStatus, ExecutiveCoverage, StatusCounts


class UnitTreeNode(Model):
    id: str = Field(description="Unit id, or the account id at the root.")
    kind: RowKind = Field(description="account, division, branch or budget_center.")
    name: str = Field(description="Display name.")
    customer_status: UnitStatus = Field(description="customer, prospect or former_customer.")
    headcount: int | None = Field(description="Headcount, when known.")
    depth: int = Field(description="0 at the account.")
    children: list[UnitTreeNode] = Field(description="Units directly below, by name.")


class Contact(Model):
    team_member_id: str = Field(description="The team member holding the relationship.")
    team_member_name: str = Field(description="That team member's name.")
    strength: float = Field(description="Effective strength as of the date.")
    strong: bool = Field(description="strength >= the strong threshold.")
    last_contact: dt.date | None = Field(description="Latest contact on or before the date.")
    stale: bool = Field(description="Last contact older than the stale limit.")


class OrgPerson(Model):
    person: PersonRef = Field(description="The person.")
    manager_id: str | None = Field(description="Active manager's person id, if any.")
    known_by: list[Contact] = Field(description="Our relationships with them, strongest first.")


class OrgUnit(Model):
    id: str = Field(description="Unit id, or the account id for the account level.")
    kind: RowKind = Field(description="account, division, branch or budget_center.")
    name: str = Field(description="Display name.")
    parent_id: str | None = Field(description="Parent id (the account id for top units).")
    depth: int = Field(description="0 at the account.")
    customer_status: UnitStatus = Field(description="customer, prospect or former_customer.")
    coverage: CoverageStatus = Field(description="Coverage status of the unit.")
    people: list[OrgPerson] = Field(
        description="Active people working directly here, by seniority then name."
    )


class OrgChart(Model):
    account_id: str = Field(description="The account.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    root_id: str = Field(description="The unit (or account) the chart starts from.")
    units: list[OrgUnit] = Field(description="The root and every unit below it, in tree order.")


class AccountSummary(Model):
    account_id: str = Field(description="The account.")
    name: str = Field(description="Account name.")
    industry: str | None = Field(description="Industry, when known.")
    country: str | None = Field(description="Country, when known.")
    tier: str | None = Field(description="Tier, when known.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    customer_status: UnitStatus = Field(
        description="The account's own status: its data and the won opportunities booked on it."
    )
    units: int = Field(description="Units in the account.")
    active_people: int = Field(description="Active people in the account.")
    team_members: int = Field(description="Team members on the team or holding relationships.")
    coverage: StatusCounts = Field(description="Rows (account and units) per coverage status.")
    executive_coverage: ExecutiveCoverage = Field(description="Executives known strongly.")


class AccountDetail(Model):
    account: AccountSummary = Field(description="The account and its coverage summary.")
    tree: UnitTreeNode = Field(description="The account and its units, nested, by name.")
