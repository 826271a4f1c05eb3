"""Right-to-left text that Telegram lays out right: marks for numbers and paragraphs (pure).

Telegram sets each line's direction from its first letter, and the Unicode bidi algorithm
shows a hyphenated number after Arabic letters in reverse ("1-800-599-995" as
"995-599-800-1"). In a Hebrew or Arabic message every line therefore starts with a
right-to-left mark unless it starts with a Hebrew or Arabic letter, and every number with
hyphens gets a left-to-right mark before it, so it reads in its true order.
"""

from __future__ import annotations

import re
import unicodedata

LRM = "\u200e"
RLM = "\u200f"
_NUMBER = re.compile(r"(?<![\u200e\w+])\+?\d+(?:[-‑]\d+)+")
_RTL = ("R", "AL")
_STRONG = ("L", "R", "AL")


def is_right_to_left(text: str) -> bool:
    """Whether most of the text's letters are Hebrew or Arabic."""
    rtl = sum(unicodedata.bidirectional(char) in _RTL for char in text)
    ltr = sum(unicodedata.bidirectional(char) == "L" for char in text)
    return rtl > ltr


def for_direction(text: str) -> str:
    """`text` with the marks a right-to-left message needs; other text unchanged."""
    if not is_right_to_left(text):
        return text
    text = _NUMBER.sub(lambda match: LRM + match.group(), text)
    return "\n".join(_start_right_to_left(line) for line in text.split("\n"))


def _start_right_to_left(line: str) -> str:
    first = next((c for c in line if unicodedata.bidirectional(c) in _STRONG), None)
    if first is None or unicodedata.bidirectional(first) in _RTL or line.startswith(RLM):
        return line
    return RLM + line
