"""The ``powermap`` command line: one Typer app, each command in its own module."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="powermap",
    help="Relationship intelligence for account teams: coverage, advocates, warm paths.",
    no_args_is_help=True,
    add_completion=False,
)

# Each module defines ``register(app)``. Listed here so the command set is explicit.
_COMMAND_MODULES = (
    "api.commands.serve",
    "api.commands.ingest",
    "api.commands.generate",
    "api.commands.query",
    "api.commands.bench",
)

for _name in _COMMAND_MODULES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # a command still being built must not break the rest
        if exc.name != _name:
            raise
        continue
    _module.register(app)


def main() -> None:
    app()
