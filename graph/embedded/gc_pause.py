"""Pause Python's cyclic garbage collector around bulk work.

Loading or applying a large batch allocates millions of row tuples, none of them
in reference cycles; each allocation burst would otherwise trigger collections
that walk the whole (large, long-lived) in-memory copy again and again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block (it stays off if it was off).

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
