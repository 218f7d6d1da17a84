"""The Neo4j store's behaviour that needs no server: opening it, and failing well.

Everything else runs in the conformance suite against a real Neo4j
(``POWERMAP_TEST_NEO4J_URI``). Here the driver is real too; it just finds nothing
listening on the port.
"""

from __future__ import annotations

import inspect
import socket

import pytest

from api.errors import http_status
from graph.embedded import EmbeddedStore
from graph.errors import StoreUnavailableError
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore

SECRET = "s3cret-Passw0rd-not-for-logs"


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def protocol_methods() -> dict[str, inspect.Signature]:
    """The GraphStore protocol's methods and their signatures."""
    return {
        name: inspect.signature(member)
        for name, member in vars(GraphStore).items()
        if callable(member) and not name.startswith("_")
    }


def parameters(signature: inspect.Signature) -> list[tuple[str, object, bool]]:
    """Name, kind and whether it has a default, of each parameter after ``self``."""
    return [
        (p.name, p.kind, p.default is not inspect.Parameter.empty)
        for p in list(signature.parameters.values())[1:]
    ]


@pytest.mark.parametrize("store_class", [Neo4jStore, EmbeddedStore])
def test_each_store_takes_every_protocol_method_as_the_protocol_does(store_class: type) -> None:
    # isinstance() on a runtime-checkable Protocol checks names only: compare the
    # parameters too (a renamed or reordered one breaks callers that pass it by name).
    methods = protocol_methods()
    assert {"apply", "account_data", "revision", "ping", "close"} <= set(methods)
    for name, wanted in methods.items():
        found = inspect.signature(getattr(store_class, name))
        assert parameters(found) == parameters(wanted), f"{store_class.__name__}.{name}"


def test_the_store_opens_lazily() -> None:
    # No server on port 1: building the store must not connect.
    Neo4jStore("neo4j://127.0.0.1:1", user="neo4j", password=SECRET).close()


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_an_unreachable_server_is_unavailable_and_the_password_stays_secret(scheme: str) -> None:
    store = Neo4jStore(f"{scheme}://127.0.0.1:{closed_port()}", user="neo4j", password=SECRET)
    try:
        with pytest.raises(StoreUnavailableError) as caught:
            store.ping()
    finally:
        store.close()
    message = caught.value.detail
    assert "cannot be reached" in message
    assert "127.0.0.1" in message
    assert SECRET not in message
    assert SECRET not in repr(caught.value)
    assert http_status(caught.value) == 503


def test_the_revision_of_an_unreachable_server_is_unavailable_not_none() -> None:
    # None would tell callers "do not cache" and hide the outage until the next read.
    store = Neo4jStore(
        f"bolt://127.0.0.1:{closed_port()}", user="neo4j", password=SECRET, retry_seconds=0.5
    )
    try:
        with pytest.raises(StoreUnavailableError):
            store.revision()
    finally:
        store.close()


@pytest.mark.parametrize("uri", [f"bolt://me:{SECRET}@db.example:7687", "bolt+x://db.example"])
def test_a_uri_the_driver_cannot_use_is_refused_clearly(uri: str) -> None:
    with pytest.raises(StoreUnavailableError) as caught:
        Neo4jStore(uri, user="me", password=SECRET)
    assert "bolt://host:7687" in caught.value.detail  # says how to write it
    assert SECRET not in caught.value.detail
