"""What a load is asked to do (:class:`IngestOptions`) and what it did
(:class:`IngestReport`, returned as-is by the HTTP API)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ingest.errors import Problem
from ingest.mail.options import MailOptions
from ingest.source import DEFAULT_MAX_BYTES, MIB

Dialect = Literal["powermap", "salesforce", "mail"]
FormatChoice = Literal["auto", "powermap", "salesforce", "mail"]
#: The report lists at most this many problems; the rejects file holds them all.
MAX_REPORTED_PROBLEMS = 1000


class IngestOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: FormatChoice = "auto"
    dry_run: bool = Field(False, description="Read and validate, write nothing.")
    skip_invalid: bool = Field(False, description="Load the good rows, reject the bad ones.")
    rejects_path: Path | None = Field(None, description="CSV of rejected rows (skip_invalid).")
    encoding: str | None = Field(None, description="Override UTF-8 (e.g. cp1252).")
    as_of: dt.date | None = Field(None, description="Decides current vs past positions.")
    unit_kind_map: Path | None = Field(None, description="Salesforce: field value -> unit kind.")
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1, description="Uncompressed bundle bound.")
    max_member_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1, description="Per-file bound.")
    max_field_chars: int = Field(MIB, ge=1)
    max_columns: int = Field(1000, ge=1)
    mail: MailOptions = Field(default_factory=MailOptions, description="The mail dialect's.")


class KindReport(BaseModel):
    """Rows of one record kind. ``read`` rows end up created, updated, unchanged,
    rejected or skipped (a dry run does not know the first three)."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    deleted: int = 0


class IngestReport(BaseModel):
    dialect: Dialect
    source: str = Field(description="The bundle's file or folder name.")
    dry_run: bool
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
    rejects_file: str | None = None
    elapsed_seconds: float = 0.0

    @property
    def rows_read(self) -> int:
        return sum(self.files.values())


def write_rejects(path: Path, problems: Iterable[Problem]) -> None:
    """The rejects file: one row per problem (file, line, column, value, reason)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(("file", "line", "column", "value", "reason"))
        for p in problems:
            writer.writerow((p.file, p.line, p.column, p.value, p.reason))
