"""``powermap generate``: write a synthetic native bundle (demo or benchmark scale)."""

from __future__ import annotations

import datetime as dt
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ingest.generate import DEFAULT_ANCHOR, DEFAULT_SEED, GenerateError, Scale, generate_bundle

err = Console(stderr=True)


class Dialect(StrEnum):
    POWERMAP = "powermap"
    SALESFORCE = "salesforce"
    MAIL = "mail"


def _anchor(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):  # the default arrives already parsed
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def register(app: typer.Typer) -> None:
    @app.command()
    def generate(
        out: Annotated[Path, typer.Option(help="Folder to write the bundle into.")],
        scale: Annotated[
            Scale,
            typer.Option(
                case_sensitive=False,
                help="demo: five accounts that show every answer; S/M/L/XL: ~20k/200k/1M/5M "
                "people for benchmarks.",
            ),
        ] = Scale.DEMO,
        seed: Annotated[int, typer.Option(help="Same seed and anchor, same bytes.")] = DEFAULT_SEED,
        anchor_date: Annotated[
            dt.date,
            typer.Option(
                parser=_anchor,
                metavar="YYYY-MM-DD",
                help="Dates are placed relative to it (`serve --demo` passes today).",
            ),
        ] = DEFAULT_ANCHOR,
        dialect: Annotated[
            Dialect,
            typer.Option(
                case_sensitive=False,
                help="powermap: the native files; salesforce: the same world as a weekly "
                "Data Export (object files, quoted, CRLF, 0/1, null ids); mail: an mbox and "
                ".ics calendars for the same world (same seed and anchor).",
            ),
        ] = Dialect.POWERMAP,
        messages: Annotated[
            int | None,
            typer.Option(min=1, help="Mail: messages in the mailbox (default by scale)."),
        ] = None,
    ) -> None:
        """Write a synthetic bundle (native or Salesforce dialect), or its mail."""
        started = time.perf_counter()
        if dialect is Dialect.MAIL:
            _mail(out, scale, seed, anchor_date, messages, started)
            return
        try:
            stats = generate_bundle(
                out, scale, seed=seed, anchor=anchor_date, dialect=dialect.value
            )
        except GenerateError as exc:
            err.print(f"[red]error:[/red] {exc.detail}")
            raise typer.Exit(1) from exc
        elapsed = time.perf_counter() - started
        table = Table("file", "rows", title=f"{scale.value} bundle in {out}")
        for name, rows in stats.rows.items():
            table.add_row(name, f"{rows:,}")
        err.print(table)
        err.print(
            f"{stats.people:,} people, {stats.bytes / 1e6:.1f} MB in {elapsed:.1f} s "
            f"(seed {seed}, anchor {anchor_date.isoformat()})"
        )


def _mail(
    out: Path, scale: Scale, seed: int, anchor: dt.date, messages: int | None, started: float
) -> None:
    from ingest.generate.mail import generate_mail

    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        err.print(f"[red]error:[/red] {out} is not an empty folder; pass a new one")
        raise typer.Exit(1)
    stats = generate_mail(out, scale.value, seed, anchor, messages)
    table = Table("file", "messages / events", title=f"{scale.value} mail in {out}")
    for name, count in stats.files.items():
        table.add_row(name, f"{count:,}")
    err.print(table)
    err.print(f"{stats.bytes / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
