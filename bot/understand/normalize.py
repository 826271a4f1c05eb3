"""Per-language folding of typed text into comparable word forms (pure).

Folding: Unicode NFKC and case; Hebrew niqqud and final letters; Arabic diacritics,
tatweel and letter variants (أ إ آ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي); Russian ё → е;
Arabic-Indic digits → 0-9; Hebrew acronyms lose their quote mark (רמב"ם → רמבם).
Word forms: Hebrew one-letter prefixes (ו ה ב ל מ ש כ) and plural endings; the Arabic
article and clitics (وال بال فال كال لل ال, و ف ب ل ك); then
Snowball stems for Russian, Arabic and English (transliterations stem as English).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_HEBREW_MARKS = re.compile(r"[\u0591-\u05c7]")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")
_TABLE = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ё": "е",
        "ך": "כ",
        "ם": "מ",
        "ן": "נ",
        "ף": "פ",
        "ץ": "צ",
        "٫": ".",
        "،": ",",
        "؟": "?",
        "’": "'",
        "`": "'",
        "״": '"',
        "׳": "'",
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_HEBREW_ACRONYM = re.compile(r'(?<=[\u05d0-\u05ea])"(?=[\u05d0-\u05ea])')
_HEBREW_PREFIXES = "והבלמשכ"
_ARABIC_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")
_ARABIC_CLITICS = "وفبلك"
_ARABIC_ON_THE = "عال"
"""Spoken "على ال" written onto a word ("عالكيماوي"); kept whole too ("عالمستوى" is a word)."""
_PREFIX_ON_LATIN = re.compile(
    rf"(?<![^\W\d_])(?:[{_HEBREW_PREFIXES}]{{1,3}}|و?(?:بال|لل|ال|ب|ل|ك)|و)(?=[a-z])"
)
"""A Hebrew or Arabic prefix written onto a Latin word ("לpicc", "בDVD", "الPICC"): dropped, as
the prefixes of Hebrew and Arabic words are."""
_STEMMERS = {
    "ru": snowballstemmer.stemmer("russian"),
    "ar": snowballstemmer.stemmer("arabic"),
    "en": snowballstemmer.stemmer("english"),
}


def fold(text: str) -> str:
    """Text folded for comparison; digits, '.' and ',' are kept for numbers."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _HEBREW_MARKS.sub("", _ARABIC_MARKS.sub("", text))
    text = _PREFIX_ON_LATIN.sub("", text)
    return _HEBREW_ACRONYM.sub("", text.translate(_TABLE).replace("'", ""))


def script(word: str) -> str:
    """The language whose script the word is written in ('en' for Latin and digits)."""
    for char in word:
        if "\u0590" <= char <= "\u05ff":
            return "he"
        if "\u0600" <= char <= "\u06ff":
            return "ar"
        if "\u0400" <= char <= "\u04ff":
            return "ru"
    return "en"


def words(text: str) -> list[str]:
    """The folded words of `text`."""
    return list(_words(text))


def without_words(text: str, positions: frozenset[int]) -> str:
    """`text`, folded, with the words at `positions` (as `words` counts them) left out."""
    folded = fold(text)
    kept: list[str] = []
    last = 0
    for at, match in enumerate(_WORD.finditer(folded)):
        if at in positions:
            kept.append(folded[last : match.start()])
            last = match.end()
    kept.append(folded[last:])
    return "".join(kept)


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """Cached: one message is read by the safety check, the router and small talk."""
    return tuple(_WORD.findall(fold(text)))


@lru_cache(maxsize=65536)
def forms(word: str) -> tuple[str, ...]:
    """The word's comparable forms, the main one first (words come folded)."""
    lang = script(word)
    if lang == "he":
        return _hebrew(word)
    if lang == "ar":
        found: list[str] = []
        for bare in _arabic_bare(word):
            found += [_STEMMERS["ar"].stemWord(bare), bare]
        return tuple(dict.fromkeys(found))
    if word.isdigit():
        return (word,)
    stem = _STEMMERS[lang].stemWord(word)
    return tuple(dict.fromkeys((stem, word)))


def written_forms(word: str) -> tuple[str, ...]:
    """The word's forms without stems: only prefixes, plurals and the Arabic article go.

    For phrases that must match as written ("ما بعرف", I don't know, is not "ما عرفني",
    he did not recognise me, though both stem to عرف).
    """
    lang = script(word)
    if lang == "he":
        return _hebrew(word)
    if lang == "ar":
        return tuple(dict.fromkeys((word, *_arabic_bare(word))))
    return (word,)


def _hebrew(word: str) -> tuple[str, ...]:
    found = [word]
    current = word
    for _ in range(2):
        if len(current) >= 4 and current[0] in _HEBREW_PREFIXES:
            current = current[1:]
            found.append(current)
    for candidate in list(found):
        for ending in ("ימ", "ות"):
            if len(candidate) >= 5 and candidate.endswith(ending):
                found.append(candidate[:-2])
    main = found[1] if len(found) > 1 and len(word) >= 5 else word
    return tuple(dict.fromkeys((main, *found)))


def _arabic_bare(word: str) -> tuple[str, ...]:
    """The word without its article; or itself and, if it may carry one, without a clitic."""
    for article in _ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return (word[len(article) :],)
    if word.startswith(_ARABIC_ON_THE) and len(word) - len(_ARABIC_ON_THE) >= 4:
        return (word, word[len(_ARABIC_ON_THE) :])  # عالكيماوي: "on the chemo"
    if len(word) >= 5 and word[0] in _ARABIC_CLITICS:
        return (word, word[1:])
    return (word,)


def language_of(text: str) -> str | None:
    """The language most of the text's letters are written in, or None without letters."""
    counts: dict[str, int] = {}
    for word in words(text):
        if not word.isdigit():
            lang = script(word)
            counts[lang] = counts.get(lang, 0) + len(word)
    return max(counts, key=lambda lang: counts[lang]) if counts else None
