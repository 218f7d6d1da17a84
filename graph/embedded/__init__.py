"""The embedded store: one SQLite file, read one account at a time."""

from graph.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
