"""Whether a message is about what the bot covers, and whether it carries distress (pure).

Read from content/scope.yaml: words that make a message about cancer, topics the bot does
not cover (other diseases, a pharmacist's question, a lab value with no cancer context),
and signs that a person is overwhelmed, short of a crisis (the safety check sees crises).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.understand.phrases import PhraseIndex, phrase


@dataclass
class ScopeReader:
    """Built once from scope.yaml; its questions are then pure."""

    data: Mapping[str, Any] | None
    known_words: frozenset[str] = frozenset()
    _cancer: PhraseIndex = field(init=False)
    _outside: PhraseIndex = field(init=False)
    _distress: PhraseIndex = field(init=False)

    def __post_init__(self) -> None:
        data = self.data or {}
        self._cancer = self._phrases(data.get("cancer_words", {}), "cancer")
        self._distress = self._phrases(data.get("distress", {}), "distress")
        items = [
            p
            for topic in data.get("outside", [])
            for names in topic["names"].values()
            for name in names
            if (p := phrase(name, topic["id"])) is not None
        ]
        self._outside = PhraseIndex(items, self.known_words)

    def __repr__(self) -> str:
        return f"ScopeReader(outside={len(self._outside.phrases)})"

    def _phrases(self, by_lang: Mapping[str, list[str]], key: str) -> PhraseIndex:
        items = [p for texts in by_lang.values() for t in texts if (p := phrase(t, key))]
        return PhraseIndex(items, self.known_words)

    def about_cancer(self, text: str) -> bool:
        """Whether the text uses a word that is about cancer (a type is found elsewhere)."""
        return bool(self._cancer.find(self._cancer.read(text), gap=1))

    def outside(self, text: str) -> list[str]:
        """The topics outside the bot's scope that the text names."""
        return sorted({str(i.key) for i, _, _ in self._outside.find(self._outside.read(text))})

    def distressed(self, text: str) -> bool:
        """Whether the text says the person (or someone close) is overwhelmed."""
        return bool(self._distress.find(self._distress.read(text), gap=1))
