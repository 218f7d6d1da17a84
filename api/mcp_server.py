"""Tools for planning agents: an MCP server (the official ``mcp`` SDK, streamable
HTTP) at ``/mcp`` on the same app (issue 20).

Every call passes the app's own gate first: the request gate (host allow-list,
cross-site writes, body limits) wraps ``/mcp`` like any path, and :class:`McpEndpoint`
authenticates the caller with the API's keys before the SDK sees the request. A
tool finds the caller on the request and answers only for the accounts the key
may see (a scoped key's agent sees only its accounts, and a hidden account is
the same "does not exist" as a missing one); the tools that change a plan need
the writer role. Tools return the API's own answer models as structured output.

The server runs stateless with JSON responses: each call stands alone, so no
session outlives a request and any worker can answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from importlib.metadata import version
from typing import Any

from fastapi import HTTPException
from mcp.server.mcpserver import MCPServer
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from api.auth import authenticate, authorize
from api.errors import problem_response
from api.mcp_context import CALLER_KEY
from api.mcp_lazy import MCP_BODY_BYTES
from api.mcp_tools import answer_tools, lookup_tools, plan_tools
from api.settings import Role, Settings


def build_mcp() -> MCPServer[Any]:
    """The MCP server and its tools (stateless; see the module)."""
    server: MCPServer[Any] = MCPServer(
        "powermap",
        version=version("powermap"),
        instructions="Relationship intelligence for account teams: coverage, buying "
        "committee seats, advocates, warm paths to executives, introducers, what changed "
        "since a review, and the account plan (with its export for calendars and CRMs). "
        "Ids come from the accounts tool and the answers.",
    )
    lookup_tools(server)
    answer_tools(server)
    plan_tools(server)
    return server


class McpEndpoint:
    """The ASGI endpoint at ``/mcp``: the API's authentication, then the SDK."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.server = build_mcp()
        self.manager: StreamableHTTPSessionManager | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """While the app is up (a manager runs once: a new one per start)."""
        self.server.streamable_http_app(
            json_response=True,
            stateless_http=True,
            # The app's request gate checks hosts and origins for every path.
            transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
            max_request_body_size=MCP_BODY_BYTES,
        )
        manager = self.server.session_manager
        async with manager.run():
            self.manager = manager
            try:
                yield
            finally:
                self.manager = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        manager = self.manager
        if manager is None:
            refusal = problem_response(
                request, 503, "Service Unavailable", "The MCP server is not running yet."
            )
            await refusal(scope, receive, send)
            return
        try:
            caller = authenticate(request, self.settings)
            authorize(caller, Role.READER)
        except HTTPException as exc:
            refusal = problem_response(
                request,
                exc.status_code,
                HTTPStatus(exc.status_code).phrase,
                str(exc.detail),
                headers=dict(exc.headers) if exc.headers else None,
            )
            await refusal(scope, receive, send)
            return
        scope.setdefault("state", {})[CALLER_KEY] = caller
        await manager.handle_request(scope, receive, send)
