"""Which journey a whole message reads like: naive Bayes over the pages and people's own
messages (pure).

A story rarely repeats a page's phrase, but its words tell where it belongs: "lump",
"mammogram", "waiting" read like diagnosis; "round", "infusion", "nausea" like treatment;
"years", "check-ups", "back to work" like survivorship. Two kinds of text teach it:
each journey's pages (titles, texts, option labels, `match:` phrases and stage cues, in all
four languages), and real messages people wrote, labelled by journey in
`content/examples.yaml`; messages about other things teach an `out` class. Each language
is weighed on its own (a word's likelihood is a share of its own script's words), so one
language's many examples do not drown another's. The result is a share of belief per
journey; it is evidence beside the phrases, never the only reader.
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

OUT = "out"
"""The class of messages about something the bot does not cover."""
SMOOTHING = 1.0
"""Added to every word count, so a word unseen in one journey does not rule it out."""
PAGE_WEIGHT = 0.05
"""What one word of a page counts, beside one example message that has the word (1.0):
pages repeat their words, people's messages say them once."""
PAGES_ONLY_SMOOTHING = 0.3
"""Smoothing of the model of the pages alone, where each page word counts once."""
SHARPNESS = 1.5
"""How strongly the average evidence per word separates journeys (softmax temperature)."""
MIN_WORDS = 2
"""A message needs this many known words before the model says anything."""


def page_words(
    content: Content, lexicon: Lexicon, cues: Mapping[str, Any] | None = None
) -> dict[str, Counter[str]]:
    """Each journey's word forms, every occurrence counted: its pages (titles, texts, option
    labels, `match:` phrases) and its stage cues. Counted once, for both models."""
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for flow_id in TOP_LEVEL_FLOWS:
        flow = content.flows.get(flow_id)
        if flow is not None:
            counts[flow_id].update(_forms(_flow_texts(flow), lexicon))
    for stage in (cues or {}).get("stages", []):
        texts = [t for phrases in stage["phrases"].values() for t in phrases]
        counts[stage["journey"]].update(_forms(texts, lexicon))
    return dict(counts)


@dataclass
class JourneyModel:
    """Word-form likelihoods per journey (and `out`), built once per content."""

    pages: Mapping[str, Counter[str]]
    lexicon: Lexicon = field(default_factory=Lexicon)
    examples: Mapping[str, Any] | None = None
    page_weight: float = PAGE_WEIGHT
    smoothing: float = SMOOTHING
    log_likelihood: dict[str, dict[str, float]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for journey, counted in self.pages.items():
            counts[journey].update({f: self.page_weight * n for f, n in counted.items()})
        for example in (self.examples or {}).get("examples", []):
            counts[example["journey"]].update(set(_forms([example["text"]], self.lexicon)))
        vocabulary = Counter(script(form) for form in set().union(*counts.values()))
        self._floor: dict[str, dict[str, float]] = {}
        for journey, counted in counts.items():
            totals: Counter[str] = Counter()
            for form, count in counted.items():
                totals[script(form)] += count
            total = {
                lang: totals[lang] + self.smoothing * size for lang, size in vocabulary.items()
            }
            self.log_likelihood[journey] = {
                form: math.log((count + self.smoothing) / total[script(form)])
                for form, count in counted.items()
            }
            self._floor[journey] = {lang: math.log(self.smoothing / t) for lang, t in total.items()}
        self._known = frozenset(f for table in self.log_likelihood.values() for f in table)

    def __repr__(self) -> str:
        return f"JourneyModel(journeys={len(self.log_likelihood)})"

    def belief(self, text: str) -> dict[str, float]:
        """Each journey's share of belief for `text`, `out` among them (empty when too few
        words are known)."""
        known = {form for word in words(text) if (form := _form(word, self.lexicon)) in self._known}
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


def pages_only(pages: Mapping[str, Counter[str]], lexicon: Lexicon) -> JourneyModel:
    """The model of the pages and stage cues alone, for short questions."""
    return JourneyModel(pages, lexicon, page_weight=1.0, smoothing=PAGES_ONLY_SMOOTHING)


def _forms(texts: Iterable[str], lexicon: Lexicon) -> Iterable[str]:
    """The telling word forms of `texts`: no numbers, no one-letter or common words."""
    for text in texts:
        for word in words(text):
            form = _form(word, lexicon)
            if form is not None:
                yield form


def _form(word: str, lexicon: Lexicon) -> str | None:
    if word.isdigit() or len(word) < 2:
        return None
    found = forms(word)
    if lexicon.common.intersection(found):
        return None
    return found[0]


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
