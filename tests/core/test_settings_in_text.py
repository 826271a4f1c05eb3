"""Fever advice, the contact page and the crisis reply read right with the hospital's
settings empty and filled: an empty setting never shows, a filled one stands on its line."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import MappingProxyType

import pytest

from bot.content.library import Library
from bot.core.engine import step
from bot.core.events import SafetyHit, Typed, Understanding
from bot.core.model import LANGUAGES, Content
from bot.core.screens import node_screen
from bot.core.state import Frame, State

NOW = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)
NUMBER = "03-5551234"


def with_settings(content: Content, filled: bool) -> Content:
    value = NUMBER if filled else ""
    return replace(content, settings=MappingProxyType(dict.fromkeys(content.settings, value)))


def alert(content: Content, kind: str, rule: str, lang: str) -> str:
    state = State(lang=lang, stack=(Frame("menu", "main"),))
    hit = Typed(Understanding(safety=SafetyHit(kind, rule), lang=lang))
    return step(content, state, hit, NOW).replies[0].text


def page(content: Content, flow: str, node: str, lang: str) -> str:
    here = Frame(flow, node)
    return node_screen(content, State(lang=lang, stack=(here,)), here).text


def texts(content: Content, lang: str) -> dict[str, str]:
    return {
        "fever alert": alert(content, "emergency", "fever_high", lang),
        "crisis reply": alert(content, "crisis", "suicide", lang),
        "red flags page": page(content, "treatment", "red_flags", lang),
        "contact page": page(content, "centers", "contacts", lang),
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_with_settings_empty_nothing_is_missing_and_101_comes_first(
    shipped: Library, lang: str
) -> None:
    for name, text in texts(with_settings(shipped.content, filled=False), lang).items():
        assert "{{" not in text and NUMBER not in text, name
        assert "101" in text or name == "contact page", name
        assert "(" not in text.split("101")[0][-3:], name  # no empty "( )" before the number
    fever = texts(with_settings(shipped.content, filled=False), lang)["fever alert"]
    assert fever.index("101") < len(fever) // 2


@pytest.mark.parametrize("lang", LANGUAGES)
def test_with_settings_filled_each_number_stands_on_its_own_line(
    shipped: Library, lang: str
) -> None:
    found = texts(with_settings(shipped.content, filled=True), lang)
    for name in ("fever alert", "red flags page", "contact page"):
        lines = [line for line in found[name].splitlines() if NUMBER in line]
        assert lines, name
        for line in lines:
            before = line.split(NUMBER)[0]
            assert before.rstrip().endswith(":") or len(before) < 60, (name, line)
    assert "1201" in found["crisis reply"]
