"""Where the sentences and clauses of a message end, counted in its words (pure)."""

from __future__ import annotations

import re

from bot.understand.normalize import words

SENTENCE_END = re.compile(r"(?<!\d)[.!?؟;]+(?=\s|$)|\n")
SALUTATION = re.compile(r"^\s*[^\W\d_]+(?:\s+[^\W\d_]+)?\s*,")
COMMA = re.compile(r",(?!\d)|،")


def sentence_ends(text: str) -> frozenset[int]:
    """The positions of the words that end a sentence: a phrase's words stand in one sentence
    ("I'm tired. Very worried about the scan" is not "very tired")."""
    ends: set[int] = set()
    count = 0
    # An opening salutation stands apart ("Hi all, a year ago she coughed blood ...": the
    # time still opens its sentence).
    salutation = SALUTATION.match(text)
    if salutation:
        count = len(words(salutation.group()))
        ends.add(count - 1)
        text = text[salutation.end() :]
    for sentence in SENTENCE_END.split(text):
        count += len(words(sentence))
        ends.add(count - 1)
    return frozenset(ends)


def sentence_spans(ends: frozenset[int]) -> list[tuple[int, int]]:
    """The first and last word of each sentence."""
    spans: list[tuple[int, int]] = []
    first = 0
    for last in sorted(ends):
        if last >= first:
            spans.append((first, last))
        first = last + 1
    return spans


def sentence_of(position: int, ends: frozenset[int]) -> int:
    """The number of the sentence a word stands in."""
    return sum(1 for end_of in ends if end_of < position)


def clause_ends(text: str) -> frozenset[int]:
    """The positions of the words just before a comma (not a decimal comma: "38,5")."""
    ends: set[int] = set()
    count = 0
    for clause in COMMA.split(text)[:-1]:
        count += len(words(clause))
        ends.add(count - 1)
    return frozenset(ends)
