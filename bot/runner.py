"""Runs one event for one person: lock, load, understand, step, save, deliver (async I/O).

Two events from the same person are never processed at the same time (a lock per
person in this process, and the store's hold across processes), so taps are handled in
order; different people run concurrently. The new state is committed before any reply is
delivered, so an acknowledged position is never lost; a Telegram update delivered again
(after a crash, or to another replica) is recognised by its id and answered once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

from bot.content.holder import ContentHolder
from bot.content.library import Library
from bot.core import reminders
from bot.core.calendar import local_day
from bot.core.engine import step
from bot.core.events import Due, Event, StaffClose, StaffReply, Typed, Understanding
from bot.core.replies import ReplyKind, Transition
from bot.core.state import State, Ticket
from bot.staff import usage
from bot.store.base import Store
from bot.understand.dates import read_date

Understand = Callable[[Library, State, str, dt.date], Understanding]
Deliver = Callable[[Transition], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class TypedText:
    """Text a person typed, not yet understood."""

    text: str


Incoming = Event | TypedText


def utc_now() -> dt.datetime:
    """The current time in UTC."""
    return dt.datetime.now(dt.UTC)


REPEATED = Transition(State(), ())
"""What `Runner.handle` returns for an update it already processed: nothing to do or say."""

NOT_THEIRS = (StaffReply, StaffClose, Due)
"""Events the person did not make (staff, the clock): they do not count them as active."""


class Runner:
    """The one place where an event meets the content, the engine and the store."""

    def __init__(
        self,
        holder: ContentHolder,
        store: Store,
        understand: Understand,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.holder = holder
        self.store = store
        self.understand = understand
        self.clock = clock
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiting: dict[str, int] = {}

    def __repr__(self) -> str:
        return f"Runner(holder={self.holder!r}, store={self.store!r})"

    @asynccontextmanager
    async def person_lock(self, person: str) -> AsyncIterator[None]:
        """Hold the person's lock; locks of people nobody waits for are dropped."""
        lock = self._locks.setdefault(person, asyncio.Lock())
        self._waiting[person] = self._waiting.get(person, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[person] -= 1
            if not self._waiting[person]:
                del self._waiting[person]
                del self._locks[person]

    @asynccontextmanager
    async def turn(self, person: str) -> AsyncIterator[None]:
        """The person's turn: their lock here, then the store's hold across processes."""
        async with self.person_lock(person), self.store.hold(person):
            yield

    async def forget(self, person: str) -> None:
        """Erase everything kept about `person`, in turn with their updates."""
        async with self.turn(person):
            await self.store.forget(person)

    async def handle(
        self,
        person: str,
        incoming: Incoming,
        deliver: Deliver | None = None,
        update: int | None = None,
    ) -> Transition:
        """Process one event for `person`; deliver the replies after the state is saved.
        `update` is the Telegram update it came in: one already processed gets no answer."""
        async with self.turn(person):
            if update is not None and await self.store.seen(person, update):
                await self._again(person, incoming, update, deliver)
                return REPEATED
            loaded = await self.store.load(person)
            if loaded is None and isinstance(incoming, NOT_THEIRS):
                return Transition(State(), ())  # they erased everything: nothing to answer
            state = loaded or State()
            library = self.holder.library
            now = self.clock()
            event: Event
            if isinstance(incoming, TypedText):
                event = self._typed(library, state, incoming.text, now)
            else:
                event = incoming
            transition = step(library.content, state, event, now)
            if isinstance(event, NOT_THEIRS) and not transition.effects:
                return transition  # nothing happened to them: nothing to save or say
            typed = incoming.text if isinstance(incoming, TypedText) else None
            try:
                journey = await self.store.journey(person)
                content = library.content
                counted = (
                    ()
                    if isinstance(event, NOT_THEIRS)
                    else usage.records(content, event, transition.state, journey, now, typed)
                )
                await self.store.save(
                    person,
                    transition.state,
                    (*transition.effects, *counted),
                    now,
                    by_person=not isinstance(event, NOT_THEIRS),
                    update=update,
                )
            except Exception:
                # Emergency and crisis replies go out even when the database fails.
                if deliver is not None and any(
                    r.kind is ReplyKind.ALERT for r in transition.replies
                ):
                    await deliver(transition)
                raise
            if deliver is not None:
                await deliver(transition)
            return transition

    async def _again(
        self, person: str, incoming: Incoming, update: int, deliver: Deliver | None
    ) -> None:
        """An update processed before, delivered again: its process stopped after saving,
        before or after its answer went out (more often after: the answer was on its way).
        Only an emergency is answered again, when it is the person's latest: an alarm seen
        twice is better than one lost. Nothing is saved."""
        if deliver is None or not isinstance(incoming, TypedText):
            return
        if await self.store.latest_update(person) != update:
            return
        state = await self.store.load(person) or State()
        library, now = self.holder.library, self.clock()
        typed = self._typed(library, state, incoming.text, now)
        if typed.understanding.safety is not None:
            await deliver(replace(step(library.content, state, typed, now), effects=()))

    def read(self, library: Library, state: State, text: str) -> Understanding:
        """What `text`, typed in `state`, means on this day of the bot's clock."""
        return self.understand(
            library, state, text, local_day(self.clock(), library.content.quiet.zone)
        )

    def _typed(self, library: Library, state: State, text: str, now: dt.datetime) -> Typed:
        """Typed text, understood. For the staff team (a ticket asked for or open) only the
        safety check counts, and the text goes with the event to be relayed, never kept.
        While the person is asked for an appointment's day, the day the text names too."""
        today = local_day(now, library.content.quiet.zone)
        understood = self.understand(library, state, text, today)
        if reminders.awaits_date(library.content, state):
            understood = replace(understood, date=read_date(text, today))
        if state.ticket is Ticket.NONE:
            return Typed(understood)
        return Typed(Understanding(safety=understood.safety, lang=understood.lang), text)
