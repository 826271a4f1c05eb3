"""The real python-telegram-bot Application over our adapter, against the fake Bot API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from telegram.ext import Application

from bot.app import EXTRA_UI_KEYS
from bot.content.holder import ContentHolder
from bot.content.library import REPOSITORY, Library
from bot.runner import utc_now
from bot.settings import Settings
from bot.telegram.application import DUE_TICK, TelegramBot, build_application
from bot.telegram.polling import Polling
from bot.telegram.request import READ_TIMEOUT
from bot.telegram.webhook import WebhookServer
from tests.fake_bot_api import FakeBotApi

WEBHOOK_SECRET = "test-secret_0123456789"
WEBHOOK_PATH = "/telegram"


@dataclass
class Harness:
    """One running bot: start and stop it like the real `run` does, minus signals; over long
    polling, or over webhooks with `webhook` (the fake pushes updates to our server)."""

    api: FakeBotApi
    library: Library
    database: Path
    app: Application | None = None  # type: ignore[type-arg]
    bot: TelegramBot | None = None
    holder: ContentHolder | None = field(default=None)
    staff_chat_id: int | None = None
    admin_user_ids: frozenset[int] = frozenset()
    root: Path = REPOSITORY
    """Where the content is read again on /reload."""
    clock: Callable[[], dt.datetime] = utc_now
    """The bot's clock: a test may set the time and move it on."""
    tick: float = DUE_TICK
    """Seconds between two looks for due work (a test makes it short)."""
    ticket_quiet_hours: float = 24.0
    read_timeout: float = READ_TIMEOUT
    """Seconds the bot waits for an answer from the Bot API (a test of slow answers makes
    it short)."""
    retention_days: int = 365
    webhook: bool = False
    """Updates arrive at our webhook server (on a free port) rather than by long polling."""
    server: WebhookServer | None = None
    polling: Polling | None = None

    @property
    def settings(self) -> Settings:
        return Settings(
            telegram_token=self.api.token,
            telegram_base_url=self.api.base_url,
            database_path=self.database,
            staff_chat_id=self.staff_chat_id,
            admin_user_ids=self.admin_user_ids,
            ticket_quiet_hours=self.ticket_quiet_hours,
            retention_days=self.retention_days,
        )

    async def start(self) -> None:
        handoff = self.staff_chat_id is not None
        self.holder = ContentHolder(self.library, self.root, "he", EXTRA_UI_KEYS, handoff)
        self.bot = TelegramBot(self.settings, self.holder, clock=self.clock, tick=self.tick)
        self.app = build_application(self.settings, self.read_timeout)
        await self.app.initialize()
        await self.bot.setup(self.app)
        await self.app.start()
        if self.webhook:
            self.server = WebhookServer(self.app, self.bot, WEBHOOK_SECRET, WEBHOOK_PATH)
            await self.server.listen("127.0.0.1", 0)
            await self.server.register(self.webhook_url)
            return
        self.polling = Polling(self.app)
        await self.polling.start()

    @property
    def webhook_url(self) -> str:
        """Where the fake posts updates to, once the webhook server listens."""
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}{WEBHOOK_PATH}"

    async def stop(self) -> None:
        """A graceful stop: over webhooks, the updates in hand finish first (as on SIGTERM)."""
        assert self.app is not None and self.bot is not None
        if self.webhook:
            assert self.server is not None
            await self.server.stop()
            self.server = None
        else:
            assert self.polling is not None
            await self.polling.stop()
        await self.app.stop()
        await self.bot.teardown(self.app)
        await self.app.shutdown()
