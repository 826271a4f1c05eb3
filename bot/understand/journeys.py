"""Which journey a whole message reads like, from the words of each journey's pages (pure).

A story rarely repeats a page's phrase, but its words tell where it belongs: "lump",
"mammogram", "waiting" read like diagnosis; "round", "infusion", "nausea" like treatment;
"years", "check-ups", "back to work" like survivorship. Each journey's titles, texts, option
labels, `match:` phrases and stage cues (all four languages) make one bag of word forms;
a message is scored against them as a multinomial naive Bayes model, and the result is a
share of belief per journey. It is evidence beside the phrases, never the only reader.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core.model import TOP_LEVEL_FLOWS, Content, Flow, Node
from bot.understand.lexicon import Lexicon
from bot.understand.normalize import forms, words

SMOOTHING = 0.3
"""Added to every word count, so a word unseen in one journey does not rule it out."""
SHARPNESS = 1.5
"""How strongly the average evidence per word separates journeys (softmax temperature)."""
MIN_WORDS = 2
"""A message needs this many known words before the model says anything."""


@dataclass
class JourneyModel:
    """Word-form likelihoods per journey, built once per content."""

    content: Content
    lexicon: Lexicon = field(default_factory=Lexicon)
    cues: Mapping[str, Any] | None = None
    log_likelihood: dict[str, dict[str, float]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for flow_id in TOP_LEVEL_FLOWS:
            flow = self.content.flows.get(flow_id)
            if flow is None:
                continue
            counts[flow_id].update(self._forms(_flow_texts(flow)))
        for stage in (self.cues or {}).get("stages", []):
            texts = [t for phrases in stage["phrases"].values() for t in phrases]
            counts[stage["journey"]].update(self._forms(texts))
        vocabulary = set().union(*counts.values()) if counts else set()
        for journey, counted in counts.items():
            total = sum(counted.values()) + SMOOTHING * len(vocabulary)
            self.log_likelihood[journey] = {
                form: math.log((counted[form] + SMOOTHING) / total) for form in vocabulary
            }
        self._floor = {
            journey: math.log(
                SMOOTHING / (sum(counts[journey].values()) + SMOOTHING * len(vocabulary))
            )
            for journey in counts
        }

    def __repr__(self) -> str:
        return f"JourneyModel(journeys={len(self.log_likelihood)})"

    def _forms(self, texts: Iterable[str]) -> Iterable[str]:
        for text in texts:
            for word in words(text):
                form = self._form(word)
                if form is not None:
                    yield form

    def _form(self, word: str) -> str | None:
        if word.isdigit() or len(word) < 2:
            return None
        found = forms(word)
        if self.lexicon.common.intersection(found):
            return None
        return found[0]

    def belief(self, text: str) -> dict[str, float]:
        """Each journey's share of belief for `text` (empty when too few words are known)."""
        known = [
            form
            for word in words(text)
            if (form := self._form(word)) is not None
            and any(form in table for table in self.log_likelihood.values())
        ]
        if len(known) < MIN_WORDS or not self.log_likelihood:
            return {}
        average = {
            journey: sum(table.get(form, self._floor[journey]) for form in known) / len(known)
            for journey, table in self.log_likelihood.items()
        }
        top = max(average.values())
        weights = {
            j: math.exp(SHARPNESS * len(known) ** 0.5 * (v - top)) for j, v in average.items()
        }
        total = sum(weights.values())
        return {journey: weight / total for journey, weight in weights.items()}


def _flow_texts(flow: Flow) -> list[str]:
    texts: list[str] = [*flow.title.by_lang.values()]
    for node in flow.nodes.values():
        texts += node_texts(node)
        for phrases in node.match.values():
            texts += phrases
    return texts


def node_texts(node: Node) -> list[str]:
    """Everything a person can read on a node, in every language."""
    texts: list[str] = [*node.title.by_lang.values()]
    for variant in node.variants:
        texts += variant.text.by_lang.values()
    for option in node.options:
        texts += option.label.by_lang.values()
    return texts
