"""A bounded set of recent ids: the oldest are forgotten first (pure)."""

from __future__ import annotations

from collections import OrderedDict


class RecentIds:
    """The last `size` ids added; membership is O(1)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def __repr__(self) -> str:
        return f"RecentIds(size={self.size}, held={len(self._ids)})"

    def __contains__(self, item: object) -> bool:
        return item in self._ids

    def add(self, item: int) -> None:
        """Remember `item`, forgetting the oldest when full."""
        self._ids[item] = None
        self._ids.move_to_end(item)
        while len(self._ids) > self.size:
            self._ids.popitem(last=False)

    def discard(self, item: int) -> None:
        """Forget `item` if it is held."""
        self._ids.pop(item, None)
