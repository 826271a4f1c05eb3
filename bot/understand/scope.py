"""Whether a message is about what the bot covers, and whether it carries distress (pure).

Read from content/scope.yaml: words that make a message about cancer, words that say a
growth is not cancer (unless the message asks "benign or malignant?"), topics the bot does
not cover (other diseases, a pharmacist's question, a lab value with no cancer context, the
fear of cancer as a condition of its own), and
signs that a person is overwhelmed, short of a crisis (the safety check sees crises).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.understand.normalize import words
from bot.understand.phrases import Phrase, PhraseIndex, phrase_index


@dataclass
class ScopeReader:
    """Built once from scope.yaml; its questions are then pure."""

    data: Mapping[str, Any] | None
    known_words: frozenset[str] = frozenset()
    _index: PhraseIndex = field(init=False)

    def __post_init__(self) -> None:
        data = self.data or {}
        lists: list[tuple[tuple[str, str], Mapping[str, list[str]]]] = [
            (("cancer", ""), data.get("cancer_words", {})),
            (("distress", ""), data.get("distress", {})),
            (("benign", ""), data.get("benign", {})),
            (("malignant", ""), data.get("malignant", {})),
            (("fear", ""), data.get("fear_of_cancer", {})),
            (("dying", ""), data.get("dying", {})),
            *((("outside", topic["id"]), topic["names"]) for topic in data.get("outside", [])),
        ]
        self._index = phrase_index(lists, self.known_words)
        self._outside_anyway = frozenset(
            topic["id"] for topic in data.get("outside", []) if topic.get("about_cancer_too")
        )

    def __repr__(self) -> str:
        return f"ScopeReader(phrases={len(self._index.phrases)})"

    def read(self, text: str) -> Scope:
        """What the text says about scope, read once."""
        hits = self._index.find(self._index.read(text), gap=1)
        found = {item.key for item, _, _ in hits}
        keys = [key for key in found if isinstance(key, tuple)]
        benign = [(start, end) for item, start, end in hits if item.key == ("benign", "")]
        feeling = frozenset(
            position
            for item, start, end in hits
            if item.key == ("distress", "")
            for position in range(start, end + 1)
        )
        outside = tuple(sorted(topic for kind, topic in keys if kind == "outside"))
        return Scope(
            about_cancer=_said_apart(hits, "cancer", benign),
            benign=bool(benign) and not _said_apart(hits, "malignant", benign),
            outside=outside,
            outside_anyway=bool(self._outside_anyway.intersection(outside)),
            feeling=feeling,
            fearing=("fear", "") in found,
            dying=("dying", "") in found,
        )

    @property
    def end_of_life_pages(self) -> frozenset[str]:
        """The pages about dying, death and grief (flow.node)."""
        return frozenset((self.data or {}).get("end_of_life_pages", ()))

    @property
    def support_pages(self) -> tuple[str, ...]:
        """The emotional-support pages for a message that only says how the person feels."""
        return tuple((self.data or {}).get("support_pages", ()))


def _said_apart(
    hits: list[tuple[Phrase, int, int]], kind: str, spans: list[tuple[int, int]]
) -> bool:
    """Whether a phrase of `kind` was found outside every span ("non-cancerous" says "cancer"
    inside a phrase that says the opposite)."""
    return any(
        not any(low <= start and end <= high for low, high in spans)
        for item, start, end in hits
        if item.key == (kind, "")
    )


@dataclass(frozen=True, slots=True)
class Scope:
    """A message's words about cancer, topics outside the bot's scope, and distress."""

    about_cancer: bool
    outside: tuple[str, ...]
    benign: bool = False
    """Whether it says a growth is not cancer ("a benign tumour"), not asking which it is
    ("benign or malignant?")."""
    feeling: frozenset[int] = frozenset()
    """The positions of the words that say how the person feels (the distress phrases)."""
    fearing: bool = False
    """Whether it names the fear of cancer as a condition of its own ("cancer OCD"): outside
    what the bot covers, whatever cancer words it uses."""
    dying: bool = False
    """Whether it says something about dying or death ("is this the end?", "she passed away")."""
    outside_anyway: bool = False
    """Whether it names a topic outside the bot's scope even when about cancer (a survey)."""

    @property
    def distressed(self) -> bool:
        """Whether the person sounds overwhelmed (a distress phrase was found)."""
        return bool(self.feeling)


def topic_words(data: Mapping[str, Any] | None) -> frozenset[str]:
    """The words of the benign growths and the other health matters in scope.yaml: real
    words, which typo tolerance must never stretch into a cancer's name ("ליפומה", a lipoma,
    is not "לימפומה", a lymphoma)."""
    data = data or {}
    lists = [data.get("benign", {}), *(topic["names"] for topic in data.get("outside", []))]
    return frozenset(
        word
        for by_lang in lists
        for names in by_lang.values()
        for name in names
        for word in words(name)
    )
