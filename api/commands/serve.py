"""``powermap serve``: the HTTP API (and web pages) under uvicorn."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console

from api.connections import RepeatFilter, guarded_protocol, raise_file_limit
from api.settings import Settings, get_settings, is_loopback, settings_problem
from graph.store import GraphStore

err = Console(stderr=True)
#: A request line and headers larger than this are refused by the HTTP parser.
MAX_HEAD_BYTES = 16 * 1024
log = logging.getLogger("powermap")


def load_demo_if_empty(store: GraphStore, anchor: dt.date) -> bool:
    """Load the demo world (dated around ``anchor``) into an empty store.

    Returns True when it loaded, False when the store already held accounts (the
    demo is loaded once; later runs serve what is there)."""
    if store.list_accounts():
        return False
    from ingest.generate import Scale, generate_bundle
    from ingest.report import IngestOptions
    from ingest.service import load_bundle

    with tempfile.TemporaryDirectory(prefix="powermap-demo-") as tmp:
        generate_bundle(Path(tmp), Scale.DEMO, anchor=anchor)
        load_bundle(Path(tmp), store, IngestOptions(as_of=anchor))
        # ... and the demo's mailbox and calendar (issue 19): e-mail and meetings
        # that cover Brightwell's Solar Farms, and two captured contacts
        from ingest.generate import DEFAULT_SEED
        from ingest.generate.mail import generate_demo_mail

        generate_demo_mail(Path(tmp) / "mail", Path(tmp), DEFAULT_SEED, anchor)
        load_bundle(Path(tmp) / "mail", store, IngestOptions(format="mail", as_of=anchor))
    return True


def _redact(store: str) -> str:
    # A URI may carry user:password@host; never print it.
    scheme, sep, rest = store.partition("://")
    if sep and "@" in rest:
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return store


def _announce(settings: Settings) -> None:
    """Where it serves, and what the settings leave open or tight."""
    if not settings.api_keys:
        err.print(
            "[yellow]No API keys configured (POWERMAP_API_KEYS): serving requests "
            "from this machine only.[/yellow]"
        )
    if not is_loopback(settings.host) and not settings.allowed_hosts:
        err.print(
            "[yellow]POWERMAP_ALLOWED_HOSTS is not set: only requests naming "
            f"localhost or {settings.host} are served; list the host names "
            "clients use (or '*').[/yellow]"
        )
    where = f"http://{settings.host}:{settings.port}"
    err.print(f"Powermap on {where} — store {_redact(settings.store)}")
    err.print(f"  web pages {where}/   API docs {where}/docs")
    files = raise_file_limit()
    if settings.max_connections + settings.backlog + 64 > files:
        err.print(
            f"[yellow]POWERMAP_MAX_CONNECTIONS + POWERMAP_BACKLOG is close to the "
            f"open-file limit ({files}): lower them or raise the limit.[/yellow]"
        )


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        store: Annotated[
            str | None, typer.Option(help="Neo4j URI or embedded store file (POWERMAP_STORE).")
        ] = None,
        host: Annotated[str | None, typer.Option(help="Address to bind (POWERMAP_HOST).")] = None,
        port: Annotated[int | None, typer.Option(help="Port (POWERMAP_PORT).")] = None,
        demo: Annotated[
            bool, typer.Option(help="Load the demo data, dated today, if the store is empty.")
        ] = False,
    ) -> None:
        """Serve the API at /v1, its docs at /docs and the web pages at /."""
        from api.app import create_app
        from api.root import open_configured_store

        overrides = {k: v for k, v in {"store": store, "host": host, "port": port}.items() if v}
        try:
            # Validated as a whole (Settings refuses unsafe combinations), the
            # options over the environment.
            settings = Settings(**overrides) if overrides else get_settings()  # type: ignore[arg-type]
        except ValidationError as exc:
            err.print(f"[red]error:[/red] {settings_problem(exc)}")
            raise typer.Exit(2) from exc
        logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")

        opened = open_configured_store(settings)
        try:
            if demo and load_demo_if_empty(opened, dt.date.today()):
                err.print("Loaded the demo data into the store.")
            # The store is opened here (for --demo), not by the app: ask for the
            # warm-up the app would otherwise start only on a store it opened.
            web = create_app(settings, store=opened, warm=True)
            # The collector's thresholds were set at the process edge (api.cli.main,
            # api.gc_policy) before anything was loaded.
            _announce(settings)
            logging.getLogger("asyncio").addFilter(RepeatFilter())
            uvicorn.run(
                web,
                host=settings.host,
                port=settings.port,
                log_level=settings.log_level.lower(),
                # uvicorn trusts X-Forwarded-For from 127.0.0.1 only: behind a local
                # proxy, remote callers are seen as remote (and refused without keys).
                proxy_headers=True,
                server_header=False,
                # Bounded work and bounded waiting (see api.connections, RELIABILITY.md).
                http=guarded_protocol(
                    max_connections=settings.max_connections,
                    header_timeout=settings.header_timeout_seconds,
                ),
                limit_concurrency=settings.limit_concurrency,
                # Also how many connections asyncio accepts in one go before any is
                # checked against max_connections: it bounds the burst of handles.
                backlog=settings.backlog,
                timeout_keep_alive=max(1, round(settings.keep_alive_seconds)),
                h11_max_incomplete_event_size=MAX_HEAD_BYTES,
            )
        finally:
            opened.close()
