"""Reviews: what changed in an account between two dates, and its trend."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from queries.models.alerts import Alert
from queries.models.common import KnownBy, Model, NamedId, PersonRef, UnitRef
from queries.models.coverage import CoverageStatus, StatusCounts


class UnitStatusChange(Model):
    unit: UnitRef = Field(description="The unit (or the account row).")
    from_status: CoverageStatus | None = Field(
        description="Coverage status at the first date; null: the unit did not exist yet."
    )
    to_status: CoverageStatus | None = Field(
        description="Coverage status at the second date; null: the unit no longer exists."
    )
    direction: Literal["up", "down", "new", "gone"] = Field(
        description="up: better covered, down: worse, new or gone: exists at one date only."
    )
    people_known_strongly: tuple[int, int] = Field(
        description="People known strongly there at the first and the second date."
    )


class RelationshipChange(Model):
    team_member: NamedId = Field(description="Our team member.")
    person: PersonRef = Field(description="The customer person.")
    change: Literal["became_strong", "no_longer_strong"] = Field(description="What happened.")
    from_strength: float | None = Field(
        description="Effective strength at the first date; null: no relationship then."
    )
    to_strength: float | None = Field(
        description="Effective strength at the second date; null: no relationship then "
        "(or the person left)."
    )
    activities_between: int = Field(
        description="Activities between them dated after the first date, up to the second."
    )
    last_contact: dt.date | None = Field(description="Latest contact as of the second date.")
    evidence: str = Field(description="Why, in a sentence.")


class ExecutiveChange(Model):
    person: PersonRef = Field(description="The executive.")
    change: Literal["reached", "lost"] = Field(
        description="reached: known strongly at the second date, not at the first; lost: "
        "the other way round (or they left)."
    )
    known_by: KnownBy | None = Field(
        description="Who knows them best: at the second date when reached, at the first "
        "date when lost."
    )
    evidence: str = Field(description="Why, in a sentence.")


class PersonChange(Model):
    person: PersonRef = Field(description="The person (as of the date they were active).")
    change: Literal["joined", "left"] = Field(
        description="joined: active at the second date only; left: at the first only."
    )
    date: dt.date | None = Field(
        description="The day they left (left_on) or were created (created_on), when known."
    )
    unit: UnitRef = Field(description="Their unit (or the account).")


class SeatChange(Model):
    scope: UnitRef = Field(description="The scope of the buying committee (the account).")
    role: str = Field(description="The required buying role.")
    change: Literal["emptied", "filled"] = Field(
        description="emptied: held at the first date, empty at the second; filled: the reverse."
    )
    holders: list[NamedId] = Field(
        description="Who held it at the first date (emptied) or holds it at the second (filled)."
    )


class AccountChanges(Model):
    account_id: str = Field(description="The account.")
    from_date: dt.date = Field(description="The first date (the last review).")
    to_date: dt.date = Field(description="The second date.")
    units: list[UnitStatusChange] = Field(description="Units whose coverage status changed.")
    relationships: list[RelationshipChange] = Field(
        description="Relationships that became strong or stopped being strong."
    )
    executives: list[ExecutiveChange] = Field(description="Executives newly reached or lost.")
    people: list[PersonChange] = Field(description="People who joined or left.")
    seats: list[SeatChange] = Field(description="Buying-committee seats emptied or filled.")
    alerts: list[Alert] = Field(
        description="Alerts dated after the first date, up to the second, newest first."
    )


class TrendPoint(Model):
    as_of: dt.date = Field(description="A month end (or the as-of date, for the last point).")
    statuses: StatusCounts = Field(description="Rows (account and units) per coverage status.")
    executives: int = Field(description="Active executives.")
    executives_known_strongly: int = Field(description="Of those, known strongly.")


class AccountTrend(Model):
    account_id: str = Field(description="The account.")
    as_of: dt.date = Field(description="The date the trend ends at.")
    points: list[TrendPoint] = Field(description="Oldest first, one per month end.")
