"""Pause Python's cyclic garbage collector around bulk work.

Loading or applying a large batch, building an account graph or preparing a
snapshot allocates hundreds of thousands of objects, none of them in reference
cycles; each allocation burst would otherwise trigger collections that walk the
whole (large, long-lived) heap again and again: with the embedded store of scale
M in memory, that doubled the time to prepare a large account.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

#: Objects allocated in a paused block from which the young generations are
#: collected at its end (a large account's graph or snapshot: several 100,000).
EAGER_AFTER: Final = 50_000


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block (it stays off if it was off).

    Safe across threads: only a block that found the collector on turns it back
    on, so it is never left off by overlapping blocks.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            if gc.get_count()[0] >= EAGER_AFTER:
                # The block's objects would be walked by the next young collection
                # and again by the one after, in whatever request comes next:
                # walk them once now, as part of the work that made them.
                gc.collect(1)
