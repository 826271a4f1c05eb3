"""Build python-telegram-bot's Application for our adapter: base URL, rate limits, commands.

Also the run edge: long polling (bot/telegram/polling.py), and SIGHUP publishing the content
on disk (as /reload does).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import signal
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial

from aiolimiter import AsyncLimiter
from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, CallbackContext

from bot.content.holder import ContentHolder
from bot.core.events import Due, DueKind
from bot.core.model import LANGUAGES, Content
from bot.runner import Runner, utc_now
from bot.settings import Settings
from bot.staff.reload import Reloaded, Reloader, report
from bot.staff.summary import summary
from bot.store.base import DuePlan
from bot.store.opening import open_store
from bot.telegram.handlers import COMMANDS, TelegramAdapter
from bot.telegram.polling import Polling
from bot.telegram.request import READ_TIMEOUT, AiohttpRequest
from bot.understand.readers import build_now, interpret

log = logging.getLogger(__name__)

CONCURRENT_UPDATES = 256
"""Updates processed at once; one person's updates still run in order (the runner's lock)."""
DUE_TICK = 60.0
"""Seconds between two looks for time-based work (tickets gone quiet, reminders, check-ins)."""
FAN_OUT_PER_SECOND = 25
"""Reminders and check-ins woken per second, evenly (no burst at the start): under
Telegram's 30 messages a second overall, leaving room for replies to people who are writing
(the rate limiter retries a 429)."""
FAN_OUT_AT_ONCE = 10
"""Reminders on their way at once, so that one need not wait for the send before it: the
pace holds while a turn (save and send) takes up to FAN_OUT_AT_ONCE / FAN_OUT_PER_SECOND
seconds, and slows down with a slower Telegram."""
DUE_BATCH = 500
"""Plans read in one query; after a full batch the next is read at once."""
SCHEDULER_LEASE = "scheduler"
"""Replicas sharing a database take turns at waking due work: whoever holds this lease."""
LEASE_TICKS = 3
LAPSED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""A lease given up: free for the next replica, whatever its clock says."""
"""The scheduler's lease lasts this many ticks and is renewed before each plan it wakes."""


def build_application(settings: Settings, read_timeout: float = READ_TIMEOUT) -> Application:  # type: ignore[type-arg]
    """An Application talking to Telegram, or to TELEGRAM_BASE_URL when it is set; an
    answer may take `read_timeout` seconds (getUpdates: that beyond its long-polling time).

    The rate limiter retries a 429 after Telegram's retry_after and keeps groups under 20
    messages a minute. Its overall 30/s limit is off for replies to people who just wrote
    (Telegram allows answering them); fan-out such as reminders paces itself
    (FAN_OUT_PER_SECOND, in `TelegramBot.wake_due`).
    """
    builder: ApplicationBuilder = (  # type: ignore[type-arg]
        Application.builder()
        .token(settings.telegram_token)
        .rate_limiter(AIORateLimiter(overall_max_rate=0, max_retries=3))
        .concurrent_updates(CONCURRENT_UPDATES)
        .request(AiohttpRequest(CONCURRENT_UPDATES, read_timeout=read_timeout))
        .get_updates_request(AiohttpRequest(1, read_timeout=read_timeout))
        .updater(None)  # our own polling (bot/telegram/polling.py) or webhook
    )
    if settings.telegram_base_url:
        base = settings.telegram_base_url.rstrip("/")
        builder = builder.base_url(base)
        if base.endswith("/bot"):
            builder = builder.base_file_url(base[: -len("/bot")] + "/file/bot")
    return builder.build()


async def set_commands(app: Application, content: Content) -> None:  # type: ignore[type-arg]
    """The command menu in every language, and in the default language for everyone else."""
    for lang in (*LANGUAGES, None):
        words = lang or content.default_language
        commands = [
            BotCommand(name, content.ui_text(f"command_{name}", words)) for name in COMMANDS
        ]
        try:
            await app.bot.set_my_commands(commands, language_code=lang)
        except TelegramError as error:  # a command menu is a courtesy, not a reason to stop
            log.warning("could not set the command menu (%s): %s", lang, type(error).__name__)


class TelegramBot:
    """Opens the store and installs the handlers when the Application starts; closes after."""

    def __init__(
        self,
        settings: Settings,
        holder: ContentHolder,
        clock: Callable[[], dt.datetime] = utc_now,
        tick: float = DUE_TICK,
    ) -> None:
        self.settings = settings
        self.holder = holder
        self.reloader = Reloader(holder)
        self.clock = clock
        self.tick = tick
        self.runner: Runner | None = None
        self.adapter: TelegramAdapter | None = None
        self.app: Application | None = None  # type: ignore[type-arg]
        self._signalled: set[asyncio.Task[Reloaded]] = set()
        self._scheduler: asyncio.Task[None] | None = None
        self._pace = AsyncLimiter(1, 1 / FAN_OUT_PER_SECOND)  # one at a time: no burst
        self._sends = AsyncLimiter(1, 1 / FAN_OUT_PER_SECOND)
        """The fan-out's messages themselves, evenly: turns started at the pace above can
        bunch up behind a slow save, their messages must not."""
        self.name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        """This process among replicas, as the scheduler's lease names its holder."""
        self._purged_on: dt.date | None = None

    def __repr__(self) -> str:
        return f"TelegramBot(database={str(self.settings.database_path)!r})"

    async def setup(self, app: Application) -> None:  # type: ignore[type-arg]
        """Open the database, install handlers and set the command menu."""
        store = await open_store(self.settings)
        build_now(self.holder.library)
        self.runner = Runner(self.holder, store, interpret, clock=self.clock)
        self.app = app
        self.adapter = TelegramAdapter(
            self.runner,
            self.settings.staff_chat_id,
            admins=self.settings.admin_user_ids,
            reload=self.reload,
            stats=partial(summary, store),
            fan_out=self._sends,
        )
        self.adapter.install(app)
        await set_commands(app, self.holder.library.content)
        self._scheduler = asyncio.create_task(self._wake_regularly(app))

    async def _wake_regularly(self, app: Application) -> None:  # type: ignore[type-arg]
        """The scheduler edge: at start (what fell due while the bot was away), then every
        `tick` seconds, hand due work to the runner."""
        context = CallbackContext(app)
        while True:
            try:
                await self.wake_due(context)
            except Exception as error:  # keep waking; the next tick tries again
                log.error("scheduled work failed: %s: %s", type(error).__name__, error)
            await asyncio.sleep(self.tick)

    async def wake_due(self, context: CallbackContext) -> int:  # type: ignore[type-arg]
        """Due work reaches the engine as `Due` events, each through the runner and the
        person's lock like a tap: tickets nobody wrote in for the quiet time, and reminders
        and check-ins whose time has come (kept in the store, so a restart loses none).
        Returns how many were due."""
        if self.runner is None or self.adapter is None:
            return 0
        if not await self._keep_lease():
            return 0  # another replica wakes them; a lapsed lease passes to the next to ask
        await self._purge_daily()
        woken = 0
        if self.settings.staff_chat_id is not None:
            quiet = dt.timedelta(hours=self.settings.ticket_quiet_hours)
            for ticket in await self.runner.store.quiet_tickets(self.clock() - quiet):
                await self.adapter.on_due(
                    context, ticket.person, Due(DueKind.TICKET_QUIET, ticket.id, quiet)
                )
                woken += 1
        return woken + await self._wake_plans(context)

    async def _wake_plans(self, context: CallbackContext) -> int:  # type: ignore[type-arg]
        """Wake every plan due now, batch after batch, at FAN_OUT_PER_SECOND with up to
        FAN_OUT_AT_ONCE on their way; each is tried once a look (one whose turn failed is
        tried again at the next tick). Returns how many were woken."""
        assert self.runner is not None
        tried: set[DuePlan] = set()
        sending: set[asyncio.Task[None]] = set()
        room = asyncio.Semaphore(FAN_OUT_AT_ONCE)
        try:
            while True:
                found = await self.runner.store.due_plans(self.clock(), DUE_BATCH)
                fresh = [plan for plan in found if plan not in tried]  # on its way: still due
                for plan in fresh:
                    if not await self._keep_lease():
                        return len(tried)  # this process stalled and another replica took over
                    await room.acquire()
                    await self._pace.acquire()
                    tried.add(plan)
                    task = asyncio.create_task(self._wake_plan(context, plan))
                    sending.add(task)
                    task.add_done_callback(sending.discard)
                    task.add_done_callback(lambda _: room.release())
                if len(found) < DUE_BATCH or not fresh:
                    return len(tried)
        finally:
            await asyncio.gather(*sending)  # those on their way finish, even at a stop

    async def _wake_plan(self, context: CallbackContext, plan: DuePlan) -> None:  # type: ignore[type-arg]
        """One plan's turn; its failure is logged and holds no one else."""
        assert self.adapter is not None
        try:
            await self.adapter.on_due(context, plan.person, Due(DueKind.PLAN, plan.id))
        except Exception as error:
            log.error("a reminder failed: %s: %s", type(error).__name__, error)

    async def _purge_daily(self) -> None:
        """Once a day, erase people inactive for RETENTION_DAYS (only a count is logged)."""
        if self.runner is None:
            return
        today = self.clock().astimezone(dt.UTC).date()
        if self._purged_on == today:
            return
        since = today - dt.timedelta(days=self.settings.retention_days)
        erased = await self.runner.store.purge(since)
        self._purged_on = today
        if erased:
            log.info("erased %d people inactive since before %s", erased, since.isoformat())

    async def _keep_lease(self, release: bool = False) -> bool:
        """Take or renew the scheduler's lease for three ticks (a replica killed while
        holding it is replaced within that time), or give it up at a clean stop."""
        if self.runner is None:
            return False
        now = self.clock()
        until = LAPSED if release else now + dt.timedelta(seconds=LEASE_TICKS * self.tick)
        return await self.runner.store.lease(SCHEDULER_LEASE, self.name, until, now)

    async def reload(self) -> Reloaded:
        """Publish the content on disk when it has no errors; then refresh the command menu."""
        result = await self.reloader.reload()
        if result.swapped and self.app is not None:
            await set_commands(self.app, self.holder.library.content)
        return result

    def reload_on_sighup(self) -> None:
        """Make SIGHUP publish the content on disk; the outcome goes to the log."""
        with contextlib.suppress(NotImplementedError, AttributeError):  # no SIGHUP on Windows
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._on_sighup)

    def _on_sighup(self) -> None:
        task = asyncio.create_task(self.reload())
        self._signalled.add(task)
        task.add_done_callback(self._log_reload)

    def _log_reload(self, task: asyncio.Task[Reloaded]) -> None:
        """Log what a SIGHUP reload did: every problem line when it kept the old content."""
        self._signalled.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("SIGHUP reload failed: %s: %s", type(error).__name__, error)
            return
        result = task.result()
        level = logging.INFO if result.swapped else logging.WARNING
        log.log(level, "SIGHUP: %s", report(result, retry="send SIGHUP"))

    async def teardown(self, app: Application) -> None:  # type: ignore[type-arg]
        """Stop listening for SIGHUP and close the database."""
        with contextlib.suppress(NotImplementedError, AttributeError, RuntimeError):
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
        if self._scheduler is not None:
            self._scheduler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._scheduler
        if self.runner is not None:
            with contextlib.suppress(Exception):  # the lease lapses by itself anyway
                await self._keep_lease(release=True)
            await self.runner.store.close()


@asynccontextmanager
async def running_bot(
    settings: Settings, holder: ContentHolder
) -> AsyncIterator[tuple[TelegramBot, Application]]:  # type: ignore[type-arg]
    """The bot started: database open, handlers installed, SIGHUP publishing content. At
    the end the Application stops, the database closes."""
    bot = TelegramBot(settings, holder)
    app = build_application(settings)
    await app.initialize()
    try:
        await bot.setup(app)
        await app.start()
        bot.reload_on_sighup()
        yield bot, app
    finally:
        if app.running:
            await app.stop()
        await bot.teardown(app)
        await app.shutdown()


async def until_signalled(serve: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run `serve` until SIGTERM or SIGINT sets the event it was given (a graceful stop)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    try:
        await serve(stop)
    finally:
        for number in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(RuntimeError):
                loop.remove_signal_handler(number)


async def serve_polling(settings: Settings, holder: ContentHolder, stop: asyncio.Event) -> None:
    """Poll until `stop` is set, then stop gracefully: finish the updates in hand and
    confirm them, then stop the bot."""
    async with running_bot(settings, holder) as (_, app):
        polling = Polling(app)
        await polling.start()
        try:
            await stop.wait()
        finally:
            await polling.stop()


def run(settings: Settings, holder: ContentHolder) -> int:
    """Long polling until SIGINT or SIGTERM; SIGHUP publishes new content. Returns the exit code."""
    asyncio.run(until_signalled(partial(serve_polling, settings, holder)))
    return 0
