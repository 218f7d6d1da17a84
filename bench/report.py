"""The results document as tables, and each figure checked against its target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from rich.console import Console
from rich.table import Table

from bench.report14 import print_rows

MIB_PER_GIB: Final = 1024


@dataclass(frozen=True, slots=True)
class Target:
    figure: str
    value: float | None
    goal: float
    at_least: bool  # True: value >= goal is met; False: value <= goal
    unit: str

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.goal if self.at_least else self.value <= self.goal

    def as_dict(self) -> dict[str, Any]:
        return {
            "figure": self.figure,
            "value": self.value,
            "target": f"{'>=' if self.at_least else '<='} {self.goal:g} {self.unit}",
            "met": self.met,
        }


def _get(doc: dict[str, Any], *path: str) -> Any:
    """``doc[path[0]][path[1]]...``, None when any step is missing.

    >>> _get({"a": {"b": 1}}, "a", "b"), _get({"a": None}, "a", "b")
    (1, None)
    """
    current: Any = doc
    for step in path:
        if not isinstance(current, dict) or step not in current:
            return None
        current = current[step]
    return current


def targets(doc: dict[str, Any]) -> list[Target]:
    """The targets of issue 5 (and the page's first paint of issue 7)."""
    lat = ("latency", "answers")
    peaks = [v for v in (_get(doc, "peak_rss_mib") or {}).values() if v is not None]
    load = _get(doc, "api", "load", "coverage") or {}
    cold = _get(doc, "cold_start", "ready_s")
    return [
        Target("ingest, end to end", _get(doc, "ingest", "rows_per_s"), 50_000, True, "rows/s"),
        Target("cold start (open + first answer)", cold, 10, False, "s"),
        Target(
            "coverage, largest account, warm p95",
            _get(doc, *lat, "coverage", "largest", "warm", "p95_ms"),
            50,
            False,
            "ms",
        ),
        Target(
            "advocates for a unit, warm p95",
            _get(doc, *lat, "advocates", "all", "warm", "p95_ms"),
            50,
            False,
            "ms",
        ),
        Target(
            "executive paths, whole team, warm p95",
            _get(doc, *lat, "executive_paths_team", "all", "warm", "p95_ms"),
            100,
            False,
            "ms",
        ),
        Target(
            "introducers to a unit, warm p95",
            _get(doc, *lat, "introducers", "all", "warm", "p95_ms"),
            100,
            False,
            "ms",
        ),
        Target(
            "API coverage, requests/s",
            load.get("requests_per_s") if not load.get("errors") else 0.0,
            300,
            True,
            "req/s, 0 errors",
        ),
        Target(
            "web account page (largest), first paint after start-up",
            _get(doc, "api", "web_account_page", "other_date_ms"),
            1000,
            False,
            "ms",
        ),
        Target(
            "peak memory (loader, server)",
            round(max(peaks) / MIB_PER_GIB, 2) if peaks else None,
            3,
            False,
            "GiB",
        ),
    ]


def _ms(value: Any) -> str:
    return "–" if value is None else f"{value:,.1f}"


def print_report(doc: dict[str, Any], console: Console) -> None:
    sample = doc["sample"]
    console.print(
        f"[bold]Powermap benchmark[/bold] scale {doc['scale']} seed {doc['seed']} "
        f"({doc['store_kind']} store), as of {doc['as_of']}; largest account "
        f"{sample['largest']['id']} ({sample['largest']['people']:,} people), reference "
        f"{sample['reference']['id']} ({sample['reference']['people']:,})"
    )
    ingest = doc["ingest"]
    console.print(
        f"ingest: {ingest['rows']:,} rows in {ingest['seconds']} s = "
        f"{ingest['rows_per_s']:,} rows/s (read {ingest.get('read_s')} s, validate "
        f"{ingest.get('validate_s')} s, apply {ingest.get('apply_s')} s)"
    )
    if floor := ingest.get("floor"):
        console.print(
            f"ingest floor (csv + executemany of the same rows): {floor['seconds']} s; "
            f"ingest = {floor['ratio']}x the floor (CPU {ingest.get('cpu_s')} s against "
            f"{floor.get('cpu_seconds')} s: {floor.get('cpu_ratio')}x), peak "
            f"{ingest['peak_rss_mib']} MiB"
        )
    if doc.get("cold_start"):
        c = doc["cold_start"]
        console.print(
            f"cold start: open {c['open_s']} s + first answer {c['first_answer_s']} s = "
            f"{c['ready_s']} s (imports {c['imports_s']} s before that)"
        )
    print_rows(doc, console)
    if doc.get("latency"):
        _print_latency(doc, console)
    if doc.get("api"):
        _print_api(doc, console)
    peaks = doc["peak_rss_mib"]
    console.print("peak RSS MiB: " + ", ".join(f"{k} {_ms(v)}" for k, v in peaks.items()))
    checks = Table(title="Targets")
    for column in ("figure", "value", "target", "met"):
        checks.add_column(column)
    for t in targets(doc):
        met = {True: "[green]yes[/green]", False: "[red]no[/red]", None: "–"}[t.met]
        checks.add_row(
            t.figure, "–" if t.value is None else f"{t.value:,}", t.as_dict()["target"], met
        )
    console.print(checks)


def _print_latency(doc: dict[str, Any], console: Console) -> None:
    table = Table(title="Answer latency, ms (cold: graph read + snapshot + answer; warm: answer)")
    for column in (
        "answer",
        "group",
        "n",
        "cold p50",
        "cold p95",
        "warm p50",
        "warm p95",
        "warm p99",
    ):
        table.add_column(column, justify="left" if column in ("answer", "group") else "right")
    for name, groups in doc["latency"]["answers"].items():
        for group, t in groups.items():
            table.add_row(
                name,
                group,
                str(t["warm"]["n"]),
                _ms(t["cold"]["p50_ms"]),
                _ms(t["cold"]["p95_ms"]),
                _ms(t["warm"]["p50_ms"]),
                _ms(t["warm"]["p95_ms"]),
                _ms(t["warm"]["p99_ms"]),
            )
    console.print(table)
    lat = doc["latency"]
    for group in ("largest", "reference"):
        console.print(
            f"{group} account: graph read p50 "
            f"{_ms(lat['graph_read'][group]['p50_ms'])} ms, snapshot build p50 "
            f"{_ms(lat['snapshot_build'][group]['p50_ms'])} ms (path graph: on first path answer)"
        )


def _print_api(doc: dict[str, Any], console: Console) -> None:
    api = doc["api"]
    load = Table(title=f"API under {doc['api']['load']['coverage']['clients']} clients (warm)")
    for column in ("endpoint", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "first p95 ms"):
        load.add_column(column, justify="left" if column == "endpoint" else "right")
    for name, run in api["load"].items():
        load.add_row(
            name,
            f"{run['requests_per_s']:,.0f}",
            _ms(run["latency"]["p50_ms"]),
            _ms(run["latency"]["p95_ms"]),
            _ms(run["latency"]["p99_ms"]),
            str(run["errors"]),
            _ms(run["first_requests"]["p95_ms"]),
        )
    console.print(load)
    web = api["web_account_page"]
    console.print(
        f"web page /accounts/{web['account']}, first request: {_ms(web['other_date_ms'])} ms "
        f"after the start-up warm-up ({web['warm_up_s']} s after ready), a date it did not "
        f"prepare; {_ms(web['today_ms'])} ms for today, which it did; "
        f"{_ms(web['unprepared_ms'])} ms with nothing prepared (warm-up off). Warm p50 "
        f"{_ms(web['warm']['p50_ms'])} ms; server ready in {api['server_ready_s']} s"
    )
