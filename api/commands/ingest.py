"""``powermap ingest PATH``: load a CRM bundle (folder or .zip) into the store."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Final

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.audit import record_load
from graph.errors import PowermapError
from ingest.errors import BundleInvalidError, BundleUnreadableError, IngestOptionError
from ingest.report import IngestOptions, IngestReport
from ingest.service import Progress as ProgressCallback
from ingest.service import load_bundle

EXIT_OK: Final = 0
EXIT_INVALID: Final = 1  # rows are invalid: nothing written, every problem printed
EXIT_USAGE: Final = 2  # bad option (Typer's own usage errors use 2 as well)
EXIT_UNREADABLE: Final = 3  # the bundle cannot be read: nothing written
EXIT_STORE: Final = 4  # the store cannot be opened or the write failed: nothing written

#: Bundles smaller than this load in a blink: no progress bar.
_PROGRESS_MIN_BYTES: Final = 8 * 1024 * 1024

_HELP = f"""Load a CRM bundle (a folder of CSV files, or a .zip of one) into the store.

The dialect (native powermap files, or a Salesforce export) is detected from the
file names. Every row is validated first; if any is invalid nothing is written.

Exit codes: {EXIT_OK} loaded (or --dry-run passed); {EXIT_INVALID} invalid rows (each
printed as file:line: column: value: reason); {EXIT_USAGE} bad option;
{EXIT_UNREADABLE} the bundle cannot be read (missing, unsafe zip, wrong encoding);
{EXIT_STORE} the store cannot be opened or written.
"""


class FormatOption(StrEnum):
    AUTO = "auto"
    POWERMAP = "powermap"
    SALESFORCE = "salesforce"


def _bundle_bytes(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
        return path.stat().st_size
    except OSError:
        return 0


@contextmanager
def _progress(console: Console, enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("reading", total=None)

        def step(what: str) -> None:
            bar.update(task, description=what)

        yield step


def _print_report(console: Console, report: IngestReport) -> None:
    title = f"{'Dry run of ' if report.dry_run else ''}{report.source} ({report.dialect})"
    table = Table(title=title)
    for column in ("kind", "read", "created", "updated", "unchanged", "rejected", "skipped"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind, k in report.kinds.items():
        table.add_row(
            kind,
            *(str(v) for v in (k.read, k.created, k.updated, k.unchanged, k.rejected, k.skipped)),
        )
    console.print(table)
    if report.deleted:
        console.print(f"deleted: {report.deleted}")
    for reason, count in sorted(report.skipped_reasons.items()):
        console.print(f"skipped {count}: {reason}")
    for file, columns in report.unknown_columns.items():
        console.print(f"ignored columns in {file}: {', '.join(columns)}")
    if report.ignored_files:
        console.print(f"ignored files: {', '.join(report.ignored_files)}")
    for line in report.problems:
        console.print(line, markup=False, highlight=False)
    if report.problem_count > len(report.problems):
        console.print(f"… {report.problem_count - len(report.problems)} more problems")
    if report.rejects_file:
        console.print(f"rejected rows written to {report.rejects_file}")
    rows = report.rows_read
    rate = f", {rows / report.elapsed_seconds:,.0f} rows/s" if report.elapsed_seconds else ""
    console.print(f"{rows} rows in {report.elapsed_seconds:.2f} s{rate}")


def _fail(console: Console, as_json: bool, code: int, error: PowermapError) -> typer.Exit:
    if as_json:
        body: dict[str, object] = {"error": error.title, "detail": error.detail}
        if isinstance(error, BundleInvalidError):
            body["problems"] = [str(p) for p in error.problems]
        typer.echo(json.dumps(body, indent=2))
    elif isinstance(error, BundleInvalidError):
        console.print(
            f"{len(error.problems)} problem(s); nothing was written "
            "(fix them, or load the good rows with --skip-invalid):",
            markup=False,
        )
        for problem in error.problems:
            console.print(str(problem), markup=False, highlight=False)
    else:
        console.print(f"{error.title}: {error.detail}", markup=False, highlight=False)
    return typer.Exit(code)


def ingest(
    path: Annotated[Path, typer.Argument(help="Bundle folder or .zip file.")],
    format: Annotated[
        FormatOption, typer.Option("--format", help="Dialect; auto detects it from file names.")
    ] = FormatOption.AUTO,
    store: Annotated[
        str | None,
        typer.Option(help="Neo4j URI or embedded store file (default: POWERMAP_STORE)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate only.")] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Load the good rows, reject the bad ones.")
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help="Write rejected rows (file,line,column,value,reason)."),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Encoding of the CSV files (default UTF-8).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="YYYY-MM-DD: decides current vs past positions."),
    ] = None,
    unit_kind_map: Annotated[
        Path | None,
        typer.Option(
            "--unit-kind-map",
            help='Salesforce: JSON {"field": F, "values": {value: kind}} or CSV field,value,kind.',
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    console = Console(stderr=False, soft_wrap=True)
    try:
        as_of_date = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise typer.BadParameter(
            f"{as_of!r} is not a date: write YYYY-MM-DD", param_hint="--as-of"
        ) from None
    try:
        options = IngestOptions(
            format=format.value,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            rejects_path=rejects,
            encoding=encoding,
            as_of=as_of_date,
            unit_kind_map=unit_kind_map,
        )
        from api.settings import get_settings
        from graph.factory import open_store

        settings = get_settings()
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        try:
            graph = open_store(
                store or settings.store,
                neo4j_user=settings.neo4j_user,
                neo4j_password=password,
                neo4j_database=settings.neo4j_database,
            )
        except PowermapError as exc:
            raise _fail(console, as_json, EXIT_STORE, exc) from None
        show = not as_json and console.is_terminal and _bundle_bytes(path) > _PROGRESS_MIN_BYTES
        try:
            with _progress(console, show) as step:
                report = load_bundle(path, graph, options, step)
            record_load(graph, "cli", report)
        finally:
            graph.close()
    except BundleInvalidError as exc:
        raise _fail(console, as_json, EXIT_INVALID, exc) from None
    except BundleUnreadableError as exc:
        raise _fail(console, as_json, EXIT_UNREADABLE, exc) from None
    except IngestOptionError as exc:
        raise _fail(console, as_json, EXIT_USAGE, exc) from None
    except PowermapError as exc:
        raise _fail(console, as_json, EXIT_STORE, exc) from None
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        _print_report(console, report)


def register(app: typer.Typer) -> None:
    app.command("ingest", help=_HELP)(ingest)
