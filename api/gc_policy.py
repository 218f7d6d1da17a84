"""How this process's garbage collector runs: decided once, at the process edge.

``powermap`` (every command, ``serve`` included) calls :func:`tune_collector`
before it does anything else; the library below (stores, queries, readers) does
not set a policy of its own. The embedded store still pauses the collector
around its bulk copies (:mod:`graph.gc_pause`): a mechanism inside one
operation, not a policy for the process.
"""

from __future__ import annotations

import gc
from typing import Final

#: Young collections after this many net allocations (CPython's default: 700).
YOUNG_THRESHOLD: Final = 50_000
#: Young collections per middle one, and middle ones per full one (defaults 10, 10).
OLDER_THRESHOLDS: Final = (20, 100)


def tune_collector() -> None:
    """Fewer, later collections.

    With the default thresholds, full passes over the store's large memory
    (millions of objects not frozen yet, each cached account graph and snapshot)
    came often enough to cause 100-250 ms p99 spikes in the server, and building
    a large snapshot (hundreds of thousands of objects, none in a reference cycle)
    paid for collections that found nothing. The embedded store ``gc.freeze()``s
    what it loaded, and request work builds no reference cycles to speak of:
    rarer collections lose nothing.

    >>> saved = gc.get_threshold()
    >>> tune_collector(); gc.get_threshold()
    (50000, 20, 100)
    >>> gc.set_threshold(*saved)
    """
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
