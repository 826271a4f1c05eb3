"""Where in the cancer journey a story stands: cues that point to a journey (pure).

Read from content/stages.yaml: "waiting for the biopsy" (diagnosis), "on my third round of
chemo" (treatment), "finished treatment years ago" (survivorship), "how can I support her"
(family_support). Each cue found adds a little to the places of its journey.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.understand.phrases import PhraseIndex, phrase_index


@dataclass
class StageReader:
    """Built once from stages.yaml; `journeys(text)` is then pure."""

    data: Mapping[str, Any] | None
    known_words: frozenset[str] = frozenset()
    _index: PhraseIndex = field(init=False)

    def __post_init__(self) -> None:
        stages = (self.data or {}).get("stages", [])
        self._index = phrase_index(
            ((stage["journey"], stage["phrases"]) for stage in stages), self.known_words
        )

    def __repr__(self) -> str:
        return f"StageReader(cues={len(self._index.phrases)})"

    def journeys(self, text: str) -> Counter[str]:
        """How many cues of each journey the text holds (each word counted once)."""
        counted: Counter[str] = Counter()
        used: set[tuple[str, int]] = set()
        for item, start, _ in self._index.find(self._index.read(text), gap=1):
            journey = str(item.key)
            if (journey, start) not in used:
                used.add((journey, start))
                counted[journey] += 1
        return counted
