"""A small thread-safe LRU cache that builds each missing value once.

Routes run in a thread pool; when 32 clients ask about the same account at once,
one thread builds the answer and the others wait for it instead of building it 32
times.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Generic, TypeVar

V = TypeVar("V")


class BuildOnceCache(Generic[V]):
    """
    >>> calls = []
    >>> cache: BuildOnceCache[int] = BuildOnceCache(maxsize=2)
    >>> cache.get("a", lambda: calls.append("a") or 1), cache.get("a", lambda: 2)
    (1, 1)
    >>> calls
    ['a']
    """

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, Future[V]] = OrderedDict()

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        if self.maxsize <= 0:
            return build()
        with self._lock:
            future = self._items.get(key)
            owner = future is None
            if future is None:
                future = Future()
                self._items[key] = future
                while len(self._items) > self.maxsize:
                    self._items.popitem(last=False)
            else:
                self._items.move_to_end(key)
        if owner:
            try:
                future.set_result(build())
            except BaseException as exc:
                with self._lock:
                    if self._items.get(key) is future:
                        del self._items[key]
                future.set_exception(exc)
        return future.result()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
