"""Keep a stored position valid when content changes under a person (pure)."""

from __future__ import annotations

from dataclasses import replace

from bot.core.model import Content
from bot.core.state import Frame, State


def resolve(content: Content, frame: Frame) -> Frame | None:
    """The frame as it is called in this content (following aliases), or None if gone."""
    flow = content.flows.get(frame.flow)
    if flow is None:
        return None
    node = flow.resolve(frame.node)
    return Frame(flow.id, node) if node else None


def reconcile(content: Content, state: State) -> tuple[State, bool]:
    """The state moved onto nodes that exist, and whether the person's place moved.

    Renamed nodes keep people in place through aliases. A node that is gone moves the
    person to the nearest frame below it on the stack that still exists, else the start
    of the same flow, else the main menu (the caller decides what to show).
    """
    if state.version == content.version and all(
        content.node(f.flow, f.node) for f in (*state.stack, *state.offers)
    ):
        return state, False
    resolved = [resolve(content, frame) for frame in state.stack]
    stack = tuple(frame for frame in resolved if frame is not None)
    moved = bool(state.stack) and resolved[-1] is None
    if moved and state.here and state.here.flow in content.flows:
        flow = content.flows[state.here.flow]
        start = Frame(flow.id, flow.start)
        stack = (*stack, start) if start not in stack else stack[: stack.index(start) + 1]
    offers = tuple(f for f in (resolve(content, o) for o in state.offers) if f is not None)
    return replace(state, stack=_dedupe(stack), offers=offers, version=content.version), moved


def _dedupe(stack: tuple[Frame, ...]) -> tuple[Frame, ...]:
    """Drop consecutive repeats that removing nodes can leave behind."""
    kept: list[Frame] = []
    for frame in stack:
        if not kept or kept[-1] != frame:
            kept.append(frame)
    return tuple(kept)
