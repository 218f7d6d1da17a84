"""The query commands: ``powermap accounts``, ``coverage``, ``advocates``, ``paths``,
``introducers``, ``relationship``, ``key-people``, ``departure-impact`` and ``alerts``.

They give the HTTP API's answers (the same query models through the same
:class:`api.service.Answers`, the same JSON with ``--json``) straight from the
store, opened read-only by :func:`api.root.open_service`. Errors print one line on
stderr and exit non-zero: 1 unknown id, 2 bad option, 4 store unavailable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import RenderableType

from api.commands import query_tables as tables
from api.commands.common import AccountArg, AsOfOpt, JsonOpt, M, StoreOpt, run, typed
from api.listings import account_page, alert_page
from api.params import DEFAULT_LIMIT, MAX_HOPS, MAX_K, MAX_LIMIT
from queries.advocates import advocates as advocates_of
from queries.coverage import coverage as coverage_of
from queries.evidence import relationship_evidence
from queries.paths import executive_paths, paths_to_person
from queries.paths import introducers as introducers_of
from queries.resilience import departure_impact as departure_impact_of
from queries.resilience import key_people as key_people_of
from queries.snapshot import AccountSnapshot

FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="From this team member only (default: whole team).",
        callback=typed,
    ),
]
KOpt = Annotated[
    int | None, typer.Option("--k", min=1, max=MAX_K, help=f"At most this many (1 to {MAX_K}).")
]
HopsOpt = Annotated[
    int | None,
    typer.Option("--max-hops", min=1, max=MAX_HOPS, help=f"Longest path (1 to {MAX_HOPS} hops)."),
]
LimitOpt = Annotated[
    int, typer.Option("--limit", min=1, max=MAX_LIMIT, help=f"Page size (1 to {MAX_LIMIT}).")
]
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, help="Items to skip.")]


def _of_account(
    compute: Callable[[AccountSnapshot], M], render: Callable[[M], RenderableType], doc: str
) -> Callable[..., None]:
    """A command that answers about one account with ``compute`` (no other option)."""

    def command(
        account: AccountArg, store: StoreOpt = None, as_of: AsOfOpt = None, as_json: JsonOpt = False
    ) -> None:
        run(store, as_of, as_json, lambda a, day: a.ask(account, day, compute), render)

    command.__doc__ = doc
    return command


def accounts(
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    limit: LimitOpt = DEFAULT_LIMIT,
    offset: OffsetOpt = 0,
) -> None:
    """Accounts by name with their coverage summary."""
    run(
        store,
        as_of,
        as_json,
        lambda a, day: account_page(a, day, limit, offset),
        tables.accounts_table,
    )


coverage = _of_account(
    coverage_of,
    tables.coverage_tables,
    "Coverage of an account and every unit, then the gaps, most actionable first.",
)


def advocates(
    unit: Annotated[str, typer.Argument(help="Unit id.", callback=typed)],
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=MAX_LIMIT, help="At most this many advocates.")
    ] = 20,
) -> None:
    """People we know well who could speak for us in a unit, ranked by score."""
    run(
        store,
        as_of,
        as_json,
        lambda a, day: a.ask(a.account_of_unit(unit), day, advocates_of, unit, limit),
        tables.advocates_table,
    )


def paths(
    account: Annotated[
        str | None, typer.Argument(help="Account id: paths to its executives.", callback=typed)
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", help="Paths to this person instead.", callback=typed)
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Executives of this unit's subtree only.")
    ] = None,
    from_team_member: FromOpt = None,
    k: KOpt = None,
    max_hops: HopsOpt = None,
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Warm paths to an account's executives, or (--person) to one person."""
    if (account is None) == (person is None):
        raise typer.BadParameter("give an ACCOUNT, or --person PERSON (not both)")
    if person is not None:
        person_id = person
        run(
            store,
            as_of,
            as_json,
            lambda a, day: a.ask(
                a.account_of_person(person_id),
                day,
                paths_to_person,
                person_id,
                from_team_member,
                k,
                max_hops,
            ),
            tables.person_paths_table,
        )
        return
    assert account is not None
    account_id = account
    run(
        store,
        as_of,
        as_json,
        lambda a, day: a.ask(
            account_id, day, executive_paths, unit, from_team_member, k, max_hops, 0
        ),
        tables.executive_paths_table,
    )


def introducers(
    unit: Annotated[str, typer.Argument(help="Unit id.", callback=typed)],
    from_team_member: Annotated[
        str, typer.Option("--from", help="The requesting team member's id.", callback=typed)
    ],
    k: KOpt = None,
    max_hops: HopsOpt = None,
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Who can introduce a team member to someone in a unit."""
    run(
        store,
        as_of,
        as_json,
        lambda a, day: a.ask(
            a.account_of_unit(unit), day, introducers_of, unit, from_team_member, k, max_hops
        ),
        tables.introductions_table,
    )


def relationship(
    team_member: Annotated[str, typer.Argument(help="Team member id.")],
    person: Annotated[str, typer.Argument(help="Person id.")],
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Why a relationship has its strength: given strength and decay, each activity
    counted, the result and the first day it is no longer strong."""
    run(
        store,
        as_of,
        as_json,
        lambda a, day: a.ask(
            a.account_of_person(person), day, relationship_evidence, team_member, person
        ),
        tables.relationship_tables,
    )


key_people = _of_account(
    key_people_of,
    tables.key_people_table,
    "Whose departure alone would cut our team off from a unit or an executive.",
)


def departure_impact(
    account: AccountArg,
    team_member: Annotated[
        str | None,
        typer.Option("--team-member", help="The team member who would leave.", callback=typed),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option("--person", help="The customer person who would leave.", callback=typed),
    ] = None,
    max_hops: HopsOpt = None,
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What we would lose if one team member or one customer person left."""
    if (team_member is None) == (person is None):
        raise typer.BadParameter("give exactly one of --team-member or --person")
    run(
        store,
        as_of,
        as_json,
        lambda a, day: a.ask(
            account,
            day,
            departure_impact_of,
            team_member_id=team_member,
            person_id=person,
            max_hops=max_hops,
        ),
        tables.departure_tables,
    )


def alerts(
    account: Annotated[str | None, typer.Option("--account", help="Only this account.")] = None,
    team_member: Annotated[
        str | None,
        typer.Option("--team-member", help="Only this team member's accounts.", callback=typed),
    ] = None,
    limit: LimitOpt = DEFAULT_LIMIT,
    offset: OffsetOpt = 0,
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Alerts, newest first: champions who left, cooling relationships, ..."""
    run(
        store,
        as_of,
        as_json,
        lambda a, day: alert_page(
            a, day, account_id=account, team_member=team_member, limit=limit, offset=offset
        ),
        tables.alerts_table,
    )


def register(app: typer.Typer) -> None:
    app.command("accounts")(accounts)
    app.command("coverage")(coverage)
    app.command("advocates")(advocates)
    app.command("paths")(paths)
    app.command("introducers")(introducers)
    app.command("relationship")(relationship)
    app.command("key-people")(key_people)
    app.command("departure-impact")(departure_impact)
    app.command("alerts")(alerts)
