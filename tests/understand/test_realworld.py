"""Real people's public questions (tests/data/realworld_*.yaml), measured per set.

Targets (issue 9, TARGETS), on each set: in-scope top-1 at least 85%; "not sure" as the first answer
for at most 25% of in-scope messages; a confident wrong page for at most 5%; out-of-scope
messages answered honestly at least 90%; safety recall 100%; false alarms at most 5%.
Figures: `python -m bench.understanding`. FLOORS hold today; the targets are not all met.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.library import Library
from bot.core.model import TOP_LEVEL_FLOWS
from bot.understand.ask import ask
from bot.understand.interpret import CONFIDENT
from tests.understand.test_dev_set import DATA, SAFETY

REALWORLD = sorted(DATA.glob("realworld_*.yaml"))


@dataclass(frozen=True)
class RealFigures:
    messages: int
    top1: float
    not_sure: float
    confident_wrong: float
    out_honest: float
    safety_recall: float
    false_alarms: float

    def __str__(self) -> str:
        return (
            f"n={self.messages}: top-1 {self.top1:.1%}, not sure first {self.not_sure:.1%},"
            f" confident wrong {self.confident_wrong:.1%}, out of scope honest"
            f" {self.out_honest:.1%}, safety recall {self.safety_recall:.1%},"
            f" false alarms {self.false_alarms:.1%}"
        )


TARGETS = RealFigures(0, 0.85, 0.25, 0.05, 0.90, 1.0, 0.05)
"""The issue's targets. Not all are met yet: the closing note gives the figures."""
FLOORS = {
    "realworld_ar": RealFigures(0, 0.66, 0.48, 0.08, 0.75, 1.0, 0.125),
    "realworld_en": RealFigures(0, 0.75, 0.23, 0.12, 0.81, 1.0, 0.05),
    "realworld_he": RealFigures(0, 0.68, 0.41, 0.095, 0.79, 1.0, 0.065),
    "realworld_ru": RealFigures(0, 0.61, 0.62, 0.11, 0.60, 1.0, 0.11),
}
"""What holds today on each set, less about one message, so that a change that loses ground
fails. The Russian set is small (18 messages in scope): one message moves it 5.6 points."""


def load_set(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["messages"])


def confident(found: dict[str, Any]) -> bool:
    return found["safety"] is None and found["flow"] is not None and found["score"] >= CONFIDENT


def measure_real(
    answer: Callable[[str], dict[str, Any]], messages: list[dict[str, Any]]
) -> RealFigures:
    found = [(m, answer(m["text"])) for m in messages]
    inside = [(m, a) for m, a in found if m["expect"] in TOP_LEVEL_FLOWS]
    outside = [(m, a) for m, a in found if m["expect"] == "out"]
    safety = [(m, a) for m, a in found if m["expect"] in SAFETY]
    harmless = [(m, a) for m, a in found if m["expect"] not in SAFETY]

    def share(
        items: list[tuple[dict[str, Any], dict[str, Any]]], test: Callable[..., bool]
    ) -> float:
        return sum(test(m, a) for m, a in items) / len(items) if items else 1.0

    return RealFigures(
        messages=len(messages),
        top1=share(inside, lambda m, a: a["flow"] == m["expect"]),
        not_sure=share(inside, lambda m, a: not confident(a)),
        confident_wrong=share(
            inside + outside, lambda m, a: confident(a) and a["flow"] != m["expect"]
        ),
        out_honest=share(
            outside,
            lambda m, a: a["scope"] == "out" and a["flow"] is None and a["safety"] is None,
        ),
        safety_recall=share(safety, lambda m, a: a["safety"] == m["expect"]),
        false_alarms=share(harmless, lambda m, a: a["safety"] is not None),
    )


def test_there_is_a_real_world_set_in_every_language() -> None:
    langs = {m["lang"] for path in REALWORLD for m in load_set(path)}
    assert langs >= {"en", "ar", "ru"}, langs


@pytest.mark.parametrize("path", REALWORLD, ids=[p.stem for p in REALWORLD])
def test_real_world_figures_hold_their_floors_on_each_set(shipped: Library, path: Path) -> None:
    figures = measure_real(lambda text: ask(shipped, text), load_set(path))
    floor = FLOORS[path.stem]
    assert figures.top1 >= floor.top1, figures
    assert figures.not_sure <= floor.not_sure, figures
    assert figures.confident_wrong <= floor.confident_wrong, figures
    assert figures.out_honest >= floor.out_honest, figures
    assert figures.safety_recall >= floor.safety_recall, figures
    assert figures.false_alarms <= floor.false_alarms, figures
