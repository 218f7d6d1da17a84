"""What if someone leaves: departure impact and key people."""

from __future__ import annotations

from pydantic import Field

from queries.models.common import AccountAnswer, Model, PersonRef, UnitRef
from queries.models.coverage import CoverageStatus
from queries.models.paths import PathNode


class StatusChange(Model):
    unit: UnitRef = Field(description="The unit (or the account row).")
    before: CoverageStatus = Field(description="Coverage status with them.")
    after: CoverageStatus = Field(description="Coverage status without them.")


class PathChange(Model):
    executive: PersonRef = Field(description="The executive.")
    before: float = Field(description="Best path strength with them.")
    after: float = Field(description="Best path strength without them.")


class DepartureImpact(AccountAnswer):
    subject: PathNode = Field(description="The team member or person who would leave.")
    units_falling: list[StatusChange] = Field(
        description="Rows whose coverage status would fall, in tree order."
    )
    executives_lost: list[PersonRef] = Field(
        description="Executives who would lose every path within max_hops."
    )
    executive_paths_weakened: list[PathChange] = Field(
        description="Executives still reachable whose best path would get weaker."
    )


class KeyPerson(Model):
    node: PathNode = Field(description="The team member or customer person.")
    units: list[UnitRef] = Field(
        description="Units (or the account row) our team would lose all strong reach into."
    )
    executives: list[PersonRef] = Field(
        description="Executives who would become unreachable through strong edges."
    )


class KeyPeopleResult(AccountAnswer):
    key_people: list[KeyPerson] = Field(
        description="People whose departure alone cuts something off; most held first."
    )
