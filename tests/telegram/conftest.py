"""A fake Bot API server and our bot running against it, for each test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content.library import Library
from tests.fake_bot_api import FakeBotApi
from tests.telegram.harness import Harness


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
