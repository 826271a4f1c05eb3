"""Route typed text to the best places in the content, with a score, 100 for a full match (pure).

Each place (a node, or a glossary term) is found through its phrases: its titles and its
staff-written `match:` phrases, in every language. A phrase scores by how much of it the
text covers, words weighted by rarity (IDF), so "biopsy" counts and "what" hardly does.
A place scores by its best phrase; glossary terms count for the journey that uses them most.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from bot.core.model import GLOSSARY_FLOW, TOP_LEVEL_FLOWS, Content
from bot.core.state import Frame
from bot.understand.lexicon import Lexicon
from bot.understand.normalize import forms, words
from bot.understand.phrases import Phrase, PhraseIndex, phrase
from bot.understand.vocabulary import informativeness
from bot.understand.wordcache import remembered

MIN_WEIGHT = 1.2
"""A phrase must be matched by at least this much rarity to count at all."""
DISTINCTIVE = 2.0
"""Only phrases sharing a word at least this rare with the text are scored (speed)..."""
SAYS_SOMETHING = 1.0
"""...and only through typed words that weigh at least this ("what", "cancer" do not)."""
PHRASE_SHARE = 0.25
"""How much of a place's score comes from its best phrase (the rest: words it explains)."""
JOURNEY_SHARE = 0.3
"""How much a journey's second and third best places add to each of its places."""
COMMON_WEIGHT = 0.2
"""The most a common word ("what", "is", "my") weighs, however rare it is in the phrases."""
UNKNOWN_WEIGHT = 1.0
"""The most a typed word that no phrase knows weighs: it is evidence the text is about
something else ("who won the game last night" is not about the last days of life)."""


@dataclass(frozen=True, slots=True)
class Route:
    """A place the text may be about, its journey and its score."""

    frame: Frame
    flow: str | None
    score: float


class Router:
    """Built once per content; `route(text)` ranks places for a text."""

    def __init__(
        self,
        content: Content,
        known_words: frozenset[str],
        lexicon: Lexicon | None = None,
        term_journeys: Mapping[str, str] | None = None,
    ) -> None:
        lexicon = lexicon or Lexicon()
        self.places: list[Frame] = []
        items: list[Phrase] = []
        for flow in content.flows.values():
            if flow.id not in TOP_LEVEL_FLOWS and flow.id != GLOSSARY_FLOW:
                continue  # the menu, the check-in: screens, not places a question leads to
            for node in flow.nodes.values():
                place = len(self.places)
                self.places.append(Frame(flow.id, node.id))
                texts = [*node.title.by_lang.values()]
                if node.id == flow.start:
                    texts += flow.title.by_lang.values()
                for lang_phrases in node.match.values():
                    texts += lang_phrases
                items += [p for text in texts if (p := phrase(text, place)) is not None]
        self.index = PhraseIndex(items, known_words, lexicon=lexicon)
        holders: defaultdict[str, set[int]] = defaultdict(set)
        for item in self.index.phrases:
            place = cast(int, item.key)
            for word in item.words:
                for form in word:
                    holders[form].add(place)
        self.holders = {form: frozenset(places) for form, places in holders.items()}
        total = len(self.places) or 1
        self.weight = {form: math.log(1 + total / len(ids)) for form, ids in holders.items()}
        journeys = _journeys(content, term_journeys or {})
        self.journeys: list[str | None] = [journeys.get(frame) for frame in self.places]
        self.common = lexicon.common
        self.phrase_place = [cast(int, item.key) for item in self.index.phrases]
        # Each distinct word of the phrases (a set of forms) gets a number; a text then hits the
        # numbers of the words whose forms it holds, and a phrase is scored by set lookups.
        numbers: dict[frozenset[str], int] = {}
        self.phrase_scoring: list[tuple[tuple[float, int], ...]] = [
            tuple(
                (self._word_weight(written, word), numbers.setdefault(word, len(numbers)))
                for written, word in zip(words(item.text), item.words, strict=True)
            )
            for item in self.index.phrases
        ]
        words_of: defaultdict[str, set[int]] = defaultdict(set)
        for word, number in numbers.items():
            for form in word:
                words_of[form].add(number)
        self.words_of = {form: frozenset(found) for form, found in words_of.items()}
        self.phrase_totals = [
            sum(weight for weight, _ in scoring) or 1.0 for scoring in self.phrase_scoring
        ]
        self._typed: dict[str, tuple[frozenset[str], float]] = {}

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (in a content snapshot) without the words people happened to type."""
        return {**self.__dict__, "_typed": {}}

    def _read(self, text: str) -> list[tuple[frozenset[str], float]]:
        """For each typed word, the indexed forms it matches and its weight (cached per word:
        a story repeats its words, and the question is read again on its own)."""
        return [remembered(self._typed, written, self._weighed) for written in words(text)]

    def _weighed(self, written: str) -> tuple[frozenset[str], float]:
        matched = self.index.match_word(written)
        return matched, self._word_weight(written, matched)

    def __repr__(self) -> str:
        return f"Router(places={len(self.places)}, phrases={len(self.index.phrases)})"

    def route(self, text: str, limit: int = 12) -> list[Route]:
        """Places for `text`, best first, each scored from 0 (100: fully matched).

        A place scores by its best phrase's coverage (PHRASE_SHARE) and by how much of the
        text's weight its phrases explain; a journey's second and third best places add a
        little, so a text about a journey's topic lands there. Scores are not capped at 100:
        that bonus can lift a place above it, and how far one place leads another is kept
        ("what is immunotherapy?" leads the centres' page that names immunotherapy).
        """
        read = self._read(text)
        typed = [matched for matched, _ in read]
        weights = [weight for _, weight in read]
        total = sum(weights)
        if total == 0:
            return []
        present = frozenset().union(*typed)
        telling = [m for m, weight in zip(typed, weights, strict=True) if weight >= SAYS_SOMETHING]
        # Rare forms find the candidates; when every telling word is frequent in the content
        # ("ما هو العلاج الكيماوي"), the rarest of them do.
        rarest = max((self.weight.get(f, 0.0) for m in telling for f in m), default=0.0)
        threshold = min(DISTINCTIVE, rarest)
        distinctive = [
            frozenset(f for f in m if self.weight.get(f, 0.0) >= threshold) for m in telling
        ]
        hit = frozenset().union(*(self.words_of.get(form, ()) for form in present))
        cover: dict[int, float] = {}
        for index in self.index.candidates(distinctive):
            covered = 0.0
            for weight, number in self.phrase_scoring[index]:
                if number in hit:
                    covered += weight
            if covered >= MIN_WEIGHT:
                place = self.phrase_place[index]
                share = covered / self.phrase_totals[index]
                if share > cover.get(place, 0.0):
                    cover[place] = share
        # How much of the text's weight each place's phrases explain: each typed word adds
        # its weight to the places whose phrases hold one of its forms.
        explained = dict.fromkeys(cover, 0.0)
        for weight, matched in zip(weights, typed, strict=True):
            if matched:
                holding = frozenset().union(*(self.holders.get(f, ()) for f in matched))
                for place in holding.intersection(explained):
                    explained[place] += weight
        scores: dict[int, float] = {}
        for place, best_phrase in cover.items():
            scores[place] = 100 * (
                PHRASE_SHARE * best_phrase + (1 - PHRASE_SHARE) * explained[place] / total
            )
        by_journey: defaultdict[str | None, list[float]] = defaultdict(list)
        for place, score in scores.items():
            by_journey[self.journeys[place]].append(score)
        bonus = {
            journey: JOURNEY_SHARE * sum(sorted(found, reverse=True)[1:3])
            for journey, found in by_journey.items()
        }
        final = {p: s + bonus[self.journeys[p]] for p, s in scores.items()}
        ranked = sorted(final, key=lambda p: (final[p], scores[p]), reverse=True)[:limit]
        return [Route(self.places[p], self.journeys[p], round(final[p], 1)) for p in ranked]

    def telling(self, text: str) -> list[bool]:
        """For each word of `text`, whether it says something about a topic the content has."""
        return [bool(matched) and weight >= SAYS_SOMETHING for matched, weight in self._read(text)]

    def is_common(self, written: str) -> bool:
        """Whether a typed word is one of the common words of words.yaml."""
        return bool(self.common.intersection(forms(written)))

    def _word_weight(self, written: str, matched: frozenset[str]) -> float:
        """A word's weight: rare in the phrases and rare in everyday language; capped when it
        is a common word, or when no phrase knows it."""
        if self.is_common(written):
            return min(COMMON_WEIGHT, informativeness(written))
        if not matched:
            return min(UNKNOWN_WEIGHT, informativeness(written))
        return min(max(self.weight.get(form, 0.0) for form in matched), informativeness(written))


def _journeys(content: Content, declared: Mapping[str, str]) -> dict[Frame, str | None]:
    """The top-level journey of each place.

    A glossary term's is the one it declares (`journey:`), else that of a page whose title
    names it ("Chemotherapy" → treatment), else the journey that uses the term most.
    """
    journey: dict[Frame, str | None] = {}
    uses: defaultdict[str, Counter[str]] = defaultdict(Counter)
    titles: list[tuple[str, str]] = []
    for flow in content.flows.values():
        for node in flow.nodes.values():
            journey[Frame(flow.id, node.id)] = flow.id if flow.id in TOP_LEVEL_FLOWS else None
            if flow.id in TOP_LEVEL_FLOWS:
                titles.append((node.title.by_lang.get("en", "").casefold(), flow.id))
                for term in node.terms:
                    uses[term][flow.id] += 1
    glossary = content.flows.get(GLOSSARY_FLOW)
    for term, node in glossary.nodes.items() if glossary else ():
        name = node.title.by_lang.get("en", "").casefold()
        explained = {flow for title, flow in titles if name and name in title}
        counted = uses.get(term, Counter())
        ranked = sorted(explained, key=lambda flow: -counted[flow]) or [
            flow for flow, _ in counted.most_common(1)
        ]
        journey[Frame(GLOSSARY_FLOW, term)] = declared.get(term) or next(iter(ranked), None)
    return journey
