"""What the bot said, as an `expect:` step compares it and as a failure quotes it (pure)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from bot.core.replies import Transition
from bot.core.state import State

SHOWN_CHARACTERS = 240
"""How much of each reply a failure quotes."""


def said(last: Transition | None) -> str:
    """Everything the last answer said: titles and texts."""
    if last is None:
        return ""
    return "\n".join(part for r in last.replies for part in (r.title, r.text) if part)


def transcript(last: Transition | None, state: State) -> str:
    """The last answer as a failure shows it, indented under the failure line."""
    if last is None:
        return "    the bot has not said anything yet"
    lines = [f"    the bot replied (the person is now at {state.here or 'the start'}):"]
    for reply in last.replies:
        if reply.title:
            lines.append(f"      == {reply.title} ==")
        text = " ".join(reply.text.split())
        cut = text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + " …"
        lines.append(f"      {cut}")
        labels = [f"[{b.label}]" for row in reply.buttons for b in row]
        if labels:
            lines.append("      " + " ".join(labels))
    return "\n".join(lines)


def quoted(labels: Iterable[str]) -> str:
    """Button labels as a failure lists them: 'Back', 'Main menu'."""
    return ", ".join(f"'{label}'" for label in labels)


def text_key(text: str) -> str:
    """Text compared without regard to case or line breaks."""
    return " ".join(text.casefold().split())


def label_key(label: str) -> str:
    """A label compared without case, emoji or punctuation ("🔬 Diagnosis and tests")."""
    kept = "".join(
        ch if ch.isalnum() or unicodedata.category(ch) == "Mn" else " " for ch in label.casefold()
    )
    return " ".join(kept.split())
