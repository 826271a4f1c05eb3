"""From typed text to an Understanding: safety first, then buttons, then routing (pure)."""

from __future__ import annotations

from bot.content.library import Library
from bot.core.events import Understanding
from bot.core.state import State
from bot.understand.buttons import match_option


def interpret(library: Library, state: State, text: str) -> Understanding:
    """What the bot makes of `text` typed by a person in `state`."""
    matched = match_option(library.content, state, text)
    if matched is not None:
        return Understanding(option=matched[0])
    return Understanding()
