"""The answers, their caching and the warm-up on a real Neo4j.

Every answer test of ``tests/api/test_answers.py`` (the figures worked out by hand
for the sample world) runs here again with the app on Neo4j (the role matrix
aside: it does not depend on the store). Then what only a shared database has: a
second process loading into it moves the revision, and the answers cached by this
one follow at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from fastapi.testclient import TestClient

from api.warmup import Warmer, WarmState
from graph.store import GraphStore
from tests.api import test_answers
from tests.api.conftest import make_client
from tests.api.test_answers import get
from tests.api.test_warmup import answers_of, cached_page, status
from tests.conftest import NEO4J_MARKS, store_of_kind
from tests.sample_world import sample_batch

pytestmark = list(NEO4J_MARKS)
REPO = Path(__file__).resolve().parents[2]

# The answer tests, collected here with this module's fixtures (Neo4j).
globals().update(
    {
        name: test
        for name, test in vars(test_answers).items()
        if name.startswith("test_") and name != "test_role_matrix_for_answers"
    }
)


@pytest.fixture
def world_store(tmp_path: Path) -> Iterator[GraphStore]:
    with store_of_kind("neo4j", tmp_path) as store:
        store.apply(sample_batch())
        yield store


@pytest.fixture
def client(world_store: GraphStore) -> Iterator[TestClient]:
    with make_client(world_store) as c:
        yield c


def coverage_of_a1(client: TestClient) -> str:
    status_: str = get(client, "/v1/accounts/A1/coverage")["units"][0]["status"]
    return status_


def load_in_another_process() -> None:
    """What a second API process (or `powermap load`) does: its own driver, its own
    transaction, nothing shared with this process but the database."""
    code = textwrap.dedent(
        """
        import os
        from graph.neo4j_store import Neo4jStore
        from graph.schema import Batch, RelationshipRecord

        with Neo4jStore(os.environ["POWERMAP_TEST_NEO4J_URI"], user="neo4j",
                        password=os.environ.get("POWERMAP_TEST_NEO4J_PASSWORD")) as store:
            store.apply(Batch(relationships=[
                RelationshipRecord("T2", "P1", 0.9, None, None, "crm")]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_a_load_by_a_second_process_moves_the_revision_and_drops_the_cache(
    client: TestClient, world_store: GraphStore
) -> None:
    assert coverage_of_a1(client) == "uncovered"
    before = world_store.revision()
    assert before is not None  # the embedded store can tell: it is the only writer
    assert world_store.revision() == before  # reading does not move it
    load_in_another_process()
    assert world_store.revision() == before + 1
    # This process cached the answer under the old revision; it is not served again.
    assert coverage_of_a1(client) == "single_threaded"


def test_a_batch_that_changes_nothing_keeps_the_revision(world_store: GraphStore) -> None:
    before = world_store.revision()
    world_store.apply(sample_batch())
    assert world_store.revision() == before


def test_a_wipe_moves_the_revision_on_never_back(world_store: GraphStore) -> None:
    from graph.neo4j_store import Neo4jStore

    assert isinstance(world_store, Neo4jStore)
    before = world_store.revision()
    world_store.clear()
    assert world_store.revision() > before
    assert world_store.list_accounts() == []


def test_the_warm_up_runs_on_neo4j(world_store: GraphStore) -> None:
    answers = answers_of(world_store)
    warmer = Warmer(answers, accounts=1)
    assert warmer.enabled
    assert warmer.run_once() == world_store.revision()
    largest = world_store.largest_accounts(1)[0]
    day = answers.today()
    assert cached_page(answers, largest, day) is not None
    assert status(warmer) == (WarmState.DONE, True)

    load_in_another_process()
    assert status(warmer) == (WarmState.PENDING, False)
    assert cached_page(answers, largest, day) is None
    assert warmer.run_once() == world_store.revision()


def test_every_answer_matches_the_embedded_store(client: TestClient, tmp_path: Path) -> None:
    with store_of_kind("embedded", tmp_path) as embedded:
        embedded.apply(sample_batch())
        with make_client(embedded) as on_embedded:
            for endpoint in test_answers.GET_ENDPOINTS:
                path, _, query = endpoint.partition("?")
                params: dict[str, Any] = dict(parse_qsl(query))
                assert get(client, path, **params) == get(on_embedded, path, **params), endpoint
