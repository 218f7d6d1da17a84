"""``powermap bench``: the benchmark harness (see BENCHMARKS.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from ingest.generate import DEFAULT_SEED, Scale

if TYPE_CHECKING:
    from bench.run import BenchOptions

err = Console(stderr=True)

ScaleOpt = Annotated[
    Scale,
    typer.Option(
        case_sensitive=False,
        help="S/M/L/XL: ~20k/200k/1M/5M people; demo: a tiny smoke run.",
    ),
]
StoreOpt = Annotated[
    str | None,
    typer.Option(
        help="A new embedded store file, or a Neo4j URI (needs --yes-wipe); "
        "default: a new file under .bench/."
    ),
]
WipeOpt = Annotated[bool, typer.Option(help="Allow wiping the Neo4j database named by --store.")]
SeedOpt = Annotated[int, typer.Option(help="Bundle and sample seed.")]
OutOpt = Annotated[Path | None, typer.Option(help="Also write the JSON results here.")]
ClientsOpt = Annotated[int, typer.Option(min=1, max=256, help="Concurrent API clients.")]
DurationOpt = Annotated[float, typer.Option(min=0.5, max=300, help="Seconds of load per endpoint.")]
MaxRequestsOpt = Annotated[
    int, typer.Option(min=1, help="At most this many requests per endpoint.")
]
WorkDirOpt = Annotated[Path, typer.Option(help="Where bundles and stores are kept between runs.")]
LatencyOpt = Annotated[
    bool, typer.Option(help="Measure every answer cold and warm in process (long at L/XL).")
]
LoadTestOpt = Annotated[
    bool, typer.Option(help="Run the API under concurrent clients and the web page's paint.")
]
ReadPathOpt = Annotated[
    bool,
    typer.Option(help="Issue 14's read path: start-up, cold first answer, SELECT floor."),
]


def bench(
    scale: ScaleOpt = Scale.S,
    store: StoreOpt = None,
    yes_wipe: WipeOpt = False,
    seed: SeedOpt = DEFAULT_SEED,
    out: OutOpt = None,
    clients: ClientsOpt = 32,
    duration: DurationOpt = 10.0,
    max_requests: MaxRequestsOpt = 20_000,
    work_dir: WorkDirOpt = Path(".bench"),
    latency: LatencyOpt = True,
    load_test: LoadTestOpt = True,
    read_path: ReadPathOpt = True,
) -> None:
    """Generate (or reuse) a bundle, load it into a fresh store and measure ingest
    against its floor, start-up and the cold first answer (issue 14), answer
    latencies, the API under concurrent clients and memory.

    Prints tables on stderr and the JSON results on stdout. Exits 1 when the load
    test saw any error.
    """
    from bench.run import BenchOptions

    options = BenchOptions(
        scale=scale,
        seed=seed,
        store=store,
        yes_wipe=yes_wipe,
        clients=clients,
        duration=duration,
        max_requests=max_requests,
        root=work_dir,
        latency=latency,
        load_test=load_test,
        read_path=read_path,
    )
    doc = _run(options)
    text = json.dumps(doc, indent=2)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
    _report(doc)
    typer.echo(text)
    if doc["api"] and any(run["errors"] for run in doc["api"]["load"].values()):
        raise typer.Exit(1)


def _run(options: BenchOptions) -> dict[str, Any]:
    """The results document, with every target checked."""
    from bench import report14
    from bench.report import targets
    from bench.run import BenchError, run_bench

    with err.status("benchmark") as status:
        try:
            doc = run_bench(options, lambda step: status.update(f"benchmark: {step}"))
        except BenchError as exc:
            err.print(f"[red]error:[/red] {exc.detail}")
            raise typer.Exit(2) from exc
    doc["targets"] = [t.as_dict() for t in targets(doc)]
    doc["issue_14"] = report14.as_dicts(doc)
    return doc


def _report(doc: dict[str, Any]) -> None:
    from bench.report import print_report

    # Wide enough for the tables when stderr is a file or a pipe.
    print_report(doc, err if err.is_terminal else Console(stderr=True, width=120))


def register(app: typer.Typer) -> None:
    app.command()(bench)
