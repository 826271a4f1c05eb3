"""How common a typed word is in its language (wordfreq), to tell a typo from a real word."""

from __future__ import annotations

from functools import cache, lru_cache

from bot.understand.normalize import script, written_forms
from bot.understand.wordlist import WordTable, word_table

REAL_WORD = 2.0
"""Zipf frequency from which a word counts as real: once in a hundred million words or more."""
ZIPF_CEILING = 7.0
"""Words this frequent ("the", "и", "של") say nothing about a topic; rarer ones say more."""
TYPO_MARGIN = 1.0
"""A typo is at least ten times rarer than the word it misspells ("feaver", "השפתים")."""
_HEBREW_FINALS = str.maketrans("כמנפצ", "ךםןףץ")


@lru_cache(maxsize=65536)
def frequency(word: str) -> float:
    """The Zipf frequency of the folded `word` in its script's language (0 when unknown).

    Only words at or above REAL_WORD are kept (a quarter of each list): every use of the
    figure treats rarer words as unknown anyway.
    """
    lang = script(word)
    return max(_frequencies(lang).get(spelling, 0) for spelling in _spellings(word, lang)) / 10


@cache
def _frequencies(lang: str) -> WordTable:
    """wordfreq's large list for a language, as word -> Zipf x 10, from REAL_WORD up."""
    return word_table(lang, REAL_WORD)


def informativeness(word: str) -> float:
    """How much a word can say about a topic, from how rare it is in everyday language."""
    return max(0.0, ZIPF_CEILING - frequency(word))


def may_be_typo_of(typed: str, meant: float) -> bool:
    """Whether `typed` may be a slip for a word of frequency `meant`, or is a word of its own.

    A Hebrew word counts as real when it is real without its one-letter prefixes too
    ("מצריבה", from burning, is not a slip for "מצהיבה", turning yellow).
    """
    found = max(frequency(form) for form in written_forms(typed))
    return found < REAL_WORD or found + TYPO_MARGIN <= meant


def _spellings(word: str, lang: str) -> tuple[str, ...]:
    """How a folded word may be written: folding merged Hebrew final letters and Arabic ة/ى."""
    if lang == "he":
        return (word[:-1] + word[-1].translate(_HEBREW_FINALS),)
    if lang == "ar" and word[-1] in "هي":
        return (word, word[:-1] + ("ة" if word[-1] == "ه" else "ى"))
    return (word,)
