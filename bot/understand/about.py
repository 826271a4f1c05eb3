"""What a message is about: cancer types, medicines, tests, symptoms, services it names (pure).

Read from the vocabularies under content/ (cancers.yaml, medicines.yaml, procedures.yaml,
symptoms.yaml, services.yaml). Names match like other phrases (folded, small typos on long
words). A short Latin abbreviation that is also an everyday word ("ALL", "NET") matches only
as written in capitals; one that is not ("AML", "NSCLC") matches in any case.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from bot.core.state import Frame
from bot.understand.normalize import words
from bot.understand.phrases import PhraseIndex, phrase
from bot.understand.vocabulary import frequency

EVERYDAY = 3.0
"""An abbreviation whose lower-case form is this frequent is an everyday word too."""
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9-]{1,5}$")


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing the bot can recognise: its kind, id, how to name it, where it is explained."""

    kind: str
    id: str
    label: Mapping[str, str]
    page: Frame | None = None
    side_effects: Frame | None = None
    medicine_class: str | None = None


@dataclass(frozen=True, slots=True)
class Named:
    """An entry found in a text, at word position `start`."""

    entry: Entry
    start: int


@dataclass
class AboutReader:
    """Built once per content from the vocabulary documents; `find(text)` is then pure."""

    documents: list[Mapping[str, Any]]
    known_words: frozenset[str] = frozenset()
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict, init=False)
    _index: PhraseIndex = field(init=False)
    _capitals: dict[str, tuple[str, str]] = field(default_factory=dict, init=False)
    _capital_pattern: re.Pattern[str] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        items = []
        names_words: set[str] = set()
        for data in self.documents:
            kind = data["kind"]
            classes = data.get("classes", {})
            for raw in data["entries"]:
                key = (kind, raw["id"])
                self.entries[key] = _entry(kind, raw, classes)
                for names in raw["names"].values():
                    for name in names:
                        if _ACRONYM.match(name) and frequency(name.casefold()) >= EVERYDAY:
                            self._capitals.setdefault(name, key)
                        elif (item := phrase(name, key)) is not None:
                            items.append(item)
                            names_words.update(words(name))
        if self._capitals:
            names = "|".join(sorted(map(re.escape, self._capitals), key=len, reverse=True))
            self._capital_pattern = re.compile(rf"(?<![\w-])(?:{names})(?![\w-])")
        # A name's own words are real words: "nephroblastoma" is never a slip for another name.
        self._index = PhraseIndex(items, self.known_words | names_words)

    def __repr__(self) -> str:
        return f"AboutReader(entries={len(self.entries)})"

    def without_kinds(self, text: str, kinds: tuple[str, ...]) -> str:
        """`text` (as folded words) without the words that name an entry of `kinds`."""
        dropped = {
            at
            for start, end, (kind, _) in self._spans(text)
            if kind in kinds
            for at in range(start, end + 1)
        }
        return " ".join(word for at, word in enumerate(words(text)) if at not in dropped)

    def _spans(self, text: str) -> list[tuple[int, int, tuple[str, str]]]:
        """Where each name found in `text` starts and ends (word positions), and its entry."""
        found = self._index.find(self._index.read(text), gap=0)
        return [(start, end, cast(tuple[str, str], item.key)) for item, start, end in found]

    def find(self, text: str) -> list[Named]:
        """Every entry named in `text`, in the order they first appear, each once.

        A name inside a longer name of another entry does not count: "non-small cell lung
        cancer" is not also small cell lung cancer, "acute myeloid leukaemia" not leukaemia.
        """
        spans = self._spans(text)
        found: dict[tuple[str, str], int] = {}
        for start, end, key in spans:
            inside = any(
                other != key and s <= start and end <= e and (e - s) > (end - start)
                for s, e, other in spans
            )
            if not inside and start < found.get(key, 1 << 30):
                found[key] = start
        if self._capital_pattern is not None:
            for match in self._capital_pattern.finditer(text):
                key = self._capitals[match.group()]
                if key not in found:
                    found[key] = len(text[: match.start()].split())
        ordered = sorted(found.items(), key=lambda pair: pair[1])
        return [Named(self.entries[key], start) for key, start in ordered]


def _entry(kind: str, raw: Mapping[str, Any], classes: Mapping[str, Any]) -> Entry:
    """An Entry; a medicine takes its class's pages and, without a label, its first names."""
    spec = classes.get(raw.get("class", ""), {})
    page = raw.get("page") or spec.get("page")
    side_effects = spec.get("side_effects")
    label = raw.get("label") or {lang: names[0] for lang, names in raw["names"].items() if names}
    return Entry(
        kind,
        raw["id"],
        label,
        Frame.parse(page) if page else None,
        Frame.parse(side_effects) if side_effects else None,
        raw.get("class"),
    )
