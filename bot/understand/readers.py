"""Which Understander reads for which content: built once, kept while that content is served."""

from __future__ import annotations

import datetime as dt
import gc

from bot.content.library import Library
from bot.core.events import Understanding
from bot.core.state import State
from bot.understand.interpret import Understander

_cached: list[tuple[Library, Understander]] = []
"""The Understanders in use, newest last: the content served, and one being prepared."""
KEPT_READERS = 2


def understander(library: Library) -> Understander:
    """The Understander for `library`, built on first use and kept until the content changes.

    Libraries that share their documents (one told of a staff chat, one not) share it too.
    """
    for held, reader in reversed(_cached):
        if held.documents is library.documents:
            return reader
    reader = Understander(library)
    remember(library, reader)
    return reader


def remember(library: Library, ready: Understander) -> None:
    """Keep `ready` as `library`'s Understander beside the one in use (a snapshot read, or
    content being prepared in a worker thread): the content served keeps its own."""
    kept = [entry for entry in _cached if entry[0].documents is not library.documents]
    _cached[:] = [*kept, (library, ready)][-KEPT_READERS:]


def adopt(library: Library, ready: Understander) -> None:
    """Use `ready`, built off the event loop (a reload), as `library`'s Understander from now on.

    Building takes seconds; a reload builds it in a worker thread, then swaps the content and
    calls this in the same loop turn, so no message waits for a build. The old one is let go.
    """
    _cached[:] = [(library, ready)]
    gc.freeze()


def build_now(library: Library) -> None:
    """Build the indexes before anyone types, then keep the garbage collector off them.

    The indexes are large and live as long as the content; without gc.freeze() every full
    collection walks them and the slowest messages wait for it (p99 2.4 ms -> 1.4 ms).
    Freed content is still reclaimed by reference counting. No collection first: what a
    build or a snapshot leaves is alive, and walking it costs a quarter second at start.
    """
    understander(library)
    gc.freeze()


def interpret(
    library: Library, state: State, text: str, today: dt.date | None = None
) -> Understanding:
    """What the bot makes of `text` typed by a person in `state` on `today`."""
    return understander(library).read(state, text, today=today).understanding
