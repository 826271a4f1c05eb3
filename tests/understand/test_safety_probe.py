"""Written safety probes keep today's figures, per language: the phrases on every round, and the
whole check (phrases, then the described alarm) on the rounds its model never learned from.

Rounds 1 to 9, 11 and 13 are content/safety_examples.yaml (the described alarm learns from them);
rounds 10, 12 and 14 are tests/data/safety_probe.yaml, held out from the model. Written, not real
people's words, so these are floors against losing ground, not the targets (the real-world sets
hold those). A phrase removed, an idiom widened or examples that teach the model worse fail here.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
import yaml

from bot.content.library import REPOSITORY, Library
from bot.core.state import State
from bot.understand.ask import NOON
from bot.understand.readers import understander

EXAMPLES = REPOSITORY / "content" / "safety_examples.yaml"
PROBE = Path(__file__).parents[1] / "data" / "safety_probe.yaml"
CRISIS_RULES = ("suicide", "self_harm")
PHRASE_FLOORS = {
    "en": (0.936, 0.101),
    "he": (0.936, 0.103),
    "ar": (0.965, 0.108),
    "ru": (0.955, 0.116),
}
"""Per language, the phrases alone on every round: the share of red flags caught at least, the
share of harmless messages that alarm at most (today's figures, less or plus a message or two)."""
HELD_OUT_FLOORS = {"en": (0.98, 0.145), "he": (0.98, 0.17), "ar": (0.98, 0.165), "ru": (0.98, 0.2)}
"""Per language, the whole check on the rounds held out from the model (140 red flags, 160
harmless messages): the same shares. Each round was first measured before any phrase was
written for it: of 200 red flags each, the phrases alone caught 153 (round 10) and 147 (round
12), with the described alarm 163 and 166; of round 14's 160, the whole check caught 134. Their
misses then became phrases. Their harmless messages are long calm stories of emergencies that
are over (10, 12) and letters to a doctor about chronic, mild or explained symptoms (14): the
hardest to keep quiet."""


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def probe() -> dict:
    return _load(PROBE)


@pytest.fixture(scope="module")
def every_round(probe: dict) -> dict:
    taught = _load(EXAMPLES)
    return {
        part: {lang: taught[part][lang] + probe[part][lang] for lang in probe[part]}
        for part in ("red_flags", "harmless")
    }


def _missed(check, items: list[dict]) -> list[str]:
    missed = []
    for item in items:
        hit = check(item["text"])
        if hit is None or (item["rule"] in CRISIS_RULES and hit.kind != "crisis"):
            missed.append(item["text"])
    return missed


def _alarms(check, items: list[dict]) -> list[str]:
    return [item["text"] for item in items if check(item["text"]) is not None]


def _phrases(shipped: Library):
    safety = understander(shipped).safety
    assert safety is not None
    return partial(safety.check, year=NOON.year)


def _whole_check(shipped: Library):
    reader = understander(shipped)
    return lambda text: reader.read(State(lang="en"), text, today=NOON.date()).understanding.safety


READINGS = {"phrases": (_phrases, PHRASE_FLOORS), "whole check": (_whole_check, HELD_OUT_FLOORS)}
"""The phrases alone are held to their floors on every round; the whole check on the rounds
held out from its model."""
CASES = [(how, lang) for how, (_, floors) in READINGS.items() for lang in sorted(floors)]


def _reading(shipped: Library, how: str, every_round: dict, probe: dict):
    """The check read `how`, the rounds it is held to, and its floors."""
    reader, floors = READINGS[how]
    return reader(shipped), (every_round if how == "phrases" else probe), floors


@pytest.mark.parametrize(("how", "lang"), CASES)
def test_red_flags_stay_caught(
    shipped: Library, every_round: dict, probe: dict, how: str, lang: str
) -> None:
    check, rounds, floors = _reading(shipped, how, every_round, probe)
    items = rounds["red_flags"][lang]
    missed = _missed(check, items)
    assert 1 - len(missed) / len(items) >= floors[lang][0], missed[:10]


@pytest.mark.parametrize(("how", "lang"), CASES)
def test_harmless_messages_stay_quiet(
    shipped: Library, every_round: dict, probe: dict, how: str, lang: str
) -> None:
    check, rounds, floors = _reading(shipped, how, every_round, probe)
    items = rounds["harmless"][lang]
    alarms = _alarms(check, items)
    assert len(alarms) / len(items) <= floors[lang][1], alarms[:10]


def test_no_held_out_probe_is_taught_to_the_model(probe: dict) -> None:
    taught = _load(EXAMPLES)
    texts = {
        item["text"]
        for part in ("red_flags", "harmless")
        for items in taught[part].values()
        for item in items
    }
    texts |= {text for items in taught["calm"].values() for text in items}
    held = [item["text"] for part in probe.values() for items in part.values() for item in items]
    assert not texts.intersection(held)
