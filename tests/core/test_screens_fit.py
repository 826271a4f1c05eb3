"""Screens that fit a phone and the person: at most eight topic buttons, a glossary that
opens by letter, and a person who types first is asked who they are, once."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.content.library import Library
from bot.core.engine import step
from bot.core.events import (
    ChooseGroup,
    ChooseLanguage,
    ChooseRole,
    ChooseTerm,
    Nav,
    Navigate,
    Press,
    Start,
    Typed,
    Understanding,
)
from bot.core.model import GLOSSARY_FLOW, LANGUAGES, Content
from bot.core.replies import Reply
from bot.core.screens import TOPIC_BUTTONS, glossary_group_screen, glossary_groups, node_screen
from bot.core.state import Frame, State

NOW = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)
NAVIGATION = (Nav.BACK, Nav.MENU, Nav.STAY)


def topic_buttons(reply: Reply, columns: int = 1) -> int:
    """Buttons to choose from; a scale's short buttons laid out side by side (`columns`:
    0 to 10) are one answer to one question, and count one per row."""
    count = 0
    for row in reply.buttons:
        topics = [
            b for b in row if not (isinstance(b.action, Navigate) and b.action.nav in NAVIGATION)
        ]
        scale = columns > 1 and len(topics) > 1
        count += 1 if scale else len(topics)
    return count


def test_no_screen_has_more_than_eight_topic_buttons(shipped: Library) -> None:
    content = shipped.content
    crowded = []
    for lang in LANGUAGES:
        for role in ("patient", "family", "professional"):
            for flow in content.flows.values():
                for node in flow.nodes.values():
                    here = Frame(flow.id, node.id)
                    state = State(lang=lang, stack=(here,)).with_answer("role", role)
                    count = topic_buttons(node_screen(content, state, here), node.columns)
                    if count > TOPIC_BUTTONS:
                        crowded.append(f"{here} ({lang}, {role}): {count}")
            index = Frame(GLOSSARY_FLOW, content.flows[GLOSSARY_FLOW].start)
            for group in range(len(glossary_groups(content, lang))):
                screen = glossary_group_screen(content, State(lang=lang, stack=(index,)), group)
                assert screen is not None and topic_buttons(screen) <= TOPIC_BUTTONS + 1
    assert not crowded, "\n".join(crowded)


def test_the_glossary_opens_by_letter_and_a_letter_leads_to_its_words(shipped: Library) -> None:
    content = shipped.content
    index = Frame(GLOSSARY_FLOW, content.flows[GLOSSARY_FLOW].start)
    state = State(lang="he", stack=(index,), version=content.version)
    screen = node_screen(content, state, index)
    groups = [b for row in screen.buttons for b in row if isinstance(b.action, ChooseGroup)]
    assert 1 < len(groups) <= TOPIC_BUTTONS
    shown = step(content, state, Press(groups[0].action, index, content.version), NOW)
    words = [b for row in shown.replies[0].buttons for b in row if isinstance(b.action, ChooseTerm)]
    assert words and len(words) <= TOPIC_BUTTONS
    opened = step(content, shown.state, Press(words[0].action, index, content.version), NOW)
    assert opened.state.here is not None and opened.state.here.flow == GLOSSARY_FLOW
    assert opened.state.here != index


def new_person(content: Content) -> State:
    state = step(content, State(), Start("en"), NOW).state
    return step(content, state, Press(ChooseLanguage("en"), None, ""), NOW).state


@pytest.fixture
def typed_first(shipped: Library):
    content = shipped.content
    state = new_person(content)
    place = Frame("diagnosis", "biopsy")
    return content, step(content, state, Typed(Understanding(target=place, lang="en")), NOW)


def test_a_person_who_types_first_is_asked_who_they_are_after_the_answer(typed_first) -> None:
    content, result = typed_first
    assert result.state.here == Frame("diagnosis", "biopsy")
    question = result.replies[-1]
    assert question.text == content.ui_text("role_question", "en")
    roles = [b for row in question.buttons for b in row if isinstance(b.action, ChooseRole)]
    assert len(roles) == 3
    chosen = step(content, result.state, Press(roles[1].action, question.at, content.version), NOW)
    assert chosen.state.answer_map["role"] == "family"
    assert chosen.state.here == Frame("diagnosis", "biopsy")


def test_the_role_question_is_asked_only_once(typed_first) -> None:
    content, result = typed_first
    again = step(
        content, result.state, Typed(Understanding(target=Frame("diagnosis", "ct"), lang="en")), NOW
    )
    assert all(r.text != content.ui_text("role_question", "en") for r in again.replies)
