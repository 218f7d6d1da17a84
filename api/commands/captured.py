"""``powermap captured ACCOUNT`` lists an account's captured contacts;
``powermap promote ADDRESS --unit U --name N`` makes one a person (issue 19).

Errors print one line on stderr: exit 1 unknown account, address or unit, 2 bad
option, 4 store unavailable."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Final

import typer
from rich.console import Console
from rich.table import Table

from api.routes.captured import CapturedContacts, captured_contacts
from graph.errors import NotFoundError, PowermapError
from graph.store import GraphStore
from ingest.errors import IngestOptionError

EXIT_NOT_FOUND: Final = 1
EXIT_USAGE: Final = 2
EXIT_STORE: Final = 4

StoreOpt = Annotated[
    str | None,
    typer.Option("--store", help="Neo4j URI or embedded store file (default: POWERMAP_STORE)."),
]


@contextmanager
def _store(store: str | None, *, read_only: bool) -> Iterator[GraphStore]:
    from api.root import open_service

    with open_service(store=store, read_only=read_only) as service:
        yield service.store


@contextmanager
def _errors() -> Iterator[None]:
    err = Console(stderr=True, soft_wrap=True)
    try:
        yield
    except PowermapError as exc:
        err.print(f"{exc.title}: {exc.detail}", markup=False, highlight=False)
        code = EXIT_STORE
        if isinstance(exc, IngestOptionError):
            code = EXIT_USAGE
        elif isinstance(exc, NotFoundError):
            code = EXIT_NOT_FOUND
        raise typer.Exit(code) from None


def _table(found: CapturedContacts) -> Table:
    table = Table(title=f"Captured contacts of {found.account_id}")
    for column in ("address", "messages", "meetings", "first seen", "last seen", "with"):
        table.add_column(column, justify="right" if column in ("messages", "meetings") else "left")
    for c in found.items:
        table.add_row(
            c.address,
            str(c.messages),
            str(c.meetings),
            c.first_seen.isoformat(),
            c.last_seen.isoformat(),
            ", ".join(c.team_member_ids),
        )
    return table


def captured(
    account: Annotated[str, typer.Argument(help="Account id.")],
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON (as the API).")] = False,
) -> None:
    """Addresses at the account's domains that corresponded with our team but match no
    person (from mail loads): who are we missing?"""
    with _errors(), _store(store, read_only=True) as graph:
        found = captured_contacts(graph, account)
    if as_json:
        typer.echo(found.model_dump_json(indent=2))
    elif not found.items:
        typer.echo(f"no captured contacts for {account}")
    else:
        Console(soft_wrap=False).print(_table(found))


def promote(
    address: Annotated[str, typer.Argument(help="The captured contact's e-mail address.")],
    unit: Annotated[str, typer.Option("--unit", help="Unit id it works in (or the account id).")],
    name: Annotated[str, typer.Option("--name", help="The person's name.")],
    person_id: Annotated[
        str | None, typer.Option("--id", help="Person id (default: derived from the address).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Job title.")] = None,
    store: StoreOpt = None,
) -> None:
    """Make a captured contact a person: its messages and meetings become activities."""
    from ingest.mail.promote import promote as do_promote

    with _errors(), _store(store, read_only=False) as graph:
        person, count = do_promote(graph, address, unit, name, person_id=person_id, title=title)
    typer.echo(
        f"{person.id}: {person.name} in {person.unit_id or person.account_id}, {count} activities"
    )


def register(app: typer.Typer) -> None:
    app.command("captured")(captured)
    app.command("promote")(promote)
