"""Per-word caches that start afresh when full: people's messages repeat their words (pure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

WORD_CACHE = 50_000
"""At most this many typed words are kept with what was made of them; then the cache starts
afresh."""

T = TypeVar("T")


def remembered(cache: dict[str, T], word: str, make: Callable[[str], T]) -> T:
    """`make(word)`, made once per word while `cache` holds it."""
    found = cache.get(word)
    if found is None:
        if len(cache) > WORD_CACHE:
            cache.clear()
        found = cache[word] = make(word)
    return found
