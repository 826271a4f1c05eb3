"""Random event sequences over the shipped flows never leave a person nowhere."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.content.library import Library
from bot.core.engine import step
from bot.core.events import (
    ChooseLanguage,
    ChooseOffer,
    ChooseOption,
    ChooseTerm,
    Command,
    Event,
    Nav,
    Navigate,
    Press,
    SafetyHit,
    Start,
    Typed,
    Understanding,
)
from bot.core.model import LANGUAGES
from bot.core.screens import HOME
from bot.core.state import Frame, State

NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def moves(frames: list[Frame]) -> st.SearchStrategy[tuple[str, object]]:
    """Abstract moves; `current` presses act on the screen the person sees."""
    index = st.integers(min_value=0, max_value=9)
    action = st.one_of(
        index.map(ChooseOption),
        index.map(ChooseTerm),
        index.map(ChooseOffer),
        st.sampled_from([*LANGUAGES, "fr"]).map(ChooseLanguage),
        st.sampled_from(list(Nav)).map(Navigate),
    )
    return st.one_of(
        st.tuples(st.just("current"), action),
        st.tuples(st.just("stale"), st.tuples(action, st.sampled_from(frames))),
        st.tuples(st.just("command"), st.sampled_from(list(Nav))),
        st.tuples(st.just("start"), st.sampled_from([None, *LANGUAGES])),
        st.tuples(
            st.just("typed"),
            st.tuples(
                st.none() | index,
                st.none() | st.sampled_from(frames),
                st.lists(st.sampled_from(frames), max_size=3),
                st.none() | st.sampled_from(["emergency", "crisis"]),
            ),
        ),
    )


def to_event(move: tuple[str, object], state: State, version: str) -> Event:
    kind, arg = move
    if kind == "current":
        return Press(arg, state.here, version)  # type: ignore[arg-type]
    if kind == "stale":
        action, frame = arg  # type: ignore[misc]
        return Press(action, frame, "000000")
    if kind == "command":
        return Command(arg)  # type: ignore[arg-type]
    if kind == "start":
        return Start(arg)  # type: ignore[arg-type]
    option, target, suggestions, safety = arg  # type: ignore[misc]
    hit = SafetyHit(safety, "rule") if safety else None
    return Typed(Understanding(hit, option, target, tuple(suggestions), None, None, "en"))


def test_random_journeys_always_point_at_existing_nodes(shipped: Library) -> None:
    content = shipped.content
    frames = [Frame(f.id, n) for f in content.flows.values() for n in f.nodes]
    frames.append(Frame("nowhere", "gone"))

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(moves(frames), min_size=1, max_size=40))
    def journey(sequence: list[tuple[str, object]]) -> None:
        state = State()
        for move in sequence:
            event = to_event(move, state, content.version)
            result = step(content, state, event, NOW)
            # The one silent press: Main menu tapped elsewhere by a person who is looking at
            # the main menu already (the second tap of a double tap).
            menu_again = (
                isinstance(event, Press)
                and event.action == Navigate(Nav.MENU)
                and state.chosen_lang is not None
                and state.stack == (HOME,)
                and result.state == state
            )
            state = result.state
            assert result.replies or menu_again, f"no reply to {move}"
            for frame in (*state.stack, *state.offers):
                assert content.node(frame.flow, frame.node), f"{frame} does not exist"
            assert len(set(state.stack)) == len(state.stack), "a frame twice on the stack"
            back = step(content, state, Command(Nav.BACK), NOW)
            assert back.replies
            if len(state.stack) > 1:
                assert back.state.stack == state.stack[:-1]

    journey()
