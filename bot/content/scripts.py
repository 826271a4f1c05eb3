"""Each language's texts are written in its own alphabet: no English left under `ar:` (pure).

A text is in the wrong script when, after setting aside what is rightly written in Latin
letters everywhere (web and e-mail addresses, {{placeholders}}, abbreviations such as
PET-CT or HER2, and names such as Keytruda or Oncotype DX: in a language not written in Latin
letters, each Latin word that starts with a capital or a digit), most of its letters are not
in its language's alphabet: English pasted under `he:`, Hebrew under `ar:`, Russian under
`en:`. A drug name inside a Hebrew sentence is fine. A warning, not an error: a text halfway
through translation should not stop the bot taking other fixes; the shipped content has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from bot.content.loader import Document
from bot.content.problems import Problem, Severity
from bot.content.readable import readable_texts

ALPHABETS = {
    "he": re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]"),
    "ar": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "en": re.compile(r"[A-Za-z\u00c0-\u024f]"),
}
"""The letters each language is written in."""
NAMES = {"he": "Hebrew", "ar": "Arabic", "ru": "Russian", "en": "English"}
FEWEST_LETTERS = 4
"""Texts with fewer letters than this outside the set-aside words are not judged ("OK")."""
_SET_ASIDE = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+"  # addresses
    r"|\{\{[^}]*\}\}|\{[a-z_]+\}"  # placeholders: {{setting}}, {about}
    r"|/[a-z_]+"  # commands such as /menu
)
_NAME = re.compile(r"(?<![A-Za-z])[A-Z0-9][A-Za-z0-9\-]*")
"""A Latin word that starts with a capital or a digit: a name (Keytruda, Foundation Medicine,
Oncotype DX) or an abbreviation (PET-CT, HER2, Ki-67), rightly Latin in any language."""
_LETTER = re.compile(r"[^\W\d_]")


def check_scripts(docs: Mapping[str, Document]) -> list[Problem]:
    """A warning for every text whose letters are mostly in another alphabet."""
    return [
        Problem(item.doc.mark(*item.keys), "W_WRONG_SCRIPT", message, Severity.WARNING)
        for item in readable_texts(docs)
        for message in _judge(item.text, item.lang)
    ]


def _judge(text: str, lang: str) -> Iterator[str]:
    alphabet = ALPHABETS.get(lang)
    if alphabet is None:
        return
    kept = _SET_ASIDE.sub(" ", text)
    if lang != "en":
        kept = _NAME.sub(" ", kept)
    letters = _LETTER.findall(kept)
    if len(letters) < FEWEST_LETTERS:
        return
    foreign = [letter for letter in letters if not alphabet.match(letter)]
    if len(foreign) * 2 > len(letters):
        name = NAMES[lang]
        yield (
            f"{lang}: text is mostly not in {name} letters ({len(foreign)} of {len(letters)}:"
            f" {_excerpt(text)!r}); write it in {name}, or move it under the language it is in"
        )


def _excerpt(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
