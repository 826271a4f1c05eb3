"""No invented numbers: phone numbers, prices, percentages and opening hours in texts (pure).

A text may give only the well-established numbers that CONTENT.md lists, or a value the
hospital has filled in (content/hospital.yaml). Everything else hospital-specific belongs in a
setting, written as {{name}} in the text; a price or a statistic is never written at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from bot.content.loader import Document
from bot.content.problems import Problem
from bot.content.readable import readable_texts

KNOWN_NUMBERS = frozenset({"101", "100", "1201", "1-800-599-995"})
"""The numbers ../shared/CONTENT.md gives: MDA 101, police 100, ERAN 1201 and the Israel
Cancer Association's information line."""

_UNKNOWN = "is not one of the numbers in docs/content-guide.md ({known}) nor a hospital setting"
_NEVER = "is not allowed: never write a price or a statistic (docs/content-guide.md)"
KINDS: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    (
        "phone number",
        re.compile(r"(?<![\d.])(?:\+?\d[\d\- ]{5,}\d|\*\d{3,5}|1-800-\d{3}-\d{3})(?!\d)"),
        _UNKNOWN,
        "put the hospital's number in content/hospital.yaml and write {{its_name}} on a line"
        " of its own, or remove it",
    ),
    (
        "price",
        re.compile(
            r"(?:\d[\d,.]*\s?)?(?:₪|\bNIS\b|ש\"ח|ש״ח|шекел\w*|شيكل|شواقل|€)"
            r"|\$\s?\d[\d,.]*|\d[\d,.]*\s?\$"
        ),
        _NEVER,
        "name the cost without an amount and say who confirms it (the health fund, the social"
        " worker)",
    ),
    (
        "percentage",
        re.compile(
            r"\d+(?:[.,]\d+)?\s?(?:%|٪|per ?cent\b|процент\w*|بالمئة|بالمائة|في المئة|אחוז\w*)"
        ),
        _NEVER,
        "say it in words, and point to the care team for the person's own outlook",
    ),
    (
        "opening hour",
        re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])|\b\d{1,2}\s?[ap]\.?m\b\.?", re.IGNORECASE),
        _UNKNOWN,
        "put the hours in a hospital setting (content/hospital.yaml) and write {{its_name}}",
    ),
)
"""What counts as an invented number: its name, how it is written, why not, and the fix."""


def check_numbers(docs: Mapping[str, Document]) -> list[Problem]:
    """An error for every number in a text that is neither known nor a hospital setting."""
    hospital = docs.get("content/hospital.yaml")
    filled = _settings(hospital.data) if hospital else ()
    return [
        Problem(item.doc.mark(*item.keys), "E_UNSOURCED_NUMBER", message)
        for item in readable_texts(docs)
        for message in _numbers(item.text, item.lang, filled)
    ]


def _settings(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The values the hospital has filled in."""
    values = (str(setting.get("value") or "").strip() for setting in data["settings"].values())
    return tuple(value for value in values if value)


def _numbers(text: str, lang: str, filled: tuple[str, ...]) -> Iterator[str]:
    known = ", ".join(sorted(KNOWN_NUMBERS))
    for kind, pattern, why, fix in KINDS:
        for found in pattern.finditer(text):
            number = found.group().strip()
            if number in KNOWN_NUMBERS or any(number in value for value in filled):
                continue
            yield f"{lang}: {kind} '{number}' {why.format(known=known)}; {fix}"
