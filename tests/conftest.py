"""Shared fixtures: real stores only.

``store`` runs a test once per store: the embedded store always, Neo4j when
``POWERMAP_TEST_NEO4J_URI`` (with ``POWERMAP_TEST_NEO4J_USER`` /
``POWERMAP_TEST_NEO4J_PASSWORD`` / ``POWERMAP_TEST_NEO4J_DATABASE``) names a server.
The Neo4j database is wiped before each test: point it at a scratch database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore

NEO4J_URI_ENV = "POWERMAP_TEST_NEO4J_URI"


def open_test_store(kind: str, tmp_path: Path) -> GraphStore:
    if kind == "embedded":
        from graph.embedded import EmbeddedStore

        return EmbeddedStore(tmp_path / "graph.db")
    uri = os.environ.get(NEO4J_URI_ENV)
    if not uri:
        pytest.skip(f"{NEO4J_URI_ENV} is not set: no Neo4j server to test against")
    from graph.neo4j_store import Neo4jStore

    neo = Neo4jStore(
        uri,
        user=os.environ.get("POWERMAP_TEST_NEO4J_USER", "neo4j"),
        password=os.environ.get("POWERMAP_TEST_NEO4J_PASSWORD"),
        database=os.environ.get("POWERMAP_TEST_NEO4J_DATABASE", "neo4j"),
    )
    neo.clear()
    return neo


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    s = open_test_store(str(request.param), tmp_path)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[GraphStore]:
    s = open_test_store("embedded", tmp_path)
    try:
        yield s
    finally:
        s.close()
