"""How the web pages answer when something goes wrong: in HTML, for a person.

The API answers errors as problem+json; a browser user should instead be sent to
the login page when their key is missing, and see a readable page (with a way
back) for an unknown id or a malformed date. :class:`WebRoute` does that for every
page route, so handlers stay straight-line code.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from api.auth import Caller, authenticate
from api.deps import SettingsDep
from api.errors import http_status, scrub
from api.web.templating import render
from graph.errors import PowermapError


class LoginRequiredError(Exception):
    """The page needs a key the request does not carry (or carries a bad one)."""


def login_url(request: Request) -> str:
    """The login page, asking to come back to the page that was refused."""
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?" + urlencode({"next": back})


def page_caller(request: Request, settings: SettingsDep) -> Caller:
    """The caller of a page: the same keys as the API (header or cookie)."""
    try:
        return authenticate(request, settings)
    except HTTPException as exc:
        if exc.status_code == 401:
            raise LoginRequiredError from exc
        raise


PageCaller = Annotated[Caller, Depends(page_caller)]


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        hint = " (write a date as YYYY-MM-DD)" if where == "as_of" else ""
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}{hint}")
    return "; ".join(parts)


class WebRoute(APIRoute):
    """An API route whose failures become HTML: a redirect to ``/login`` for a
    missing or bad key, an error page for everything Powermap raises on purpose."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except LoginRequiredError:
                return RedirectResponse(login_url(request), status_code=303)
            except RequestValidationError as exc:
                return error_page(request, 400, "Invalid request", _validation_detail(exc))
            except PowermapError as exc:
                return error_page(request, http_status(exc), exc.title, exc.detail)
            except HTTPException as exc:
                if exc.status_code >= 500:
                    raise
                return error_page(request, exc.status_code, "Request refused", str(exc.detail))

        return handle


def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    return render(
        request,
        "error.html",
        {"title": title, "status": status, "detail": scrub(detail), "as_of": None},
        status_code=status,
    )
