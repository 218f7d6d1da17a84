"""The ``powermap`` command line: one Typer app, each command in its own module."""

from __future__ import annotations

import typer

from api.commands import bench, captured, generate, ingest, plan, query, review, serve

app = typer.Typer(
    name="powermap",
    help="Relationship intelligence for account teams: coverage, advocates, warm paths.",
    no_args_is_help=True,
    add_completion=False,
)

# Each module adds its commands; listed here so the command set is explicit.
for _module in (serve, ingest, generate, query, review, plan, captured, bench):
    _module.register(app)


def main() -> None:
    app()
