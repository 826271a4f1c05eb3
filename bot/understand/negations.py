"""Red flags said to be absent: "no chest pain", «אין לו קוצר נשימה», «одышки нет,» (pure).

Read from the `negations` block of content/safety.yaml: the negating words that stand just before
a red flag, the Russian ones told after it closing its clause, and the `or` words that carry a
negation through a list ("no fever, cough or breathlessness").
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from bot.understand.normalize import words
from bot.understand.phrases import PhraseIndex, list_index
from bot.understand.sentences import clause_ends, sentence_ends, sentence_of

LIST_REACH = 6
"""Words from a negating word to an `or` word that carries it on ("no fever, cough or ...")."""


@dataclass(frozen=True, slots=True)
class Negations:
    """Where a message's negating words end, and where its `or` words stand."""

    ends: frozenset[int]
    ors: tuple[tuple[int, int], ...]
    after: frozenset[int] = frozenset()
    """Where the negating words told after a red flag start («одышки нет,»)."""
    clauses: frozenset[int] = frozenset()
    """The words just before a comma."""


NONE = Negations(frozenset(), ())


class NegationReader:
    """Built once from the `negations` block; `denied` is then pure."""

    def __init__(self, data: Mapping[str, Any] | None) -> None:
        data = data or {}
        self.before = list_index(data.get("words"), "negation", as_written=True)
        self.ors = list_index(data.get("or"), "or", as_written=True)
        self.after = list_index(data.get("after"), "after", as_written=True)

    def read(self, text: str) -> Negations:
        """Where the message's negating words end and where its `or` words stand."""
        said = _runs(self.before, text)
        if not said and self.after is None:
            return NONE
        after = _runs(self.after, text)
        clauses = clause_ends(text) if after else frozenset()
        # «одышки нет, ...»: the word closes its clause; «кровь в моче, нет сил» is not it.
        closing = clauses | sentence_ends(text) | {len(words(text)) - 1} if after else set()
        return Negations(
            frozenset(end for _, end in said),
            tuple(_runs(self.ors, text)),
            frozenset(start for start, end in after if end in closing),
            clauses,
        )

    def denied(
        self, text: str, places: Collection[tuple[int, int]], ends: frozenset[int]
    ) -> frozenset[tuple[int, int]]:
        """Of the red flags at `places` (first and last word), those said to be absent (see
        `negated`), and those that hold the negating word themselves and end inside one of
        them: «אין נשימה» (no breathing) read across «אין לו קוצר נשימה» (he has no shortness
        of breath)."""
        return denied_places(self.read(text), places, ends)


def denied_places(
    negations: Negations, places: Collection[tuple[int, int]], ends: frozenset[int]
) -> frozenset[tuple[int, int]]:
    """`NegationReader.denied`, for a message whose negations are already read."""
    if not negations.ends and not negations.after:
        return frozenset()
    absent = {place for place in places if negated(place, negations, ends)}
    return frozenset(
        absent
        | {
            (start, end)
            for start, end in places
            if any(start <= first and first <= end <= last for first, last in absent)
        }
    )


def negated(place: tuple[int, int], negations: Negations, ends: frozenset[int]) -> bool:
    """Whether a red flag at `place` (first and last word) is said to be absent: a negating word
    just before it in its sentence ("no chest pain"), one just after it that closes its clause
    («крови в моче нет,»), or an `or` word just before it that follows one in its sentence ("no
    fever, cough or breathlessness")."""
    start, end = place
    sentence = sentence_of(start, ends)
    if start - 1 in negations.ends and sentence_of(start - 1, ends) == sentence:
        return True
    if end + 1 in negations.after and end not in negations.clauses and end not in ends:
        return True
    return any(
        last == start - 1
        and sentence_of(first, ends) == sentence
        and any(
            first - LIST_REACH <= said < first and sentence_of(said, ends) == sentence
            for said in negations.ends
        )
        for first, last in negations.ors
    )


def _runs(index: PhraseIndex | None, text: str) -> list[tuple[int, int]]:
    """The first and last word of every unbroken run of an index's phrases in `text`."""
    if index is None:
        return []
    return [(start, end) for _, start, end in index.find_runs(index.read(text))]
