"""Account answers: the list, one account's tree and org chart, coverage, paths to
executives, key people and departure impact."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response

from api.deps import AnswersDep, Reader
from api.errors import problem_responses
from api.params import (
    AccountId,
    Alternatives,
    AsOf,
    K,
    MaxHops,
    TypedId,
    id_query,
)
from api.scope import VisibleDep
from queries.committee import buying_committee
from queries.coverage import coverage
from queries.errors import InvalidQueryError
from queries.models import (
    AccountDetail,
    CoverageAnswer,
    DepartureImpact,
    ExecutivePathsAnswer,
    KeyPeopleResult,
    OrgChart,
)
from queries.models.committee import BuyingCommittee
from queries.paths import executive_paths
from queries.resilience import departure_impact, key_people
from queries.snapshot import AccountSnapshot
from queries.views import account_detail, org_chart

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])

_ERRORS = problem_responses(401, 403, 404, 422, 503)

#: Departure impact names one leaver (the CLI checks the same before asking).
ONE_LEAVER = "name exactly one of team_member (a team member id) or person (a person id)"

OptionalUnit = Annotated[
    str | None,
    id_query("Only this unit and everything below it (a unit id of the account)."),
    TypedId,
]
FromTeamMember = Annotated[
    str | None,
    id_query(
        "Paths from this team member only (a team member id); default: the whole team.",
        alias="from",
    ),
    TypedId,
]


# GET /v1/accounts (the list, sorted and filtered): api/routes/accounts_list.py.


@router.get(
    "/{account_id}",
    response_model=AccountDetail,
    summary="One account and its unit tree",
    responses=_ERRORS,
)
def get_account(
    account_id: AccountId, answers: AnswersDep, _caller: Reader, as_of: AsOf, visible: VisibleDep
) -> AccountDetail:
    return answers.ask(visible.account(account_id), as_of, account_detail)


@router.get(
    "/{account_id}/committee",
    response_model=BuyingCommittee,
    summary="The buying committee: seats by buying role, empty and unreached seats",
    description="For the account (or one unit and everything below it), each buying role "
    "with the active people holding it, our best strength with each and who on our team "
    "knows them. A required role nobody holds is an empty seat; one whose holders nobody "
    "on our team knows strongly is unreached.",
    responses=_ERRORS,
)
def get_committee(
    account_id: AccountId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    unit_id: OptionalUnit = None,
) -> BuyingCommittee:
    return answers.ask(visible.account(account_id), as_of, buying_committee, unit_id)


@router.get(
    "/{account_id}/org-chart",
    response_model=OrgChart,
    summary="Units with their people, reporting lines and our contacts",
    description="The active people of the account (or of one unit and everything below "
    "it), unit by unit in tree order, with titles, managers and who on our team knows "
    "them, how strongly and how recently.",
    responses=_ERRORS,
)
def get_org_chart(
    account_id: AccountId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    unit_id: OptionalUnit = None,
) -> OrgChart:
    return answers.ask(visible.account(account_id), as_of, org_chart, unit_id)


@router.get(
    "/{account_id}/coverage",
    # Served from cached JSON bytes (see coverage_json); the schema stays
    # documented through ``responses``.
    response_model=None,
    summary="Coverage of the account and every unit, with ranked gaps",
    description="One row for the account itself (kind `account`) and one per unit: "
    "status (uncovered, weak, single_threaded, covered) from the active people working "
    "directly there, the figures behind it and subtree roll-ups; then the gaps, most "
    "actionable first.",
    responses={200: {"model": CoverageAnswer, "description": "The coverage answer."}, **_ERRORS},
)
def get_coverage(
    account_id: AccountId, answers: AnswersDep, _caller: Reader, as_of: AsOf, visible: VisibleDep
) -> Response:
    body = answers.ask(visible.account(account_id), as_of, coverage_json)
    return Response(body, media_type="application/json")


def coverage_json(snapshot: AccountSnapshot) -> bytes:
    """The coverage answer as JSON bytes, cached serialised: the busiest endpoint,
    whose answer for a large account is hundreds of kilobytes to encode."""
    return coverage(snapshot).model_dump_json().encode()


@router.get(
    "/{account_id}/executive-paths",
    response_model=ExecutivePathsAnswer,
    summary="Warm paths to the account's executives",
    description="The strongest path from our team (or one team member) to each executive "
    "of the account or of a unit's subtree, strongest first; every hop with its "
    "relationship kind, strength and last contact.",
    responses=_ERRORS,
)
def get_executive_paths(
    account_id: AccountId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    from_team_member: FromTeamMember = None,
    k: K = None,
    max_hops: MaxHops = None,
    unit_id: OptionalUnit = None,
    alternatives: Alternatives = 0,
) -> ExecutivePathsAnswer:
    return answers.ask(
        visible.account(account_id),
        as_of,
        executive_paths,
        unit_id,
        from_team_member,
        k,
        max_hops,
        alternatives,
    )


@router.get(
    "/{account_id}/key-people",
    response_model=KeyPeopleResult,
    summary="Key people: whose departure alone would cut us off",
    description="Team members and customer people whose departure alone would cut our "
    "team's strong reach into a unit or to an executive, each with what they alone hold.",
    responses=_ERRORS,
)
def get_key_people(
    account_id: AccountId, answers: AnswersDep, _caller: Reader, as_of: AsOf, visible: VisibleDep
) -> KeyPeopleResult:
    return answers.ask(visible.account(account_id), as_of, key_people)


@router.get(
    "/{account_id}/departure-impact",
    response_model=DepartureImpact,
    summary="What we would lose if one person left",
    description="Coverage and executive paths recomputed without one team member or one "
    "customer person (name exactly one): units whose status falls, executives who lose "
    "every path, executives whose best path weakens.",
    responses=_ERRORS,
)
def get_departure_impact(
    account_id: AccountId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    team_member: Annotated[
        str | None, id_query("The team member who would leave (or give person)."), TypedId
    ] = None,
    person: Annotated[
        str | None, id_query("The customer person who would leave (or give team_member)."), TypedId
    ] = None,
    max_hops: MaxHops = None,
) -> DepartureImpact:
    seen = visible.account(account_id)  # its 404 comes before the 422 below
    if (team_member is None) == (person is None):
        raise InvalidQueryError(ONE_LEAVER)
    return answers.ask(
        seen,
        as_of,
        departure_impact,
        team_member_id=team_member,
        person_id=person,
        max_hops=max_hops,
    )
