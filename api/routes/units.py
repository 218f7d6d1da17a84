"""Unit answers: advocates who could speak for us there, and who can introduce a
team member to someone in it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AnswersDep, Reader
from api.errors import problem_responses
from api.params import MAX_LIMIT, AsOf, K, MaxHops, TypedId, UnitId, id_query
from api.scope import VisibleDep
from queries.advocates import advocates
from queries.models import AdvocatesAnswer, IntroductionsAnswer
from queries.paths import introducers

router = APIRouter(prefix="/v1/units", tags=["units"])

_ERRORS = problem_responses(401, 403, 404, 422, 503)
DEFAULT_ADVOCATES = 20


@router.get(
    "/{unit_id}/advocates",
    response_model=AdvocatesAnswer,
    summary="Advocates: people we know well who could speak for us in the unit",
    description="Active people outside the unit whom our team knows strongly and who are "
    "tied to it (knows someone there, manages someone there, worked there, or works in "
    "a customer sister unit), ranked by score.",
    responses=_ERRORS,
)
def get_advocates(
    unit_id: UnitId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_LIMIT,
            description=f"At most this many advocates (1 to {MAX_LIMIT}; default "
            f"{DEFAULT_ADVOCATES}).",
        ),
    ] = DEFAULT_ADVOCATES,
) -> AdvocatesAnswer:
    account_id = visible.unit(unit_id)
    return answers.ask(account_id, as_of, advocates, unit_id, limit)


@router.get(
    "/{unit_id}/introducers",
    response_model=IntroductionsAnswer,
    summary="Who can introduce a team member to someone in the unit",
    description="From the requesting team member to any active person in the unit (or "
    "below it): the introducer is the second node of the path. One best path per "
    "introducer, strongest first.",
    responses=_ERRORS,
)
def get_introducers(
    unit_id: UnitId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    from_team_member: Annotated[
        str, id_query("The requesting team member's id (required).", alias="from"), TypedId
    ],
    k: K = None,
    max_hops: MaxHops = None,
) -> IntroductionsAnswer:
    account_id = visible.unit(unit_id)
    return answers.ask(account_id, as_of, introducers, unit_id, from_team_member, k, max_hops)
