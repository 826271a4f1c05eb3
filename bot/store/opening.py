"""Open the store DATABASE_URL names: the SQLite file, or PostgreSQL shared by replicas (I/O)."""

from __future__ import annotations

from bot.settings import Settings
from bot.store.base import ReportStore


async def open_store(settings: Settings) -> ReportStore:
    """The configured store, its schema brought up to date (PostgreSQL's driver is imported
    only when it is used, so the SQLite setup starts without it)."""
    if settings.postgres_url:
        from bot.store.postgres import PostgresStore

        return await PostgresStore.open(settings.postgres_url)
    from bot.store.sqlite import SqliteStore

    return await SqliteStore.open(settings.database_path)
