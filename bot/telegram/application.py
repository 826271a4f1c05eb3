"""Build python-telegram-bot's Application for our adapter: base URL, rate limits, commands."""

from __future__ import annotations

import logging

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.content.holder import ContentHolder
from bot.core.model import LANGUAGES, Content
from bot.runner import Runner
from bot.settings import Settings
from bot.store.sqlite import SqliteStore
from bot.telegram.handlers import COMMANDS, TelegramAdapter
from bot.telegram.request import AiohttpRequest
from bot.understand.interpret import build_now, interpret

log = logging.getLogger(__name__)

CONCURRENT_UPDATES = 256
"""Updates processed at once; one person's updates still run in order (the runner's lock)."""


def build_application(settings: Settings) -> Application:  # type: ignore[type-arg]
    """An Application talking to Telegram, or to TELEGRAM_BASE_URL when it is set.

    The rate limiter retries a 429 after Telegram's retry_after and keeps groups under 20
    messages a minute. Its overall 30/s limit is off for replies to people who just wrote
    (Telegram allows answering them); fan-out such as reminders paces itself.
    """
    builder: ApplicationBuilder = (  # type: ignore[type-arg]
        Application.builder()
        .token(settings.telegram_token)
        .rate_limiter(AIORateLimiter(overall_max_rate=0, max_retries=3))
        .concurrent_updates(CONCURRENT_UPDATES)
        .request(AiohttpRequest(connection_pool_size=CONCURRENT_UPDATES))
        .get_updates_request(AiohttpRequest(connection_pool_size=1))
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

    def __init__(self, settings: Settings, holder: ContentHolder) -> None:
        self.settings = settings
        self.holder = holder
        self.runner: Runner | None = None

    def __repr__(self) -> str:
        return f"TelegramBot(database={str(self.settings.database_path)!r})"

    async def setup(self, app: Application) -> None:  # type: ignore[type-arg]
        """Open the database, install handlers and set the command menu."""
        store = await SqliteStore.open(self.settings.database_path)
        build_now(self.holder.library)
        self.runner = Runner(self.holder, store, interpret)
        TelegramAdapter(self.runner, self.settings.staff_chat_id).install(app)
        await set_commands(app, self.holder.library.content)

    async def teardown(self, app: Application) -> None:  # type: ignore[type-arg]
        """Close the database."""
        if self.runner is not None:
            await self.runner.store.close()


def run(settings: Settings, holder: ContentHolder) -> int:
    """Long polling until SIGINT or SIGTERM; returns the exit code."""
    bot = TelegramBot(settings, holder)
    app = build_application(settings)
    app.post_init = bot.setup
    app.post_shutdown = bot.teardown
    app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0
