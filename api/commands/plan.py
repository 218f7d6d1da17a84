"""``powermap plan`` (the account plan: accepted actions with their status, and
suggestions), ``plan-accept`` / ``plan-dismiss`` (write the decision into the
store) and ``plan-export`` (the accepted actions as .ics, or as a Salesforce, Dynamics
365 or HubSpot task CSV)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from api.commands.query import (
    EXIT_NOT_FOUND,
    EXIT_STORE,
    EXIT_USAGE,
    AsOfOpt,
    JsonOpt,
    StoreOpt,
    _answers,
    _day,
    _run,
    _typed,
)
from api.plans import decide, get_plan
from api.service import Answers
from graph.errors import NotFoundError, PowermapError, StoreUnavailableError
from graph.plans import PlanDecision
from queries.errors import InvalidQueryError
from queries.models.plan import AccountPlan, PlanAction

T = TypeVar("T")
AccountArg = Annotated[str, typer.Argument(help="Account id.", callback=_typed)]
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


@contextmanager
def _writable(store: str | None) -> Iterator[Answers]:
    from api.root import open_service

    with open_service(store=store) as service:
        yield service.answers


def _errors(work: Callable[[], T]) -> T:
    err = Console(stderr=True, soft_wrap=True)
    codes = ((NotFoundError, EXIT_NOT_FOUND), (InvalidQueryError, EXIT_USAGE))
    try:
        return work()
    except PowermapError as exc:
        err.print(f"{exc.title}: {exc.detail}", markup=False, highlight=False)
        code = next((c for kind, c in codes if isinstance(exc, kind)), None)
        if code is None:
            code = EXIT_STORE if isinstance(exc, StoreUnavailableError) else EXIT_NOT_FOUND
        raise typer.Exit(code) from None


def plan(
    account: AccountArg, store: StoreOpt = None, as_of: AsOfOpt = None, as_json: JsonOpt = False
) -> None:
    """The account plan: accepted actions (overdue, open, done) and suggestions."""
    _run(store, as_of, as_json, lambda a, day: get_plan(a, account, day), plan_tables)


def _decide(
    account: str,
    action: str,
    store: str | None,
    as_of: str | None,
    decision: PlanDecision,
    due: str | None,
) -> None:
    def work() -> PlanAction:
        with _writable(store) as answers:
            day = _day(as_of, answers)
            due_day = None
            if due is not None:
                try:
                    due_day = dt.date.fromisoformat(due)
                except ValueError:
                    raise InvalidQueryError(f"{due!r} is not a date: write YYYY-MM-DD") from None
            return decide(answers, account, action, day, decision=decision, who="cli", due=due_day)

    found = _errors(work)
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
        with _answers(store) as answers:
            day = _day(as_of, answers)
            actions = get_plan(answers, account, day).actions
            name = answers.snapshot(account, day).account_name
            now = dt.datetime.now(dt.UTC).replace(microsecond=0)
            return plan_export.export(chosen, actions, name, now).body

    body = _errors(work)
    if output is None:
        typer.echo(body.decode(), nl=False)
    else:
        output.write_bytes(body)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
    app.command("plan-accept")(plan_accept)
    app.command("plan-dismiss")(plan_dismiss)
    app.command("plan-export")(plan_export)
