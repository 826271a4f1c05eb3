"""A red flag said to be absent is found by its negating word, before it, after it or in a list."""

from __future__ import annotations

from bot.understand.negations import NegationReader
from bot.understand.normalize import words
from bot.understand.sentences import sentence_ends

READER = NegationReader(
    {"words": {"en": ["no", "without"]}, "or": {"en": ["or"]}, "after": {"ru": ["нет"]}}
)


def place(text: str, phrase: str) -> tuple[int, int]:
    said, found = words(text), words(phrase)
    start = next(i for i in range(len(said)) if said[i : i + len(found)] == found)
    return start, start + len(found) - 1


def denied(text: str, *phrases: str) -> list[bool]:
    places = [place(text, p) for p in phrases]
    absent = READER.denied(text, places, sentence_ends(text))
    return [p in absent for p in places]


def test_a_negating_word_just_before_a_red_flag_denies_it() -> None:
    assert denied("I feel well, no chest pain. Should I take a statin?", "chest pain") == [True]


def test_an_or_word_carries_the_negation_through_a_list() -> None:
    text = "She is fine, no fever, cough or breathlessness"
    assert denied(text, "fever", "breathlessness") == [True, True]


def test_a_red_flag_in_another_sentence_or_before_the_word_is_not_denied() -> None:
    assert denied("No. He is coughing blood", "coughing blood") == [False]
    assert denied("he has chest pain and no fever", "chest pain", "fever") == [False, True]


def test_a_word_told_after_it_denies_it_only_when_it_closes_its_clause() -> None:
    assert denied("крови в моче нет, спина не болит", "крови в моче") == [True]
    assert denied("у него кровь в моче, нет сил встать", "кровь в моче") == [False]
