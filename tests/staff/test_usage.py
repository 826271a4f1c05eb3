"""What a handled event records for the report: one count per journey step, per visit."""

from __future__ import annotations

import datetime as dt

from bot.content.library import Library
from bot.core.events import Start, Typed, Understanding
from bot.core.state import Frame, State
from bot.staff.usage import advance, half_understood, records
from bot.store.base import Activity, Journey, Progress, Unsure

NOW = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)
MAIN = Frame("menu", "main")
INTRO, TESTS, CT = (Frame("diagnosis", n) for n in ("intro", "tests", "ct"))
BIOPSY = Frame("glossary", "biopsy")


def at(*stack: Frame) -> State:
    return State(lang="he", stack=stack, answers=(("role", "family"),))


def test_a_visit_counts_each_step_once_however_often_back_is_pressed(shipped: Library) -> None:
    content = shipped.content
    visit, steps = advance(content, at(MAIN, INTRO), None)
    assert (visit, steps) == (Journey("diagnosis", 1, False), ("opened",))
    visit, steps = advance(content, at(MAIN, INTRO, TESTS), visit)
    assert steps == ("topic", "pages:2")
    visit, steps = advance(content, at(MAIN, INTRO), visit)  # Back
    assert (visit, steps) == (Journey("diagnosis", 2, True), ())
    visit, steps = advance(content, at(MAIN, INTRO, TESTS, CT, BIOPSY), visit)  # glossary trip
    assert (visit, steps) == (Journey("diagnosis", 2, True), ())
    visit, steps = advance(content, at(MAIN, INTRO, TESTS, CT), visit)
    assert steps == ("pages:3",)
    assert advance(content, at(MAIN), visit) == (None, ())  # the main menu ends the visit


def test_a_typed_question_that_lands_mid_journey_opens_a_visit_at_a_topic(
    shipped: Library,
) -> None:
    visit, steps = advance(shipped.content, at(MAIN, CT), None)
    assert (visit, steps) == (Journey("diagnosis", 1, True), ("opened", "topic"))


def test_records_say_who_was_active_and_where_their_visit_stands(shipped: Library) -> None:
    found = records(shipped.content, Start(), at(MAIN, INTRO), None, NOW)
    assert found[:2] == (Activity("he", "family"), Progress(Journey("diagnosis", 1, False)))


def test_only_a_menu_of_guesses_is_kept_as_half_understood_and_it_is_scrubbed() -> None:
    guesses = (Frame("treatment", "side_effects"), Frame("survivorship", "fatigue"))
    offered = State(lang="en", stack=(MAIN,), offers=guesses)
    menu = Typed(Understanding(suggestions=guesses, lang="en"))
    typed = "so tired, call 050-1234567"
    assert half_understood(menu, offered, typed, NOW) == Unsure(
        "so tired, call [number]", "en", guesses[0], NOW
    )
    sure = Typed(Understanding(target=CT, lang="en"))
    assert half_understood(sure, at(MAIN, CT), "ct", NOW) is None
    missed = Typed(Understanding(miss="qq", lang="en"))
    assert half_understood(missed, State(lang="en", stack=(MAIN,)), "qq", NOW) is None
