"""The embedded store: SQLite for durability, an in-memory copy for reads."""

from graph.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
