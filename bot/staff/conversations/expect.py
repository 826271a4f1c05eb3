"""Whether each check of an `expect:` step holds where the conversation stands, or why not
(pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bot.content.problems import suggestion
from bot.core.model import Content
from bot.core.replies import RecordAlert, Transition
from bot.core.state import Frame, State
from bot.staff.conversations.said import label_key, quoted, said, text_key
from bot.staff.conversations.script import Check

WHAT: Mapping[str, str] = MappingProxyType(
    {"node": "the person on node", "flow": "the person in flow", "lang": "language"}
)
"""How a failure names what a single-valued check looked at."""


@dataclass(frozen=True, slots=True)
class Moment:
    """Where the conversation stands: the content in use, the person's state, the bot's last
    answer (None before the first) and the labels of the buttons on screen."""

    content: Content
    state: State
    last: Transition | None
    labels: tuple[str, ...]


def miss(check: Check, now: Moment) -> str | None:
    """Why `check` does not hold `now`, or None when it does."""
    key, wanted = check.key, check.value
    if key in ("text_contains", "text_not_contains"):
        if (text_key(wanted) in text_key(said(now.last))) != (key == "text_contains"):
            verb = "contain" if key == "text_contains" else "not contain"
            return f"expected the reply to {verb} '{wanted}'"
        return None
    if key in ("buttons_include", "buttons_exclude"):
        there = any(label_key(label) == label_key(wanted) for label in now.labels)
        if there != (key == "buttons_include"):
            verb = "a button" if key == "buttons_include" else "no button"
            listed = quoted(now.labels) or "none"
            return f"expected {verb} labelled '{wanted}'; buttons shown: {listed}"
        return None
    got = _actual(check, now)
    if got == wanted:
        return None
    what = WHAT.get(key, f"answer '{check.answer}' to be" if key == "answers" else key)
    return f"expected {what} '{wanted}' (got '{got}'){_hint(check, now.content)}"


def _actual(check: Check, now: Moment) -> str:
    """What a single-valued check finds: the node, flow, language, answer or safety alert."""
    here = now.state.here
    if check.key == "node":
        return str(here) if here else "nowhere yet"
    if check.key == "flow":
        return here.flow if here else "nowhere yet"
    if check.key == "lang":
        return now.state.lang or "not chosen yet"
    if check.key == "answers":
        return now.state.answer_map.get(check.answer, "not answered")
    alerts = [e.kind for e in now.last.effects if isinstance(e, RecordAlert)] if now.last else []
    return alerts[0] if alerts else "none"


def _hint(check: Check, content: Content) -> str:
    """How to fix an expectation that names a place the content does not have."""
    if check.key == "node":
        frame = Frame.parse(check.value)
        if content.node(frame.flow, frame.node) is None:
            pages = [f"{f.id}.{n}" for f in content.flows.values() for n in f.nodes]
            close = suggestion(check.value, pages, "")
            maybe = f"; {close}" if close else ""
            return f"; there is no node '{check.value}' in the content{maybe}"
    if check.key == "flow" and check.value not in content.flows:
        return f"; there is no flow '{check.value}': use one of {', '.join(content.flows)}"
    if check.key == "safety" and check.value != "none":
        return "; the safety rules are in content/safety.yaml"
    return ""
