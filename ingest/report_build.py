"""The ingest report of a load: counts per kind, skips and why, problem groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.schema import ApplyResult, KindCounts, RecordKind
from ingest.errors import ERROR, WARNING
from ingest.problems import ProblemCsv, ProblemLog
from ingest.report import (
    MAX_REPORTED_PROBLEMS,
    Dialect,
    IngestOptions,
    IngestReport,
    KindReport,
    Outcome,
    ProblemGroupReport,
)

if TYPE_CHECKING:
    from ingest.service import _Read


_DIALECTS: dict[str, Dialect] = {
    "powermap": "powermap",
    "dynamics": "dynamics",
    "hubspot": "hubspot",
    "mapped": "mapped",
}


def _kinds(
    read: _Read,
    result: ApplyResult,
    would: dict[RecordKind, tuple[KindCounts, int]] | None,
) -> dict[str, KindReport]:
    """Per record kind read or written: rows read, rejected, skipped, derived, and
    what the store did (or, in a dry run, would do) with them."""
    kinds: dict[str, KindReport] = {}
    for kind in RecordKind:
        tally = read.staged.tallies.get(kind)
        counts = result.counts.get(kind)
        planned = would.get(kind) if would is not None else None
        if tally is None and counts is None and planned is None:
            continue
        entry = KindReport()
        if tally is not None:
            entry.read, entry.rejected, entry.skipped = tally.read, tally.rejected, tally.skipped
            entry.derived = tally.derived
        if planned is not None:
            counts, entry.to_write = planned
        if counts is not None:
            entry.created, entry.updated = counts.created, counts.updated
            entry.unchanged, entry.deleted = counts.unchanged, counts.deleted
        kinds[kind.value] = entry
    return kinds


def _groups(log: ProblemLog, order: dict[str, int]) -> list[ProblemGroupReport]:
    return [
        ProblemGroupReport(
            severity=g.severity,
            file=g.file,
            column=g.column,
            reason=g.reason,
            count=g.count,
            examples=[str(p) for p in g.examples],
        )
        for g in log.ordered_groups(order)
    ]


def build_report(
    read: _Read,
    result: ApplyResult,
    options: IngestOptions,
    log: ProblemLog,
    would: dict[RecordKind, tuple[KindCounts, int]] | None,
    outcome: Outcome,
    sinks: list[ProblemCsv],
) -> IngestReport:
    staged, bundle = read.staged, read.bundle
    kinds = _kinds(read, result, would)
    used = {name.lower() for name in staged.file_rows}
    ignored = sorted(
        [*bundle.ignored, *(name for key, name in bundle.files.items() if key not in used)]
    )
    order = {name: i for i, name in enumerate(staged.file_rows)}
    examples = [*log.examples(ERROR, order), *log.examples(WARNING, order)]
    groups = _groups(log, order)
    notes = [
        f"{file}: not UTF-8; {n} byte{'s' if n != 1 else ''} read as Windows-1252 "
        "(ISO-8859-1); pass --encoding to choose another encoding"
        for file, n in read.fallback.items()
    ]
    files = {s.path: s for s in sinks}
    rejects = files.get(options.rejects_path) if options.rejects_path else None
    return IngestReport(
        outcome=outcome,
        dialect=_DIALECTS.get(staged.dialect, "salesforce"),
        source=bundle.name,
        dry_run=options.dry_run,
        kinds=kinds,
        files=dict(staged.file_rows),
        deleted=sum(c.deleted for c in result.counts.values()),
        skipped_reasons=dict(staged.skipped_reasons),
        unknown_columns=staged.unknown_columns,
        ignored_files=ignored,
        problems=[str(p) for p in examples[:MAX_REPORTED_PROBLEMS]],
        problem_count=len(log),
        error_count=log.errors,
        warning_count=log.warnings,
        problem_groups=groups,
        notes=notes,
        rejects_file=str(rejects.path) if rejects is not None and rejects.rows else None,
        problems_file=str(options.problems_path) if options.problems_path else None,
    )
