"""Which journey a person's story belongs to, or none: learned from people's own messages (pure).

`content/examples.yaml` holds real messages (and some written like them), each labelled
with its journey or `out` (about something the bot does not cover). A multinomial logistic
regression over their telling word forms, weighted by how rare each form is (tf-idf,
unit length), learns which words lean where; unlike counting words per journey, it learns
which words *tell journeys apart*, and so which stories are about other health matters.
Training is a few passes of AdaGrad in a fixed order: the same examples always give the
same model. It reads long messages; short questions are read by their phrases and pages.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.understand.journeys import MIN_WORDS, telling_forms
from bot.understand.lexicon import Lexicon

OUT = "out"
"""The class of messages about something the bot does not cover."""
PASSES = 6
"""Passes over the examples while learning."""
STEP = 0.5
"""AdaGrad's learning rate."""
DECAY = 1e-4
"""L2 regularisation: keeps a word seen in one example from deciding alone."""


@dataclass
class StoryModel:
    """Weights per word form and journey, learned once per content from its examples."""

    examples: Mapping[str, Any] | None
    lexicon: Lexicon = field(default_factory=Lexicon)
    journeys: list[str] = field(default_factory=list, init=False)
    weights: dict[str, list[float]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        labelled = [
            (set(telling_forms([e["text"]], self.lexicon)), e["journey"])
            for e in (self.examples or {}).get("examples", [])
        ]
        self.journeys = sorted({journey for _, journey in labelled})
        seen = Counter(form for found, _ in labelled for form in found)
        self._rarity = {
            form: math.log((1 + len(labelled)) / (1 + count)) + 1 for form, count in seen.items()
        }
        self._bias = [0.0] * len(self.journeys)
        self._learn([(self._vector(found), self.journeys.index(j)) for found, j in labelled])

    def __repr__(self) -> str:
        return f"StoryModel(journeys={self.journeys}, forms={len(self.weights)})"

    def _vector(self, found: Iterable[str]) -> dict[str, float]:
        """Known forms weighted by rarity, scaled to unit length."""
        vector = {form: self._rarity[form] for form in found if form in self._rarity}
        length = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {form: v / length for form, v in vector.items()}

    def _learn(self, data: list[tuple[dict[str, float], int]]) -> None:
        size = len(self.journeys)
        for vector, _ in data:
            for form in vector:
                self.weights.setdefault(form, [0.0] * size)
        squares = {form: [1e-8] * size for form in self.weights}
        rows = [
            ([(self.weights[f], squares[f], v) for f, v in vector.items()], label)
            for vector, label in data
        ]
        root = math.sqrt
        # A fixed interleaving instead of a random shuffle: the same examples, the same model.
        order = sorted(range(len(rows)), key=lambda i: (i * 2654435761) % 4294967296)
        for _ in range(PASSES):
            for index in order:
                row, label = rows[index]
                scores = list(self._bias)
                for weight, _, value in row:
                    for c in range(size):
                        scores[c] += weight[c] * value
                top = max(scores)
                exps = [math.exp(s - top) for s in scores]
                total = sum(exps)
                error = [e / total - (c == label) for c, e in enumerate(exps)]
                for c in range(size):
                    self._bias[c] -= STEP * 0.1 * error[c]
                for weight, square, value in row:
                    for c in range(size):
                        grad = error[c] * value + DECAY * weight[c]
                        square[c] += grad * grad
                        weight[c] -= STEP * grad / root(square[c])

    def _shares(self, vector: Mapping[str, float]) -> list[float]:
        scores = list(self._bias)
        for form, value in vector.items():
            weight = self.weights.get(form)
            if weight is not None:
                scores = [s + w * value for s, w in zip(scores, weight, strict=True)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def belief(self, text: str) -> dict[str, float]:
        """Each journey's share of belief for `text`, `out` among them (empty when too few
        of its words were seen in the examples)."""
        vector = self._vector(set(telling_forms([text], self.lexicon)))
        if len(vector) < MIN_WORDS or not self.journeys:
            return {}
        return dict(zip(self.journeys, self._shares(vector), strict=True))
