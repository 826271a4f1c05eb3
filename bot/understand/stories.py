"""Which journey a person's message belongs to, or none: learned from people's own messages (pure).

`content/examples.yaml` holds real messages (and some written like them), each labelled
with its journey or `out` (about something the bot does not cover). A multinomial logistic
regression learns from the pieces of their words: every run of three and four letters
inside each word ("chemo" gives " ch", "che", "hem", "emo", "mo ", " che", ...), weighted
by how rare each piece is (tf-idf, unit length). Pieces of words carry what whole words
miss: Hebrew and Arabic prefixes and suffixes, Russian endings, typos and joined words
all still share most of their pieces with the forms in the examples. On people's own
questions this reads the journey better than whole word forms or the pages' own words.
Training is a few passes of stochastic gradient descent in a fixed order: the same
examples always give the same model, built once per content.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import mul
from typing import Any

from bot.content.loader import data_digest
from bot.understand.normalize import words
from bot.understand.wordcache import remembered

OUT = "out"
"""The class of messages about something the bot does not cover."""
PIECES = (3, 4)
"""The lengths of the runs of letters read inside each word (padded with a space each side)."""
MIN_EXAMPLES = 2
"""A piece must occur in this many examples to be learned from (one example is an accident)."""
PASSES = 4
"""Passes over the examples while learning."""
RATE = 3.0
"""The learning rate of the first pass; each later pass takes a smaller step (RATE / pass)."""
SETTLED = 0.05
"""A class whose predicted share is already within this of the truth is not updated."""
MIN_PIECES = 6
"""A message needs this many known pieces before the model says anything."""


def pieces(text: str) -> Counter[str]:
    """The runs of letters in each word of `text`, counted."""
    found: Counter[str] = Counter()
    for word in words(text):
        found.update(word_pieces(word))
    return found


@lru_cache(maxsize=65536)
def word_pieces(word: str) -> tuple[str, ...]:
    """The runs of letters in one word, padded with a space each side (a word is read once:
    people's messages repeat their words)."""
    padded = f" {word} "
    found: list[str] = []
    for size in PIECES:
        if len(padded) <= size:
            found.append(padded)
            continue
        found += (padded[start : start + size] for start in range(len(padded) - size + 1))
    return tuple(found)


@dataclass
class StoryModel:
    """Weights per piece and journey, learned once per content from its examples."""

    examples: Mapping[str, Any] | None
    journeys: list[str] = field(default_factory=list, init=False)
    _index: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    _rarity: array[float] = field(default_factory=lambda: array("d"), init=False, repr=False)
    _weights: list[array[float]] = field(default_factory=list, init=False, repr=False)
    _bias: list[float] = field(default_factory=list, init=False, repr=False)
    _word_numbers: dict[str, tuple[int, ...]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        labelled = [
            (pieces(e["text"]), e["journey"]) for e in (self.examples or {}).get("examples", [])
        ]
        self.journeys = sorted({journey for _, journey in labelled})
        seen = Counter(piece for found, _ in labelled for piece in found)
        kept = sorted(piece for piece, count in seen.items() if count >= MIN_EXAMPLES)
        self._index = {piece: number for number, piece in enumerate(kept)}
        total = len(labelled)
        self._rarity = array("d", (math.log((1 + total) / (1 + seen[p])) + 1 for p in kept))
        self._bias = [0.0] * len(self.journeys)
        self._weights = [array("d", bytes(8 * len(kept))) for _ in self.journeys]
        rows = [(self._vector(found), self.journeys.index(j)) for found, j in labelled]
        self._learn(rows)

    def __repr__(self) -> str:
        return f"StoryModel(journeys={self.journeys}, pieces={len(self._index)})"

    def _vector(self, found: Counter[str]) -> tuple[list[int], list[float]]:
        """Known pieces (their numbers) and their weights: damped counts times rarity, scaled
        to unit length."""
        known: Counter[int] = Counter()
        for piece, count in found.items():
            number = self._index.get(piece)
            if number is not None:
                known[number] = count
        return self._weigh(known)

    def _weigh(self, known: Counter[int]) -> tuple[list[int], list[float]]:
        numbers = list(known)
        values = [(1 + math.log(known[n])) * self._rarity[n] for n in numbers]
        length = math.sqrt(sum(v * v for v in values)) or 1.0
        return numbers, [v / length for v in values]

    def _known_pieces(self, text: str) -> Counter[int]:
        """The numbers of the known pieces of each word of `text`, counted (a word's are
        looked up once: people's messages repeat their words)."""
        found: Counter[int] = Counter()
        for word in words(text):
            numbers = remembered(self._word_numbers, word, self._piece_numbers)
            found.update(numbers)
        return found

    def _piece_numbers(self, word: str) -> tuple[int, ...]:
        return tuple(n for piece in word_pieces(word) if (n := self._index.get(piece)) is not None)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (kept on disk between runs) without the words people happened to type."""
        return {**self.__dict__, "_word_numbers": {}}

    def _shares(self, numbers: list[int], values: list[float]) -> list[float]:
        scores = [
            bias + sum(map(mul, values, map(weights.__getitem__, numbers)))
            for weights, bias in zip(self._weights, self._bias, strict=True)
        ]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def _learn(self, rows: list[tuple[tuple[list[int], list[float]], int]]) -> None:
        # A fixed interleaving instead of a random shuffle: the same examples, the same model.
        order = sorted(range(len(rows)), key=lambda i: (i * 2654435761) % 4294967296)
        for rate in (RATE / (1 + p) for p in range(PASSES)):
            for index in order:
                (numbers, values), label = rows[index]
                shares = self._shares(numbers, values)
                for journey, share in enumerate(shares):
                    error = share - (journey == label)
                    if -SETTLED < error < SETTLED:
                        continue
                    self._bias[journey] -= rate * 0.1 * error
                    weights = self._weights[journey]
                    step = rate * error
                    for number, value in zip(numbers, values, strict=True):
                        weights[number] -= step * value

    def belief(self, text: str) -> dict[str, float]:
        """Each journey's share of belief for `text`, `out` among them (empty when too few
        of its pieces were seen in the examples)."""
        numbers, values = self._weigh(self._known_pieces(text))
        if len(numbers) < MIN_PIECES or not self.journeys:
            return {}
        return dict(zip(self.journeys, self._shares(numbers, values), strict=True))


_learned: dict[str, StoryModel] = {}
"""Models already learned in this process, by the examples they learned from."""
KEPT_MODELS = 4
"""Two contents' worth: each has a story model and a described alarm's model (described.py)."""


def examples_key(examples: Mapping[str, Any] | None) -> str:
    """A digest of the examples: the same examples always give the same model."""
    return data_digest(examples)


def learned(examples: Mapping[str, Any] | None) -> StoryModel:
    """The StoryModel for `examples`, learned once per process: content that changes only
    its pages (a reload, a test's copy) keeps the model it has, since learning takes seconds."""
    key = examples_key(examples)
    model = known(key)
    if model is None:
        model = StoryModel(examples)
        keep(key, model)
    return model


def keep(key: str, model: StoryModel) -> None:
    """Remember `model` as the one learned from the examples with `key` (from a snapshot)."""
    while len(_learned) >= KEPT_MODELS:
        del _learned[next(iter(_learned))]
    _learned[key] = model


def known(key: str) -> StoryModel | None:
    """The model already learned in this process from the examples with `key`, if any."""
    return _learned.get(key)
