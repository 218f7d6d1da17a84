"""Account plans between the routes, the commands, the MCP tools and the stores:
suggestions (cached per store revision through the answer service), the stored
plan with statuses computed as of a date, accepting and dismissing."""

from __future__ import annotations

import datetime as dt

from api.plan_export import Export, ExportFormat, export
from api.service import Answers
from graph.errors import NotFoundError, StoreUnavailableError
from graph.plans import PlanDecision, PlanStore
from queries.errors import InvalidQueryError
from queries.models.plan import AccountPlan, PlanAction
from queries.plan import suggestions
from queries.plan_status import account_plan, record_for, stored_action


def exported_plan(answers: Answers, account_id: str, as_of: dt.date, fmt: ExportFormat) -> Export:
    """The accepted actions as of ``as_of`` in ``fmt``, stamped now (to the second)."""
    actions = get_plan(answers, account_id, as_of).actions
    name = answers.snapshot(account_id, as_of).account_name
    return export(fmt, actions, name, dt.datetime.now(dt.UTC).replace(microsecond=0))


def plan_store(answers: Answers) -> PlanStore:
    store = answers.store
    if not isinstance(store, PlanStore):
        raise StoreUnavailableError(
            "this store keeps no account plans; use the embedded or the Neo4j store"
        )
    return store


def account_suggestions(answers: Answers, account_id: str, as_of: dt.date) -> list[PlanAction]:
    found: list[PlanAction] = answers.answer(account_id, as_of, ("plan.suggestions",), suggestions)
    return found


def get_plan(answers: Answers, account_id: str, as_of: dt.date) -> AccountPlan:
    """The plan as of ``as_of``: not cached, since a plan changes without a load."""
    records = plan_store(answers).plan_actions(account_id)
    return account_plan(
        answers.snapshot(account_id, as_of),
        records,
        account_suggestions(answers, account_id, as_of),
    )


def decide(
    answers: Answers,
    account_id: str,
    action_id: str,
    as_of: dt.date,
    *,
    decision: PlanDecision,
    who: str,
    due: dt.date | None = None,
) -> PlanAction:
    """Accept (or dismiss) an action suggested as of ``as_of``, or change the due
    date of one already accepted; its creation date is ``as_of``, so activities
    after it count towards done. Returns the action as the plan now shows it."""
    store = plan_store(answers)
    stored = {r.id: r for r in store.plan_actions(account_id)}
    suggested = {a.id: a for a in account_suggestions(answers, account_id, as_of)}
    if due is not None and due < as_of:
        raise InvalidQueryError(f"the due date {due} is before {as_of}; give a later date")
    old = stored.get(action_id)
    if action_id in suggested:
        base = suggested[action_id]
    elif old is not None:
        base = stored_action(answers.snapshot(account_id, as_of), old)
    else:
        raise NotFoundError(
            f"no action {action_id!r} is suggested for account {account_id!r} as of {as_of}; "
            "list the plan's suggestions to find their ids"
        )
    # An action accepted before keeps its creation date (activities since then
    # still count) and its due date unless a new one is given.
    kept = old if old is not None and old.decision is PlanDecision.ACCEPTED else None
    record = record_for(
        base,
        created_on=as_of if kept is None else kept.created_on,
        created_by=who,
        decision=decision,
        due=due or (base.due if kept is None else kept.due),
    )
    store.put_plan_action(record)
    return stored_action(answers.snapshot(account_id, as_of), record)
