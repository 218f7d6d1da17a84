"""The account plan: suggested actions, accepting and dismissing them, and the
accepted actions with their status (open, done, overdue) as of a date."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.deps import AnswersDep, Reader, Writer
from api.errors import problem_responses
from api.params import AccountId, AsOf, AsOfDate
from api.plan_export import Export, ExportFormat
from api.plans import decide, exported_plan, get_plan
from api.scope import VisibleDep
from graph.plans import PlanDecision
from queries.models.plan import AccountPlan, PlanAction

router = APIRouter(prefix="/v1/accounts", tags=["plans"])

_ERRORS = problem_responses(401, 403, 404, 422, 503)

ActionId = Annotated[
    str,
    Path(
        description="A plan action id (from the plan's suggestions or actions).",
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
    ),
]
Due = Annotated[
    AsOfDate | None,
    Query(description="Due date, YYYY-MM-DD; default: the suggested one (or the one kept)."),
]


@router.get(
    "/{account_id}/plan",
    response_model=AccountPlan,
    summary="The account plan: accepted actions with their status, and suggestions",
    description="Accepted actions are done when an activity between the owner (or "
    "introducer) and the target dated after the action's creation is in the data, "
    "overdue when their due date passed without one, else open. Suggestions come from "
    "the answers: empty seats, uncovered units with an advocate, executives reachable "
    "through an introducer, cooling relationships.",
    responses=_ERRORS,
)
def read_plan(
    account_id: AccountId, answers: AnswersDep, _caller: Reader, as_of: AsOf, visible: VisibleDep
) -> AccountPlan:
    return get_plan(answers, visible.account(account_id), as_of)


@router.post(
    "/{account_id}/plan/{action_id}/accept",
    response_model=PlanAction,
    summary="Accept a suggested action into the plan (or change its due date)",
    description="Keeps the action with the account's plan in the store, created as of "
    "the date (default today). Needs the writer role.",
    responses=_ERRORS,
)
def accept_action(
    account_id: AccountId,
    action_id: ActionId,
    answers: AnswersDep,
    caller: Writer,
    as_of: AsOf,
    visible: VisibleDep,
    due: Due = None,
) -> PlanAction:
    return decide(
        answers,
        visible.account(account_id),
        action_id,
        as_of,
        decision=PlanDecision.ACCEPTED,
        who=caller.name,
        due=due,
    )


@router.post(
    "/{account_id}/plan/{action_id}/dismiss",
    response_model=PlanAction,
    summary="Dismiss a suggested (or accepted) action",
    description="The action leaves the suggestions (and the plan) for good. Needs the writer role.",
    responses=_ERRORS,
)
def dismiss_action(
    account_id: AccountId,
    action_id: ActionId,
    answers: AnswersDep,
    caller: Writer,
    as_of: AsOf,
    visible: VisibleDep,
) -> PlanAction:
    return decide(
        answers,
        visible.account(account_id),
        action_id,
        as_of,
        decision=PlanDecision.DISMISSED,
        who=caller.name,
    )


def _download(found: Export, filename: str | None = None) -> Response:
    """``found`` as a file to save (under ``filename``, by default its own)."""
    name = filename or found.filename
    return Response(
        found.body,
        media_type=found.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/{account_id}/plan/calendar.ics",
    response_class=Response,
    summary="The accepted actions as an iCalendar file",
    description="One all-day event per accepted action on its due date. Event UIDs "
    "are stable: importing a later export updates the events instead of adding copies.",
    responses={
        200: {"content": {"text/calendar": {}}, "description": "An iCalendar file."},
        **_ERRORS,
    },
)
def plan_calendar(
    account_id: AccountId, answers: AnswersDep, _caller: Reader, as_of: AsOf, visible: VisibleDep
) -> Response:
    return _download(exported_plan(answers, visible.account(account_id), as_of, ExportFormat.ICS))


@router.get(
    "/{account_id}/plan/tasks.csv",
    response_class=Response,
    summary="The accepted actions as a Salesforce Task CSV for Data Loader",
    description="Columns Subject, WhoId, WhatId, OwnerId, ActivityDate, Status. Lookups "
    "hold only Salesforce ids of the right object (Contact or Lead, Account, User); "
    "other ids are left empty. Cells are neutralised against spreadsheet formulas.",
    responses={200: {"content": {"text/csv": {}}, "description": "A CSV file."}, **_ERRORS},
)
def plan_tasks(
    account_id: AccountId, answers: AnswersDep, _caller: Reader, as_of: AsOf, visible: VisibleDep
) -> Response:
    found = exported_plan(answers, visible.account(account_id), as_of, ExportFormat.SALESFORCE)
    return _download(found, "tasks.csv")


@router.get(
    "/{account_id}/plan/export",
    response_class=Response,
    summary="The accepted actions for a calendar or a CRM's task import",
    description="format=ics: the iCalendar file (as plan/calendar.ics); salesforce: the "
    "Data Loader Task CSV (as plan/tasks.csv); dynamics: a Dataverse `task` CSV (subject, "
    "description, scheduledend, regardingobjectid, regardingobjecttypecode, ownerid, "
    "owneridtype, statecode, statuscode, prioritycode); hubspot: a HubSpot tasks import "
    "CSV (Task Title, Due Date, Task Type, Priority, Task Status, Notes, Assigned To, "
    "Contact Record ID, Company Record ID). Ids go in only when the record came from "
    "that CRM; otherwise the cell is empty and the row says what to link by hand.",
    responses={
        200: {
            "content": {"text/csv": {}, "text/calendar": {}},
            "description": "A CSV or iCalendar file.",
        },
        **_ERRORS,
    },
)
def plan_export(
    account_id: AccountId,
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    fmt: Annotated[
        ExportFormat, Query(alias="format", description="ics, salesforce, dynamics or hubspot.")
    ],
) -> Response:
    return _download(exported_plan(answers, visible.account(account_id), as_of, fmt))
