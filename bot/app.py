"""Wiring: settings, content, store, understanding and runner put together in one place."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path

from bot.console import Console
from bot.content.holder import ContentError, ContentHolder
from bot.content.library import REPOSITORY
from bot.runner import Runner
from bot.settings import Settings
from bot.store.sqlite import SqliteStore
from bot.understand.interpret import interpret

EXTRA_UI_KEYS: tuple[str, ...] = ()
"""UI strings that adapters need beyond the engine's own."""


def open_content(settings: Settings, root: Path = REPOSITORY) -> ContentHolder | None:
    """Load the content; print every problem and return None when it has errors."""
    try:
        holder = ContentHolder.open(root, settings.default_language, EXTRA_UI_KEYS)
    except ContentError as error:
        print(error, file=sys.stderr)
        print("The content has errors; fix them (python bot.py validate).", file=sys.stderr)
        return None
    for warning in holder.library.warnings:
        print(warning, file=sys.stderr)
    return holder


async def open_runner(settings: Settings, holder: ContentHolder) -> Runner:
    """A runner over the configured database."""
    store = await SqliteStore.open(settings.database_path)
    return Runner(holder, store, interpret)


def chat(settings: Settings, person: str, lang: str | None) -> int:
    """The terminal chat for one person; returns when input ends."""
    holder = open_content(settings)
    if holder is None:
        return 1

    async def session() -> None:
        runner = await open_runner(settings, holder)
        try:
            await Console(runner, f"console:{person}").run(sys.stdin, lang)
        finally:
            await runner.store.close()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(session())
    return 0
