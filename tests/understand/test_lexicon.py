"""Synonyms find each other's phrases; common words count for little."""

from __future__ import annotations

from bot.understand.lexicon import lexicon
from bot.understand.phrases import PhraseIndex, phrase

WORDS = {
    "common": {"en": ["what", "is"], "ru": ["что", "такое"]},
    "synonyms": [["chemo", "chemotherapy", "химия", "כימו", "كيماوي"]],
}


def test_a_word_finds_phrases_written_with_its_synonyms_in_any_script() -> None:
    index = PhraseIndex([phrase("chemotherapy side effects", "side")], lexicon=lexicon(WORDS))
    for text in ("side effects of химия", "כימו side effects", "كيماوي side effects"):
        assert index.find(index.read(text)), text


def test_without_the_lexicon_synonyms_are_not_found() -> None:
    index = PhraseIndex([phrase("chemotherapy side effects", "side")])
    assert not index.find(index.read("химия side effects"))


def test_common_words_are_known_in_all_their_forms() -> None:
    found = lexicon(WORDS)
    assert {"what", "is", "что", "такое"} <= found.common


def test_an_empty_or_missing_words_file_gives_an_empty_lexicon() -> None:
    assert lexicon(None).common == frozenset() and not lexicon({}).groups
