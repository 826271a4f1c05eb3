"""People inactive for RETENTION_DAYS are erased by the daily job; active people are kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from telegram.ext import CallbackContext

from bot.content.library import Library
from tests.fake_bot_api import FakeBotApi
from tests.telegram.harness import Harness
from tests.telegram.test_journeys import USER, start_in_english
from tests.telegram.test_tickets import Clock

START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
OTHER = USER + 1


async def test_the_daily_job_erases_people_gone_quiet_for_the_retention_days(
    api: FakeBotApi, shipped: Library, tmp_path: Path
) -> None:
    clock = Clock(START)
    harness = Harness(api, shipped, tmp_path / "bot.sqlite3", clock=clock, retention_days=30)
    await harness.start()
    try:
        assert harness.bot is not None and harness.bot.runner is not None and harness.app
        bot, store = harness.bot, harness.bot.runner.store
        await start_in_english(api)  # the person who will go quiet
        clock.now = START + dt.timedelta(days=20)
        assert await api.send_and_wait(OTHER, "/start")  # someone who comes later
        assert await store.load(f"tg:{USER}") is not None

        clock.now = START + dt.timedelta(days=31)  # USER: 31 days quiet; OTHER: 11
        await bot.wake_due(CallbackContext(harness.app))

        assert await store.load(f"tg:{USER}") is None
        assert await store.describe(f"tg:{USER}") is None
        assert await store.load(f"tg:{OTHER}") is not None
        replies = await api.send_and_wait(USER, "/start")  # they may come back, as someone new
        assert replies
    finally:
        await harness.stop()
