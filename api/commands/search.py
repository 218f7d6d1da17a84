"""``powermap search WORDS``: find accounts, units, people and team members by name,
title, e-mail or id (issue 17), as ``GET /v1/search`` does.

Errors print one line on stderr: exit 2 bad option, 4 store unavailable."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.commands.captured import StoreOpt, _errors, _store
from queries.search import MAX_LIMIT, SearchResult
from queries.search import search as find


def _table(found: SearchResult) -> Table:
    table = Table(title=f"Matches for {found.query!r}")
    for column in ("kind", "id", "name", "detail", "where"):
        table.add_column(column)
    for h in found.items:
        where = " · ".join(x for x in (h.unit_name, h.account_name) if x)
        name = f"{h.name} (left)" if h.left else h.name
        table.add_row(h.kind.replace("_", " "), h.id, name, h.detail or "", where)
    return table


def search(
    words: Annotated[list[str], typer.Argument(help="Words to find (each a word's start).")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=MAX_LIMIT, help="Most results.")] = 10,
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON (as the API).")] = False,
) -> None:
    """Find accounts, units, people and team members by name, title, e-mail or id;
    accents and case ignored, best match first."""
    with _errors(), _store(store, read_only=True) as graph:
        found = find(graph, " ".join(words), limit)
    if as_json:
        typer.echo(found.model_dump_json(indent=2))
    elif not found.items:
        typer.echo(f"Nothing matches {found.query!r}.")
    else:
        Console(soft_wrap=False, width=160).print(_table(found))
        if found.more:
            typer.echo(f"(more match: ask for more with --limit, up to {MAX_LIMIT})")


def register(app: typer.Typer) -> None:
    app.command("search")(search)
