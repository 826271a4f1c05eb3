"""A table's column names, read the way each store's database says them (test helper)."""

from __future__ import annotations

from bot.store.base import ReportStore
from bot.store.sqlite import SqliteStore


async def columns(store: ReportStore, table: str) -> list[str]:
    if isinstance(store, SqliteStore):
        return [str(row[1]) for row in await store.fetch(f"PRAGMA table_info({table})")]
    rows = await store.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", (table,)
    )
    return [str(row[0]) for row in rows]
