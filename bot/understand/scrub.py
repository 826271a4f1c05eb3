"""Remove what could identify a person from text kept for staff (pure).

E-mail addresses, links, street addresses, phone numbers, ID and other long numbers, and
names: words after "my name is" and similar cues in each language, titles such as Dr., and
capitalised Latin words mid-sentence. What is left is what staff need to add match phrases.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_LINK = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_NUMBER = re.compile(r"(?<!\w)\+?\d[\d\s\-().]{5,}\d(?!\w)")
_CUES = (
    r"my name is|i am called|call me|this is|dr\.?|doctor|prof\.?|"
    r"שמי|קוראים לי|שם שלי|ד\"ר|דר'|דוקטור|פרופ'|"
    r"меня зовут|моё имя|мое имя|доктор|врач|"
    r"اسمي|انا اسمي|دكتور|الدكتور|د\."
)
_NAME_AFTER_CUE = re.compile(
    rf"(\b(?i:{_CUES}))\s+([^\s,.!?]+)(\s+(?:[A-ZА-Я]|[\u0590-\u05ff\u0600-\u06ff])[^\s,.!?]*)?"
)
"""A cue and the name after it; a second word too when it may be a surname (capitalised, or
in Hebrew or Arabic, which have no capitals: one word too many lost beats a surname kept)."""
_STREET = re.compile(
    r"(?i)\b\d+\s+\w+\s+(?:street|st\.?|road|rd\.?|avenue|ave\.?)\b"
    r"|(?:רחוב|רח'|שדרות|ул\.?|улица|شارع)\s+\S+(?:\s+\d+)?"
)
_CAPITALISED = re.compile(r"(?<=[a-z,]\s)[A-Z][a-z]+(?:\s[A-Z][a-z]+)*")
PLACEHOLDER = "[…]"


def scrub(text: str, limit: int = 500) -> str:
    """`text` without contact details, numbers and names, cut to `limit` characters."""
    text = _EMAIL.sub("[email]", text)
    text = _LINK.sub("[link]", text)
    text = _STREET.sub("[address]", text)
    text = _NUMBER.sub("[number]", text)
    text = _NAME_AFTER_CUE.sub(lambda m: f"{m.group(1)} [name]", text)
    text = _CAPITALISED.sub("[name]", text)
    return text[:limit]
