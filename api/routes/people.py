"""Person answers: warm paths from our team to one customer person."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from api.deps import AnswersDep, Reader
from api.errors import problem_responses
from api.params import AsOf, MaxHops, PersonId, PersonPathsK, TypedId, id_query
from api.scope import VisibleDep
from queries.models import PersonPathsResult
from queries.paths import paths_to_person
from queries.person import PersonProfile, person_profile

router = APIRouter(prefix="/v1/people", tags=["people"])


@router.get(
    "/{person_id}/paths",
    response_model=PersonPathsResult,
    summary="Warm paths to one person",
    description="The k strongest loopless paths from our team (or one team member) to an "
    "active person, within max_hops; every hop with its relationship kind, strength and "
    "last contact.",
    responses=problem_responses(401, 403, 404, 422, 503),
)
def get_person_paths(
    person_id: PersonId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    from_team_member: Annotated[
        str | None,
        id_query(
            "Paths from this team member only (a team member id); default: the whole team.",
            alias="from",
        ),
        TypedId,
    ] = None,
    k: PersonPathsK = None,
    max_hops: MaxHops = None,
) -> PersonPathsResult:
    account_id = visible.person(person_id)
    return answers.ask(account_id, as_of, paths_to_person, person_id, from_team_member, k, max_hops)


@router.get(
    "/{person_id}",
    response_model=PersonProfile,
    summary="One person: where they sit and who on our team knows them",
    description="The person (active or departed), their unit and the units above it, "
    "their manager and reports (active people), and every team member's relationship "
    "with them, strongest first, as of the date.",
    responses=problem_responses(401, 403, 404, 422, 503),
)
def get_person(
    person_id: PersonId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
) -> PersonProfile:
    account_id = visible.person(person_id)
    return answers.ask(account_id, as_of, person_profile, person_id)
