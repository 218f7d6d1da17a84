"""What the plan export tests share: a one-relationship world whose only suggestion
is to re-engage (0.6 last contacted 2025-12-01: strong until 2026-01-18, so
re-engage by 01-17), accepting that suggestion over the API, and a plan action
built in memory for the writers alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient

from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    Batch,
    PersonRecord,
    RelationshipRecord,
    TeamMemberRecord,
)
from queries.models import NamedId
from queries.models.plan import ActionKind, ActionStatus, ActionTarget, PlanAction
from tests.api.conftest import auth

AS_OF = "2026-01-01"


def re_engage_world(account: str, contact: str, user: str) -> Batch:
    return Batch(
        accounts=[AccountRecord(account, "Acme")],
        people=[PersonRecord(contact, account, "Ingrid Haugen")],
        team_members=[TeamMemberRecord(user, "Jonas Richter")],
        account_teams=[AccountTeamRecord(user, account)],
        relationships=[RelationshipRecord(user, contact, 0.6, dt.date(2025, 12, 1))],
    )


def accept_re_engage(client: TestClient, account: str) -> dict[str, Any]:
    """Accept the account's re-engage suggestion as of :data:`AS_OF`; the action."""
    body = client.get(
        f"/v1/accounts/{account}/plan", params={"as_of": AS_OF}, headers=auth("reader")
    ).json()
    [action] = [a for a in body["suggestions"] if a["kind"] == "re_engage"]
    r = client.post(
        f"/v1/accounts/{account}/plan/{action['id']}/accept",
        params={"as_of": AS_OF},
        headers=auth("writer"),
    )
    assert r.status_code == 200, r.text
    accepted: dict[str, Any] = r.json()
    return accepted


def plan_action(**changes: Any) -> PlanAction:
    """An open introduction of Emma Leroy owned by Tom Reed, due 2026-12-01, with
    ``changes``."""
    base: dict[str, Any] = {
        "id": "pa-1",
        "account_id": "A1",
        "kind": ActionKind.INTRODUCTION,
        "owner": NamedId(id="T1", name="Tom Reed"),
        "target": ActionTarget(id="P5", kind="person", name="Emma Leroy"),
        "introducer": None,
        "title": "Meet Emma Leroy",
        "why": "No relationship with the unit's decision maker",
        "due": dt.date(2026, 12, 1),
        "status": ActionStatus.OPEN,
        "created_on": dt.date(2026, 11, 15),
        "done_on": None,
    }
    base.update(changes)
    return PlanAction(**base)
