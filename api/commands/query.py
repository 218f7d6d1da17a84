"""The query commands: ``powermap accounts``, ``coverage``, ``advocates``, ``paths``,
``introducers``, ``relationship``, ``key-people``, ``departure-impact`` and ``alerts``.

They give the HTTP API's answers (the same query models through the same
:class:`api.service.Answers`, the same JSON with ``--json``) straight from the
store, opened read-only by :func:`api.root.open_service`. Errors print one line on
stderr and exit non-zero: 1 unknown id, 2 bad option, 4 store unavailable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Final, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console, RenderableType

from api.commands import query_tables as tables
from api.listings import account_page, alert_page
from api.params import DEFAULT_LIMIT, MAX_HOPS, MAX_K, MAX_LIMIT, check_as_of
from api.service import Answers
from api.settings import settings_problem
from graph.errors import NotFoundError, PowermapError, StoreUnavailableError
from ingest.sfid import typed_id
from queries.advocates import advocates as advocates_of
from queries.coverage import coverage as coverage_of
from queries.errors import InvalidQueryError
from queries.evidence import relationship_evidence
from queries.paths import executive_paths, paths_to_person
from queries.paths import introducers as introducers_of
from queries.resilience import departure_impact as departure_impact_of
from queries.resilience import key_people as key_people_of

EXIT_NOT_FOUND: Final = 1
EXIT_USAGE: Final = 2
EXIT_STORE: Final = 4

M = TypeVar("M", bound=BaseModel)

StoreOpt = Annotated[
    str | None,
    typer.Option("--store", help="Neo4j URI or embedded store file (default: POWERMAP_STORE)."),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Answer as of YYYY-MM-DD (default today).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the answer as JSON (as the API).")]


def _typed(value: str | None) -> str | None:
    """An id as typed: a 15-character Salesforce id becomes the 18-character one."""
    return None if value is None else typed_id(value)


FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="From this team member only (default: whole team).",
        callback=_typed,
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


def _day(as_of: str | None, answers: Answers) -> dt.date:
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise typer.BadParameter(
            f"{as_of!r} is not a date: write YYYY-MM-DD", param_hint="--as-of"
        ) from None
    return check_as_of(day, answers.today())


@contextmanager
def _answers(store: str | None) -> Iterator[Answers]:
    from api.root import open_service

    # Read-only (embedded): a query never writes, and may run beside a load.
    with open_service(store=store, read_only=True) as service:
        yield service.answers


def _run(
    store: str | None,
    as_of: str | None,
    as_json: bool,
    answer: Callable[[Answers, dt.date], M],
    render: Callable[[M], RenderableType],
) -> None:
    """Open the store, compute the answer, print it; errors as one line on stderr."""
    err = Console(stderr=True, soft_wrap=True)
    try:
        with _answers(store) as answers:
            result = answer(answers, _day(as_of, answers))
    except ValidationError as exc:
        err.print(f"settings: {settings_problem(exc)}", markup=False, highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    except NotFoundError as exc:
        err.print(f"{exc.title}: {exc.detail}", markup=False, highlight=False)
        raise typer.Exit(EXIT_NOT_FOUND) from None
    except InvalidQueryError as exc:
        err.print(f"{exc.title}: {exc.detail}", markup=False, highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    except StoreUnavailableError as exc:
        err.print(f"{exc.title}: {exc.detail}", markup=False, highlight=False)
        raise typer.Exit(EXIT_STORE) from None
    except PowermapError as exc:
        err.print(f"{exc.title}: {exc.detail}", markup=False, highlight=False)
        raise typer.Exit(EXIT_NOT_FOUND) from None
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        Console(soft_wrap=False).print(render(result))


def accounts(
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    limit: LimitOpt = DEFAULT_LIMIT,
    offset: OffsetOpt = 0,
) -> None:
    """Accounts by name with their coverage summary."""
    _run(
        store,
        as_of,
        as_json,
        lambda a, day: account_page(a, day, limit, offset),
        tables.accounts_table,
    )


def coverage(
    account: Annotated[str, typer.Argument(help="Account id.", callback=_typed)],
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Coverage of an account and every unit, then the gaps, most actionable first."""
    _run(
        store,
        as_of,
        as_json,
        lambda a, day: a.ask(account, day, coverage_of),
        tables.coverage_tables,
    )


def advocates(
    unit: Annotated[str, typer.Argument(help="Unit id.", callback=_typed)],
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=MAX_LIMIT, help="At most this many advocates.")
    ] = 20,
) -> None:
    """People we know well who could speak for us in a unit, ranked by score."""
    _run(
        store,
        as_of,
        as_json,
        lambda a, day: a.ask(a.account_of_unit(unit), day, advocates_of, unit, limit),
        tables.advocates_table,
    )


def paths(
    account: Annotated[
        str | None, typer.Argument(help="Account id: paths to its executives.", callback=_typed)
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", help="Paths to this person instead.", callback=_typed)
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
        _run(
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
    _run(
        store,
        as_of,
        as_json,
        lambda a, day: a.ask(
            account_id, day, executive_paths, unit, from_team_member, k, max_hops, 0
        ),
        tables.executive_paths_table,
    )


def introducers(
    unit: Annotated[str, typer.Argument(help="Unit id.", callback=_typed)],
    from_team_member: Annotated[
        str, typer.Option("--from", help="The requesting team member's id.", callback=_typed)
    ],
    k: KOpt = None,
    max_hops: HopsOpt = None,
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Who can introduce a team member to someone in a unit."""
    _run(
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
    _run(
        store,
        as_of,
        as_json,
        lambda a, day: a.ask(
            a.account_of_person(person), day, relationship_evidence, team_member, person
        ),
        tables.relationship_tables,
    )


def key_people(
    account: Annotated[str, typer.Argument(help="Account id.", callback=_typed)],
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Whose departure alone would cut our team off from a unit or an executive."""
    _run(
        store,
        as_of,
        as_json,
        lambda a, day: a.ask(account, day, key_people_of),
        tables.key_people_table,
    )


def departure_impact(
    account: Annotated[str, typer.Argument(help="Account id.", callback=_typed)],
    team_member: Annotated[
        str | None,
        typer.Option("--team-member", help="The team member who would leave.", callback=_typed),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option("--person", help="The customer person who would leave.", callback=_typed),
    ] = None,
    max_hops: HopsOpt = None,
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What we would lose if one team member or one customer person left."""
    if (team_member is None) == (person is None):
        raise typer.BadParameter("give exactly one of --team-member or --person")
    _run(
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
        typer.Option("--team-member", help="Only this team member's accounts.", callback=_typed),
    ] = None,
    limit: LimitOpt = DEFAULT_LIMIT,
    offset: OffsetOpt = 0,
    store: StoreOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Alerts, newest first: champions who left, cooling relationships, ..."""
    _run(
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
