"""Who new content would move: people on removed or renamed places, and where they land.

`impact()` and `lines()` are pure: they take the stored states and the new content and
ask reconcile (bot/core/reconcile.py) where each person would be, so the report says
exactly what the bot will do at that person's next message. `stored_states()` is the thin
edge that reads the states from the database, opened read-only.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import aiosqlite

from bot.core.engine import entry_frame
from bot.core.model import Content
from bot.core.reconcile import reconcile
from bot.core.state import Frame, State
from bot.store.base import ReportStore
from bot.store.sqlite import SqliteStore

STATES_SQL = "SELECT state FROM people"


class Change(Enum):
    """What the new content does to the place a person stands on."""

    REMOVED = "removed"
    RENAMED = "renamed"


@dataclass(frozen=True, slots=True)
class Move:
    """One group: people standing on `place`, which the new content changes, land on `lands`."""

    place: Frame
    change: Change
    lands: Frame


@dataclass(frozen=True, slots=True)
class Impact:
    """How many people each move takes, and how many people have a place at all."""

    moves: tuple[tuple[Move, int], ...]
    placed: int

    @property
    def moved(self) -> int:
        """People whose place the new content removes or renames."""
        return sum(count for _, count in self.moves)

    def count(self, change: Change) -> int:
        """People on places the new content changes this way."""
        return sum(count for move, count in self.moves if move.change is change)


def move_of(content: Content, state: State) -> Move | None:
    """Where the person in `state` lands under `content`, if their place is removed or renamed."""
    here = state.here
    if here is None:
        return None
    flow = content.flows.get(here.flow)
    now_called = flow.resolve(here.node) if flow is not None else None
    if now_called == here.node:
        return None
    reconciled, _ = reconcile(content, state)
    lands = reconciled.here or entry_frame(content)  # an empty stack shows the main menu
    return Move(here, Change.RENAMED if now_called else Change.REMOVED, lands)


def impact(content: Content, states: Iterable[State]) -> Impact:
    """Group everyone whose place `content` removes or renames by place and landing."""
    counts: Counter[Move] = Counter()
    placed = 0
    for state in states:
        if state.here is None:
            continue
        placed += 1
        move = move_of(content, state)
        if move is not None:
            counts[move] += 1
    moves = sorted(counts.items(), key=lambda i: (-i[1], str(i[0].place), str(i[0].lands)))
    return Impact(tuple(moves), placed)


def people(count: int) -> str:
    """'1 person', '12 people'."""
    return f"{count} {'person' if count == 1 else 'people'}"


def lines(result: Impact) -> list[str]:
    """One line per group, largest first, then the total."""
    shown = [
        f"{people(count)} on {move.place} ({move.change.value}) -> {move.lands}"
        for move, count in result.moves
    ]
    if not result.moved:
        return [
            f"total: nobody stands on a place this content removes or renames"
            f" ({people(result.placed)} with a kept place)"
        ]
    removed, renamed = result.count(Change.REMOVED), result.count(Change.RENAMED)
    return [
        *shown,
        f"total: {people(result.moved)} of {result.placed} with a kept place would move"
        f" ({removed} on removed places, {renamed} on renamed ones)",
    ]


async def states_in(store: ReportStore) -> list[State]:
    """Every person's stored state, read through an open store."""
    return [_state(row[0]) for row in await store.fetch(STATES_SQL)]


async def stored_states(path: Path) -> list[State]:
    """Every person's stored state, read from the database at `path` without changing it."""
    connection = await aiosqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    store = SqliteStore(connection, path)  # opened as is: no migration, no write
    try:
        rows = await store.fetch(STATES_SQL)
    finally:
        await store.close()
    return [_state(row[0]) for row in rows]


def _state(payload: object) -> State:
    """A stored state; unreadable ones count as no place (as the store's own load does)."""
    try:
        data = json.loads(str(payload))
    except ValueError:
        return State()
    return State.from_dict(data) if isinstance(data, dict) else State()
