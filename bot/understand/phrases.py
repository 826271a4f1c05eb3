"""Find staff-written phrases in typed text: exact word forms, or small typos (pure).

A typed word matches a phrase word when they share a form (normalize.forms), or when their
main forms differ by a small edit distance (a swap of two neighbouring letters counts as
one edit): none for words up to 4 letters, 1 up to 8, 2 beyond; the first letter must be
the same unless the word is long (a wrong first vowel, "анкология", is a common slip).
A typed word that occurs in the content is never stretched into a different word; nor is
a real word of its language, unless it is far rarer than the word it resembles (then it is
a common misspelling): "fewer" is not "fever", "מאבדת" (loses) is not "מתאבדת".
With a Lexicon, a word also finds phrases written with its synonyms.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.understand.lexicon import GROUP_MARK, Lexicon
from bot.understand.normalize import forms, words, written_forms
from bot.understand.vocabulary import frequency, may_be_typo_of
from bot.understand.wordcache import remembered

Word = frozenset[str]
AND = ("و", "ו")
"""Arabic and Hebrew "and", written onto the next word."""
SHORT_WITH_AND = 4
"""Words up to this long keep a written-on "and" in the normaliser (ومش, وما, وحكه, ולא, ודם)."""
ANY_FIRST_LETTER = 7
"""Words at least this long may differ in their first letter too."""
INDEXES = "i"
"""Phrase numbers are kept as arrays of C ints: a list of Python ints took three times the
memory (a number above 256 is an object of its own), a quarter of all the indexes held."""


def allowed_edits(word: str) -> int:
    """How many letters may differ for a word of this length."""
    return 0 if len(word) <= 4 else 1 if len(word) <= 8 else 2


def analyse(text: str, stems: bool = True) -> list[tuple[str, ...]]:
    """The forms of each word of `text`, in order."""
    return [(forms if stems else written_forms)(word) for word in words(text)]


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase to find, as the forms of each of its words, and what it stands for."""

    words: tuple[Word, ...]
    key: Hashable
    text: str = ""


def phrase_index(
    groups: Iterable[tuple[Hashable, Mapping[str, Iterable[str]]]],
    known_words: frozenset[str] = frozenset(),
) -> PhraseIndex:
    """An index of staff phrases given per language, each group under its key."""
    items = [
        found
        for key, by_lang in groups
        for texts in by_lang.values()
        for text in texts
        if (found := phrase(text, key)) is not None
    ]
    return PhraseIndex(items, known_words)


def list_index(
    raw: Mapping[str, list[str]] | None,
    key: str,
    known: frozenset[str] = frozenset(),
    as_written: bool = False,
) -> PhraseIndex | None:
    """An index of one list of phrases given per language, or None when it is empty;
    `as_written` ones match with no typos and no stems."""
    if not raw:
        return None
    stems = not as_written
    items = [p for texts in raw.values() for t in texts if (p := phrase(t, key, stems=stems))]
    return PhraseIndex(items, known, fuzzy=stems, stems=stems)


def phrase(text: str, key: Hashable, stems: bool = True) -> Phrase | None:
    """A Phrase from staff text, or None when it has no words."""
    parts = tuple(shared(frozenset(f)) for f in analyse(text, stems))
    return Phrase(parts, key, text) if parts else None


_SHARED: dict[frozenset[str], frozenset[str]] = {}


def shared(word: Word) -> Word:
    """One object for every equal set of forms: the same word in a thousand phrases is held
    once (and pickled once in a content snapshot)."""
    return _SHARED.setdefault(word, word)


@dataclass
class PhraseIndex:
    """Phrases indexed by their word forms, with fuzzy lookup of typed words."""

    phrases: Sequence[Phrase]
    known_words: frozenset[str] = frozenset()
    fuzzy: bool = True
    stems: bool = True
    lexicon: Lexicon = field(default_factory=Lexicon)
    _by_form: dict[str, array[int]] = field(default_factory=dict, init=False)
    _by_initial: dict[tuple[str, int], list[str]] = field(default_factory=dict, init=False)
    _by_second: dict[tuple[str, int], list[str]] = field(default_factory=dict, init=False)
    _seen: dict[str, frozenset[str]] = field(default_factory=dict, init=False)
    _seen_loose: dict[str, frozenset[str]] = field(default_factory=dict, init=False)
    _by_rarest: dict[str, array[int]] = field(default_factory=dict, init=False)
    _frequency: dict[str, float] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        if self.lexicon.groups:
            self.phrases = [
                Phrase(
                    tuple(shared(frozenset(self.lexicon.expand(tuple(w)))) for w in p.words),
                    p.key,
                    p.text,
                )
                for p in self.phrases
            ]
        by_form: defaultdict[str, list[int]] = defaultdict(list)
        for index, item in enumerate(self.phrases):
            for word in item.words:
                for form in word:
                    if not by_form[form] or by_form[form][-1] != index:
                        by_form[form].append(index)
        self._by_form = {form: array(INDEXES, found) for form, found in by_form.items()}
        by_rarest: defaultdict[str, list[int]] = defaultdict(list)
        for index, item in enumerate(self.phrases):
            rarest = min(item.words, key=lambda w: sum(len(by_form[f]) for f in w))
            for form in rarest:
                by_rarest[form].append(index)
        self._by_rarest = {form: array(INDEXES, found) for form, found in by_rarest.items()}
        by_initial: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
        by_second: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
        for form in self._by_form:
            by_initial[(form[0], len(form))].append(form)
            if len(form) >= ANY_FIRST_LETTER - 1:
                by_second[(form[1], len(form))].append(form)
        self._by_initial = dict(by_initial)
        self._by_second = dict(by_second)
        if self.fuzzy:
            for item in self.phrases:
                for written, word in zip(words(item.text), item.words, strict=False):
                    for form in word:
                        found = frequency(written)
                        if found > self._frequency.get(form, -1.0):
                            self._frequency[form] = found

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (in a content snapshot) without the cache of typed words: it holds what
        building happened to look up, megabytes no one may type, and refills as people do."""
        return {**self.__dict__, "_seen": {}, "_seen_loose": {}}

    def match_word(self, word: str, loose: bool = False) -> frozenset[str]:
        """Every indexed form the typed (folded) word stands for (cached per word).

        `loose` also stretches a real word into a more frequent one it resembles.
        """
        if loose:
            return remembered(self._seen_loose, word, self._lookup_loose)
        return remembered(self._seen, word, self._lookup)

    def _lookup_loose(self, word: str) -> frozenset[str]:
        return self._lookup(word, loose=True)

    def _lookup(self, word: str, loose: bool = False) -> frozenset[str]:
        word_forms = self.lexicon.expand((forms if self.stems else written_forms)(word))
        exact = {form for form in word_forms if form in self._by_form}
        if not self.fuzzy or self._real(word):
            return frozenset(exact)
        for form in word_forms:
            edits = 0 if form.startswith(GROUP_MARK) else allowed_edits(form)
            if not edits:
                continue
            for length in range(len(form) - edits, len(form) + edits + 1):
                buckets = [self._by_initial.get((form[0], length))]
                if len(form) >= ANY_FIRST_LETTER:
                    buckets.append(self._by_second.get((form[1], length)))
                for bucket in filter(None, buckets):
                    close = process.extract(
                        form, bucket, scorer=OSA.distance, score_cutoff=edits, limit=None
                    )
                    exact.update(
                        candidate
                        for candidate, _, _ in close
                        if loose or may_be_typo_of(word, self._frequency.get(candidate, 0.0))
                    )
        return frozenset(self.lexicon.expand(tuple(exact)))

    def _real(self, word: str) -> bool:
        """A known word, or one with a prefix ("بهالاشي", "ב..."): never a slip for another."""
        return word in self.known_words or any(
            form in self.known_words for form in written_forms(word)
        )

    def read(self, text: str) -> list[frozenset[str]]:
        """For each typed word, the indexed forms it matches; a short word with "and"
        written on it ("وما عم ياكل", "ולא אוכל") is read without it too."""
        return [self.match_word_and(word) for word in words(text)]

    def match_word_and(self, word: str, loose: bool = False) -> frozenset[str]:
        """As `match_word`, and for a short word with "and" on it, what it matches without
        it (the normaliser keeps the clitic on short words: ومش, وما, ולא, ודם)."""
        matched = self.match_word(word, loose=loose)
        if word.startswith(AND) and 3 <= len(word) <= SHORT_WITH_AND:
            matched = matched | self.match_word(word[1:], loose=loose)
        return matched

    def read_loose(self, text: str) -> list[frozenset[str]]:
        """As `read`, letting real words stand for more frequent words they resemble too."""
        return [self.match_word(word, loose=True) for word in words(text)]

    def candidates(self, typed: Iterable[frozenset[str]]) -> set[int]:
        """Indexes of phrases that share at least one word with the typed text."""
        found: set[int] = set()
        for matched in typed:
            for form in matched:
                found.update(self._by_form.get(form, ()))
        return found

    def find(self, typed: list[frozenset[str]], gap: int = 2) -> list[tuple[Phrase, int, int]]:
        """Phrases whose words all appear in order (at most `gap` words between two).

        Returns (phrase, first position, last position) for each phrase found.
        """
        found = []
        at = _positions(typed)
        # A phrase is found only if all its words are present: its rarest word must be.
        candidates = {i for form in at for i in self._by_rarest.get(form, ())}
        for index in sorted(candidates):
            item = self.phrases[index]
            if not all(any(form in at for form in word) for word in item.words):
                continue
            span = _in_order(item.words, at, gap)
            if span is not None:
                found.append((item, *span))
        return found

    def find_runs(
        self, typed: list[frozenset[str]], inside: int = 0
    ) -> list[tuple[Phrase, int, int]]:
        """Every place where a phrase's words stand as one run, in order, with at most `inside`
        other words among them ("לפני 3 שנים" holds "לפני שנים" with one word inside)."""
        found = []
        at = _positions(typed)
        candidates = {i for form in at for i in self._by_rarest.get(form, ())}
        for index in sorted(candidates):
            item = self.phrases[index]
            hits = [_hits(word, at) for word in item.words]
            for start in sorted(hits[0]):
                end = _run_end(hits, start, inside)
                if end is not None:
                    found.append((item, start, end))
        return found


def _run_end(hits: list[set[int]], start: int, inside: int) -> int | None:
    """Where a run from `start` through each word's positions in turn ends, with at most
    `inside` other words skipped in all; None when there is no such run."""
    at = start
    for positions in hits[1:]:
        following = next(
            (at + 1 + skip for skip in range(inside + 1) if at + 1 + skip in positions), None
        )
        if following is None:
            return None
        inside -= following - at - 1
        at = following
    return at


def _positions(typed: list[frozenset[str]]) -> dict[str, list[int]]:
    """Where each matched form stands in the typed text."""
    at: dict[str, list[int]] = {}
    for position, matched in enumerate(typed):
        for form in matched:
            at.setdefault(form, []).append(position)
    return at


def _hits(word: Word, at: dict[str, list[int]]) -> set[int]:
    """The positions where a typed word matches one of this phrase word's forms."""
    found: set[int] = set()
    for form in word:
        found.update(at.get(form, ()))
    return found


def _in_order(
    parts: tuple[Word, ...], at: dict[str, list[int]], gap: int
) -> tuple[int, int] | None:
    """Where the phrase's words stand in order; phrases of 2-3 words in any order too."""
    hits = [_hits(part, at) for part in parts]
    for start in sorted(hits[0]):
        position = start
        for later in hits[1:]:
            step = next((s for s in range(1, gap + 2) if position + s in later), None)
            if step is None:
                break
            position += step
        else:
            return start, position
    if gap and 2 <= len(parts) <= 3:
        return _any_order(hits, len(parts) + gap)
    return None


def _any_order(hits: list[set[int]], window: int) -> tuple[int, int] | None:
    """The first window of `window` words holding every part, each at its own place."""
    every = set().union(*hits)
    # What a window holds changes only where a position enters it or leaves it.
    for start in sorted({max(0, p - window + 1) for p in every} | {p + 1 for p in every}):
        used: set[int] = set()
        for part in hits:
            spot = min(
                (p for p in part if start <= p < start + window and p not in used), default=None
            )
            if spot is None:
                break
            used.add(spot)
        else:
            return min(used), max(used)
    return None
