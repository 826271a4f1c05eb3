"""The Understander for a content is built once and kept while that content is served."""

from __future__ import annotations

from bot.content.library import Library
from bot.understand.interpret import Understander
from bot.understand.readers import remember, understander


def test_the_same_content_is_read_by_the_same_understander(shipped: Library) -> None:
    assert understander(shipped) is understander(shipped)


def test_an_understander_prepared_beside_the_one_in_use_is_used_for_its_content(
    shipped: Library, small_library: Library
) -> None:
    serving = understander(shipped)
    prepared = Understander(small_library)
    remember(small_library, prepared)
    assert understander(small_library) is prepared
    assert understander(shipped) is serving, "the content served keeps its own"
