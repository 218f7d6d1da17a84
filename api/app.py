"""The FastAPI application: settings, store, middleware, error handlers, routes."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, ExitStack, asynccontextmanager, contextmanager
from importlib.metadata import version
from typing import Final

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.routing import Route

from api import audit, openapi, web
from api.answer_filler import Filler
from api.answers_disk import open_answer_store
from api.auth import FailureThrottle, Sessions
from api.csv_export import CsvExport
from api.errors import install_error_handlers
from api.mcp_lazy import MCP_BODY_BYTES, MCP_PATH, LazyMcp
from api.middleware import BodyRule, RequestGate, SecurityHeaders
from api.root import Service, open_service, service_over
from api.routes import (
    accounts,
    accounts_list,
    alerts,
    captured,
    health,
    ingest_jobs,
    people,
    plan,
    relationships,
    review,
    units,
)
from api.routes import ingest as ingest_routes
from api.routes import search as search_routes
from api.settings import Role, Settings, get_settings
from api.warmup import Warmer, accounts_to_warm
from api.web import not_found
from api.web.templating import compile_templates
from graph.store import GraphStore

log = logging.getLogger("powermap.api")

UPLOAD_PATHS = ("/v1/ingest", "/v1/ingest/jobs")
#: The sign-in form: a key (512) and a return path (2048), form-encoded.
LOGIN_BODY_BYTES = 8 * 1024
WARMER_JOIN_SECONDS = 30.0
TEMPLATES_AFTER_SECONDS = 2.0


def _attach(app: FastAPI, service: Service) -> None:
    app.state.store = service.store
    app.state.answers = service.answers
    settings = service.settings
    # The lists' answers kept on disk per account revision (issue 17/20).
    service.answers.disk = open_answer_store(
        settings.answers_file, service.store, settings.store, settings.query
    )


_ROUTERS: Final = (
    health,
    accounts_list,
    accounts,
    review,
    plan,
    captured,
    units,
    people,
    relationships,
    alerts,
    search_routes,
    ingest_jobs,
    ingest_routes,
    audit,
    web,
)
_DESCRIPTION: Final = (
    "Coverage, advocates and warm introduction paths over each customer's "
    "organisation graph. Every answer takes `as_of` (ISO date, default today). "
    "Authenticate with `Authorization: Bearer <key>`; errors are "
    "`application/problem+json` (RFC 9457)."
)
_Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def create_app(
    settings: Settings | None = None,
    store: GraphStore | None = None,
    *,
    warm: bool | None = None,
) -> FastAPI:
    """Build the app. With ``store`` given (tests, embedding) the caller owns it;
    otherwise the app opens the configured store at start-up and closes it at exit.

    ``warm``: run the background warm-up (:mod:`api.warmup`) while the app is up.
    By default only when the app opens the store itself; ``powermap serve``, which
    opens the store first, asks for it explicitly."""
    settings = settings or get_settings()
    warm_up = store is None if warm is None else warm
    mcp_endpoint = LazyMcp(settings)
    app = FastAPI(
        title="Powermap",
        version=version("powermap"),
        summary="Relationship intelligence for account teams.",
        description=_DESCRIPTION,
        lifespan=_lifespan(settings, store, warm_up, mcp_endpoint),
        # /docs is served by api.web from the app's own swagger-ui-dist (no CDN);
        # ReDoc would need one, so it is off.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.warmer = None
    app.state.sessions = Sessions(settings.session_hours * 3600, settings.max_sessions)
    app.state.throttle = FailureThrottle(
        settings.auth_failure_burst, settings.auth_failures_per_second
    )
    if store is not None:
        _attach(app, service_over(settings, store))

    install_error_handlers(app)
    not_found.install(app)  # an HTML 404 for browsers (issue 17)
    openapi.install(app)
    for module in _ROUTERS:
        app.include_router(module.router)
    # Tools for planning agents (issue 20): a plain ASGI route, outside the OpenAPI document.
    app.router.routes.append(Route(MCP_PATH, mcp_endpoint, methods=["GET", "POST", "DELETE"]))

    _guard(app, settings)
    return app


def _lifespan(
    settings: Settings, store: GraphStore | None, warm_up: bool, mcp_endpoint: LazyMcp
) -> _Lifespan:
    """The app's lifespan: the MCP endpoint's, then the store (opened here unless
    given, closed at exit) and the warm-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            if store is None:  # opened here, closed at exit
                _attach(app, stack.enter_context(open_service(settings)))
            if warm_up:
                stack.enter_context(_warming(app, settings))
                stack.enter_context(_filling(app, settings))
            yield

    @asynccontextmanager
    async def serving(app: FastAPI) -> AsyncIterator[None]:
        # The pages' templates compile off the event loop, once the app has had
        # time to become ready (start-up ≤ 1 s: they cost ~0.7 s CPU).
        compiling = threading.Timer(TEMPLATES_AFTER_SECONDS, compile_templates)
        compiling.daemon = True
        compiling.start()
        async with mcp_endpoint.running(), lifespan(app):
            yield

    return serving


@contextmanager
def _warming(app: FastAPI, settings: Settings) -> Iterator[None]:
    """The background warm-up (:mod:`api.warmup`) while the app is up."""
    warmer = Warmer(
        app.state.answers,
        accounts=accounts_to_warm(settings.warm_accounts, settings.cache_bytes),
        poll_seconds=settings.warm_poll_seconds,
    )
    warmer.start()
    app.state.warmer = warmer
    try:
        yield
    finally:
        # Bounded: a pass stuck behind a long load must not hold up the exit
        # (the thread is a daemon; what it fails on once closed is logged).
        warmer.stop(timeout=WARMER_JOIN_SECONDS)


@contextmanager
def _filling(app: FastAPI, settings: Settings) -> Iterator[None]:
    """The background filler of kept answers (:mod:`api.answer_filler`), started
    now and after each load; requests finding answers missing ask it too."""
    answers = app.state.answers
    disk = answers.disk
    app.state.filler = None
    if disk is None or not settings.fill_answers:
        yield
        return
    filler = Filler(settings, answers.store, disk.path)
    answers.wanted = filler.kick
    app.state.filler = filler
    filler.kick()
    filler.watch(settings.warm_poll_seconds)
    try:
        yield
    finally:
        answers.wanted = None
        filler.close()


def _guard(app: FastAPI, settings: Settings) -> None:
    # Each one added wraps the ones before: the gate checks the host, the origin
    # of writes, and the key of an upload before its body is read; CORS answers
    # (refusals included) carry their CORS headers, and every answer the headers.
    # Innermost: CSV is made from the route's JSON answer (issue 17).
    app.add_middleware(CsvExport)
    bodies = {path: BodyRule(settings.max_upload_bytes, role=Role.WRITER) for path in UPLOAD_PATHS}
    bodies["/login"] = BodyRule(LOGIN_BODY_BYTES, total_seconds=settings.login_body_seconds)
    bodies[MCP_PATH] = BodyRule(MCP_BODY_BYTES, role=Role.READER)
    app.add_middleware(RequestGate, settings=settings, bodies=bodies)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)
