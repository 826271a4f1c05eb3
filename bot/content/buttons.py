"""Texts shown on buttons fit a phone: option labels, page titles, glossary terms (pure)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.content.loader import Document
from bot.content.problems import Problem, Severity
from bot.content.readable import readable_texts

LABEL_LIMIT = 40
"""Characters a button shows whole on a phone. The bot puts one button per row, and on a
phone about 360 points wide Telegram fits about 40 characters on a row before it cuts the
label short with "…"."""
GLOSSARY_BUTTON = "📖 "
"""What a glossary term's button adds before the term."""
BUTTONS: Mapping[str, str] = {"label": "", "title": "", "term": GLOSSARY_BUTTON}
"""Keys whose texts are buttons, and what the button adds: an option's label, a page's title
(on suggestion buttons) and a glossary term (on 📖 buttons)."""


def check_buttons(docs: Mapping[str, Document]) -> list[Problem]:
    """A warning for every button text a phone would cut short."""
    problems: list[Problem] = []
    for item in readable_texts(docs):
        if not _is_button(item.keys):
            continue
        shown = BUTTONS[str(item.keys[-2])] + item.text
        if len(shown) > LABEL_LIMIT:
            problems.append(
                Problem(
                    item.doc.mark(*item.keys),
                    "W_LABEL_TOO_LONG",
                    f"{item.lang}: the button {shown!r} has {len(shown)} characters; a phone"
                    f" shows about {LABEL_LIMIT} before cutting it with '…': shorten it, in"
                    " every language if they say the same",
                    Severity.WARNING,
                )
            )
    return problems


def _is_button(keys: tuple[str | int, ...]) -> bool:
    """An option's label, a node's title or a glossary term (not a flow's or file's title)."""
    return len(keys) >= 4 and keys[0] in ("nodes", "terms") and keys[-2] in BUTTONS
