"""ASGI middleware: security headers on every response, and request body limits
enforced while the body streams in (a missing or lying Content-Length is no way
around them)."""

from __future__ import annotations

import json

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import authenticate, authorize
from api.errors import problem_response
from api.settings import Role, Settings

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; "
        b"form-action 'self'",
    ),
    (b"cache-control", b"no-store"),
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse bodies over ``limit`` bytes (``upload_limit`` for upload paths) with a
    413 problem document. The body is read (up to the limit) before the app runs,
    so a chunked upload without Content-Length is bounded too."""

    def __init__(
        self, app: ASGIApp, *, limit: int, upload_limit: int, upload_paths: tuple[str, ...]
    ) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit
        self.upload_paths = upload_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.upload_limit if path in self.upload_paths else self.limit
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await self._refuse(send, path, limit)
                return
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # client went away before sending its body
            body = message.get("body", b"")
            received += len(body)
            if received > limit:
                await self._refuse(send, path, limit)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(send: Send, path: str, limit: int) -> None:
        body = json.dumps(
            {
                "type": "about:blank",
                "title": "Request too large",
                "status": 413,
                "detail": f"The request body is over the limit of {limit} bytes for {path}.",
                "instance": path,
            }
        ).encode()
        headers = [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class UploadGate:
    """Authenticate uploads before their body is read.

    FastAPI parses a form body before it solves any dependency, and ``BodyLimit``
    buffers up to ``max_upload_bytes``: without this gate a caller with no key could
    make the server take in 64 MiB per request, and a malformed body answered 400
    instead of 401. The route still checks the role itself."""

    def __init__(
        self, app: ASGIApp, *, settings: Settings, paths: tuple[str, ...], role: Role
    ) -> None:
        self.app = app
        self.settings = settings
        self.paths = paths
        self.role = role

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] in self.paths:
            request = Request(scope)
            try:
                authorize(authenticate(request, self.settings), self.role)
            except HTTPException as exc:
                refusal = problem_response(
                    request,
                    exc.status_code,
                    "Unauthorized" if exc.status_code == 401 else "Forbidden",
                    str(exc.detail),
                    headers=dict(exc.headers) if exc.headers else None,
                )
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)
