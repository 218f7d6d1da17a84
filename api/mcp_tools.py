"""The MCP server's tools, one function per group (issue 20): finding accounts and
records, the answers about an account, and the review and plan. Each tool checks
what the caller's key may see (:mod:`api.mcp_context`) and returns the API's own
answer model as structured output."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from pydantic import BaseModel, Field

from api.mcp_context import (
    AccountArg,
    AsOfArg,
    UnitArg,
    at_account,
    at_unit,
    caller_of,
    day_of,
    tool_errors,
)
from api.plan_export import ExportFormat
from api.plans import decide, exported_plan, get_plan
from api.routes.review import account_changes
from api.settings import Role
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

Server = MCPServer[Any]


class AccountItem(BaseModel):
    id: str = Field(description="Account id.")
    name: str = Field(description="Account name.")


class AccountList(BaseModel):
    accounts: list[AccountItem] = Field(description="The accounts this key may see, by id.")


class PlanExport(BaseModel):
    format: ExportFormat = Field(description="ics, salesforce, dynamics or hubspot.")
    filename: str = Field(description="A file name for it, e.g. hubspot-tasks.csv.")
    media_type: str = Field(description="text/calendar or text/csv.")
    content: str = Field(description="The file's text (UTF-8).")


def lookup_tools(server: Server) -> None:
    """accounts, search."""

    @server.tool(description="The accounts this key may see.")
    def accounts(ctx: Context) -> AccountList:
        with tool_errors():
            answers, _, visible = caller_of(ctx)
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
        with tool_errors():
            answers, _, visible = caller_of(ctx)
            return search_query(answers.store, q, limit, visible.accounts)


def answer_tools(server: Server) -> None:
    """coverage, seats (how well we cover an account); advocates, paths, introducers
    (who can take us where)."""
    _coverage_tools(server)
    _reach_tools(server)


def _coverage_tools(server: Server) -> None:
    @server.tool(description="Coverage of an account and every unit, with the ranked gaps.")
    def coverage(account_id: AccountArg, ctx: Context, as_of: AsOfArg = None) -> CoverageAnswer:
        with tool_errors():
            answers, account, day = at_account(ctx, account_id, as_of)
            return answers.ask(account, day, coverage_query)

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
        with tool_errors():
            answers, account, day = at_account(ctx, account_id, as_of)
            return answers.ask(account, day, buying_committee, unit_id)


def _reach_tools(server: Server) -> None:
    @server.tool(description="People we know well who could speak for us in a unit.")
    def advocates(
        unit_id: UnitArg,
        ctx: Context,
        k: Annotated[int, Field(ge=1, le=100, description="At most this many.")] = 10,
        as_of: AsOfArg = None,
    ) -> AdvocatesAnswer:
        with tool_errors():
            answers, account, day = at_unit(ctx, unit_id, as_of)
            return answers.ask(account, day, advocates_query, unit_id, k)

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
        with tool_errors():
            answers, account, day = at_account(ctx, account_id, as_of)
            return answers.ask(account, day, executive_paths, unit_id, from_team_member)

    @server.tool(description="Who can introduce a team member to someone in a unit.")
    def introducers(
        unit_id: UnitArg,
        from_team_member: Annotated[str, Field(description="The requesting team member.")],
        ctx: Context,
        as_of: AsOfArg = None,
    ) -> IntroductionsAnswer:
        with tool_errors():
            answers, account, day = at_unit(ctx, unit_id, as_of)
            return answers.ask(account, day, introducers_query, unit_id, from_team_member)


def plan_tools(server: Server) -> None:
    """changes, plan_actions, plan_export, and (writer keys) accept_action, dismiss_action."""
    _review_tools(server)
    _plan_decision_tools(server)


def _review_tools(server: Server) -> None:
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
        with tool_errors():
            answers, account, day = at_account(ctx, account_id, to_date)
            return account_changes(answers, account, from_date, day)

    @server.tool(
        description="The account plan: accepted actions with their status (open, done, "
        "overdue) and the suggested actions."
    )
    def plan_actions(account_id: AccountArg, ctx: Context, as_of: AsOfArg = None) -> AccountPlan:
        with tool_errors():
            answers, account, day = at_account(ctx, account_id, as_of)
            return get_plan(answers, account, day)

    @server.tool(
        description="The accepted actions as a file for a calendar (ics) or a CRM's task "
        "import (salesforce: Data Loader Task CSV; dynamics: Dataverse task CSV; hubspot: "
        "HubSpot tasks import CSV). Ids are filled in only for records from that CRM."
    )
    def plan_export(
        account_id: AccountArg,
        ctx: Context,
        format: Annotated[
            ExportFormat, Field(description="ics, salesforce, dynamics or hubspot.")
        ] = ExportFormat.ICS,
        as_of: AsOfArg = None,
    ) -> PlanExport:
        with tool_errors():
            found = exported_plan(*at_account(ctx, account_id, as_of), format)
            return PlanExport(
                format=format,
                filename=found.filename,
                media_type=found.media_type,
                content=found.body.decode(),
            )


def _plan_decision_tools(server: Server) -> None:
    @server.tool(description="Accept a suggested action into the plan (needs a writer key).")
    def accept_action(
        account_id: AccountArg,
        action_id: Annotated[str, Field(description="The suggestion's id.", max_length=64)],
        ctx: Context,
        due: Annotated[dt.date | None, Field(description="Due date; default suggested.")] = None,
        as_of: AsOfArg = None,
    ) -> PlanAction:
        with tool_errors():
            return _decide(ctx, account_id, action_id, as_of, PlanDecision.ACCEPTED, due)

    @server.tool(description="Dismiss a suggested or accepted action (needs a writer key).")
    def dismiss_action(
        account_id: AccountArg,
        action_id: Annotated[str, Field(description="The action's id.", max_length=64)],
        ctx: Context,
        as_of: AsOfArg = None,
    ) -> PlanAction:
        with tool_errors():
            return _decide(ctx, account_id, action_id, as_of, PlanDecision.DISMISSED, None)


def _decide(
    ctx: Context,
    account_id: str,
    action_id: str,
    as_of: dt.date | None,
    decision: PlanDecision,
    due: dt.date | None,
) -> PlanAction:
    answers, caller, visible = caller_of(ctx)
    if not caller.role.allows(Role.WRITER):
        raise PermissionError(
            f"changing a plan needs the writer role; the key '{caller.name}' is a {caller.role}"
        )
    return decide(
        answers,
        visible.account(account_id),
        action_id,
        day_of(answers, as_of),
        decision=decision,
        who=caller.name,
        due=due,
    )
