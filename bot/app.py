"""Wiring: settings, content, store, understanding and runner put together in one place."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import signal
import sys
from pathlib import Path

from bot.content.holder import ContentError, ContentHolder
from bot.content.library import REPOSITORY
from bot.content.release import release_problems
from bot.runner import Runner
from bot.settings import Settings
from bot.store.opening import open_store
from bot.telegram.handlers import COMMANDS
from bot.telegram.staff_desk import STAFF_KEYS
from bot.understand import snapshot
from bot.understand.readers import build_now, interpret

EXTRA_UI_KEYS: tuple[str, ...] = (
    "help",
    "privacy",
    "nothing_kept",
    "delete_confirm",
    "delete_yes",
    "delete_no",
    "deleted",
    "delete_cancelled",
    "unsupported_media",
    "group_chat",
    "edited_message",
    "oncology_line",
    "something_went_wrong",
    *STAFF_KEYS,
    *(f"command_{name}" for name in COMMANDS),
)
"""UI strings that adapters need beyond the engine's own."""


def open_content(
    settings: Settings, root: Path = REPOSITORY, handoff: bool = False
) -> ContentHolder | None:
    """Load the content; print every problem and return None when it has errors.

    `handoff` tells the engine whether a staff chat receives requests to talk to a person.
    """
    try:
        holder = ContentHolder.open(
            root, settings.default_language, EXTRA_UI_KEYS, handoff, snapshot.prepared
        )
    except ContentError as error:
        print(error, file=sys.stderr)
        print("The content has errors; fix them (python bot.py validate).", file=sys.stderr)
        return None
    if holder.library.warnings:
        print(
            f"Content loaded with {len(holder.library.warnings)} warning(s), such as hospital"
            " details not filled in yet: see python bot.py validate.",
            file=sys.stderr,
        )
    return holder


async def open_runner(settings: Settings, holder: ContentHolder) -> Runner:
    """A runner over the configured database."""
    store = await open_store(settings)
    build_now(holder.library)
    return Runner(holder, store, interpret)


def chat(settings: Settings, person: str, lang: str | None) -> int:
    """The terminal chat for one person; returns when input ends."""
    holder = open_content(settings)
    if holder is None:
        return 1

    async def session() -> None:
        runner = await open_runner(settings, holder)
        try:
            from bot.console import Console  # the terminal chat: not loaded by `run`

            await Console(runner, f"console:{person}").run(sys.stdin, lang)
        finally:
            await runner.store.close()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(session())
    return 0


def run(settings: Settings, webhook: bool = False) -> int:
    """The Telegram bot, over webhooks when `webhook` or WEBHOOK_URL says so, else long
    polling; exit 2 without a token or on bad webhook settings, 1 when the content has errors."""
    if not settings.telegram_token:
        print(
            "TELEGRAM_BOT_TOKEN is not set. Put the token from @BotFather in .env"
            " (see .env.example), or use `python bot.py chat` to try the bot in the terminal.",
            file=sys.stderr,
        )
        return 2
    webhook = webhook or bool(settings.webhook_url)
    if webhook:
        from bot.telegram.webhook import webhook_problem

        problem = webhook_problem(settings)
        if problem is not None:
            print(problem, file=sys.stderr)
            return 2
    if hasattr(signal, "SIGHUP"):  # a request to reload must not stop a bot still starting
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    holder = open_content(settings, handoff=settings.staff_chat_id is not None)
    if holder is None:
        return 1
    not_ready = release_problems(holder.library.documents, dt.date.today())
    if not_ready:
        print(
            f"Not ready for release: {len(not_ready)} setting(s) or sign-off(s) missing;"
            " see `python bot.py validate --release`.",
            file=sys.stderr,
        )
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if webhook:
        from bot.telegram.webhook import run_webhook

        return run_webhook(settings, holder)
    from bot.telegram.application import run as run_telegram

    return run_telegram(settings, holder)
