"""The written safety probes (tests/data/safety_probe.yaml) keep today's figures, per language.

Written to find red flags the phrases missed and harmless messages that raised alarms; not real
people's words, so these are floors against losing ground, not the targets (the real-world sets
hold those). A phrase removed or an idiom widened so that a red flag goes quiet fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content.library import Library
from bot.understand.readers import understander

PROBE = Path(__file__).parents[1] / "data" / "safety_probe.yaml"
CRISIS_RULES = ("suicide", "self_harm")
FLOORS = {"en": (0.988, 0.09), "he": (0.953, 0.111), "ar": (0.989, 0.125), "ru": (0.968, 0.083)}
"""Per language: the share of red flags caught at least, the share of harmless messages that
alarm at most (today's figures, less or plus about one message)."""


@pytest.fixture(scope="module")
def probe() -> dict:
    return yaml.safe_load(PROBE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_red_flags_in_the_written_probe_stay_caught(shipped: Library, probe: dict, lang) -> None:
    safety = understander(shipped).safety
    assert safety is not None
    missed = []
    for item in probe["red_flags"][lang]:
        hit = safety.check(item["text"])
        crisis = item["rule"] in CRISIS_RULES
        if hit is None or (crisis and hit.kind != "crisis"):
            missed.append(item["text"])
    caught = 1 - len(missed) / len(probe["red_flags"][lang])
    assert caught >= FLOORS[lang][0], (caught, missed[:10])


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_harmless_messages_in_the_written_probe_stay_quiet(
    shipped: Library, probe: dict, lang
) -> None:
    safety = understander(shipped).safety
    assert safety is not None
    alarms = [m["text"] for m in probe["harmless"][lang] if safety.check(m["text"]) is not None]
    assert len(alarms) / len(probe["harmless"][lang]) <= FLOORS[lang][1], alarms[:10]
