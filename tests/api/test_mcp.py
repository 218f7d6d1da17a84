"""The MCP server at /mcp driven by the SDK's own client over streamable HTTP,
against a real uvicorn on a free loopback port: tools listed, each called, scopes
and roles enforced with the API's keys."""

from __future__ import annotations

import asyncio
import csv
import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
import uvicorn
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from api.app import create_app
from api.settings import KeyScope, Settings, parse_api_keys
from graph.store import GraphStore
from tests.api.conftest import KEYS, SECRETS
from tests.reliability.server import free_port

ACME = "acme-reader-secret-0123456789"
GLOBEX = "globex-reader-secret-012345678"
ALL_KEYS = f"{KEYS},acme:reader:{ACME},globex:reader:{GLOBEX}"
SCOPES = {"acme": KeyScope(accounts=("A1",)), "globex": KeyScope(accounts=("A2",))}
AS_OF = "2026-11-15"
TOOLS = {
    "search",
    "accounts",
    "coverage",
    "seats",
    "advocates",
    "paths",
    "introducers",
    "changes",
    "plan_actions",
    "plan_export",
    "accept_action",
    "dismiss_action",
}


@pytest.fixture
def mcp_url(world_store: GraphStore) -> Iterator[str]:
    settings = Settings(api_keys=parse_api_keys(ALL_KEYS), key_scopes=SCOPES)
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, store=world_store), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://localhost:{port}/mcp"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


async def _session(url: str, secret: str | None, work: Any) -> Any:
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60) as http,
        Client(streamable_http_client(url, http_client=http)) as client,
    ):
        return await work(client)


def run(url: str, secret: str | None, work: Any) -> Any:
    return asyncio.run(_session(url, secret, work))


def test_tools_are_listed_with_typed_inputs_and_outputs(mcp_url: str) -> None:
    async def work(client: Client) -> Any:
        return (await client.list_tools()).tools

    tools = {t.name: t for t in run(mcp_url, SECRETS["reader"], work)}
    assert set(tools) >= TOOLS
    coverage = tools["coverage"]
    assert coverage.input_schema["required"] == ["account_id"]
    assert "as_of" in coverage.input_schema["properties"]
    assert coverage.output_schema is not None
    assert "units" in coverage.output_schema["properties"]


def test_every_tool_answers_with_the_api_figures(mcp_url: str) -> None:
    async def work(client: Client) -> dict[str, Any]:
        calls = {
            "accounts": {},
            "search": {"q": "chlo dur"},
            "coverage": {"account_id": "A1", "as_of": AS_OF},
            "seats": {"account_id": "A1", "as_of": AS_OF},
            "advocates": {"unit_id": "B2", "as_of": AS_OF},
            "paths": {"account_id": "A1", "as_of": AS_OF},
            "introducers": {"unit_id": "B2", "from_team_member": "T1", "as_of": AS_OF},
            "changes": {"account_id": "A1", "from_date": AS_OF, "to_date": "2026-12-15"},
            "plan_actions": {"account_id": "A1", "as_of": AS_OF},
        }
        out = {}
        for name, args in calls.items():
            result = await client.call_tool(name, args)
            assert not result.is_error, (name, result.content)
            out[name] = result.structured_content
        plan = out["plan_actions"]
        intro = next(a for a in plan["suggestions"] if a["target"]["name"] == "Emma Leroy")
        accepted = await client.call_tool(
            "accept_action", {"account_id": "A1", "action_id": intro["id"], "as_of": AS_OF}
        )
        assert not accepted.is_error, accepted.content
        out["accept_action"] = accepted.structured_content
        exported = await client.call_tool(
            "plan_export", {"account_id": "A1", "format": "hubspot", "as_of": AS_OF}
        )
        assert not exported.is_error, exported.content
        out["plan_export"] = exported.structured_content
        dismissed = await client.call_tool(
            "dismiss_action", {"account_id": "A1", "action_id": intro["id"], "as_of": AS_OF}
        )
        out["dismiss_action"] = dismissed.structured_content
        return out

    out = run(mcp_url, SECRETS["writer"], work)
    assert {a["id"] for a in out["accounts"]["accounts"]} == {"A1", "A2"}
    rows = {r["id"]: r["status"] for r in out["coverage"]["units"]}
    assert (rows["B1"], rows["B2"], rows["D1"]) == ("covered", "uncovered", "weak")
    assert out["advocates"]["advocates"][0]["person"]["name"] == "Chloé Durand"
    assert abs(out["advocates"]["advocates"][0]["score"] - 0.7461) < 1e-3
    assert out["paths"]["paths"][0]["executive"]["name"] == "Emma Leroy"
    assert [u["unit"]["id"] for u in out["changes"]["units"]] == ["B2"]
    assert out["accept_action"]["status"] == "open"
    export = out["plan_export"]
    assert (export["filename"], export["media_type"]) == ("hubspot-tasks.csv", "text/csv")
    [row] = list(csv.DictReader(io.StringIO(export["content"])))
    assert row["Task Title"] == out["accept_action"]["title"]
    assert out["dismiss_action"]["target"]["name"] == "Emma Leroy"
    assert any(s["role"] == "economic_buyer" for s in out["seats"]["seats"])
    assert out["introducers"]["introductions"]
    assert [(h["kind"], h["id"]) for h in out["search"]["items"]] == [("person", "P3")]


def test_a_scoped_key_sees_only_its_accounts(mcp_url: str) -> None:
    async def work(client: Client) -> Any:
        listed = await client.call_tool("accounts", {})
        hidden = await client.call_tool("coverage", {"account_id": "A1", "as_of": AS_OF})
        hidden_unit = await client.call_tool("advocates", {"unit_id": "B2", "as_of": AS_OF})
        own = await client.call_tool("coverage", {"account_id": "A2", "as_of": AS_OF})
        found = await client.call_tool("search", {"q": "chlo"})
        return listed, hidden, hidden_unit, own, found

    listed, hidden, hidden_unit, own, found = run(mcp_url, GLOBEX, work)
    # Chloé Durand works at A1: a key scoped to A2 does not find her.
    assert not found.is_error
    assert found.structured_content["items"] == []
    assert [a["id"] for a in listed.structured_content["accounts"]] == ["A2"]
    assert hidden.is_error
    assert "A1" in hidden.content[0].text  # the same "does not exist" as a missing one
    assert hidden_unit.is_error
    assert not own.is_error


def test_a_reader_cannot_change_a_plan(mcp_url: str) -> None:
    async def work(client: Client) -> Any:
        plan = await client.call_tool("plan_actions", {"account_id": "A1", "as_of": AS_OF})
        first = plan.structured_content["suggestions"][0]["id"]
        return await client.call_tool(
            "accept_action", {"account_id": "A1", "action_id": first, "as_of": AS_OF}
        )

    result = run(mcp_url, SECRETS["reader"], work)
    assert result.is_error
    assert "writer role" in result.content[0].text


def test_no_key_or_a_wrong_key_is_refused_before_the_sdk(mcp_url: str) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-key-0123456789"}):
        r = httpx2.post(
            mcp_url,
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={**headers, "Accept": "application/json, text/event-stream"},
        )
        assert r.status_code == 401
    # The request gate still applies: a host name not allowed is refused first.
    r = httpx2.post(
        mcp_url,
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
        headers={"Authorization": f"Bearer {SECRETS['reader']}", "Host": "evil.example"},
    )
    assert r.status_code == 400
    assert "host" in r.json()["detail"]
