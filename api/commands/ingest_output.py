"""What ``powermap ingest`` shows on a terminal: the progress of a load and its
report (counts per kind, skip reasons, notes, the first lines of each problem
group)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.report import IngestReport
from ingest.service import Progress as ProgressCallback
from ingest.skip_reasons import explain as explain_skip

#: Bundles smaller than this load in a blink: no progress bar.
PROGRESS_MIN_BYTES: Final = 8 * 1024 * 1024
#: Example lines the terminal shows per problem group (--problems FILE has all).
SHOWN_PER_GROUP: Final = 3


def bundle_bytes(path: Path) -> int:
    """The bytes of a bundle file, or of the files of a bundle folder (0 when unreadable)."""
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
        return path.stat().st_size
    except OSError:
        return 0


@contextmanager
def progress_bar(console: Console, enabled: bool) -> Iterator[ProgressCallback | None]:
    """A transient progress bar naming the load's current step (None: no bar)."""
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


def _print_groups(console: Console, report: IngestReport) -> None:
    for g in report.problem_groups:
        head = f"{g.severity} ×{g.count}: {g.file}: {g.column}: {g.reason}"
        console.print(head, markup=False, highlight=False)
        for line in g.examples[:SHOWN_PER_GROUP]:
            console.print(line, markup=False, highlight=False)
        if g.count > SHOWN_PER_GROUP:
            where = report.problems_file or "--problems FILE"
            console.print(f"… {g.count - SHOWN_PER_GROUP} more ({where})", markup=False)


def print_report(console: Console, report: IngestReport) -> None:
    """The report as the terminal shows it: counts per kind, notes, problem groups."""
    title = f"{'Dry run of ' if report.dry_run else ''}{report.source} ({report.dialect})"
    table = Table(title=title)
    columns = ["kind", "read", "created", "updated", "unchanged", "rejected", "skipped"]
    derived = any(k.derived for k in report.kinds.values())
    if derived:  # placeholders, department divisions, deal and e-mail activities
        columns.append("derived")
    for column in columns:
        if column == "kind":
            table.add_column(column, no_wrap=True)
        else:
            table.add_column(column, justify="right")
    for kind, k in report.kinds.items():
        values = [k.read, k.created, k.updated, k.unchanged, k.rejected, k.skipped]
        table.add_row(kind, *(str(v) for v in (*values, *([k.derived] if derived else []))))
    console.print(table)
    if report.dry_run:
        console.print("dry run: nothing was written (created/updated: what a load would do)")
    if report.deleted:
        console.print(f"deleted: {report.deleted}")
    for reason, count in sorted(report.skipped_reasons.items()):
        console.print(f"skipped {count}: {explain_skip(reason)} [{reason}]", markup=False)
    for note in report.notes:
        console.print(f"note: {note}", markup=False, highlight=False)
    for file, columns_ in report.unknown_columns.items():
        console.print(f"ignored columns in {file}: {', '.join(columns_)}", markup=False)
    if report.ignored_files:
        console.print(f"ignored files: {', '.join(report.ignored_files)}", markup=False)
    console.print(f"{report.error_count} errors, {report.warning_count} warnings")
    _print_groups(console, report)
    if report.rejects_file:
        console.print(f"rejected rows written to {report.rejects_file}")
    if report.problems_file:
        console.print(f"every error and warning written to {report.problems_file}")
    rows = report.rows_read
    rate = f", {rows / report.elapsed_seconds:,.0f} rows/s" if report.elapsed_seconds else ""
    console.print(f"{rows} rows in {report.elapsed_seconds:.2f} s{rate}")
