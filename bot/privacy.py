"""What /privacy shows a person: exactly what is kept about them, in their language (pure)."""

from __future__ import annotations

from bot.core.model import Content
from bot.core.reminders import plan_line
from bot.core.screens import LANGUAGE_NAMES
from bot.store.base import PersonRecord


def answer_label(content: Content, key: str, value: str, lang: str) -> str:
    """A stored answer as the person saw it: the label of the option they chose."""
    for flow in content.flows.values():
        for node in flow.nodes.values():
            if node.ask == key:
                for option in node.options:
                    if option.value == value:
                        return option.label.get(lang)
    return value


def privacy_text(content: Content, record: PersonRecord | None, lang: str) -> str:
    """Everything kept about the person, or that nothing is kept."""
    if record is None:
        return content.ui_text("nothing_kept", lang)
    here = record.state.here
    node = content.node(here.flow, here.node) if here else None
    answers = ", ".join(answer_label(content, k, v, lang) for k, v in record.state.answers)
    values = {
        "lang": LANGUAGE_NAMES.get(record.state.lang or "", "-"),
        "place": node.title.get(lang) if node else "-",
        "answers": answers or "-",
        "since": record.created_at[:10],
        "updated": record.updated_at[:10],
        "handoffs": str(record.open_handoffs),
        "tickets": ticket_lines(record) or "-",
        "reminders": "".join(f"\n  {plan_line(content, lang, plan)}" for plan in record.state.plans)
        or "-",
    }
    text = content.ui_text("privacy", lang)
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def ticket_lines(record: PersonRecord) -> str:
    """Each conversation with the team, one line: its number, the day it opened and the
    day it closed (nothing after the arrow while it is open)."""
    return "".join(
        f"\n  #{t.id}: {t.opened_at[:10]} → {(t.closed_at or '')[:10]}".rstrip()
        for t in record.tickets
    )
