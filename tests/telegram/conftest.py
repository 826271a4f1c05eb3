"""A fake Bot API server and our bot running against it, for each test; and a check that
nothing logged meanwhile holds what a test user typed, or the bot token."""

from __future__ import annotations

import inspect
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.content.library import Library
from tests.fake_bot_api import FakeBotApi
from tests.telegram.harness import Harness

SHORTEST = 8
"""Typed texts shorter than this (after trimming) are not looked for: "yes", "1"."""
CHUNK = 24
"""A long typed text is looked for in pieces this long, so that a log line holding only a
part of it (an error message cut at 200 characters) is caught too."""
MESSAGES = ("message", "edited_message", "channel_post", "edited_channel_post", "business_message")
"""Updates whose text or caption a person typed."""
TOKEN = str(inspect.signature(FakeBotApi).parameters["token"].default)
"""The token tests run the bot with, unless a test chose another."""


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    """A fake Bot API server; no test may leave a spec violation behind."""
    server = FakeBotApi()
    await server.start()
    yield server
    await server.stop()
    assert [str(v) for v in server.violations] == []


@pytest.fixture
async def bot(api: FakeBotApi, shipped: Library, tmp_path: Path) -> AsyncIterator[Harness]:
    """Our bot, polling the fake server, over a fresh database."""
    harness = Harness(api, shipped, tmp_path / "bot.sqlite3")
    await harness.start()
    yield harness
    await harness.stop()


class Typed:
    """What the test users sent through every FakeBotApi during one test, and its tokens."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.tokens: set[str] = {TOKEN}

    def record(self, api: FakeBotApi, update: dict[str, Any]) -> None:
        self.tokens.add(api.token)
        for kind in MESSAGES:
            message = update.get(kind)
            if isinstance(message, dict):
                self.texts += [str(message.get(key) or "") for key in ("text", "caption")]
        for kind in ("inline_query", "chosen_inline_result"):
            query = update.get(kind)
            if isinstance(query, dict):
                self.texts.append(str(query.get("query") or ""))

    def probes(self) -> set[str]:
        """The pieces of typed text to look for: each text (not a short command), and each
        CHUNK of a long one; and the tokens."""
        found = set(self.tokens)
        for text in self.texts:
            text = text.strip()
            if len(text) < SHORTEST or (text.startswith("/") and len(text) < CHUNK):
                continue
            found.add(text)
            found.update(text[i : i + CHUNK] for i in range(0, len(text) - CHUNK + 1, CHUNK))
        return found


class Records(logging.Handler):
    """Every log record, formatted as it would be written (with its traceback)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.records: list[tuple[logging.LogRecord, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            shown = self.format(record)
        except Exception as error:  # a record that cannot be formatted is still kept
            shown = f"{record.msg!r} {record.args!r} ({type(error).__name__})"
        self.records.append((record, shown))


@pytest.fixture(autouse=True)
def logs_hold_nothing_typed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Capture every log record while the test runs (the bot's own loggers at DEBUG, all
    others at INFO, the level `run` logs at) and fail when one holds text a test user typed
    or the bot token. Typed texts are collected as the fake Bot API receives them."""
    typed = Typed()
    push = FakeBotApi.push_update

    def recording_push(api: FakeBotApi, update: dict[str, Any]) -> int:
        typed.record(api, update)
        return push(api, update)

    monkeypatch.setattr(FakeBotApi, "push_update", recording_push)
    handler = Records()
    root, ours = logging.getLogger(), logging.getLogger("bot")
    levels = root.level, ours.level
    root.addHandler(handler)
    root.setLevel(min(root.level, logging.INFO))
    ours.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(levels[0])
        ours.setLevel(levels[1])
    probes = typed.probes()
    for record, shown in handler.records:
        leaked = next((probe for probe in probes if probe in shown), None)
        if leaked is not None:
            what = "the bot token" if leaked in typed.tokens else f"typed text {leaked[:60]!r}"
            pytest.fail(
                f"{record.pathname}:{record.lineno}: the {record.levelname} log record of "
                f"{record.name!r} holds {what}: {shown[:300]!r}. Log what happened (the kind "
                "of error, counts, ids), never what people wrote, nor the token.",
                pytrace=False,
            )
