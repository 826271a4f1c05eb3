"""What a person asks for: the want a message's question carries (pure).

Read from content/wants.yaml. The question decides: a want found in the question sentence
wins over one in the story around it; between wants found in the same place, the one said
most fully wins ("what are the treatment options after surgery" is options, though "after
surgery" alone could ask about side effects), then the more specific one (PRIORITY).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core.state import Frame
from bot.understand.phrases import PhraseIndex, phrase_index

PRIORITY: tuple[str, ...] = (
    "outlook",
    "heredity",
    "side_effects",
    "rights",
    "practical",
    "options",
    "support",
    "expect",
    "understand",
)
"""Most specific first: "how long will he live with this treatment" is about outlook."""


@dataclass
class WantReader:
    """Built once from wants.yaml; `find(text)` is then pure."""

    data: Mapping[str, Any] | None
    known_words: frozenset[str] = frozenset()
    pages: dict[str, Frame] = field(default_factory=dict, init=False)
    _index: PhraseIndex = field(init=False)

    def __post_init__(self) -> None:
        wants = (self.data or {}).get("wants", [])
        self.pages = {want["id"]: Frame.parse(want["page"]) for want in wants if "page" in want}
        self._index = phrase_index(((w["id"], w["phrases"]) for w in wants), self.known_words)

    def __repr__(self) -> str:
        return f"WantReader(wants={len(self.pages)})"

    def find(self, text: str) -> str | None:
        """The want said most fully in `text` (the longest phrase found), the more specific
        one on a tie; None when the text asks for nothing in particular."""
        longest: dict[str, int] = {}
        for item, _, _ in self._index.find(self._index.read(text), gap=1):
            want = str(item.key)
            longest[want] = max(longest.get(want, 0), len(item.words))
        if not longest:
            return None
        return min(longest, key=lambda want: (-longest[want], PRIORITY.index(want)))
