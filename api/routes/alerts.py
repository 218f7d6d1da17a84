"""Alerts: champions who left, cooling relationships, single-threaded customers,
executives gone stale; newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AnswersDep, Reader
from api.errors import problem_responses
from api.listings import alert_page
from api.params import DEFAULT_LIMIT, AsOf, Limit, Offset, TypedId, id_query
from api.scope import VisibleDep
from queries.models import AlertKind, AlertsPage, Severity

router = APIRouter(prefix="/v1/alerts", tags=["alerts"])


@router.get(
    "",
    response_model=AlertsPage,
    summary="Alerts, newest first",
    description="The alerts of every account, of one account, or of the accounts one team "
    "member works on (both filters: that account if the member works on it), of a "
    "severity and above and of a kind when asked, newest first (the most severe first "
    "within a day), a page at a time; `total` counts the alerts the filters keep.",
    responses=problem_responses(401, 403, 404, 422, 503),
)
def list_alerts(
    answers: AnswersDep,
    _caller: Reader,
    as_of: AsOf,
    visible: VisibleDep,
    account_id: Annotated[str | None, id_query("Only this account's alerts."), TypedId] = None,
    team_member: Annotated[
        str | None, id_query("Only the alerts of the accounts this team member works on."), TypedId
    ] = None,
    severity: Annotated[
        Severity | None,
        Query(description="Only alerts of this severity and above (medium: medium and high)."),
    ] = None,
    kind: Annotated[AlertKind | None, Query(description="Only alerts of this kind.")] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> AlertsPage:
    if account_id is not None:
        visible.account(account_id)
    return alert_page(
        answers,
        as_of,
        account_id=account_id,
        team_member=team_member,
        severity=severity,
        kind=kind,
        limit=limit,
        offset=offset,
        seen=visible.only_seen,
    )
