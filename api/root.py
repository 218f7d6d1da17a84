"""The composition root: settings → store → answer service, built in one place.

The server (``create_app``, ``powermap serve``), every command and the bench
open the store and make their answer service here, so each gets every Neo4j
setting (the retry budget included) and the same memory-bounded cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from api.service import Answers
from api.settings import Settings, get_settings
from graph.factory import open_store
from graph.store import GraphStore


@dataclass(frozen=True, slots=True)
class Service:
    """What a process answers with: its settings, its store, its answers."""

    settings: Settings
    store: GraphStore
    answers: Answers


def open_configured_store(
    settings: Settings, store: str | None = None, *, read_only: bool = False
) -> GraphStore:
    """The settings' store (or ``store``, a Neo4j URI or a file), with every
    Neo4j setting, retry budget included. The caller closes it."""
    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
    return open_store(
        store or settings.store,
        neo4j_user=settings.neo4j_user,
        neo4j_password=password,
        neo4j_database=settings.neo4j_database,
        neo4j_retry_seconds=settings.neo4j_retry_seconds,
        read_only=read_only,
    )


def service_over(settings: Settings, store: GraphStore) -> Service:
    """The answer service over an opened store (the caller keeps closing it)."""
    return Service(
        settings, store, Answers(store, settings.query, cache_bytes=settings.cache_bytes)
    )


@contextmanager
def open_service(
    settings: Settings | None = None, *, store: str | None = None, read_only: bool = False
) -> Iterator[Service]:
    """Settings (the environment's by default) → the configured store (or
    ``store``) → the answer service; the store is closed on leaving."""
    settings = settings or get_settings()
    opened = open_configured_store(settings, store, read_only=read_only)
    try:
        yield service_over(settings, opened)
    finally:
        opened.close()
