"""What the bot makes of typed text over the shipped content: routes, small talk, honesty."""

from __future__ import annotations

import pytest

from bot.content.library import Library
from bot.core.state import State
from bot.understand.interpret import understander


@pytest.fixture(scope="module")
def read(shipped: Library):
    found = understander(shipped)
    return lambda text, lang="en": found.read(State(lang=lang), text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thanks so much, that really helped", "thanks"),
        ("спасибо большое, вы очень помогли", "thanks"),
        ("good morning!", "greeting"),
        ("are you a real person or a bot?", "bot"),
        ("ты робот?", "bot"),
    ],
)
def test_short_thanks_greetings_and_are_you_a_bot_are_answered_as_such(read, text, kind) -> None:
    assert read(text).understanding.smalltalk == kind


def test_a_greeting_before_a_question_does_not_hide_the_question(read) -> None:
    reading = read("hi, how long does it take to get biopsy results?")
    assert reading.understanding.smalltalk is None
    assert reading.routes[0].flow == "diagnosis"


def test_chit_chat_about_something_else_is_never_routed_confidently(read) -> None:
    for text in ("who won the game last night", "what's a good banana bread recipe"):
        reading = read(text)
        assert reading.understanding.target is None, text


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        ("ما هو العلاج الهرموني", "treatment"),  # "what is": common words, not the topic
        ("что такое интегративная анкология", "integrative"),  # a wrong first letter
        ("בדיקת PET-CT, צריך לצום?", "diagnosis"),
        ("как попасть в рамбам на второе мнение", "centers"),
    ],
)
def test_typed_questions_reach_their_journey(read, text, flow) -> None:
    assert read(text).routes[0].flow == flow, read(text).routes[:3]


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        ("what is chemotherapy", "treatment"),  # the page titled Chemotherapy, not the most uses
        ("what does remission mean", "survivorship"),  # declared: journey: survivorship
        ("what is neutropenia", "treatment"),
    ],
)
def test_a_question_about_a_glossary_word_belongs_to_the_journey_that_explains_it(
    read, text, flow
) -> None:
    assert read(text).routes[0].flow == flow, read(text).routes[:3]
