"""Sentences and clauses end where people end them: stops, question marks, new lines, commas."""

from __future__ import annotations

from bot.understand.normalize import words
from bot.understand.sentences import clause_ends, sentence_ends, sentence_of, sentence_spans


def test_sentences_end_at_stops_and_an_opening_salutation_stands_apart() -> None:
    ends = sentence_ends("Hi all, a year ago she coughed blood. Now she is fine?")
    assert sorted(ends) == [1, 7, 11]
    assert sentence_spans(ends) == [(0, 1), (2, 7), (8, 11)]
    assert [sentence_of(at, ends) for at in (0, 2, 9)] == [0, 1, 2]


def test_a_decimal_comma_ends_no_clause() -> None:
    # the only clause ends at the last word of "temp 38,5", not inside the reading
    assert clause_ends("temp 38,5, no cough") == frozenset({len(words("temp 38,5")) - 1})
