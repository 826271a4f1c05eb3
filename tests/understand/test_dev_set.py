"""The labelled development set: safety recall, false alarms, and routing accuracy.

Targets (issue 5): safety recall 100%; false emergency or crisis on harmless messages at
most 5%; top-1 flow accuracy at least 90%; top-3 at least 97%. FLOORS are the targets
(figures: `python -m bench.understanding`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.library import Library
from bot.understand.ask import ask

DATA = Path(__file__).parents[1] / "data"
SETS = sorted(DATA.glob("understanding_*.yaml"))
"""The first development set and four sets written independently of the content."""
SAFETY = ("emergency", "crisis")


@dataclass(frozen=True)
class Figures:
    safety_recall: float
    false_alarms: float
    top1: float
    top3: float


def measure(
    answer: Callable[[str], dict[str, Any]], messages: list[dict[str, Any]] | None = None
) -> Figures:
    messages = messages if messages is not None else load_messages()
    safety = [m for m in messages if m["expect"] in SAFETY]
    harmless = [m for m in messages if m["expect"] not in SAFETY]
    routed = [m for m in messages if m["expect"] not in (*SAFETY, "none")]
    answers = {m["text"]: answer(m["text"]) for m in messages}
    recall = (
        sum(answers[m["text"]]["safety"] == m["expect"] for m in safety) / len(safety)
        if safety
        else 1.0
    )
    alarms = sum(answers[m["text"]]["safety"] is not None for m in harmless) / len(harmless)
    top1 = sum(answers[m["text"]]["flow"] == m["expect"] for m in routed) / len(routed)
    top3 = sum(
        m["expect"]
        in [answers[m["text"]]["flow"], *(s["flow"] for s in answers[m["text"]]["suggestions"])]
        for m in routed
    ) / len(routed)
    return Figures(recall, alarms, top1, top3)


@pytest.fixture(scope="module")
def figures(shipped: Library) -> Figures:
    return measure(lambda text: ask(shipped, text))


def load_messages(paths: list[Path] = SETS) -> list[dict[str, Any]]:
    return [
        message
        for path in paths
        for message in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
    ]


def test_the_dev_set_is_large_and_covers_four_languages() -> None:
    messages = load_messages()
    assert len(messages) >= 300 and len(SETS) == 5
    assert {m["lang"] for m in messages} == {"he", "ar", "ru", "en"}


FLOORS = Figures(safety_recall=1.0, false_alarms=0.05, top1=0.90, top3=0.97)


def test_safety_recall(figures: Figures) -> None:
    assert figures.safety_recall >= FLOORS.safety_recall, figures


def test_false_alarms_on_harmless_messages_are_at_most_5_percent(figures: Figures) -> None:
    assert figures.false_alarms <= FLOORS.false_alarms, figures


def test_routing_accuracy(figures: Figures) -> None:
    assert figures.top1 >= FLOORS.top1 and figures.top3 >= FLOORS.top3, figures
