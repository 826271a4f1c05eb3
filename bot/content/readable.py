"""Every text people read in a language, with the keys that lead to it in its file (pure)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from bot.content.loader import Document
from bot.core.model import LANGUAGES

TYPED_KEYS = frozenset(
    {
        "match",
        "phrases",
        "names",
        "requires",
        "unless",
        "not_alarming",
        "sources",
        "review",
        "aliases",
        "id",
        "goto",
        "flow",
        "node",
        "when",
        "value",
        "ask",
    }
)
"""Keys whose values are not texts people read in a language (or are what people type)."""
NOT_READ = frozenset(
    {
        "content/examples.yaml",
        "content/safety_examples.yaml",
        "content/style.yaml",
        "content/words.yaml",
        "content/hospital.yaml",
    }
)
"""Files with no text the bot shows: people's own messages, the style sheet, settings."""


@dataclass(frozen=True, slots=True)
class Readable:
    """One text in one language, and where it was written."""

    doc: Document
    keys: tuple[str | int, ...]
    lang: str
    text: str


def readable_texts(docs: Mapping[str, Document]) -> Iterator[Readable]:
    """Every text the bot can show, file by file in a stable order."""
    for key, doc in sorted(docs.items()):
        if key not in NOT_READ:
            for keys, lang, text in texts(doc.data, (), TYPED_KEYS):
                yield Readable(doc, keys, lang, text)


def texts(
    data: Any, path: tuple[str | int, ...], skipped: frozenset[str]
) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(path, language, text) for every string under a language key, skipping `skipped` keys."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in skipped:
                continue
            if key in LANGUAGES and isinstance(value, str):
                yield (*path, key), key, value
            else:
                yield from texts(value, (*path, key), skipped)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from texts(item, (*path, index), skipped)
