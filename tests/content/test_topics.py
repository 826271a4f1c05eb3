"""The questions patients and families ask most (issue 11) have pages people can reach by
taps from the main menu, and a plain question about each, in each language, finds them.

The topics, their pages and the questions are in tests/data/topics/*.yaml; the questions
were written as a person would ask them and are not among any page's `match:` phrases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.library import Library
from bot.core.model import LANGUAGES
from bot.core.screens import HOME
from bot.core.state import Frame
from bot.understand.ask import ask
from tests.content.test_shipped_content import reachable

TOPICS = Path(__file__).parents[1] / "data" / "topics"


def topics() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(TOPICS.glob("*.yaml")):
        found += yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]
    return found


def frames(topic: dict[str, Any]) -> list[Frame]:
    return [Frame(*page.split(".", 1)) for page in topic["pages"]]


def test_every_topic_page_is_reached_by_taps_from_the_main_menu(shipped: Library) -> None:
    reached = set(reachable(shipped.content, HOME))
    missing = [
        f"{topic['topic']}: {page}"
        for topic in topics()
        for page in frames(topic)
        if page not in reached
    ]
    assert topics() and not missing, missing


def test_the_questions_are_not_match_phrases(shipped: Library) -> None:
    phrases = {
        phrase.casefold()
        for flow in shipped.content.flows.values()
        for node in flow.nodes.values()
        for by_lang in node.match.values()
        for phrase in by_lang
    }
    copied = [
        q for t in topics() for qs in t["questions"].values() for q in qs if q.casefold() in phrases
    ]
    assert not copied, copied


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_plain_question_about_each_topic_finds_its_pages(shipped: Library, lang: str) -> None:
    wrong = []
    for topic in topics():
        pages = {f"{f.flow}.{f.node}" for f in frames(topic)}
        for question in topic["questions"][lang]:
            found = ask(shipped, question, lang)
            if found["safety"] is not None:
                continue  # a red flag in the question is answered first, rightly
            if f"{found['flow']}.{found['node']}" not in pages:
                wrong.append(f"{topic['topic']}: {question!r} -> {found['flow']}.{found['node']}")
    assert not wrong, "\n".join(wrong)
