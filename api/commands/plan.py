"""``powermap plan`` (the account plan: accepted actions with their status, and
suggestions), ``plan-accept`` / ``plan-dismiss`` (write the decision into the
store) and ``plan-export`` (the accepted actions as .ics, or as a Salesforce, Dynamics
365 or HubSpot task CSV)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from api.commands.common import (
    AccountArg,
    AsOfOpt,
    JsonOpt,
    StoreOpt,
    answer_day,
    guarded,
    open_answers,
    parse_date,
    run,
)
from api.plans import decide, exported_plan, get_plan
from graph.plans import PlanDecision
from queries.models.plan import AccountPlan, PlanAction

ActionArg = Annotated[str, typer.Argument(help="A plan action id (from `powermap plan`).")]


class ExportFormat(StrEnum):
    ICS = "ics"
    CSV = "csv"  # the Salesforce Task CSV, as before the other CRMs
    SALESFORCE = "salesforce"
    DYNAMICS = "dynamics"
    HUBSPOT = "hubspot"


def _t(value: object) -> Text:
    return Text("—" if value is None else str(value))


def plan_tables(found: AccountPlan) -> RenderableType:
    def table(title: str, items: list[PlanAction]) -> Table:
        t = Table(title=title, title_justify="left")
        for column in ("id", "status", "due", "owner", "action"):
            t.add_column(column)
        for a in items:
            t.add_row(_t(a.id), _t(a.status.value), _t(a.due), _t(a.owner.name), _t(a.title))
        return t

    head = f"{found.account_id}: plan as of {found.as_of}"
    return Group(table(f"{head} — accepted", found.actions), table("Suggested", found.suggestions))


def plan(
    account: AccountArg, store: StoreOpt = None, as_of: AsOfOpt = None, as_json: JsonOpt = False
) -> None:
    """The account plan: accepted actions (overdue, open, done) and suggestions."""
    run(store, as_of, as_json, lambda a, day: get_plan(a, account, day), plan_tables)


def _decide(
    account: str,
    action: str,
    store: str | None,
    as_of: str | None,
    decision: PlanDecision,
    due: str | None,
) -> None:
    due_day = parse_date(due, "--due")

    def work() -> PlanAction:
        with open_answers(store, read_only=False) as answers:
            day = answer_day(as_of, answers)
            return decide(answers, account, action, day, decision=decision, who="cli", due=due_day)

    found = guarded(work)
    typer.echo(
        f"{found.id}: {decision.value} ({found.status.value}, due {found.due}) {found.title}"
    )


def plan_accept(
    account: AccountArg,
    action: ActionArg,
    due: Annotated[str | None, typer.Option("--due", help="Due date, YYYY-MM-DD.")] = None,
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Accept a suggested action into the account's plan (created as of --as-of)."""
    _decide(account, action, store, as_of, PlanDecision.ACCEPTED, due)


def plan_dismiss(
    account: AccountArg, action: ActionArg, store: StoreOpt = None, as_of: AsOfOpt = None
) -> None:
    """Dismiss a suggested or accepted action."""
    _decide(account, action, store, as_of, PlanDecision.DISMISSED, None)


def plan_export(
    account: AccountArg,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="ics (calendar), salesforce (or csv), dynamics or hubspot (task CSVs).",
        ),
    ] = ExportFormat.ICS,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: stdout).")
    ] = None,
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The accepted actions as an iCalendar file or a Salesforce, Dynamics 365 or
    HubSpot task CSV."""
    from api import plan_export

    chosen = plan_export.ExportFormat(
        plan_export.ExportFormat.SALESFORCE if fmt is ExportFormat.CSV else fmt.value
    )

    def work() -> bytes:
        with open_answers(store) as answers:
            return exported_plan(answers, account, answer_day(as_of, answers), chosen).body

    body = guarded(work)
    if output is None:
        typer.echo(body.decode(), nl=False)
    else:
        output.write_bytes(body)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
    app.command("plan-accept")(plan_accept)
    app.command("plan-dismiss")(plan_dismiss)
    app.command("plan-export")(plan_export)
