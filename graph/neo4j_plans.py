"""Plan actions in Neo4j: nodes of the ``PlanAction`` label (see :mod:`graph.plans`
and the constants at the end of :mod:`graph.cypher`)."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from typing import Any

from neo4j import Driver, Record

from graph import cypher
from graph.plans import PlanActionRecord, PlanDecision


def params(r: PlanActionRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "account_id": r.account_id,
        "kind": r.kind,
        "owner_id": r.owner_id,
        "target_id": r.target_id,
        "target_kind": r.target_kind,
        "introducer_id": r.introducer_id,
        "introducer_kind": r.introducer_kind,
        "title": r.title,
        "due": r.due.isoformat(),
        "created_on": r.created_on.isoformat(),
        "created_by": r.created_by,
        "decision": r.decision.value,
    }


def record_of(r: Record) -> PlanActionRecord:
    return PlanActionRecord(
        id=r["id"],
        account_id=r["account_id"],
        kind=r["kind"],
        owner_id=r["owner_id"],
        target_id=r["target_id"],
        target_kind=r["target_kind"],
        introducer_id=r["introducer_id"],
        introducer_kind=r["introducer_kind"],
        title=r["title"],
        due=dt.date.fromisoformat(r["due"]),
        created_on=dt.date.fromisoformat(r["created_on"]),
        created_by=r["created_by"],
        decision=PlanDecision(r["decision"]),
    )


class Neo4jPlansMixin:
    """:class:`graph.plans.PlanStore` for :class:`graph.neo4j_store.Neo4jStore`."""

    # Provided by Neo4jStore.
    _driver: Driver
    _database: str
    _plans_ready = False

    def _errors(self, action: str, *, writing: bool = False) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _read(self, statement: str, action: str, **params: Any) -> list[Record]:
        raise NotImplementedError

    def put_plan_action(self, record: PlanActionRecord) -> None:
        with self._errors("storing a plan action", writing=True):
            if not self._plans_ready:
                for schema in cypher.PLAN_SCHEMA_STATEMENTS:
                    self._driver.execute_query(schema, database_=self._database)
                self._plans_ready = True
            self._driver.execute_query(
                cypher.PUT_PLAN_ACTIONS, {"rows": [params(record)]}, database_=self._database
            )

    def plan_actions(self, account_id: str) -> list[PlanActionRecord]:
        found = self._read(cypher.PLAN_ACTIONS_OF_ACCOUNT, "reading a plan", account_id=account_id)
        return [record_of(r) for r in found]
