"""Which journey a short message reads like, from the words of each journey's pages (pure).

A question rarely repeats a page's phrase word for word, but its words tell where it
belongs: "lump", "mammogram", "waiting" read like diagnosis; "round", "infusion", "nausea"
like treatment; "years", "check-ups", "back to work" like survivorship. Each journey's
titles, texts, option labels, `match:` phrases and stage cues (all four languages) make
one bag of word forms; a message is scored against them as a multinomial naive Bayes model,
each language weighed on its own (a word's likelihood is a share of its own script's words).
The result is a share of belief per journey: evidence beside the phrases, never the only
reader. Long stories are read by the model of people's own messages (stories.py).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core.model import TOP_LEVEL_FLOWS, Content, Flow, Node
from bot.understand.lexicon import Lexicon
from bot.understand.normalize import forms, script, words

SMOOTHING = 0.3
"""Added to every word count, so a word unseen in one journey does not rule it out."""
SHARPNESS = 1.5
"""How strongly the average evidence per word separates journeys (softmax temperature)."""
MIN_WORDS = 2
"""A message needs this many known words before a model says anything."""


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
            if flow is not None:
                counts[flow_id].update(telling_forms(_flow_texts(flow), self.lexicon))
        for stage in (self.cues or {}).get("stages", []):
            texts = [t for phrases in stage["phrases"].values() for t in phrases]
            counts[stage["journey"]].update(telling_forms(texts, self.lexicon))
        vocabulary = Counter(script(form) for form in set().union(*counts.values()))
        self._floor: dict[str, dict[str, float]] = {}
        for journey, counted in counts.items():
            totals: Counter[str] = Counter()
            for form, count in counted.items():
                totals[script(form)] += count
            total = {lang: totals[lang] + SMOOTHING * size for lang, size in vocabulary.items()}
            self.log_likelihood[journey] = {
                form: math.log((count + SMOOTHING) / total[script(form)])
                for form, count in counted.items()
            }
            self._floor[journey] = {lang: math.log(SMOOTHING / t) for lang, t in total.items()}
        self._known = frozenset(f for table in self.log_likelihood.values() for f in table)

    def __repr__(self) -> str:
        return f"JourneyModel(journeys={len(self.log_likelihood)})"

    def belief(self, text: str) -> dict[str, float]:
        """Each journey's share of belief for `text` (empty when too few words are known)."""
        known = set(telling_forms([text], self.lexicon)) & self._known
        if len(known) < MIN_WORDS or not self.log_likelihood:
            return {}
        average = {
            journey: sum(table.get(f, self._floor[journey][script(f)]) for f in known) / len(known)
            for journey, table in self.log_likelihood.items()
        }
        top = max(average.values())
        weights = {
            j: math.exp(SHARPNESS * len(known) ** 0.5 * (v - top)) for j, v in average.items()
        }
        total = sum(weights.values())
        return {journey: weight / total for journey, weight in weights.items()}


def telling_forms(texts: Iterable[str], lexicon: Lexicon) -> Iterable[str]:
    """The word forms of `texts` that say something: no numbers, one-letter or common words."""
    for text in texts:
        for word in words(text):
            if word.isdigit() or len(word) < 2:
                continue
            found = forms(word)
            if not lexicon.common.intersection(found):
                yield found[0]


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
