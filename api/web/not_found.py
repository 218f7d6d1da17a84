"""HTTP errors the API's own handler answers differently (issue 17). An HTML 404
page for a person who follows a wrong address: a browser
asking for a page that does not exist gets a page with a way back and the search
box, not raw JSON. API clients (``/v1``, no ``text/html`` in Accept) keep the
problem+json answer."""

from __future__ import annotations

import inspect

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from api.web.routing import error_page

_API_PREFIXES = ("/v1/", "/v1", "/openapi.json", "/static/")


def wants_page(request: Request) -> bool:
    """A GET from a browser (it accepts HTML) for an address outside the API."""
    path = request.url.path
    return (
        request.method in ("GET", "HEAD")
        and not path.startswith(_API_PREFIXES)
        and "text/html" in request.headers.get("accept", "")
    )


def allowed(request: Request) -> str:
    """Every method the routes of the request's path answer, for ``Allow``."""
    methods: set[str] = set()
    path = request.url.path
    stack: list[object] = list(request.app.router.routes)
    while stack:
        route = stack.pop()
        if isinstance(route, Route):
            if route.path_regex.match(path):
                methods |= set(route.methods or ())
            continue
        # An included router (FastAPI keeps it whole): its own routes carry the
        # full path, prefix included.
        inner = getattr(getattr(route, "original_router", route), "routes", None)
        if isinstance(inner, list):
            stack.extend(inner)
    return ", ".join(sorted(methods))


def install(app: FastAPI) -> None:
    """Wrap the app's own handler of HTTP errors (install it first)."""
    api_handler = app.exception_handlers[StarletteHTTPException]

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 405:
            # Starlette names the methods of the first route of the path only; a path
            # served by two routes (GET and POST /v1/ingest/jobs) has both.
            exc = StarletteHTTPException(405, exc.detail, {"Allow": allowed(request)})
        if exc.status_code == 404 and wants_page(request):
            return error_page(
                request,
                404,
                "Page not found",
                f"There is no page at {request.url.path}. Search for a person, account or "
                "unit above, or start from the accounts list.",
            )
        answered = api_handler(request, exc)
        return await answered if inspect.isawaitable(answered) else answered

    app.add_exception_handler(StarletteHTTPException, on_http)
