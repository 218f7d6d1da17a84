"""Account answers: the list, one account's tree and org chart, coverage, paths to
executives, key people and departure impact."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response

from api.deps import AnswersDep, Reader
from api.errors import problem_responses
from api.params import (
    DEFAULT_LIMIT,
    AccountId,
    Alternatives,
    AsOf,
    K,
    Limit,
    MaxHops,
    Offset,
    TypedId,
    id_query,
)
from api.scope import VisibleDep
from api.shapes import (
    AccountDetail,
    AccountsPage,
    CoverageAnswer,
    ExecutivePathsAnswer,
    account_committee,
    account_coverage_json,
    account_departure_impact,
    account_detail,
    account_executive_paths,
    account_key_people,
    account_org_chart,
    account_page,
)
from queries.models import DepartureImpact, KeyPeopleResult, OrgChart
from queries.models.committee import BuyingCommittee

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])

_ERRORS = problem_responses(401, 403, 404, 422, 503)

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


@router.get(
    "",
    response_model=AccountsPage,
    summary="Accounts with their coverage summary",
    description="Every account by name, a page at a time, each with its coverage counts "
    "and executive coverage as of the date.",
    responses=problem_responses(401, 403, 422, 503),
)
def list_accounts(
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> AccountsPage:
    return account_page(answers, as_of, limit, offset, seen=visible.only_seen)


@router.get(
    "/{account_id}",
    response_model=AccountDetail,
    summary="One account and its unit tree",
    responses=_ERRORS,
)
def get_account(
    account_id: AccountId, answers: AnswersDep, _caller: Reader, as_of: AsOf, visible: VisibleDep
) -> AccountDetail:
    return account_detail(answers, visible.account(account_id), as_of)


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
    return account_committee(answers, visible.account(account_id), as_of, unit_id)


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
    return account_org_chart(answers, visible.account(account_id), as_of, unit_id)


@router.get(
    "/{account_id}/coverage",
    # Served from cached JSON bytes (see account_coverage_json); the schema stays
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
    body = account_coverage_json(answers, visible.account(account_id), as_of)
    return Response(body, media_type="application/json")


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
    return account_executive_paths(
        answers,
        visible.account(account_id),
        as_of,
        unit_id=unit_id,
        from_team_member=from_team_member,
        k=k,
        max_hops=max_hops,
        alternatives=alternatives,
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
    return account_key_people(answers, visible.account(account_id), as_of)


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
    return account_departure_impact(
        answers,
        visible.account(account_id),
        as_of,
        team_member=team_member,
        person=person,
        max_hops=max_hops,
    )
