"""``powermap bench``: the benchmark harness (see BENCHMARKS.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ingest.generate import DEFAULT_SEED, Scale

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    @app.command()
    def bench(
        scale: Annotated[
            Scale,
            typer.Option(
                case_sensitive=False,
                help="S/M/L: ~20k/200k/1M people; demo: a tiny smoke run.",
            ),
        ] = Scale.S,
        store: Annotated[
            str | None,
            typer.Option(
                help="A new embedded store file, or a Neo4j URI (needs --yes-wipe); "
                "default: a new file under .bench/."
            ),
        ] = None,
        yes_wipe: Annotated[
            bool, typer.Option(help="Allow wiping the Neo4j database named by --store.")
        ] = False,
        seed: Annotated[int, typer.Option(help="Bundle and sample seed.")] = DEFAULT_SEED,
        out: Annotated[Path | None, typer.Option(help="Also write the JSON results here.")] = None,
        clients: Annotated[int, typer.Option(min=1, max=256, help="Concurrent API clients.")] = 32,
        duration: Annotated[
            float, typer.Option(min=0.5, max=300, help="Seconds of load per endpoint.")
        ] = 10.0,
        max_requests: Annotated[
            int, typer.Option(min=1, help="At most this many requests per endpoint.")
        ] = 20_000,
        work_dir: Annotated[
            Path, typer.Option(help="Where bundles and stores are kept between runs.")
        ] = Path(".bench"),
    ) -> None:
        """Generate (or reuse) a bundle, load it into a fresh store and measure ingest,
        cold start, answer latencies, the API under concurrent clients and memory.

        Prints tables on stderr and the JSON results on stdout. Exits 1 when the load
        test saw any error.
        """
        from bench.report import print_report, targets
        from bench.run import BenchError, BenchOptions, run_bench

        options = BenchOptions(
            scale=scale,
            seed=seed,
            store=store,
            yes_wipe=yes_wipe,
            clients=clients,
            duration=duration,
            max_requests=max_requests,
            root=work_dir,
        )
        with err.status("benchmark") as status:
            try:
                doc = run_bench(options, lambda step: status.update(f"benchmark: {step}"))
            except BenchError as exc:
                err.print(f"[red]error:[/red] {exc.detail}")
                raise typer.Exit(2) from exc
        doc["targets"] = [t.as_dict() for t in targets(doc)]
        text = json.dumps(doc, indent=2)
        if out is not None:
            out.write_text(text + "\n", encoding="utf-8")
        # Wide enough for the tables when stderr is a file or a pipe.
        print_report(doc, err if err.is_terminal else Console(stderr=True, width=120))
        typer.echo(text)
        if any(run["errors"] for run in doc["api"]["load"].values()):
            raise typer.Exit(1)
