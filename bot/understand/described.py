"""Red flags told in words no safety phrase holds, read by a model learned from examples (pure).

People describe an emergency in their own images ("his lips went a funny colour and he keeps
nodding off mid-sentence") far more often than any phrase list can follow: written probes kept
finding a quarter to a third of red flags told that way. So every message the phrases let
through, of at least `min_words` words, is also read by a StoryModel learned from
content/safety_examples.yaml (red flags; harmless messages that share their words; ordinary
calm ones), with the journey-labelled messages of content/examples.yaml and the small talk of
content/smalltalk.yaml as calm too. When it gives the red flags at least `belief` of its share,
the message alarms: a crisis when the crisis examples weigh more than the emergencies, otherwise
an emergency with the `described` reply of content/safety.yaml, whose block holds the thresholds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from bot.content.alerts import DESCRIBED, DESCRIBED_CRISIS
from bot.core.events import SafetyHit
from bot.understand.normalize import words
from bot.understand.stories import StoryModel, learned

EMERGENCY = "emergency"
CRISIS = "crisis"
CALM = "calm"
CRISIS_RULES = frozenset({"suicide", "self_harm"})
"""Red flags of these rules teach the model a crisis; every other rule, an emergency."""


@dataclass(frozen=True, slots=True)
class DescribedAlarm:
    """The model and the clinicians' thresholds for it."""

    model: StoryModel
    belief: float
    min_words: int

    def read(self, text: str) -> SafetyHit | None:
        """An alarm for a red flag described in `text` (what routing reads of a message), or
        None (too short, or calm)."""
        if len(words(text)) < self.min_words:
            return None
        shares = self.model.belief(text)
        emergency, crisis = shares.get(EMERGENCY, 0.0), shares.get(CRISIS, 0.0)
        if emergency + crisis < self.belief:
            return None
        if crisis > emergency:
            return SafetyHit(CRISIS, DESCRIBED_CRISIS)
        return SafetyHit(EMERGENCY, DESCRIBED)


def described_alarm(
    settings: Mapping[str, Any] | None,
    safety_examples: Mapping[str, Any] | None,
    examples: Mapping[str, Any] | None,
    smalltalk: Mapping[str, Any] | None,
) -> DescribedAlarm | None:
    """The described alarm for this content, or None when safety.yaml has no `described`
    block or there are no red flags to learn from."""
    if settings is None or not safety_examples or not safety_examples.get("red_flags"):
        return None
    model = learned(taught(safety_examples, examples, smalltalk))
    return DescribedAlarm(model, float(settings["belief"]), int(settings["min_words"]))


def taught(
    safety_examples: Mapping[str, Any] | None,
    examples: Mapping[str, Any] | None,
    smalltalk: Mapping[str, Any] | None,
) -> dict[str, list[dict[str, str]]]:
    """What the model learns from, as StoryModel examples (its key for the learned models)."""
    return {"examples": list(_classed(safety_examples or {}, examples, smalltalk))}


def _classed(
    safety_examples: Mapping[str, Any],
    examples: Mapping[str, Any] | None,
    smalltalk: Mapping[str, Any] | None,
) -> Iterator[dict[str, str]]:
    """Every text the model learns from, with its class."""
    for items in safety_examples.get("red_flags", {}).values():
        for item in items:
            kind = CRISIS if item["rule"] in CRISIS_RULES else EMERGENCY
            yield {"text": item["text"], "journey": kind}
    for items in safety_examples.get("harmless", {}).values():
        for item in items:
            yield {"text": item["text"], "journey": CALM}
    for texts in safety_examples.get("calm", {}).values():
        for text in texts:
            yield {"text": text, "journey": CALM}
    for example in (examples or {}).get("examples", []):
        yield {"text": example["text"], "journey": CALM}
    for languages in (smalltalk or {}).get("kinds", {}).values():
        for phrases in languages.values():
            for said in phrases:
                yield {"text": said, "journey": CALM}
