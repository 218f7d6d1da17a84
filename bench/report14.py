"""Issue 14's table: start-up, memory, the cold first answer, warm paths and
ingest, each with its floor (what the same work costs at its barest) and target.

The targets depend on the scale (issue 14): the cold answer ≤ 300 ms at M and
≤ 400 ms at L and XL; ingest peak memory ≤ 600 MiB at M, 1 GiB at L, 2 GiB at XL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from rich.console import Console
from rich.table import Table

COLD_ANSWER_MS: Final = {"M": 300.0, "L": 400.0, "XL": 400.0}
INGEST_PEAK_MIB: Final = {"M": 600.0, "L": 1024.0, "XL": 2048.0}
#: XL's ingest target is that it loads at all: no ratio asked.
FLOOR_RATIO_SCALES: Final = ("demo", "S", "M", "L")


@dataclass(frozen=True, slots=True)
class Row:
    figure: str
    value: float | None  # what the target is judged on
    unit: str
    cpu: float | None = None  # the CPU the same work used, on a shared machine
    floor: str = "–"
    goal: float | None = None  # at most; None: reported, no target

    @property
    def met(self) -> bool | None:
        if self.goal is None or self.value is None:
            return None
        return self.value <= self.goal


def _get(doc: Any, *path: str) -> Any:
    for step in path:
        if not isinstance(doc, dict) or step not in doc:
            return None
        doc = doc[step]
    return doc


def _ms(seconds: Any) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def rows(doc: dict[str, Any]) -> list[Row]:
    """Issue 14's figures of a results document (those of the steps it ran)."""
    scale = doc.get("scale", "")
    read = doc.get("read_path")
    return (_read_rows(read, scale) if read else []) + _ingest_rows(doc.get("ingest"), scale)


def _read_rows(read: dict[str, Any], scale: str) -> list[Row]:
    server, select = read["server"], read["select_floor"]
    return [
        Row(
            "start-up, process start to ready (median)",
            server["ready_s"],
            "s",
            server["cpu_at_ready_s"],
            "–",
            1.0,
        ),
        Row("server memory at ready", server["rss_at_ready_mib"], "MiB", goal=250.0),
        Row(
            f"first answer, cold, largest account ({read['people']:,} people)",
            _ms(server.get("first_answer_cold_s")),
            "ms",
            _ms(server.get("first_answer_cold_cpu_s")),
            f"SELECT {_ms(select['seconds'])} ms (CPU {_ms(select['cpu_s'])})",
            COLD_ANSWER_MS.get(scale),
        ),
        Row(
            "  of which the typed read (in process)",
            _ms(read["account_data_s"]),
            "ms",
            _ms(read["account_data_cpu_s"]),
            f"SELECT {_ms(select['seconds'])} ms",
        ),
        Row(
            "  and the snapshot build (in process)",
            _ms(read["snapshot_build_s"]),
            "ms",
            _ms(read["snapshot_build_cpu_s"]),
        ),
        Row(
            "warm executive paths, largest account, p95",
            _get(read, "executive_paths_warm", "p95_ms"),
            "ms",
            _get(read, "executive_paths_warm", "cpu_p95_ms"),
            goal=5.0 if scale != "S" else None,
        ),
        Row(
            "warm introducers, largest account, p95",
            _get(read, "introducers_warm", "p95_ms"),
            "ms",
            _get(read, "introducers_warm", "cpu_p95_ms"),
            goal=10.0 if scale != "S" else None,
        ),
    ]


def _ingest_rows(ingest: dict[str, Any] | None, scale: str) -> list[Row]:
    if not ingest:
        return []
    floor = ingest.get("floor") or {}
    return [
        Row(
            "ingest ÷ floor (wall; CPU beside)",
            floor.get("ratio"),
            "×",
            floor.get("cpu_ratio"),
            f"csv + executemany {floor.get('seconds')} s (CPU {floor.get('cpu_seconds')} s)",
            1.5 if scale in FLOOR_RATIO_SCALES and floor else None,
        ),
        Row(
            "ingest peak memory",
            ingest.get("peak_rss_mib"),
            "MiB",
            goal=INGEST_PEAK_MIB.get(scale),
        ),
    ]


def _text(value: float | None) -> str:
    return "–" if value is None else f"{value:,}"


def print_rows(doc: dict[str, Any], console: Console) -> None:
    table = Table(title="Issue 14: one account at a time (targets at this scale)")
    for column in ("figure", "value", "CPU", "floor", "target", "met"):
        table.add_column(column, justify="left" if column in ("figure", "floor") else "right")
    for row in rows(doc):
        met = {True: "[green]yes[/green]", False: "[red]no[/red]", None: "–"}[row.met]
        target = "–" if row.goal is None else f"≤ {row.goal:g} {row.unit}"
        table.add_row(
            row.figure,
            f"{_text(row.value)} {row.unit}",
            _text(row.cpu),
            row.floor,
            target,
            met,
        )
    console.print(table)


def as_dicts(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "figure": r.figure,
            "value": r.value,
            "unit": r.unit,
            "cpu": r.cpu,
            "floor": r.floor,
            "target": None if r.goal is None else f"<= {r.goal:g} {r.unit}",
            "met": r.met,
        }
        for r in rows(doc)
    ]
