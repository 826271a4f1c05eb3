"""Safety replies say what to do about what the person wrote, then the general lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import MappingProxyType

import pytest

from bot.core.engine import step
from bot.core.events import ChooseOffer, Press, SafetyHit, Typed, Understanding
from bot.core.model import Content, Target, Text
from bot.core.replies import RecordAlert, ReplyKind
from bot.core.state import Frame, State
from tests.core.test_engine import NOW, started

GENERAL = Text.of(en="If someone is not breathing, call 101 now.", he="x", ar="x", ru="x")
BREATHING = Text.of(en="Breathing trouble can be serious: call 101 now.", he="y", ar="y", ru="y")
POISON = Text.of(en="Call 101 now and say what was taken.", he="z", ar="z", ru="z")
CRISIS = Text.of(en="I'm so sorry you feel this way. ERAN: 1201.", he="w", ar="w", ru="w")


@pytest.fixture
def content(small: Content) -> Content:
    flow = next(f for f in small.flows.values() if f.id not in ("menu", "glossary"))
    return replace(
        small,
        safety_replies=MappingProxyType(
            {
                "emergency": GENERAL,
                "crisis": CRISIS,
                "rule:breathing": BREATHING,
                "rule:poison": POISON,
            }
        ),
        safety_pages=MappingProxyType({"fever": Target(flow.id, flow.start)}),
    )


def alert(content: Content, state: State, hit: SafetyHit) -> tuple[str, State]:
    result = step(content, state, Typed(Understanding(safety=hit, lang="en")), NOW)
    (reply,) = result.replies
    assert reply.kind is ReplyKind.ALERT
    return reply.text, result.state


def test_the_reply_is_about_what_was_written_then_the_general_lines(content) -> None:
    text, _ = alert(content, started(content), SafetyHit("emergency", "breathing"))
    assert text.index(BREATHING.get("en")) < text.index(GENERAL.get("en"))
    assert "fever" not in text.casefold()


def test_a_rule_without_its_own_reply_gets_the_general_one(content) -> None:
    text, _ = alert(content, started(content), SafetyHit("emergency", "bleeding"))
    assert text == GENERAL.get("en")


def test_an_overdose_beside_a_crisis_is_said_first(content) -> None:
    text, _ = alert(content, started(content), SafetyHit("crisis", "suicide", ("poison",)))
    assert text.index(POISON.get("en")) < text.index(CRISIS.get("en"))


def test_a_rule_page_is_offered_and_the_button_opens_it(content) -> None:
    state = started(content)
    result = step(content, state, Typed(Understanding(safety=SafetyHit("emergency", "fever"))), NOW)
    page = content.safety_pages["fever"]
    first = result.replies[0].buttons[0][0]
    assert first.action == ChooseOffer(0)
    opened = step(content, result.state, Press(first.action, state.here, content.version), NOW)
    assert opened.state.here == Frame(page.flow, page.node or "")


def test_a_symptom_that_comes_back_after_an_alert_raises_it_again(content) -> None:
    state = started(content)
    hit = Typed(Understanding(safety=SafetyHit("emergency", "breathing"), lang="en"))
    for _ in range(3):
        result = step(content, state, hit, NOW + dt.timedelta(minutes=5))
        assert result.replies[0].kind is ReplyKind.ALERT
        assert any(isinstance(e, RecordAlert) for e in result.effects)
        state = result.state


def test_the_page_a_long_story_asked_about_is_offered_after_the_alarm(content) -> None:
    state = started(content)
    asked = next(
        Frame(f.id, node) for f in content.flows.values() for node in f.nodes if node != f.start
    )
    hit = SafetyHit("emergency", "fever")
    result = step(content, state, Typed(Understanding(safety=hit, target=asked)), NOW)
    (reply,) = result.replies
    assert reply.kind is ReplyKind.ALERT and reply.text.startswith(GENERAL.get("en"))
    second = reply.buttons[1][0]
    assert second.action == ChooseOffer(1)
    opened = step(content, result.state, Press(second.action, state.here, content.version), NOW)
    assert opened.state.here == asked
