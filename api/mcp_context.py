"""What every MCP tool shares (issue 20): the caller the endpoint authenticated,
what it may see, the as-of date, and expected failures as readable tool errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Final

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field
from starlette.requests import Request

from api.auth import Caller
from api.params import check_as_of
from api.scope import Visibility
from api.service import Answers
from graph.errors import PowermapError

#: Where :class:`api.mcp_server.McpEndpoint` leaves the caller in the request's state.
CALLER_KEY: Final = "powermap_caller"

AsOfArg = Annotated[
    dt.date | None, Field(description="Answer as of this date (YYYY-MM-DD); default today.")
]
AccountArg = Annotated[str, Field(description="Account id.", min_length=1, max_length=64)]
UnitArg = Annotated[str, Field(description="Unit id.", min_length=1, max_length=64)]


@contextmanager
def tool_errors() -> Iterator[None]:
    """Expected failures as tool errors an agent can read (what, why, what to do);
    anything else stays the SDK's generic error, its text kept out of the answer."""
    try:
        yield
    except PowermapError as exc:
        raise ToolError(f"{exc.title}: {exc.detail}") from exc
    except PermissionError as exc:
        raise ToolError(f"Forbidden: {exc}") from exc


def _request(ctx: Context) -> Request:
    request = ctx.request_context.request
    if not isinstance(request, Request):
        raise RuntimeError("Powermap's tools answer over HTTP only")
    return request


def caller_of(ctx: Context) -> tuple[Answers, Caller, Visibility]:
    """The app's answers, the authenticated caller and what its key may see."""
    request = _request(ctx)
    caller = request.scope.get("state", {}).get(CALLER_KEY)
    if not isinstance(caller, Caller):
        raise PermissionError("the request carries no authenticated caller")
    answers: Answers = request.app.state.answers
    return answers, caller, Visibility(answers, caller)


def day_of(answers: Answers, as_of: dt.date | None) -> dt.date:
    """The tool's as-of date (default today; a future date is refused as the API does)."""
    return check_as_of(as_of, answers.today())


def at_account(
    ctx: Context, account_id: str, as_of: dt.date | None
) -> tuple[Answers, str, dt.date]:
    """(answers, the account if the caller may see it, the day) for an account's tool."""
    answers, _, visible = caller_of(ctx)
    account = visible.account(account_id)
    return answers, account, day_of(answers, as_of)


def at_unit(ctx: Context, unit_id: str, as_of: dt.date | None) -> tuple[Answers, str, dt.date]:
    """(answers, the unit's account if the caller may see it, the day) for a unit's tool."""
    answers, _, visible = caller_of(ctx)
    account = visible.unit(unit_id)
    return answers, account, day_of(answers, as_of)
