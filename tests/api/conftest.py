"""API fixtures: the real app on a real embedded store loaded with the sample world."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings, parse_api_keys
from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from tests.sample_world import sample_batch

SECRETS = {
    "reader": "reader-secret-0123456789",
    "writer": "writer-secret-0123456789",
    "admin": "admin-secret-01234567890",
}
KEYS = ",".join(f"{role}-key:{role}:{secret}" for role, secret in SECRETS.items())


#: The base URL test clients use: a host name the app answers for by default
#: (TestClient's own ``testserver`` is refused like any unknown host).
LOCAL = "http://localhost"


def auth(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {SECRETS[role]}"}


@pytest.fixture
def world_store(embedded_store: GraphStore) -> GraphStore:
    embedded_store.apply(sample_batch())
    return embedded_store


def make_client(store: GraphStore, *, keys: str = KEYS, **overrides: object) -> TestClient:
    settings = Settings(api_keys=parse_api_keys(keys), **overrides)  # type: ignore[arg-type]
    # A loopback peer, as a local browser or tool would be.
    return TestClient(
        create_app(settings, store=store), client=("127.0.0.1", 50000), base_url=LOCAL
    )


@pytest.fixture
def client(world_store: GraphStore) -> Iterator[TestClient]:
    with make_client(world_store) as c:
        yield c


@pytest.fixture
def store_file(tmp_path: Path) -> str:
    """An embedded store file holding the sample world (closed: commands open it)."""
    path = tmp_path / "graph.db"
    with EmbeddedStore(path) as store:
        store.apply(sample_batch())
    return str(path)


@pytest.fixture
def tmp_store_path(tmp_path: Path) -> Path:
    return tmp_path / "graph.db"
