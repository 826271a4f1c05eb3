"""Hebrew and Arabic screens render right to left, with every phone number in its true order.

Checked with the Unicode bidi algorithm (python-bidi) over every screen, every role, and the
bot's own strings and safety replies, with the hospital settings both empty and filled in.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from types import MappingProxyType

import pytest
from bidi import get_display

from bot.content.library import Library
from bot.core.model import Content
from bot.core.screens import node_screen
from bot.core.state import Frame, State
from bot.telegram.direction import for_direction
from bot.telegram.render import to_html

NUMBER = re.compile(r"\+?\d+(?:[-‑]\d+)+")
TAG = re.compile(r"<[^>]+>")
ROLES = ("patient", "family", "professional")


def filled(content: Content) -> Content:
    """Every hospital setting filled with a phone-like value."""
    return replace(
        content,
        settings=MappingProxyType({name: "03-5551234" for name in content.settings}),
    )


def screens(content: Content, lang: str) -> Iterator[tuple[str, str]]:
    for flow in content.flows.values():
        for node in flow.nodes.values():
            for role in ROLES:
                state = State(lang=lang, stack=(Frame(flow.id, node.id),)).with_answer("role", role)
                reply = node_screen(content, state, Frame(flow.id, node.id))
                shown = TAG.sub("", to_html(reply))  # what Telegram shows: no tags
                yield f"{flow.id}.{node.id} ({role})", html.unescape(shown)
    for key, text in content.ui.items():
        yield f"ui.{key}", for_direction(text.get(lang))
    for key, text in content.safety_replies.items():
        yield f"safety.{key}", for_direction(text.get(lang))


def first_strong(line: str) -> str | None:
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind
    return None


@pytest.mark.parametrize("lang", ["he", "ar"])
@pytest.mark.parametrize("settings", ["empty", "filled"])
def test_every_line_starts_right_to_left_and_numbers_keep_their_order(
    shipped: Library, lang: str, settings: str
) -> None:
    content = filled(shipped.content) if settings == "filled" else shipped.content
    wrong: list[str] = []
    for where, text in screens(content, lang):
        for line in text.split("\n"):
            if first_strong(line) == "L":
                wrong.append(f"{where}: starts left-to-right: {line[:60]!r}")
            shown = get_display(line)
            for number in NUMBER.findall(line):
                if number not in shown:
                    wrong.append(f"{where}: {number} is shown reordered")
    assert not wrong, "\n".join(wrong[:20])


def test_a_number_after_arabic_letters_is_shown_in_its_true_order() -> None:
    line = "اتصلوا على 1-800-599-995 الآن"
    assert "1-800-599-995" not in get_display(line)  # the bug the mark prevents
    assert "1-800-599-995" in get_display(for_direction(line))


def test_english_text_is_left_as_it_is() -> None:
    assert for_direction("Call 1-800-599-995 now\n/menu – the main menu") == (
        "Call 1-800-599-995 now\n/menu – the main menu"
    )
