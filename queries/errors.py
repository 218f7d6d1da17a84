"""Errors a query raises on bad input (unknown ids raise ``graph.errors.NotFoundError``)."""

from __future__ import annotations

from graph.errors import PowermapError


class InvalidQueryError(PowermapError):
    """A query argument is out of range or contradicts another one."""

    title = "Invalid query"
