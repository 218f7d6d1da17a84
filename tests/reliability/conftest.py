"""Reliability fixtures: the real app on a real embedded store, and a fingerprint
of everything a store holds, to prove that something left it unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from tests.graph._graphs import account_graph
from tests.sample_world import sample_batch

Fingerprint = tuple[dict[str, int], dict[str, tuple[list[str], list[str]]]]


def fingerprint(store: GraphStore) -> Fingerprint:
    """Counts plus every account's graph (nodes and edges with all attributes), as
    sorted text: equal fingerprints mean the store holds exactly the same data."""
    graphs: dict[str, tuple[list[str], list[str]]] = {}
    for account in store.list_accounts():
        g = account_graph(store, account.id)
        nodes = sorted(repr((n, sorted(a.items()))) for n, a in g.nodes(data=True))
        edges = sorted(repr((u, v, sorted(a.items()))) for u, v, a in g.edges(data=True))
        graphs[account.id] = (nodes, edges)
    return store.counts(), graphs


@pytest.fixture
def world(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An embedded store holding the sample world."""
    store = EmbeddedStore(tmp_path / "graph.db")
    store.apply(sample_batch())
    try:
        yield store
    finally:
        store.close()
