"""Holds the content in use; a reload that fails keeps the last good content (reads files)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from bot.content.library import REPOSITORY, Library, Loaded, load


class ContentError(RuntimeError):
    """Content with errors: the message lists every problem line."""


class ContentHolder:
    """The current library; `reload()` swaps it only when the new content is valid."""

    def __init__(
        self,
        library: Library,
        root: Path,
        default_language: str,
        extra_ui_keys: tuple[str, ...] = (),
        handoff: bool = False,
    ) -> None:
        self.handoff = handoff
        self.library = _with_handoff(library, handoff)
        self.root = root
        self.default_language = default_language
        self.extra_ui_keys = extra_ui_keys

    def __repr__(self) -> str:
        return f"ContentHolder(root={str(self.root)!r}, version={self.library.content.version!r})"

    @classmethod
    def open(
        cls,
        root: Path = REPOSITORY,
        default_language: str = "he",
        extra_ui_keys: tuple[str, ...] = (),
        handoff: bool = False,
    ) -> ContentHolder:
        """Load content from `root`, or raise ContentError with every problem line."""
        loaded = load(root, dt.date.today(), default_language, extra_ui_keys)
        if loaded.library is None:
            raise ContentError("\n".join(str(p) for p in loaded.problems))
        return cls(loaded.library, root, default_language, extra_ui_keys, handoff)

    def reload(self) -> Loaded:
        """Load again; use the new content only when it has no errors."""
        loaded = load(self.root, dt.date.today(), self.default_language, self.extra_ui_keys)
        if loaded.library is not None:
            self.library = _with_handoff(loaded.library, self.handoff)
        return loaded


def _with_handoff(library: Library, handoff: bool) -> Library:
    """The library with the content told whether a staff chat takes hand-offs."""
    if library.content.handoff == handoff:
        return library
    return dataclasses.replace(
        library, content=dataclasses.replace(library.content, handoff=handoff)
    )
