"""The one error base class every layer's domain errors derive from.

The API maps these to problem+json responses in one handler, with the HTTP status
it gives each class (``api.errors.HTTP_STATUS``: HTTP is the API's concern); the
CLI prints them.
"""

from __future__ import annotations


class PowermapError(Exception):
    """Base of every error Powermap raises on purpose.

    ``title`` is a short, stable summary; ``detail`` says what, where, why and what
    to do.
    """

    title: str = "Request failed"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(PowermapError):
    title = "Not found"


class StoreUnavailableError(PowermapError):
    """The store cannot be reached or opened (Neo4j down, file unreadable)."""

    title = "Store unavailable"


class StoreBusyError(PowermapError):
    """Another process holds the write lock of the store."""

    title = "Store busy"


class StoreWriteError(PowermapError):
    """A write failed (disk full, read-only file system, constraint). Nothing was
    written: the transaction was rolled back."""

    title = "Store write failed"
