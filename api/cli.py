"""The ``powermap`` command line: one Typer app, each command in its own module."""

from __future__ import annotations

import typer

from api.commands import bench, captured, generate, ingest, plan, query, review, search, serve
from api.gc_policy import tune_collector

app = typer.Typer(
    name="powermap",
    help="Relationship intelligence for account teams: coverage, advocates, warm paths.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _process_edge() -> None:
    # Before any command runs: the process's collector policy, set once here.
    tune_collector()


# Each module adds its commands; listed here so the command set is explicit.
for _module in (serve, ingest, generate, query, review, plan, captured, search, bench):
    _module.register(app)


def main() -> None:
    app()
