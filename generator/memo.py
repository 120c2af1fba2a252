"""Bounded in-process memos: what a batch of editions would otherwise make again from equal input."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Values by key, the least recently used dropped once more than `limit` is kept.

    `limit` counts entries, or what `size(key, value)` says (bytes, say). A memo only ever holds values made
    from equal keys, so a hit and a miss give the same result; it saves the time, never changes the output.
    """

    def __init__(self, limit: int, size: Callable[[K, V], int] | None = None) -> None:
        self.limit = limit
        self._size = size
        self._items: dict[K, V] = {}
        self._sizes: dict[K, int] = {}
        self._used = 0

    def get(self, key: K) -> V | None:
        """The value kept for `key` (now the most recently used), or None."""
        value = self._items.pop(key, None)
        if value is not None:
            self._items[key] = value
        return value

    def put(self, key: K, value: V) -> V:
        """Keep `value` for `key`, dropping the least recently used past the limit; `value`."""
        if key in self._items:
            self._drop(key)
        size = self._size(key, value) if self._size else 1
        self._items[key] = value
        self._sizes[key] = size
        self._used += size
        while self._used > self.limit and self._items:
            self._drop(next(iter(self._items)))
        return value

    def clear(self) -> None:
        self._items.clear()
        self._sizes.clear()
        self._used = 0

    def __len__(self) -> int:
        return len(self._items)

    def _drop(self, key: K) -> None:
        del self._items[key]
        self._used -= self._sizes.pop(key)
