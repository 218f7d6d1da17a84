"""The audit log of writes: who loaded what, when, and what the load reported.

Kept in the store beside the data (a table of the embedded store, nodes of their
own label in Neo4j), outside the account graph: it never changes an answer, a
count or the store's revision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LoadRecord:
    """One load. ``who``: the API key's name (never the key) or ``cli``;
    ``source``: the bundle's file name (no folder); ``report``: the load report's
    summary as JSON text."""

    at: dt.datetime
    who: str
    source: str
    report: str
