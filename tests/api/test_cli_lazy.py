"""The command line loads a command's module only when that command runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from api.cli import COMMANDS, app, module_commands

ROOT = Path(__file__).resolve().parents[2]


def test_the_command_table_names_every_command_its_module_registers() -> None:
    modules = set(COMMANDS.values())
    registered = {name: module for module in modules for name in module_commands(module)}
    assert registered == COMMANDS


def test_help_lists_every_command_in_table_order() -> None:
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    places = [result.output.find(f" {name} ") for name in COMMANDS]
    assert -1 not in places
    assert places == sorted(places)


def test_an_unknown_command_is_refused() -> None:
    result = CliRunner().invoke(app, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_serving_imports_no_reader_generator_mail_or_mcp_sdk() -> None:
    # What `powermap serve` imports before it is ready: the CLI, the serve
    # command and the app. The ingest readers, the generator, the mail parser,
    # the MCP SDK and icalendar load only when something asks for them.
    probe = (
        "import sys, api.cli, api.app; api.cli.module_commands('serve');"
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
    )
    heavy = {"ingest.service", "ingest.generate", "ingest.mail.load", "mcp", "icalendar"}
    assert loaded & heavy == set()
    assert {"api.app", "api.commands.serve", "fastapi"} <= loaded
