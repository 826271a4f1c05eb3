"""Every store test runs on both stores: the SQLite file and a throwaway PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.store.base import ReportStore
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore

OpenStore = Callable[[], Awaitable[ReportStore]]
"""Opens (again) the test's one database; every store opened is closed after the test."""


@pytest.fixture(params=["sqlite", "postgres"])
async def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[OpenStore]:
    opened: list[ReportStore] = []
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")

        async def opener() -> ReportStore:
            opened.append(await PostgresStore.open(url, min_size=1, max_size=4))
            return opened[-1]
    else:

        async def opener() -> ReportStore:
            opened.append(await SqliteStore.open(tmp_path / "bot.sqlite3"))
            return opened[-1]

    yield opener
    for store in opened:
        await store.close()


@pytest.fixture
async def store(open_store: OpenStore) -> ReportStore:
    return await open_store()
