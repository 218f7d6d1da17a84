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

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from http import HTTPStatus
from importlib.metadata import version
from typing import Annotated, Any, Final

from fastapi import HTTPException
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from api.auth import Caller, authenticate, authorize
from api.errors import problem_response
from api.mcp_lazy import MCP_BODY_BYTES
from api.params import check_as_of
from api.plans import decide, get_plan
from api.routes.review import account_changes
from api.scope import Visibility
from api.service import Answers
from api.settings import Role, Settings
from graph.errors import PowermapError
from graph.plans import PlanDecision
from queries.advocates import advocates as advocates_query
from queries.committee import buying_committee
from queries.coverage import coverage as coverage_query
from queries.models import (
    AdvocatesAnswer,
    CoverageAnswer,
    ExecutivePathsAnswer,
    IntroductionsAnswer,
)
from queries.models.committee import BuyingCommittee
from queries.models.plan import AccountPlan, PlanAction
from queries.models.review import AccountChanges
from queries.paths import executive_paths
from queries.paths import introducers as introducers_query
from queries.search import MAX_LIMIT as MAX_SEARCH_LIMIT
from queries.search import SearchResult
from queries.search import search as search_query

_CALLER_KEY: Final = "powermap_caller"

AsOfArg = Annotated[
    dt.date | None, Field(description="Answer as of this date (YYYY-MM-DD); default today.")
]
AccountArg = Annotated[str, Field(description="Account id.", min_length=1, max_length=64)]
UnitArg = Annotated[str, Field(description="Unit id.", min_length=1, max_length=64)]


class AccountItem(BaseModel):
    id: str = Field(description="Account id.")
    name: str = Field(description="Account name.")


class AccountList(BaseModel):
    accounts: list[AccountItem] = Field(description="The accounts this key may see, by id.")


@contextmanager
def _tool_errors() -> Iterator[None]:
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


def _caller(ctx: Context) -> tuple[Answers, Caller, Visibility]:
    request = _request(ctx)
    caller = request.scope.get("state", {}).get(_CALLER_KEY)
    if not isinstance(caller, Caller):
        raise PermissionError("the request carries no authenticated caller")
    answers: Answers = request.app.state.answers
    return answers, caller, Visibility(answers, caller)


def _day(answers: Answers, as_of: dt.date | None) -> dt.date:
    return check_as_of(as_of, answers.today())


def build_mcp() -> MCPServer[Any]:
    """The MCP server and its tools (stateless; see the module)."""
    server: MCPServer[Any] = MCPServer(
        "powermap",
        version=version("powermap"),
        instructions="Relationship intelligence for account teams: coverage, buying "
        "committee seats, advocates, warm paths to executives, introducers, what changed "
        "since a review, and the account plan. Ids come from the accounts tool and the "
        "answers.",
    )

    @server.tool(description="The accounts this key may see.")
    def accounts(ctx: Context) -> AccountList:
        with _tool_errors():
            answers, _, visible = _caller(ctx)
            found = answers.store.list_accounts()
            return AccountList(
                accounts=[AccountItem(id=a.id, name=a.name) for a in found if visible.sees(a.id)]
            )

    @server.tool(
        description="Find accounts, units, people and team members by name, title, e-mail "
        "or id (accents and case ignored; each word the start of a word), best first. A "
        "scoped key finds only its accounts' records."
    )
    def search(
        q: Annotated[
            str, Field(min_length=1, max_length=200, description="Words, e.g. 'chlo dur'.")
        ],
        ctx: Context,
        limit: Annotated[
            int, Field(ge=1, le=MAX_SEARCH_LIMIT, description="Most results (default 10).")
        ] = 10,
    ) -> SearchResult:
        with _tool_errors():
            answers, _, visible = _caller(ctx)
            return search_query(answers.store, q, limit, visible.accounts)

    @server.tool(description="Coverage of an account and every unit, with the ranked gaps.")
    def coverage(account_id: AccountArg, ctx: Context, as_of: AsOfArg = None) -> CoverageAnswer:
        with _tool_errors():
            answers, _, visible = _caller(ctx)
            account = visible.account(account_id)
            return answers.ask(account, _day(answers, as_of), coverage_query)

    @server.tool(
        description="The buying committee (seats by role: holders, strength, who knows "
        "them; empty and unreached seats) of an account or of a unit's subtree."
    )
    def seats(
        account_id: AccountArg,
        ctx: Context,
        unit_id: Annotated[str | None, Field(description="Only this unit's subtree.")] = None,
        as_of: AsOfArg = None,
    ) -> BuyingCommittee:
        with _tool_errors():
            answers, _, visible = _caller(ctx)
            account = visible.account(account_id)
            return answers.ask(account, _day(answers, as_of), buying_committee, unit_id)

    @server.tool(description="People we know well who could speak for us in a unit.")
    def advocates(
        unit_id: UnitArg,
        ctx: Context,
        k: Annotated[int, Field(ge=1, le=100, description="At most this many.")] = 10,
        as_of: AsOfArg = None,
    ) -> AdvocatesAnswer:
        with _tool_errors():
            answers, _, visible = _caller(ctx)
            account = visible.unit(unit_id)
            return answers.ask(account, _day(answers, as_of), advocates_query, unit_id, k)

    @server.tool(description="Warm paths from our team to an account's executives.")
    def paths(
        account_id: AccountArg,
        ctx: Context,
        from_team_member: Annotated[
            str | None, Field(description="From this team member only; default the team.")
        ] = None,
        unit_id: Annotated[str | None, Field(description="Executives of this unit only.")] = None,
        as_of: AsOfArg = None,
    ) -> ExecutivePathsAnswer:
        with _tool_errors():
            answers, _, visible = _caller(ctx)
            account = visible.account(account_id)
            return answers.ask(
                account, _day(answers, as_of), executive_paths, unit_id, from_team_member
            )

    @server.tool(description="Who can introduce a team member to someone in a unit.")
    def introducers(
        unit_id: UnitArg,
        from_team_member: Annotated[str, Field(description="The requesting team member.")],
        ctx: Context,
        as_of: AsOfArg = None,
    ) -> IntroductionsAnswer:
        with _tool_errors():
            answers, _, visible = _caller(ctx)
            account = visible.unit(unit_id)
            return answers.ask(
                account, _day(answers, as_of), introducers_query, unit_id, from_team_member
            )

    @server.tool(
        description="What changed in an account between two dates (since the last review)."
    )
    def changes(
        account_id: AccountArg,
        from_date: Annotated[dt.date, Field(description="The last review's date.")],
        ctx: Context,
        to_date: Annotated[
            dt.date | None, Field(description="The later date; default today.")
        ] = None,
    ) -> AccountChanges:
        with _tool_errors():
            answers, _, visible = _caller(ctx)
            account = visible.account(account_id)
            return account_changes(answers, account, from_date, _day(answers, to_date))

    @server.tool(
        description="The account plan: accepted actions with their status (open, done, "
        "overdue) and the suggested actions."
    )
    def plan_actions(account_id: AccountArg, ctx: Context, as_of: AsOfArg = None) -> AccountPlan:
        with _tool_errors():
            answers, _, visible = _caller(ctx)
            return get_plan(answers, visible.account(account_id), _day(answers, as_of))

    @server.tool(description="Accept a suggested action into the plan (needs a writer key).")
    def accept_action(
        account_id: AccountArg,
        action_id: Annotated[str, Field(description="The suggestion's id.", max_length=64)],
        ctx: Context,
        due: Annotated[dt.date | None, Field(description="Due date; default suggested.")] = None,
        as_of: AsOfArg = None,
    ) -> PlanAction:
        with _tool_errors():
            return _decide(ctx, account_id, action_id, as_of, PlanDecision.ACCEPTED, due)

    @server.tool(description="Dismiss a suggested or accepted action (needs a writer key).")
    def dismiss_action(
        account_id: AccountArg,
        action_id: Annotated[str, Field(description="The action's id.", max_length=64)],
        ctx: Context,
        as_of: AsOfArg = None,
    ) -> PlanAction:
        with _tool_errors():
            return _decide(ctx, account_id, action_id, as_of, PlanDecision.DISMISSED, None)

    return server


def _decide(
    ctx: Context,
    account_id: str,
    action_id: str,
    as_of: dt.date | None,
    decision: PlanDecision,
    due: dt.date | None,
) -> PlanAction:
    answers, caller, visible = _caller(ctx)
    if not caller.role.allows(Role.WRITER):
        raise PermissionError(
            f"changing a plan needs the writer role; the key '{caller.name}' is a {caller.role}"
        )
    return decide(
        answers,
        visible.account(account_id),
        action_id,
        _day(answers, as_of),
        decision=decision,
        who=caller.name,
        due=due,
    )


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
        scope.setdefault("state", {})[_CALLER_KEY] = caller
        await manager.handle_request(scope, receive, send)
