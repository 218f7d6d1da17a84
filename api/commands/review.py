"""``powermap changes`` (what changed since the last review) and ``powermap trend``:
the API's answers (the same JSON with ``--json``), straight from the store."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from api.commands.common import AccountArg, AsOfOpt, JsonOpt, StoreOpt, parse_date, run
from api.routes.review import MAX_TREND_MONTHS, account_changes, account_trend
from queries.models.review import AccountChanges, AccountTrend
from queries.trend import TREND_MONTHS


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    return table


def _t(value: object) -> Text:
    return Text("—" if value is None else str(value))


def changes_tables(found: AccountChanges) -> RenderableType:
    head = f"{found.account_id}: changes from {found.from_date} to {found.to_date}"
    units = _table(f"{head} — units", "unit", "from", "to")
    for u in found.units:
        units.add_row(_t(u.unit.name), _t(u.from_status), _t(u.to_status))
    rels = _table("Relationships", "team member", "person", "change", "evidence")
    for r in found.relationships:
        rels.add_row(_t(r.team_member.name), _t(r.person.name), _t(r.change), _t(r.evidence))
    execs = _table("Executives", "person", "change", "evidence")
    for e in found.executives:
        execs.add_row(_t(e.person.name), _t(e.change), _t(e.evidence))
    people = _table("People", "person", "change", "date", "unit")
    for p in found.people:
        people.add_row(_t(p.person.name), _t(p.change), _t(p.date), _t(p.unit.name))
    seats = _table("Seats", "scope", "role", "change", "holders")
    for s in found.seats:
        seats.add_row(
            _t(s.scope.name), _t(s.role), _t(s.change), _t(", ".join(h.name for h in s.holders))
        )
    alerts = _table("Alerts in between", "date", "kind", "message")
    for a in found.alerts:
        alerts.add_row(_t(a.date), _t(a.kind.value), _t(a.message))
    return Group(units, rels, execs, people, seats, alerts)


def trend_table(found: AccountTrend) -> RenderableType:
    table = _table(
        f"{found.account_id}: coverage trend to {found.as_of}",
        "as of",
        "covered",
        "single-threaded",
        "weak",
        "uncovered",
        "executives known strongly",
    )
    for p in found.points:
        s = p.statuses
        table.add_row(
            _t(p.as_of),
            _t(s.covered),
            _t(s.single_threaded),
            _t(s.weak),
            _t(s.uncovered),
            _t(f"{p.executives_known_strongly} of {p.executives}"),
        )
    return table


def changes(
    account: AccountArg,
    from_date: Annotated[str, typer.Option("--from", help="The last review's date, YYYY-MM-DD.")],
    to_date: AsOfOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What changed in an account since a date: units, relationships, executives,
    people, seats and alerts. --as-of is the later date (default today)."""
    start = parse_date(from_date, "--from")
    assert start is not None  # --from is required
    run(
        store,
        to_date,
        as_json,
        lambda a, day: account_changes(a, account, start, day),
        changes_tables,
    )


def trend(
    account: AccountArg,
    months: Annotated[
        int,
        typer.Option("--months", min=1, max=MAX_TREND_MONTHS, help="How many month ends."),
    ] = TREND_MONTHS,
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Coverage of an account at each month end, oldest first."""
    run(store, as_of, as_json, lambda a, day: account_trend(a, account, day, months), trend_table)


def register(app: typer.Typer) -> None:
    app.command("changes")(changes)
    app.command("trend")(trend)
