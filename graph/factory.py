"""Open the store a setting names: a Neo4j URI, or a file path for the embedded one."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
DEFAULT_STORE = "./.powermap/graph.db"


def is_neo4j_uri(store: str) -> bool:
    """True when ``store`` names a Neo4j server rather than a file.

    >>> is_neo4j_uri("neo4j+s://example.databases.neo4j.io")
    True
    >>> is_neo4j_uri("./.powermap/graph.db")
    False
    """
    return store.lower().startswith(NEO4J_SCHEMES)


def open_store(
    store: str = DEFAULT_STORE,
    *,
    neo4j_user: str = "neo4j",
    neo4j_password: str | None = None,
    neo4j_database: str = "neo4j",
    neo4j_retry_seconds: float = 5.0,
    read_only: bool = False,
) -> GraphStore:
    """Open (creating when needed) the store named by ``store``."""
    if is_neo4j_uri(store):
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(
            store,
            user=neo4j_user,
            password=neo4j_password,
            database=neo4j_database,
            retry_seconds=neo4j_retry_seconds,
        )
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(Path(store), read_only=read_only)
