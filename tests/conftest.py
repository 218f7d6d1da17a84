"""Shared fixtures: real stores only.

``store`` runs a test once per store: the embedded store always, Neo4j when
``POWERMAP_TEST_NEO4J_URI`` (with ``POWERMAP_TEST_NEO4J_USER`` /
``POWERMAP_TEST_NEO4J_PASSWORD`` / ``POWERMAP_TEST_NEO4J_DATABASE``) names a server
(``make test`` starts one: scripts/neo4j_test_server.py). The Neo4j database is
wiped before each test: point it at a scratch database. Community Neo4j has one
user database, so the xdist workers sharing a server take turns: a Neo4j test holds
an exclusive file lock from its wipe to its end (``--dist loadgroup`` also sends
them all to one worker, so none waits).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph.store import GraphStore

if TYPE_CHECKING:
    from graph.neo4j_store import Neo4jStore

NEO4J_URI_ENV = "POWERMAP_TEST_NEO4J_URI"


#: The marks of a test's Neo4j run: ``neo4j``, and one xdist group for them all.
NEO4J_MARKS = (pytest.mark.neo4j, pytest.mark.xdist_group("neo4j"))
#: Parameters for fixtures that run once per store.
STORE_PARAMS = ["embedded", pytest.param("neo4j", marks=NEO4J_MARKS)]


def neo4j_uri() -> str:
    """The test server's URI; skips the test when none is set."""
    uri = os.environ.get(NEO4J_URI_ENV)
    if not uri:
        pytest.skip(f"{NEO4J_URI_ENV} is not set: no Neo4j server to test against")
    return uri


def open_neo4j() -> Neo4jStore:
    """A store on the test server's database, as it stands (not wiped)."""
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore(
        neo4j_uri(),
        user=os.environ.get("POWERMAP_TEST_NEO4J_USER", "neo4j"),
        password=os.environ.get("POWERMAP_TEST_NEO4J_PASSWORD"),
        database=os.environ.get("POWERMAP_TEST_NEO4J_DATABASE", "neo4j"),
    )


@contextmanager
def neo4j_turn() -> Iterator[None]:
    """Hold the test server's database for one test: one lock file per URI, shared
    by every xdist worker (and any other pytest run) on this machine."""
    digest = hashlib.sha256(neo4j_uri().encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"powermap-neo4j-test-{digest}.lock"
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_test_store(kind: str, tmp_path: Path) -> GraphStore:
    """An empty store of ``kind``; a Neo4j one is wiped, so hold :func:`neo4j_turn`."""
    if kind == "embedded":
        from graph.embedded import EmbeddedStore

        return EmbeddedStore(tmp_path / "graph.db")
    neo = open_neo4j()
    neo.clear()
    return neo


@contextmanager
def store_of_kind(kind: str, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of ``kind``, closed (and a Neo4j turn released) at the end."""
    if kind == "embedded":
        s = open_test_store(kind, tmp_path)
        try:
            yield s
        finally:
            s.close()
        return
    neo4j_uri()  # skip before waiting for a turn
    with neo4j_turn():
        s = open_test_store(kind, tmp_path)
        try:
            yield s
        finally:
            s.close()


@pytest.fixture(params=STORE_PARAMS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    with store_of_kind(str(request.param), tmp_path) as s:
        yield s


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[GraphStore]:
    with store_of_kind("embedded", tmp_path) as s:
        yield s
