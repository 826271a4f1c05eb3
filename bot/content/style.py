"""Style checks from content/style.yaml: one voice and one term per concept (pure).

Warnings, each at the text's own path:line:col: a variant instead of the chosen term
(W_STYLE_TERM), a slash form in Hebrew or Arabic (W_STYLE_SLASH), one text addressing both
one reader and several (W_STYLE_ADDRESS), an English gloss inside another language
(W_STYLE_GLOSS). What people type (`match:`, safety phrases) is never checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from bot.content.loader import Document
from bot.content.problems import Problem, Severity
from bot.content.readable import TYPED_KEYS, texts

SKIPPED_KEYS = TYPED_KEYS | {"fever"}
"""Keys not style-checked: what people type, and the fever block (its typed words sit beside
its reply)."""
CHECKED = ("flows/", "content/ui.yaml", "content/glossary.yaml", "content/safety.yaml")
_SLASH = {
    "he": re.compile(r"[\u05d0-\u05ea]+[\"'״]?/[\u05d0-\u05ea]+"),
    "ar": re.compile(r"[\u0621-\u064a]+/[\u0621-\u064a]+"),
}
_GLOSS = re.compile(r"\(([a-z][a-z \-']{3,})\)")


_PREFIXES = {"he": "[והבלמשכ]{0,3}", "ar": "(?:[وفبلك]{0,2}(?:ال)?)?"}
_LETTERS = {"he": "\u0590-\u05ff", "ar": "\u0600-\u06ff"}
_ARABIC_LEAD = re.compile(r"^[وفبلك]{0,2}(?:ال)?")
_WORD = re.compile(r"[^\W_]+")
_LEADS = "והבלמשכوف"
"""One-letter Hebrew prefixes and the Arabic conjunctions a word may carry ("ולכם", "ولكم");
not Arabic ب ل ك, which begin many words ("كانت" is not "أنت")."""


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _forms(word: str) -> set[str]:
    """The word and the word without one or two leading prefix letters."""
    found = {word}
    for cut in (1, 2):
        if len(word) > cut + 1 and all(char in _LEADS for char in word[:cut]):
            found.add(word[cut:])
    return found


@dataclass(frozen=True, slots=True)
class _Language:
    singular: frozenset[str]
    plural: frozenset[str]
    terms: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    allowed_slash: frozenset[str]


def check_style(docs: Mapping[str, Document]) -> list[Problem]:
    """Every style warning in the texts people read."""
    sheet = docs.get("content/style.yaml")
    if sheet is None:
        return []
    languages = {lang: _language(spec, lang) for lang, spec in sheet.data["languages"].items()}
    problems: list[Problem] = []
    for key, doc in sorted(docs.items()):
        if key.startswith(CHECKED):
            for path, lang, text in texts(doc.data, (), SKIPPED_KEYS):
                if lang in languages:
                    for code, message in _check(text, lang, languages[lang]):
                        problems.append(Problem(doc.mark(*path), code, message, Severity.WARNING))
    return problems


def _language(spec: Mapping[str, Any], lang: str) -> _Language:
    def forms(texts: list[str]) -> frozenset[str]:
        return frozenset(word for text in texts for word in _words(text))

    terms = tuple(
        (term["use"], tuple(_variant(variant, lang) for variant in term["instead_of"]))
        for term in spec.get("terms", [])
    )
    allowed = frozenset(
        _ARABIC_LEAD.sub("", token)
        for text in spec.get("allowed_slash", [])
        for token in text.split()
        if "/" in token
    )
    return _Language(forms(spec.get("singular", [])), forms(spec.get("plural", [])), terms, allowed)


def _variant(variant: str, lang: str) -> re.Pattern[str]:
    """A variant as written, as a whole word: with Hebrew or Arabic prefixes; in any case
    unless it has capitals ("Эран" is a variant of "ЭРАН", "HMO" of "health fund")."""
    if lang in _LETTERS:
        letters = _LETTERS[lang]
        return re.compile(f"(?<![{letters}]){_PREFIXES[lang]}{re.escape(variant)}(?![{letters}])")
    flags = 0 if variant != variant.lower() else re.IGNORECASE
    return re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)", flags)


def _check(text: str, lang: str, style: _Language) -> Iterator[tuple[str, str]]:
    for use, variants in style.terms:
        for variant in variants:
            found = variant.search(text)
            if found:
                yield "W_STYLE_TERM", f"'{found.group()}': write '{use}' (style.yaml, {lang})"
    slash = _SLASH.get(lang)
    for found in slash.findall(text) if slash else ():
        if _ARABIC_LEAD.sub("", found) not in style.allowed_slash:
            yield (
                "W_STYLE_SLASH",
                f"slash form '{found}': address the reader in the plural or use a group noun",
            )
    forms = {form for word in _words(text) for form in _forms(word)}
    one = sorted(forms & style.singular)
    many = sorted(forms & style.plural)
    if one and many:
        yield (
            "W_STYLE_ADDRESS",
            f"addresses one reader ({one[0]}) and several ({many[0]}); use one form",
        )
    if lang != "en":
        for gloss in _GLOSS.findall(text):
            yield "W_STYLE_GLOSS", f"English gloss '({gloss})' inside {lang} text; drop it"
