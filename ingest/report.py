"""What a load is asked to do (:class:`IngestOptions`) and what it did
(:class:`IngestReport`: one shape for the CLI's ``--json`` and ``POST /v1/ingest``,
for a load, a dry run and a refused bundle alike)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.errors import PowermapError
from ingest.errors import Problem
from ingest.mail.options import MailOptions
from ingest.source import DEFAULT_MAX_BYTES, MIB

Dialect = Literal["powermap", "salesforce", "dynamics", "hubspot", "mapped", "mail"]
FormatChoice = Literal["auto", "powermap", "salesforce", "dynamics", "hubspot", "mapped", "mail"]
#: The report lists at most this many problems; the rejects file holds them all.
MAX_REPORTED_PROBLEMS = 1000


class IngestOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: FormatChoice = "auto"
    dry_run: bool = Field(False, description="Read and validate, write nothing.")
    skip_invalid: bool = Field(False, description="Load the good rows, reject the bad ones.")
    rejects_path: Path | None = Field(None, description="CSV of rejected rows (skip_invalid).")
    encoding: str | None = Field(
        None,
        description="The files' encoding (e.g. cp1252); default UTF-8, with bytes that are "
        "not UTF-8 read as Windows-1252.",
    )
    date_format: str | None = Field(
        None, description="Layout of non-ISO dates, e.g. MM/DD/YY or DD.MM.YYYY."
    )
    units_from: Literal["department"] | None = Field(
        None, description="Salesforce: contacts' Department values become divisions."
    )
    problems_path: Path | None = Field(None, description="CSV of every error and warning.")
    as_of: dt.date | None = Field(None, description="Decides current vs past positions.")
    unit_kind_map: Path | None = Field(None, description="Salesforce: field value -> unit kind.")
    mapping: Path | None = Field(None, description="The mapped dialect's mapping file (TOML).")
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1, description="Uncompressed bundle bound.")
    max_member_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1, description="Per-file bound.")
    max_field_chars: int = Field(MIB, ge=1)
    max_columns: int = Field(1000, ge=1)
    mail: MailOptions = Field(default_factory=MailOptions, description="The mail dialect's.")

    def as_of_date(self) -> dt.date:
        """The day that decides current vs past: ``as_of``, else today (UTC)."""
        return self.as_of or dt.datetime.now(dt.UTC).date()


class KindReport(BaseModel):
    """Rows of one record kind. ``read`` rows end up created, updated, unchanged,
    rejected or skipped; ``derived`` records were made from other rows (placeholder
    team members, department divisions, deal and e-mail activities, account owners).
    A dry run reports what it would create and update; ``to_write`` is what it
    would write in all (for links it cannot compare with the store)."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    deleted: int = 0
    derived: int = 0
    to_write: int = 0


class ProblemGroupReport(BaseModel):
    """Problems of one cause: severity, file, column, reason, how many, examples."""

    severity: Literal["error", "warning"]
    file: str
    column: str
    reason: str
    count: int
    examples: list[str] = Field(description="file:line: column: value: reason (the first).")


Outcome = Literal["loaded", "dry_run", "invalid", "unreadable", "failed"]


class IngestReport(BaseModel):
    outcome: Outcome = Field(
        "loaded",
        description="loaded, dry_run, or why nothing was written: invalid, unreadable, failed.",
    )
    dialect: Dialect | None = None
    source: str = Field(description="The bundle's file or folder name.")
    dry_run: bool = False
    kinds: dict[str, KindReport] = Field(default_factory=dict, description="By record kind.")
    files: dict[str, int] = Field(default_factory=dict, description="Rows read per file.")
    deleted: int = Field(0, description="Records removed by deletions.")
    skipped_reasons: dict[str, int] = Field(
        default_factory=dict, description="Rows skipped on purpose (deleted in the CRM, leads…)."
    )
    unknown_columns: dict[str, list[str]] = Field(
        default_factory=dict, description="Columns ignored, per file."
    )
    ignored_files: list[str] = Field(default_factory=list)
    problems: list[str] = Field(
        default_factory=list,
        description=f"file:line: column: value: reason (first {MAX_REPORTED_PROBLEMS}).",
    )
    problem_count: int = 0
    error_count: int = Field(0, description="Rows that cannot load as written.")
    warning_count: int = Field(0, description="Links or signals lost while their rows load.")
    problem_groups: list[ProblemGroupReport] = Field(
        default_factory=list, description="Errors, then warnings, by file, column and reason."
    )
    notes: list[str] = Field(default_factory=list, description="E.g. an encoding detected.")
    rejects_file: str | None = None
    problems_file: str | None = None
    elapsed_seconds: float = 0.0
    # RFC 9457 members, set when nothing was written (the API sends this report as
    # its application/problem+json body then).
    title: str | None = None
    status: int | None = None
    detail: str | None = None

    @property
    def rows_read(self) -> int:
        return sum(self.files.values())


#: A refused bundle's document lists at most this many problems in ``errors`` (the
#: groups count every one).
MAX_LISTED_PROBLEMS = 10_000


def refusal_document(
    error: PowermapError, source: str, status: int, instance: str | None = None
) -> dict[str, Any]:
    """What a load that wrote nothing answers, in the CLI's ``--json`` and as the
    API's application/problem+json body alike: the ingest report (outcome, counts,
    problem groups) with the RFC 9457 members (type, title, status, detail) and
    ``errors``, the first problems of each group as objects."""
    report = getattr(error, "report", None)
    if not isinstance(report, IngestReport):
        outcome: Outcome = "unreadable" if status == 400 else "failed"
        report = IngestReport(outcome=outcome, source=source)
    report.title, report.status, report.detail = error.title, status, error.detail
    problems: list[Problem] = list(getattr(error, "problems", []))
    if problems:
        count = int(getattr(error, "count", len(problems)))
        shown = "" if len(problems) == count else " (the first of each group are listed)"
        report.detail = (
            f"{count} problem{'s' if count != 1 else ''} in the bundle{shown}; nothing was "
            "written. Fix them, or load the good rows with --skip-invalid (skip_invalid=true). "
            + "; ".join(str(p) for p in problems[:5])
        )
    body: dict[str, Any] = {"type": "about:blank"}
    if instance is not None:
        body["instance"] = instance
    body.update(report.model_dump(mode="json"))
    body["errors"] = [
        {"file": p.file, "line": p.line, "column": p.column, "value": p.value, "reason": p.reason}
        for p in problems[:MAX_LISTED_PROBLEMS]
    ]
    return body
