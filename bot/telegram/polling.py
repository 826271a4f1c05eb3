"""Long polling that confirms an update to Telegram only once it was processed (I/O).

python-telegram-bot's Updater confirms each batch at its next getUpdates, while the updates
are still being processed: a process killed then loses them, and with them perhaps an
emergency someone typed. Here the offset never passes an update in hand, so a killed process
gets its unfinished updates again at restart; the store recognises those already saved
(`Store.seen`), so each is answered once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

log = logging.getLogger(__name__)
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'")
"""getUpdates goes through Bot.do_api_request on purpose: raw JSON (see `Polling._fetch`)."""

POLL_SECONDS = 10
"""How long one getUpdates waits for news when nothing is in hand."""
BATCH = 100
"""Updates asked for at once (Telegram's maximum); also the most in hand at once."""
RECHECK_SECONDS = 0.025
"""While every fetched update is still in hand, wait this long, and for one to finish or
this long again, before looking again (Telegram returns unconfirmed updates at once, so a
long poll cannot wait for news then)."""
BACKOFF = (0.5, 1.0, 2.0, 4.0)
"""Seconds to wait after a failed getUpdates, growing; the last repeats until it works."""
DRAIN_SECONDS = 8.0
"""At a stop, how long updates in hand may take to finish."""


class Polling:
    """Fetches updates and hands each to the Application, at most BATCH at once."""

    def __init__(self, app: Application) -> None:  # type: ignore[type-arg]
        self.app = app
        self._in_hand: dict[int, asyncio.Task[None]] = {}
        self._done: set[int] = set()
        self._next = 0
        """The update id after the highest fetched so far (0: none yet)."""
        self._confirmed = 0
        """The offset of the last getUpdates that answered: Telegram forgot the ones before."""
        self._finished = asyncio.Event()
        self._loop: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        return f"Polling(in_hand={len(self._in_hand)}, next={self._next})"

    @property
    def offset(self) -> int | None:
        """What getUpdates confirms: every update before the first still in hand."""
        if self._in_hand:
            return min(self._in_hand)
        return self._next or None

    async def start(self) -> None:
        """Start fetching in the background."""
        self._loop = asyncio.create_task(self._run())

    async def stop(self, drain: float = DRAIN_SECONDS) -> None:
        """Stop fetching, let the updates in hand finish, and confirm them to Telegram."""
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
        if self._in_hand:
            _, late = await asyncio.wait(list(self._in_hand.values()), timeout=drain)
            if late:
                log.warning("stopping: %d update(s) cut off; Telegram sends them again", len(late))
        if self.offset is not None:
            with contextlib.suppress(TelegramError):
                await self.app.bot.get_updates(offset=self.offset, timeout=0, limit=1)

    async def _run(self) -> None:
        failures = 0
        started = False  # the first look returns at once: what waited while the bot was away
        while True:
            offset = self.offset
            try:
                updates = await self._fetch(
                    offset, POLL_SECONDS if started and not self._in_hand else 0
                )
            except InvalidToken:
                log.error("Telegram refused the token: polling stops")
                raise
            except RetryAfter as error:
                await asyncio.sleep(_seconds(error.retry_after))
                continue
            except (NetworkError, Conflict) as error:  # unreachable, timed out, or a webhook
                wait = BACKOFF[min(failures, len(BACKOFF) - 1)]
                failures += 1
                log.warning("getUpdates failed (%s); again in %.1f s", type(error).__name__, wait)
                await asyncio.sleep(wait)
                continue
            failures, started = 0, True
            self._confirmed = max(self._confirmed, offset or 0)
            self._done = {n for n in self._done if n >= self._confirmed}
            fresh = 0
            for data in updates:  # a copy sent twice in one batch is taken once
                if not isinstance(data, dict):
                    continue
                number = data.get("update_id")
                if isinstance(number, int) and self._fresh(number):
                    update = Update.de_json(data, self.app.bot)
                    if update is not None:
                        self._take(update)
                        fresh += 1
            if not fresh and self._in_hand:
                self._finished.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._finished.wait(), RECHECK_SECONDS)
                await asyncio.sleep(RECHECK_SECONDS)  # not once per finished update

    async def _fetch(self, offset: int | None, timeout: int) -> list[object]:
        """One getUpdates, as raw JSON: those still in hand come back at every look, and only
        the new ones are worth decoding (half a millisecond each)."""
        kwargs: dict[str, object] = {
            "limit": BATCH,
            "timeout": timeout,
            "allowed_updates": list(Update.ALL_TYPES),
        }
        if offset is not None:
            kwargs["offset"] = offset
        read = self.app.bot.request.read_timeout or 0.0
        result = await self.app.bot.do_api_request(
            "getUpdates", api_kwargs=kwargs, read_timeout=read + timeout
        )
        return list(result) if isinstance(result, list) else []

    def _fresh(self, number: int) -> bool:
        """Neither in hand nor done: an update met for the first time."""
        return (
            number >= self._confirmed and number not in self._in_hand and number not in self._done
        )

    def _take(self, update: Update) -> None:
        number = update.update_id
        self._next = max(self._next, number + 1)
        processing = self.app.update_processor.process_update(
            update, self.app.process_update(update)
        )
        task = asyncio.create_task(processing)
        self._in_hand[number] = task
        task.add_done_callback(lambda _: self._release(number))

    def _release(self, number: int) -> None:
        self._in_hand.pop(number, None)
        self._done.add(number)  # until Telegram has forgotten it (see `_confirmed`)
        self._finished.set()


def _seconds(retry_after: object) -> float:
    """RetryAfter's wait as seconds (an int, or a timedelta in newer releases)."""
    total = getattr(retry_after, "total_seconds", None)
    return float(total()) if callable(total) else float(str(retry_after))
