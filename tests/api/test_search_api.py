"""GET /v1/search and ``powermap search`` on the sample world (issue 17)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app as cli_app
from api.settings import KeyScope
from graph.embedded import EmbeddedStore
from graph.schema import Batch, PersonRecord, UnitKind, UnitRecord
from graph.store import GraphStore
from tests.api.conftest import KEYS, auth, make_client
from tests.sample_world import sample_batch

GLOBEX = "globex-reader-secret-012345678"


@pytest.fixture
def scoped(world_store: GraphStore) -> Iterator[TestClient]:
    keys = KEYS + f",globex:reader:{GLOBEX}"
    scopes = {"globex": KeyScope(accounts=("A2",))}
    with make_client(world_store, keys=keys, key_scopes=scopes) as c:
        yield c


def names(body: dict[str, object]) -> list[str]:
    return [h["name"] for h in body["items"]]  # type: ignore[attr-defined]


def test_a_person_is_found_as_typed(client: TestClient) -> None:
    r = client.get("/v1/search", params={"q": "CHLOE du"}, headers=auth("reader"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["more"] is False
    (hit,) = body["items"]
    assert hit == {
        "kind": "person",
        "id": "P3",
        "name": "Chloé Durand",
        "detail": "Director of IT",
        "email": None,
        "account_id": "A1",
        "account_name": "Acme Holdings",
        "unit_id": "B1",
        "unit_name": "Acme Paris",
        "left": False,
    }


def test_ranking_puts_the_name_typed_first(client: TestClient) -> None:
    body = client.get("/v1/search?q=acme", headers=auth("reader")).json()
    # "Acme" starts every name: accounts, then units, each by name; then matches
    # by e-mail only (Alice, alice@acme.example).
    assert names(body) == [
        "Acme Holdings",
        "Acme Americas",
        "Acme Europe",
        "Acme Lyon",
        "Acme Paris",
        "Alice Martin",
    ]
    body = client.get("/v1/search?q=acme&limit=2", headers=auth("reader")).json()
    assert names(body) == ["Acme Holdings", "Acme Americas"]
    assert body["more"] is True


def test_a_whole_word_comes_before_a_longer_name(world_store: GraphStore) -> None:
    # Units and people whose names merely start with the letters typed rank after
    # a name holding the word whole, whatever their kind.
    world_store.apply(
        Batch(
            units=[UnitRecord(f"AN{i}", "A1", UnitKind.DIVISION, "Analytics") for i in range(30)],
            people=[PersonRecord("PL", "A1", "Ana Lima", "B1")],
        )
    )
    with make_client(world_store) as c:
        body = c.get("/v1/search?q=ana&limit=3", headers=auth("reader")).json()
    assert names(body) == ["Ana Lima", "Analytics", "Analytics"]


def test_people_who_left_come_after_those_who_stayed(client: TestClient) -> None:
    body = client.get("/v1/search?q=b", headers=auth("reader")).json()
    people = [h for h in body["items"] if h["kind"] == "person"]
    assert [p["name"] for p in people] == ["Bruno Petit", "Farid Benali", "Gina Lopez"]
    assert [p["left"] for p in people] == [False, False, True]


def test_a_scoped_key_finds_only_its_accounts(scoped: TestClient) -> None:
    headers = {"Authorization": f"Bearer {GLOBEX}"}
    assert names(scoped.get("/v1/search?q=acme", headers=headers).json()) == []
    assert names(scoped.get("/v1/search?q=hans", headers=headers).json()) == ["Hans Weber"]
    assert names(scoped.get("/v1/search?q=tom", headers=headers).json()) == ["Tom Reed"]


@pytest.mark.parametrize(
    ("query", "status"), [("", 422), ("x" * 201, 422), ("x" * 200, 200), ('" OR *', 200)]
)
def test_the_query_is_bounded_and_never_syntax(client: TestClient, query: str, status: int) -> None:
    r = client.get("/v1/search", params={"q": query}, headers=auth("reader"))
    assert r.status_code == status, r.text
    if status == 200:
        assert r.json()["items"] == []


def test_limit_bounds(client: TestClient) -> None:
    assert client.get("/v1/search?q=a&limit=0", headers=auth("reader")).status_code == 422
    assert client.get("/v1/search?q=a&limit=51", headers=auth("reader")).status_code == 422
    assert client.get("/v1/search?q=a&limit=50", headers=auth("reader")).status_code == 200


def test_search_needs_a_key(client: TestClient) -> None:
    assert client.get("/v1/search?q=acme").status_code == 401


def test_cli_search(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    with EmbeddedStore(path) as s:
        s.apply(sample_batch())
    runner = CliRunner()
    done = runner.invoke(cli_app, ["search", "chloé", "--store", str(path), "--json"])
    assert done.exit_code == 0, done.output
    assert [h["id"] for h in json.loads(done.output)["items"]] == ["P3"]
    done = runner.invoke(cli_app, ["search", "acme", "--store", str(path), "--limit", "2"])
    assert done.exit_code == 0, done.output
    assert "Acme Holdings" in done.output
    assert "more" in done.output
    done = runner.invoke(cli_app, ["search", "nobody-here", "--store", str(path)])
    assert done.exit_code == 0
    assert "Nothing matches" in done.output
