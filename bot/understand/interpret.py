"""From typed text to an Understanding: safety first, then buttons, then routing (pure).

The indexes are built once per content library and reused for every message.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

from bot.content.library import Library
from bot.core.events import SafetyHit, Understanding
from bot.core.model import Content
from bot.core.state import State
from bot.understand.buttons import match_option
from bot.understand.lexicon import lexicon
from bot.understand.normalize import language_of, words
from bot.understand.phrases import Phrase, PhraseIndex, phrase
from bot.understand.router import Route, Router
from bot.understand.safety import SafetyCheck
from bot.understand.scrub import scrub

CONFIDENT = 75.0
"""A place scored at least this is where the person goes."""
CLOSE = 40.0
"""Places scored at least this are offered as suggestions."""
ROUTING_CHARACTERS = 600
"""Routing reads the start of long messages; the safety check reads all of it."""


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything understood from one text, for the engine and for `ask --json`."""

    understanding: Understanding
    routes: tuple[Route, ...]


class Understander:
    """The safety check, the router and small talk for one content library."""

    def __init__(self, library: Library) -> None:
        content = library.content
        known = known_words(content)
        safety_doc = library.documents.get("content/safety.yaml")
        self.safety = SafetyCheck(safety_doc.data, known) if safety_doc else None
        words_doc = library.documents.get("content/words.yaml")
        glossary = library.documents.get("content/glossary.yaml")
        term_journeys = {
            term["id"]: term["journey"]
            for term in (glossary.data["terms"] if glossary else [])
            if "journey" in term
        }
        self.router = Router(
            content, known, lexicon(words_doc.data if words_doc else None), term_journeys
        )
        talk = library.documents.get("content/smalltalk.yaml")
        kinds = talk.data["kinds"] if talk else {}
        items = [
            p
            for kind, by_lang in kinds.items()
            for texts in by_lang.values()
            for text in texts
            if (p := phrase(text, kind)) is not None
        ]
        self.smalltalk = PhraseIndex(items, known)
        self.content = content

    def __repr__(self) -> str:
        return f"Understander(version={self.content.version!r})"

    def read(self, state: State, text: str, lang: str | None = None) -> Reading:
        """What `text`, typed in `state`, means."""
        lang = lang or language_of(text) or state.lang
        hit: SafetyHit | None = self.safety.check(text) if self.safety else None
        if hit is not None:
            return Reading(Understanding(safety=hit, lang=lang), ())
        head = text[:ROUTING_CHARACTERS]
        option = match_option(self.content, state, head)
        if option is not None:
            return Reading(Understanding(option=option[0], lang=lang), ())
        routes = tuple(self.router.route(head))
        best = routes[0].score if routes else 0.0
        talk = self.smalltalk.find(self.smalltalk.read(head), gap=1)
        if talk and (best < CLOSE or _mostly_small_talk(talk, self.router.telling(head))):
            return Reading(Understanding(smalltalk=str(talk[0][0].key), lang=lang), ())
        if best >= CONFIDENT:
            return Reading(Understanding(target=routes[0].frame, lang=lang), routes)
        if best >= CLOSE:
            return Reading(
                Understanding(
                    suggestions=tuple(r.frame for r in best_per_journey(routes)), lang=lang
                ),
                routes,
            )
        return Reading(Understanding(miss=scrub(head) if words(head) else None, lang=lang), routes)


def _mostly_small_talk(found: list[tuple[Phrase, int, int]], telling: list[bool]) -> bool:
    """A message that is only a greeting or thanks ("thanks so much, that helped"): no word
    outside the greetings says anything about a topic ("hi, what is a biopsy?" does)."""
    inside = {position for _, start, end in found for position in range(start, end + 1)}
    return not any(says and position not in inside for position, says in enumerate(telling))


def best_per_journey(routes: tuple[Route, ...], limit: int = 3) -> tuple[Route, ...]:
    """The best close place of up to `limit` different journeys, best first."""
    chosen: list[Route] = []
    journeys: set[str | None] = set()
    for route in routes:
        if route.flow not in journeys and route.score >= CLOSE:
            chosen.append(route)
            journeys.add(route.flow)
        if len(chosen) == limit:
            break
    return tuple(chosen)


def known_words(content: Content) -> frozenset[str]:
    """Every word form that occurs in the content: real words, never stretched by typos."""
    texts: list[str] = [t for text in content.ui.values() for t in text.by_lang.values()]
    for flow in content.flows.values():
        for node in flow.nodes.values():
            texts += node.title.by_lang.values()
            for variant in node.variants:
                texts += variant.text.by_lang.values()
            for option in node.options:
                texts += option.label.by_lang.values()
    return frozenset(word for text in texts for word in words(text))


_cached: tuple[Library, Understander] | None = None


def understander(library: Library) -> Understander:
    """The Understander for `library`, built on first use and kept until the content changes."""
    global _cached
    if _cached is None or _cached[0] is not library:
        _cached = (library, Understander(library))
    return _cached[1]


def build_now(library: Library) -> None:
    """Build the indexes before anyone types, then keep the garbage collector off them.

    The indexes are large and live as long as the content; without gc.freeze() every full
    collection walks them and the slowest messages wait for it (p99 2.4 ms -> 1.4 ms).
    Freed content is still reclaimed by reference counting.
    """
    understander(library)
    gc.collect()
    gc.freeze()


def interpret(library: Library, state: State, text: str) -> Understanding:
    """What the bot makes of `text` typed by a person in `state`."""
    return understander(library).read(state, text).understanding
