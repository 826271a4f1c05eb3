"""`python bot.py ask`: what the bot understands from one message, as JSON (pure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.content.library import Library
from bot.core.engine import step
from bot.core.events import Typed
from bot.core.model import LANGUAGES
from bot.core.screens import HOME
from bot.core.state import State
from bot.understand.interpret import CONFIDENT, Reading, best_per_journey
from bot.understand.normalize import language_of
from bot.understand.readers import understander

NOON = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)


def ask(library: Library, text: str, lang: str | None = None) -> dict[str, Any]:
    """The contract object: text, lang, safety, flow, node, score, suggestions, reply,
    scope, about and wants."""
    content = library.content
    lang = lang or language_of(text) or content.default_language
    if lang not in LANGUAGES:
        lang = content.default_language
    state = State(lang=lang, stack=(HOME,), version=content.version)
    reading = understander(library).read(state, text, lang, NOON.date())
    understood = reading.understanding
    best = reading.routes[0] if reading.routes else None  # none after a short safety hit
    routed = understood.target is not None or bool(understood.suggestions)
    went = understood.target is not None and understood.safety is None  # else: a button
    shown = best if routed else None
    transition = step(content, state, Typed(understood), NOON)
    return {
        "text": text,
        "lang": lang,
        "safety": understood.safety.kind if understood.safety else None,
        "flow": shown.flow if shown else None,
        "node": shown.frame.node if shown else None,
        "score": _score(best.score if best else 0.0, went),
        "suggestions": _suggestions(reading),
        "reply": "\n\n".join(
            (f"{r.title}\n{r.text}" if r.title else r.text) for r in transition.replies
        ),
        "scope": reading.scope,
        "about": [{"kind": n.entry.kind, "id": n.entry.id} for n in reading.named],
        "wants": reading.want,
    }


def _suggestions(reading: Reading) -> list[dict[str, Any]]:
    """The best place in each of up to three journeys, as the contract spells them."""
    return [
        {
            "flow": route.flow,
            "node": route.frame.node if route.frame.flow == route.flow else str(route.frame),
            "score": round(route.score),
        }
        for route in best_per_journey(reading.routes)
    ]


def _score(score: float, went_there: bool) -> int:
    """The best place's score; below CONFIDENT whenever the bot did not go there (it offered
    choices instead), so the figure always tells what the person saw."""
    return round(score) if went_there else min(round(score), round(CONFIDENT) - 1)
