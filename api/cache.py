"""A thread-safe LRU cache, bounded by memory, that builds each missing value once.

Routes run in a thread pool; when 32 clients ask about the same account at once,
one thread builds the answer and the others wait for it instead of building it 32
times. Each value is weighed once, when built (``weigh``: an estimate in bytes);
the least recently used values are dropped while the total is over ``max_bytes``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Generic, TypeVar

V = TypeVar("V")


@dataclass(slots=True)
class _Entry(Generic[V]):
    future: Future[V] = field(default_factory=Future)
    size: int = 0  # 0 while it is being built


class BuildOnceCache(Generic[V]):
    """
    >>> calls = []
    >>> cache: BuildOnceCache[int] = BuildOnceCache(max_bytes=100, weigh=lambda v: 60)
    >>> cache.get("a", lambda: calls.append("a") or 1), cache.get("a", lambda: 2)
    (1, 1)
    >>> calls
    ['a']
    >>> cache.get("b", lambda: 3), "a" in cache, "b" in cache, cache.used_bytes
    (3, False, True, 60)
    """

    def __init__(self, max_bytes: int, weigh: Callable[[V], int]) -> None:
        self.max_bytes = max_bytes
        self._weigh = weigh
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, _Entry[V]] = OrderedDict()
        self._used = 0

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        if self.max_bytes <= 0:
            return build()
        with self._lock:
            entry = self._items.get(key)
            owner = entry is None
            if entry is None:
                entry = self._items[key] = _Entry()
            else:
                self._items.move_to_end(key)
        if owner:
            self._fill(key, entry, build)
        return entry.future.result()

    def _fill(self, key: Hashable, entry: _Entry[V], build: Callable[[], V]) -> None:
        try:
            value = build()
            size = max(1, self._weigh(value))
        except BaseException as exc:
            with self._lock:
                if self._items.get(key) is entry:
                    del self._items[key]
            entry.future.set_exception(exc)
            return
        entry.future.set_result(value)
        with self._lock:
            if self._items.get(key) is not entry:
                return  # evicted (or cleared) while it was built: nothing to count
            entry.size = size
            self._used += size
            self._evict()

    def _evict(self) -> None:
        """Drop built values, least recently used first, until the total fits; call
        with the lock held. A value larger than the whole budget goes at once (its
        caller still gets it). Values still being built stay: one may be the
        answer whose snapshot was just built."""
        if self._used <= self.max_bytes:
            return
        for key in [k for k, e in self._items.items() if e.size]:
            dropped = self._items.pop(key)
            self._used -= dropped.size
            if self._used <= self.max_bytes:
                return

    @property
    def used_bytes(self) -> int:
        """The estimated bytes of the values kept (values being built count 0)."""
        return self._used

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            entry = self._items.get(key)
        return entry is not None and entry.future.done()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._used = 0

    def __len__(self) -> int:
        return len(self._items)
