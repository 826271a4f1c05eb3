"""What the rest of the bot needs from storage, as a Protocol (no I/O here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

from bot.core.replies import Effect
from bot.core.state import Frame, State


@dataclass(frozen=True, slots=True)
class TicketRecord:
    """One ticket (a conversation with the staff team) as the store keeps it: never what
    anyone wrote, only who asked, when, and who closed it."""

    id: int
    person: str
    lang: str
    role: str
    place: str
    opened_at: str
    last_at: str | None = None
    answered_at: str | None = None
    closed_at: str | None = None
    closed_by: str | None = None
    thread_id: int | None = None
    post_id: int | None = None
    """The ticket's first post in the staff chat; None until it got there."""


@dataclass(frozen=True, slots=True)
class DuePlan:
    """A person's reminder or check-in whose time has come (the scheduler wakes it)."""

    person: str
    id: int


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """Everything kept about one person, as shown to them by /privacy."""

    person: str
    state: State
    active: bool
    created_at: str
    updated_at: str
    open_handoffs: int
    tickets: tuple[TicketRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Activity:
    """The person did something today, speaking `lang` as `role` ("" when not said)."""

    lang: str
    role: str


@dataclass(frozen=True, slots=True)
class Journey:
    """How far the person's current visit to a journey has gone (kept with the person, so
    /delete erases it): the path's deepest page count and whether a topic page was reached."""

    flow: str
    pages: int
    topic: bool


@dataclass(frozen=True, slots=True)
class Progress:
    """Replace the person's current journey visit (None: they are not in a journey)."""

    journey: Journey | None


@dataclass(frozen=True, slots=True)
class JourneyStep:
    """Count one visit to a journey passing one step of its funnel (no person is linked)."""

    flow: str
    step: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Unsure:
    """Typed text answered with a menu of guesses: scrubbed, with the first guess, and not
    linked to the person."""

    text: str
    lang: str
    guess: Frame
    at: dt.datetime


Usage = Activity | Progress | JourneyStep | Unsure
"""What the runner records for staff reports beside the engine's effects."""


class Store(Protocol):
    """Durable storage of each person's state and of anonymous records for staff."""

    def hold(self, person: str) -> AbstractAsyncContextManager[None]:
        """Keep every other process away from the person until the block ends, so that one
        load, step and save run as one turn across replicas (PostgreSQL: an advisory lock;
        SQLite: one process owns the file, nothing to hold). Inside, `load` is never stale."""

    async def load(self, person: str) -> State | None:
        """The person's saved state, or None for someone new."""

    async def seen(self, person: str, update: int) -> bool:
        """Whether the person's Telegram update numbered `update` was already processed and
        saved (their latest update ids are kept in their row, erased with them)."""

    async def latest_update(self, person: str) -> int | None:
        """The id of the person's newest Telegram update that was saved, if any."""

    async def save(
        self,
        person: str,
        state: State,
        effects: Sequence[Effect | Usage],
        now: dt.datetime,
        by_person: bool = True,
        update: int | None = None,
    ) -> None:
        """Commit the state and the effects' records in one transaction, durably; a save for
        something the person did (`by_person`) also marks them reachable again. `update`,
        the Telegram update that caused it, is recorded in the same transaction, so a
        redelivered update is recognised (`seen`) and answered once."""

    async def lease(self, name: str, holder: str, until: dt.datetime, now: dt.datetime) -> bool:
        """Take or renew the lease `name` (e.g. the scheduler's) for `holder` until `until`;
        False while another holder's lease runs past `now`."""

    async def journey(self, person: str) -> Journey | None:
        """The person's current journey visit, if they are in one."""

    async def describe(self, person: str) -> PersonRecord | None:
        """What is kept about the person."""

    async def forget(self, person: str) -> bool:
        """Erase everything kept about the person; True when something was erased."""

    async def set_active(self, person: str, active: bool) -> None:
        """Mark the person reachable or not (e.g. they blocked the bot)."""

    async def open_ticket(self, person: str) -> TicketRecord | None:
        """The person's open ticket, if any."""

    async def ticket(self, ticket: int) -> TicketRecord | None:
        """The ticket numbered `ticket`, if it exists."""

    async def tickets_of(self, person: str) -> list[TicketRecord]:
        """Every ticket the person has had, oldest first."""

    async def open_tickets(self) -> list[TicketRecord]:
        """Every open ticket, oldest first."""

    async def quiet_tickets(self, before: dt.datetime) -> list[TicketRecord]:
        """Open tickets nobody wrote in since `before`."""

    async def ticket_for_message(self, chat_id: int, message_id: int) -> TicketRecord | None:
        """The ticket a staff chat message belongs to (its post, or a message relayed to it)."""

    async def ticket_for_thread(self, thread_id: int) -> TicketRecord | None:
        """The ticket whose forum topic is `thread_id`."""

    async def note_ticket_message(
        self, ticket: int, chat_id: int, message_id: int, thread_id: int | None = None
    ) -> None:
        """Remember that a staff chat message (and topic) belongs to the ticket."""

    async def due_plans(self, now: dt.datetime, limit: int) -> list[DuePlan]:
        """Up to `limit` unpaused plans due by `now`, soonest first, of reachable people."""

    async def purge(self, inactive_since: dt.date) -> int:
        """Erase everyone whose last save was before `inactive_since` (RETENTION_DAYS), with
        everything linked to them, as /delete does; returns how many people."""

    async def ping(self) -> None:
        """Raise unless the database answers (the webhook's health check)."""

    async def close(self) -> None:
        """Finish pending work and close the database."""


class ReportStore(Store, Protocol):
    """A store staff reports can read: both stores answer the same read-only queries."""

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """Rows of a read-only staff query, written with `?` placeholders."""

    async def schema_version(self) -> int:
        """The number of migrations applied."""
