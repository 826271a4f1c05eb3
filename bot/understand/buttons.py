"""Match typed text against the buttons on the person's screen with rapidfuzz (pure)."""

from __future__ import annotations

from rapidfuzz import fuzz, utils

from bot.core.model import LANGUAGES, Content
from bot.core.screens import visible_options
from bot.core.state import State

THRESHOLD = 82.0
"""How alike (0-100) typed text and a button label must be to count as that button.

Only text about as long as the label counts: a sentence that contains a label's word is
routed, not taken for a tap."""


def match_option(content: Content, state: State, text: str) -> tuple[int, float] | None:
    """The index of the visible option the text names, and the score; None if unsure."""
    here = state.here
    node = content.node(here.flow, here.node) if here else None
    if node is None:
        return None
    query = utils.default_process(text)
    if not query:
        return None
    if query.isdecimal() and query.isascii():
        number = int(query)
        visible = visible_options(content, state, node)
        return (visible[number - 1], 100.0) if 1 <= number <= len(visible) else None
    best: tuple[int, float] | None = None
    for index in visible_options(content, state, node):
        for lang in LANGUAGES:
            label = utils.default_process(node.options[index].label.get(lang))
            if not label or not 0.5 * len(label) <= len(query) <= 2 * len(label):
                continue
            score = max(fuzz.ratio(query, label), fuzz.token_sort_ratio(query, label))
            if score >= THRESHOLD and (best is None or score > best[1]):
                best = (index, float(score))
    return best
