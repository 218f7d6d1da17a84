"""Relationship answers: why a team member's relationship with a person has its strength."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AnswersDep, Reader
from api.errors import problem_responses
from api.params import AsOf, PersonId, TeamMemberId
from queries.evidence import relationship_evidence
from queries.models.evidence import RelationshipEvidence

router = APIRouter(prefix="/v1/relationships", tags=["relationships"])


@router.get(
    "/{team_member_id}/{person_id}",
    response_model=RelationshipEvidence,
    summary="Why this strength",
    description="The evidence of one relationship as of a date: the given strength, its "
    "last contact and decay; each activity counted (type, date, weight, decayed "
    "contribution); the result; and the first day it is no longer strong without new "
    "contact.",
    responses=problem_responses(401, 403, 404, 422, 503),
)
def get_relationship(
    team_member_id: TeamMemberId,
    person_id: PersonId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
) -> RelationshipEvidence:
    account_id = answers.account_of_person(person_id)
    return answers.ask(account_id, as_of, relationship_evidence, team_member_id, person_id)
