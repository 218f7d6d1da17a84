"""The ``powermap`` command line: one Typer app, each command in its own module.

A command's module is imported only when that command runs (or help lists it):
``powermap serve`` must not pay for the ingest readers, the mail parser or the
generator, which other commands import (issue 14: start-up ≤ 1 s).
"""

from __future__ import annotations

import importlib
from typing import Final

import typer

# Typer (0.29) vendors click: its group's API is typed with these classes.
from typer import _click as click
from typer.core import TyperGroup

from api.gc_policy import tune_collector

#: Command name -> the module under ``api.commands`` whose ``register`` adds it.
#: Listed here so the command set is explicit (and help keeps this order).
COMMANDS: Final[dict[str, str]] = {
    "serve": "serve",
    "ingest": "ingest",
    "generate": "generate",
    **dict.fromkeys(
        (
            "accounts",
            "coverage",
            "advocates",
            "paths",
            "introducers",
            "relationship",
            "key-people",
            "departure-impact",
            "alerts",
        ),
        "query",
    ),
    "changes": "review",
    "trend": "review",
    **dict.fromkeys(("plan", "plan-accept", "plan-dismiss", "plan-export"), "plan"),
    "captured": "captured",
    "promote": "captured",
    "search": "search",
    "bench": "bench",
}


def module_commands(module: str) -> dict[str, click.Command]:
    """The click commands that ``api.commands.<module>`` registers, by name."""
    commands = typer.Typer(add_completion=False)
    importlib.import_module(f"api.commands.{module}").register(commands)
    return dict(typer.main.get_group(commands).commands)


class LazyCommands(TyperGroup):
    """Typer's group, loading each command's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            for name, command in module_commands(COMMANDS[cmd_name]).items():
                self.commands.setdefault(name, command)
        return super().get_command(ctx, cmd_name)


app = typer.Typer(
    name="powermap",
    help="Relationship intelligence for account teams: coverage, advocates, warm paths.",
    cls=LazyCommands,
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _process_edge() -> None:
    # Before any command runs: the process's collector policy, set once here.
    tune_collector()


def main() -> None:
    app()
