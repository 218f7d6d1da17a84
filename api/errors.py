"""One exception handler family: every error leaves as ``application/problem+json``
(RFC 9457) with a title, a status and a detail that says what to do.

Database errors are never turned into 200s with status fields, and unexpected
exceptions become a bare 500 whose detail leaks nothing.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import (
    NotFoundError,
    PowermapError,
    StoreBusyError,
    StoreUnavailableError,
    StoreWriteError,
)
from ingest.errors import BundleInvalidError, BundleUnreadableError, IngestOptionError
from queries.errors import InvalidQueryError

log = logging.getLogger("powermap.api")

PROBLEM_JSON = "application/problem+json"

#: Longest detail and per-field text an error carries; longer is cut with "…".
MAX_DETAIL_CHARS: Final = 2000
MAX_FIELD_CHARS: Final = 200
#: A quoted value (an id, a cell) is shown up to this many characters.
MAX_QUOTED_CHARS: Final = 64
# Absolute file paths (folders of the server's disk: store, temp, working folder)
# are cut to their last part; paths of this app's own URLs are left alone.
_OWN_URLS = r"(?:v1|static|docs|login|logout|accounts|units|team|openapi\.json|healthz|readyz)\b"
_FOLDERS: Final = re.compile(r"(?<![\w:/.])(?!/" + _OWN_URLS + r")/(?:[^\s'\"/]+/)+")
_N = str(MAX_QUOTED_CHARS)
_QUOTED: Final = re.compile(r"'([^'\n]{" + _N + r"})[^'\n]+'|\"([^\"\n]{" + _N + r"})[^\"\n]+\"")


def _shorten(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return f"'{match.group(1)}…'"
    return f'"{match.group(2)}…"'


def scrub(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    """Error text fit to leave the server: no folder of its disk, no long echoes.

    >>> scrub("cannot open the store /srv/data/graph.db: locked")
    'cannot open the store graph.db: locked'
    >>> scrub("/tmp/powermap-upload-x1/upload.zip: not a .zip file")
    'upload.zip: not a .zip file'
    >>> scrub("see /v1/accounts/A1"), len(scrub("id " + repr("x" * 100_000)))
    ('see /v1/accounts/A1', 70)
    """
    text = _QUOTED.sub(_shorten, _FOLDERS.sub("", text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scrub_errors(errors: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    if errors is None:
        return None
    return [
        {k: scrub(v, MAX_FIELD_CHARS) if isinstance(v, str) else v for k, v in e.items()}
        for e in errors
    ]


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field("about:blank", description="A URI naming the problem type.")
    title: str = Field(description="A short summary of the problem type.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong, where, and what to do about it.")
    instance: str | None = Field(None, description="The request path.")
    errors: list[dict[str, Any]] | None = Field(
        None, description="Per-field problems, for invalid parameters or bundles."
    )


def problem_response(
    request: Request,
    status: int,
    title: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        title=title,
        status=status,
        detail=scrub(detail),
        instance=scrub(request.url.path, MAX_FIELD_CHARS),
        errors=_scrub_errors(errors),
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _describe_validation(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    errors: list[dict[str, Any]] = []
    parts: list[str] = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        where = ".".join(loc) or "request"
        msg = str(err.get("msg", "invalid"))
        errors.append({"field": where, "message": msg})
        parts.append(f"{where}: {msg}")
    return "; ".join(parts) or "invalid request", errors


#: The HTTP status the API answers each domain error with; the most specific class
#: of an error's ancestry that is listed here decides (PowermapError: 400).
HTTP_STATUS: Final[dict[type[PowermapError], int]] = {
    PowermapError: 400,
    NotFoundError: 404,
    StoreUnavailableError: 503,
    StoreBusyError: 409,
    StoreWriteError: 503,
    InvalidQueryError: 422,
    BundleUnreadableError: 400,
    BundleInvalidError: 422,
    IngestOptionError: 400,
}


def http_status(exc: PowermapError) -> int:
    """The HTTP status of ``exc`` (see :data:`HTTP_STATUS`).

    >>> http_status(NotFoundError("x")), http_status(StoreBusyError("x"))
    (404, 409)
    """
    for cls in type(exc).__mro__:
        found = HTTP_STATUS.get(cls)
        if found is not None:
            return found
    return HTTP_STATUS[PowermapError]


def install_error_handlers(app: FastAPI) -> None:
    async def on_powermap(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, PowermapError)
        extra = getattr(exc, "problems", None)
        errors = [p if isinstance(p, dict) else {"message": str(p)} for p in extra or []]
        status = http_status(exc)
        headers = {"Retry-After": "5"} if status == 503 else None
        return problem_response(
            request, status, exc.title, exc.detail, errors or None, headers=headers
        )

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        detail, errors = _describe_validation(exc)
        return problem_response(request, 422, "Invalid request parameters", detail, errors)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        title = {
            401: "Unauthorized",
            403: "Forbidden",
            404: "Not found",
            405: "Method not allowed",
            408: "Request timeout",
            413: "Request too large",
            429: "Too many attempts",
        }.get(exc.status_code, "Request failed")
        return problem_response(
            request,
            exc.status_code,
            title,
            str(exc.detail),
            headers=dict(exc.headers) if exc.headers else None,
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Logged with the type only: messages may carry personal data from the store.
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return problem_response(
            request,
            500,
            "Internal error",
            "The server hit an unexpected error; it has been logged. Retry, or report it.",
        )

    app.add_exception_handler(PowermapError, on_powermap)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)


#: OpenAPI ``responses=`` entries for the problem documents every route may return.
def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    text = {
        401: "Missing or unknown API key.",
        403: "The key's role does not allow this.",
        404: "An id in the path or query does not exist.",
        409: "The store is busy with another load.",
        413: "The upload or request body is too large.",
        429: "Too many wrong keys from this address: wait (Retry-After), then retry.",
        422: "A parameter is invalid or out of bounds.",
        503: "The store is unavailable.",
    }
    schema = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {
        s: {
            "model": Problem,
            "description": text.get(s, "Problem"),
            "content": {PROBLEM_JSON: schema},
        }
        for s in statuses
    }
