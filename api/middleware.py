"""ASGI middleware: security headers on every response, and the request gate —
the checks a request passes before any route (or body parser) sees it:

1. its ``Host`` is one of ours (no DNS rebinding);
2. a write comes from this site, or from no site at all (no cross-site form or
   ``no-cors`` fetch can write, keys or not);
3. only paths that take a body read one: the caller is authenticated first where
   the path needs a role, and the body is bounded in size and in time as it
   streams in (a missing or lying Content-Length is no way around either).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import authenticate, authorize
from api.errors import problem_response
from api.settings import Role, Settings

_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'{extra}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"content-security-policy", _CSP.format(extra="").encode()),
    (b"cache-control", b"no-store"),
)
#: Swagger UI's page starts itself with an inline script: only ``/docs`` allows one.
DOCS_CSP = _CSP.format(extra=" 'unsafe-inline'").encode()
INLINE_SCRIPT_PATHS = frozenset({"/docs"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        inline = scope.get("path") in INLINE_SCRIPT_PATHS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k, DOCS_CSP if inline and k == b"content-security-policy" else v)
                    for k, v in SECURITY_HEADERS
                    if k not in present
                ]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


@dataclass(slots=True)
class _BodyState:
    done: bool = False  # the whole body has been received


@dataclass(frozen=True, slots=True)
class BodyRule:
    """A path that takes a body: at most ``limit`` bytes, each chunk within the
    idle timeout, the whole body within ``total_seconds`` when given; ``role``:
    the caller is authenticated (and needs this role) before a byte is read."""

    limit: int
    role: Role | None = None
    total_seconds: float | None = None


def host_name(value: str) -> str:
    """The name part of a ``Host`` header, lower case.

    >>> host_name("LocalHost:8000"), host_name("[::1]:8000"), host_name("127.0.0.1")
    ('localhost', '::1', '127.0.0.1')
    """
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def cross_site(headers: Headers, settings: Settings) -> bool:
    """Whether a write comes from a page of another site.

    Browsers say where a request comes from in ``Sec-Fetch-Site``, and in
    ``Origin`` (``null`` under our ``Referrer-Policy: no-referrer``, or from a
    sandboxed page). A request with neither comes from a program, not a page."""
    origin = headers.get("origin")
    if origin is not None and origin in settings.cors_origins:
        return False
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    if origin is None:
        return False
    if origin == "null":
        # Without keys nothing else stands between a page and the store; with
        # keys a write needs an Authorization header no page can send cross-site.
        return not settings.api_keys
    return urlsplit(origin).netloc.lower() != headers.get("host", "").lower()


class RequestGate:
    def __init__(self, app: ASGIApp, *, settings: Settings, bodies: dict[str, BodyRule]) -> None:
        self.app = app
        self.settings = settings
        self.hosts = settings.host_names()
        self.bodies = bodies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope.get("path", "")
        method: str = scope["method"]
        refused = self._refusal(headers, method)
        if refused is not None:
            await self._refuse(scope, receive, send, *refused)
            return
        rule = self.bodies.get(path) if method == "POST" else None
        declared = headers.get("content-length", "")
        limit = rule.limit if rule else self.settings.max_request_bytes
        if rule is not None and rule.role is not None:
            denied = self._denied(scope, rule.role)
            if denied is not None:
                await denied(scope, receive, send)
                return
        if declared.isdigit() and int(declared) > limit:
            await self._too_large(scope, receive, send, limit)
            return
        if rule is None:
            # Never read: no route here takes a body, so none is taken in.
            await self.app(scope, receive, send)
            return
        state = _BodyState()
        await self.app(scope, self._bounded(receive, rule, state), _closing(send, state))

    def _refusal(self, headers: Headers, method: str) -> tuple[int, str, str] | None:
        """(status, title, detail) of a request refused for its host or its origin."""
        if self.hosts is not None and host_name(headers.get("host", "")) not in self.hosts:
            return (
                400,
                "Unknown host",
                "This server does not answer for that host name. Use the address it "
                "serves (for this machine: localhost or 127.0.0.1), or add the name to "
                "POWERMAP_ALLOWED_HOSTS.",
            )
        if method not in _SAFE_METHODS and cross_site(headers, self.settings):
            return (
                403,
                "Cross-site request",
                "Writes are accepted from this site's own pages or from programs, not "
                "from pages of other sites.",
            )
        return None

    def _denied(self, scope: Scope, role: Role) -> Response | None:
        """The refusal of a caller without ``role``, before its body is read."""
        request = Request(scope)
        try:
            authorize(authenticate(request, self.settings), role)
        except HTTPException as exc:
            return problem_response(
                request,
                exc.status_code,
                _TITLES.get(exc.status_code, "Request refused"),
                str(exc.detail),
                headers=dict(exc.headers) if exc.headers else None,
            )
        return None

    def _bounded(self, receive: Receive, rule: BodyRule, state: _BodyState) -> Receive:
        loop = asyncio.get_running_loop()
        deadline = None if rule.total_seconds is None else loop.time() + rule.total_seconds
        idle = self.settings.body_timeout_seconds
        received = 0

        async def bounded() -> Message:
            nonlocal received
            if state.done:  # after the body: waiting for a disconnect is not bounded
                return await receive()
            wait = idle if deadline is None else min(idle, deadline - loop.time())
            try:
                if wait <= 0:
                    raise TimeoutError
                message = await asyncio.wait_for(receive(), wait)
            except TimeoutError:
                raise HTTPException(
                    408, "The request body came too slowly; send it again at once.", _CLOSE
                ) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > rule.limit:
                    raise HTTPException(
                        413, f"The request body is over the limit of {rule.limit} bytes.", _CLOSE
                    )
                state.done = not message.get("more_body", False)
            return message

        return bounded

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        await self._refuse(
            scope,
            receive,
            send,
            413,
            "Request too large",
            f"The request body is over the limit of {limit} bytes for this path.",
        )

    @staticmethod
    async def _refuse(
        scope: Scope, receive: Receive, send: Send, status: int, title: str, detail: str
    ) -> None:
        # The connection is closed after a refusal: the body the client may still be
        # sending is not worth reading, and the server's buffers for it are freed.
        response = problem_response(Request(scope), status, title, detail, headers=_CLOSE)
        await response(scope, receive, send)


_TITLES = {401: "Unauthorized", 403: "Forbidden", 429: "Too many attempts"}
_CLOSE = {"Connection": "close"}


def _closing(send: Send, state: _BodyState) -> Send:
    async def send_closing(message: Message) -> None:
        # Answered before the whole body came in (refused, or the route did not
        # need it): close the connection rather than take in the rest.
        if message["type"] == "http.response.start" and not state.done:
            message["headers"] = [
                *[(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"],
                (b"connection", b"close"),
            ]
        await send(message)

    return send_closing
