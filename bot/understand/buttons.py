"""Match typed text against the buttons on the person's screen with rapidfuzz (pure)."""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils

from bot.core.model import LANGUAGES, Content
from bot.core.screens import visible_options
from bot.core.state import State

THRESHOLD = 85.0
"""How alike (0-100) typed text and a button label must be to count as that button."""


def match_option(content: Content, state: State, text: str) -> tuple[int, float] | None:
    """The index of the visible option the text names, and the score; None if unsure."""
    here = state.here
    node = content.node(here.flow, here.node) if here else None
    if node is None:
        return None
    query = utils.default_process(text)
    if not query:
        return None
    if query.isdigit():
        number = int(query)
        visible = visible_options(content, state, node)
        return (visible[number - 1], 100.0) if 1 <= number <= len(visible) else None
    choices: dict[tuple[int, str], str] = {}
    for index in visible_options(content, state, node):
        for lang in LANGUAGES:
            label = node.options[index].label.get(lang)
            choices[(index, lang)] = utils.default_process(label)
    best = process.extractOne(query, choices, scorer=fuzz.WRatio, score_cutoff=THRESHOLD)
    if best is None:
        return None
    _, score, (index, _) = best
    return index, float(score)
