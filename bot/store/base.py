"""What the rest of the bot needs from storage, as a Protocol (no I/O here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.core.replies import Effect
from bot.core.state import State


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """Everything kept about one person, as shown to them by /privacy."""

    person: str
    state: State
    active: bool
    created_at: str
    updated_at: str
    open_handoffs: int


class Store(Protocol):
    """Durable storage of each person's state and of anonymous records for staff."""

    async def load(self, person: str) -> State | None:
        """The person's saved state, or None for someone new."""

    async def save(
        self, person: str, state: State, effects: Sequence[Effect], now: dt.datetime
    ) -> None:
        """Commit the state and the effects' records in one transaction, durably."""

    async def describe(self, person: str) -> PersonRecord | None:
        """What is kept about the person."""

    async def forget(self, person: str) -> bool:
        """Erase everything kept about the person; True when something was erased."""

    async def set_active(self, person: str, active: bool) -> None:
        """Mark the person reachable or not (e.g. they blocked the bot)."""

    async def close(self) -> None:
        """Finish pending work and close the database."""
