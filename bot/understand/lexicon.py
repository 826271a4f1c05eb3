"""Common words and synonyms from content/words.yaml, as word forms (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.understand.normalize import forms, script, words

GROUP_MARK = "~"
"""Synonym groups are found through a shared form '~N', which no typed word can produce."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Forms of words that say little about a topic, and forms that mean the same."""

    common: frozenset[str] = frozenset()
    groups: Mapping[str, str] = field(default_factory=dict)

    def expand(self, word_forms: tuple[str, ...]) -> tuple[str, ...]:
        """The word's forms plus the mark of its synonym group, if it has one."""
        marks = [self.groups[form] for form in word_forms if form in self.groups]
        return tuple(dict.fromkeys((*word_forms, *marks))) if marks else word_forms


def lexicon(data: Mapping[str, Any] | None) -> Lexicon:
    """The Lexicon of a words.yaml document (empty without one)."""
    if not data:
        return Lexicon()
    common = frozenset(
        form
        for by_lang in data.get("common", {}).values()
        for text in by_lang
        for word in words(text)
        for form in forms(word)
    )
    groups: dict[str, str] = {}
    for number, group in enumerate(data.get("synonyms", [])):
        for text in group:
            for word in words(text)[:1]:
                for form in _distinct_forms(word):
                    groups.setdefault(form, f"{GROUP_MARK}{number}")
    return Lexicon(common, groups)


def _distinct_forms(word: str) -> tuple[str, ...]:
    """The word and those of its forms long enough not to stand for other words too.

    A Hebrew word cut to three letters is usually a root shared by many words.
    """
    shortest = 4 if script(word) == "he" else 3
    return tuple(form for form in forms(word) if form == word or len(form) >= shortest)
