"""What one handled event tells the manager's report: who was active, how far a journey
visit went, and typed text only half understood (pure).

A journey is every flow but the menu and the glossary. A visit to a journey starts when a
person arrives on one of its pages from outside it (the menu, another journey), and goes on
while they move within it; a trip to the glossary and back does not end it. A visit is
counted once at each step of its funnel: opened, reached a topic (any page past the
journey's introduction: the visit found something to read), and 2, 3, and
``DEEPEST`` or more pages along its path (the pages of the journey on the Back stack).
"""

from __future__ import annotations

import datetime as dt

from bot.core.events import Event, Typed
from bot.core.model import GLOSSARY_FLOW, TOP_LEVEL_FLOWS, Content
from bot.core.screens import way_in_question
from bot.core.state import State
from bot.store.base import Activity, Journey, JourneyStep, Progress, Unsure, Usage
from bot.understand.normalize import words
from bot.understand.scrub import scrub

OPENED = "opened"
TOPIC = "topic"
DEEPEST = 4
"""Paths this many pages long or longer are counted together."""
STEPS: tuple[str, ...] = (OPENED, TOPIC, *(f"pages:{n}" for n in range(2, DEEPEST + 1)))
"""A journey's funnel, in order: each step's visits are among the previous step's."""
STEP_NAMES: dict[str, str] = {
    OPENED: "opened",
    TOPIC: "reached a topic",
    **{f"pages:{n}": f"{n} pages along" for n in range(2, DEEPEST)},
    f"pages:{DEEPEST}": f"{DEEPEST}+ pages along",
}
"""How each funnel step reads in the reports."""
TYPED_LIMIT = 1500
"""How much of a typed message is read (and so kept, scrubbed) for staff."""


def journeys(content: Content) -> tuple[str, ...]:
    """The ids of the journeys: the top-level flows the content has, in content order (not
    the menu, the glossary, or the check-in and reminders that people come back to)."""
    return tuple(f for f in content.flows if f in TOP_LEVEL_FLOWS)


def role_of(content: Content, state: State) -> str:
    """The person's answer to the way-in question (who they are), "" when not given."""
    entry = way_in_question(content)
    return state.answer_map.get(entry.ask, "") if entry and entry.ask else ""


def records(
    content: Content,
    event: Event,
    after: State,
    current: Journey | None,
    now: dt.datetime,
    typed: str | None = None,
) -> tuple[Usage, ...]:
    """What to record for staff after `event` left the person in `after`.

    `current` is their journey visit before the event; `typed` the text they typed, if any.
    """
    found: list[Usage] = [Activity(after.lang or "", role_of(content, after))]
    journey, steps = advance(content, after, current)
    if journey != current:
        found.append(Progress(journey))
    if journey is not None:
        found += [JourneyStep(journey.flow, step, now) for step in steps]
    unsure = half_understood(event, after, typed, now)
    if unsure is not None:
        found.append(unsure)
    return tuple(found)


def advance(
    content: Content, state: State, current: Journey | None
) -> tuple[Journey | None, tuple[str, ...]]:
    """The journey visit after a move to where `state` stands, and the funnel steps it
    passed for the first time."""
    here = state.here
    if here is None or here.flow == GLOSSARY_FLOW:
        return current, ()
    if here.flow not in journeys(content):
        return None, ()
    flow = content.flows[here.flow]
    pages = min(DEEPEST, _path_length(state, here.flow))
    topic = here.node != flow.start
    if current is None or current.flow != here.flow:
        current, steps = Journey(here.flow, 0, False), [OPENED]
    else:
        steps = []
    if topic and not current.topic:
        steps.append(TOPIC)
    steps += [f"pages:{n}" for n in range(max(2, current.pages + 1), pages + 1)]
    reached = Journey(here.flow, max(current.pages, pages), current.topic or topic)
    return reached, tuple(steps)


def _path_length(state: State, flow: str) -> int:
    """How many pages of `flow` lie on top of the Back stack, one after another."""
    length = 0
    for frame in reversed(state.stack):
        if frame.flow != flow:
            break
        length += 1
    return length


def half_understood(
    event: Event, after: State, typed: str | None, now: dt.datetime
) -> Unsure | None:
    """Typed text answered with a menu of places it might mean (not one sure place): the
    scrubbed text and the first place offered, so staff can teach the bot that phrase."""
    if typed is None or not isinstance(event, Typed):
        return None
    understood = event.understanding
    offered = after.offers
    if understood.safety is not None or understood.target is not None or not offered:
        return None
    if not set(offered) <= set(understood.suggestions):
        return None
    text = scrub(typed[:TYPED_LIMIT])
    if not words(text):
        return None
    return Unsure(text, understood.lang or after.lang or "", offered[0], now)
