"""Holds the content in use; new content is checked before it replaces it (reads files)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from bot.content.library import REPOSITORY, Library, Loaded, load

Loader = Callable[[Path, dt.date, str, tuple[str, ...]], Loaded]
"""How content is read: `library.load`, or one that also keeps a snapshot of it."""


class ContentError(RuntimeError):
    """Content with errors: the message lists every problem line."""


class ContentHolder:
    """The library in use; `read()` checks the files again, `use()` swaps in a valid library."""

    def __init__(
        self,
        library: Library,
        root: Path,
        default_language: str,
        extra_ui_keys: tuple[str, ...] = (),
        handoff: bool = False,
        loader: Loader = load,
    ) -> None:
        self.handoff = handoff
        self.loader = loader
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
        loader: Loader = load,
    ) -> ContentHolder:
        """Load content from `root`, or raise ContentError with every problem line."""
        loaded = loader(root, dt.date.today(), default_language, extra_ui_keys)
        if loaded.library is None:
            raise ContentError("\n".join(str(p) for p in loaded.problems))
        return cls(loaded.library, root, default_language, extra_ui_keys, handoff, loader)

    def read(self) -> Loaded:
        """Read and check the content at `root` as it is on disk now, without using it yet.

        The same checks as `python bot.py validate`; the library, when there are no errors,
        is ready to hand to `use()`.
        """
        loaded = self.loader(self.root, dt.date.today(), self.default_language, self.extra_ui_keys)
        if loaded.library is None:
            return loaded
        return dataclasses.replace(loaded, library=_with_handoff(loaded.library, self.handoff))

    def use(self, library: Library) -> None:
        """Serve `library` from now on (one assignment: every update sees old or new, whole)."""
        self.library = library


def _with_handoff(library: Library, handoff: bool) -> Library:
    """The library with the content told whether a staff chat takes hand-offs."""
    if library.content.handoff == handoff:
        return library
    return dataclasses.replace(
        library, content=dataclasses.replace(library.content, handoff=handoff)
    )
