"""``/mcp`` without its start-up cost: the MCP SDK (about half a second of
imports) is loaded, and its server started, on the first call to ``/mcp``
rather than before the app is ready (issue 14: start-up ≤ 1 s). What the
endpoint does is :class:`api.mcp_server.McpEndpoint`'s.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Final

from starlette.types import Receive, Scope, Send

from api.settings import Settings

if TYPE_CHECKING:
    from api.mcp_server import McpEndpoint

MCP_PATH: Final = "/mcp"
#: A tool call is a small JSON-RPC message.
MCP_BODY_BYTES: Final = 64 * 1024


class LazyMcp:
    """The ASGI endpoint at ``/mcp``. While the app is up (:meth:`running`), the
    first call imports the SDK off the event loop and starts the server; later
    calls go straight to it. Outside :meth:`running` it answers as the server
    does before it runs (503)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._endpoint: McpEndpoint | None = None
        self._server: asyncio.Task[None] | None = None
        self._stop: asyncio.Event | None = None
        self._starting = asyncio.Lock()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        stop = self._stop = asyncio.Event()
        try:
            yield
        finally:
            stop.set()
            self._stop = None
            server, self._server, self._endpoint = self._server, None, None
            if server is not None:
                await server

    async def _started(self, stop: asyncio.Event) -> McpEndpoint:
        async with self._starting:
            if self._endpoint is None:
                module = await asyncio.to_thread(importlib.import_module, "api.mcp_server")
                endpoint: McpEndpoint = module.McpEndpoint(self.settings)
                up = asyncio.Event()
                server = self._server = asyncio.create_task(_serve(endpoint, up, stop))
                waiting = asyncio.create_task(up.wait())
                await asyncio.wait({server, waiting}, return_when=asyncio.FIRST_COMPLETED)
                if server.done():  # it failed to start: say why, here
                    waiting.cancel()
                    self._server = None
                    server.result()
                self._endpoint = endpoint
            return self._endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        stop = self._stop
        if stop is None:  # the app is not up: the endpoint's own "not running yet"
            module = importlib.import_module("api.mcp_server")
            await module.McpEndpoint(self.settings)(scope, receive, send)
            return
        endpoint = await self._started(stop)
        await endpoint(scope, receive, send)


async def _serve(endpoint: McpEndpoint, up: asyncio.Event, stop: asyncio.Event) -> None:
    # One task enters and leaves the SDK's session manager (its task group must
    # be left by the task that entered it), from the first call to the app's exit.
    async with endpoint.running():
        up.set()
        await stop.wait()
