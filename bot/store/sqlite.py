"""The SQLite store: aiosqlite, WAL, foreign keys, migrations; the only module with SQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import aiosqlite

from bot.core.replies import (
    Effect,
    OpenHandoff,
    RecordAlert,
    RecordAnswer,
    RecordMiss,
    RecordVisit,
)
from bot.core.state import State
from bot.store.base import PersonRecord
from bot.store.migrations import MIGRATIONS


def _minute(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")


class SqliteStore:
    """Each person's state and the staff records, in one SQLite file."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._writing = asyncio.Lock()  # one connection: transactions must not interleave

    def __repr__(self) -> str:
        return f"SqliteStore(path={str(self.path)!r})"

    @classmethod
    async def open(cls, path: Path) -> SqliteStore:
        """Open (creating if needed) the database at `path` and bring its schema up to date."""
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path, isolation_level=None)
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=FULL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=5000",
        ):
            await connection.execute(pragma)
        store = cls(connection, path)
        await store._migrate()
        return store

    async def _migrate(self) -> None:
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        current = int(row[0]) if row else 0
        for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
            await self._db.executescript(f"BEGIN; {script}; PRAGMA user_version={number}; COMMIT;")

    async def schema_version(self) -> int:
        """The number of migrations applied."""
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def load(self, person: str) -> State | None:
        """The person's saved state, or None for someone new (or unreadable state)."""
        async with self._db.execute("SELECT state FROM people WHERE person = ?", (person,)) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except ValueError:
            return State()
        return State.from_dict(data) if isinstance(data, dict) else State()

    async def save(
        self, person: str, state: State, effects: Sequence[Effect], now: dt.datetime
    ) -> None:
        """Commit the state and the effects' records in one durable transaction."""
        stamp = now.astimezone(dt.UTC).isoformat(timespec="seconds")
        payload = json.dumps(state.to_dict(), ensure_ascii=False, separators=(",", ":"))
        async with self._writing:
            await self._transaction(person, payload, stamp, effects)

    async def _transaction(
        self, person: str, payload: str, stamp: str, effects: Sequence[Effect]
    ) -> None:
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            await self._db.execute(
                "INSERT INTO people (person, state, active, created_at, updated_at)"
                " VALUES (?, ?, 1, ?, ?) ON CONFLICT(person) DO UPDATE SET"
                " state = excluded.state, active = 1, updated_at = excluded.updated_at",
                (person, payload, stamp, stamp),
            )
            for effect in effects:
                await self._apply(person, effect)
            await self._db.execute("COMMIT")
        except BaseException:
            await self._db.execute("ROLLBACK")
            raise

    async def _apply(self, person: str, effect: Effect) -> None:
        if isinstance(effect, RecordVisit):
            await self._db.execute(
                "INSERT INTO visits (day, flow, node, count) VALUES (?, ?, ?, 1)"
                " ON CONFLICT(day, flow, node) DO UPDATE SET count = count + 1",
                (effect.at.date().isoformat(), effect.frame.flow, effect.frame.node),
            )
        elif isinstance(effect, RecordAlert):
            await self._db.execute(
                "INSERT INTO alerts (at, kind, rule_id, lang) VALUES (?, ?, ?, ?)",
                (_minute(effect.at), effect.kind, effect.rule_id, effect.lang),
            )
        elif isinstance(effect, RecordMiss):
            await self._db.execute(
                "INSERT INTO misses (at, lang, text) VALUES (?, ?, ?)",
                (_minute(effect.at), effect.lang, effect.text),
            )
        elif isinstance(effect, OpenHandoff):
            await self._db.execute(
                "INSERT INTO handoffs (person, lang, opened_at) VALUES (?, ?, ?)",
                (person, effect.lang, _minute(effect.at)),
            )
        elif isinstance(effect, RecordAnswer):
            pass  # answers live in the state itself; nothing else keeps them

    async def record(self, person: str | None, name: str, value: str) -> None:
        """Count one anonymous event by day (the person is not stored)."""
        day = dt.datetime.now(dt.UTC).date().isoformat()
        async with self._writing:
            await self._db.execute(
                "INSERT INTO counters (day, name, value, count) VALUES (?, ?, ?, 1)"
                " ON CONFLICT(day, name, value) DO UPDATE SET count = count + 1",
                (day, name, value),
            )

    async def describe(self, person: str) -> PersonRecord | None:
        """What is kept about the person."""
        async with self._db.execute(
            "SELECT state, active, created_at, updated_at FROM people WHERE person = ?", (person,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        async with self._db.execute(
            "SELECT COUNT(*) FROM handoffs WHERE person = ? AND closed_at IS NULL", (person,)
        ) as cursor:
            open_row = await cursor.fetchone()
        state = await self.load(person) or State()
        return PersonRecord(
            person=person,
            state=state,
            active=bool(row[1]),
            created_at=str(row[2]),
            updated_at=str(row[3]),
            open_handoffs=int(open_row[0]) if open_row else 0,
        )

    async def forget(self, person: str) -> bool:
        """Erase the person and everything linked to them (hand-offs cascade)."""
        async with self._writing:
            cursor = await self._db.execute("DELETE FROM people WHERE person = ?", (person,))
        return cursor.rowcount > 0

    async def set_active(self, person: str, active: bool) -> None:
        """Mark the person reachable or not."""
        async with self._writing:
            await self._db.execute(
                "UPDATE people SET active = ? WHERE person = ?", (1 if active else 0, person)
            )

    async def is_active(self, person: str) -> bool:
        """Whether the bot may send to the person (False after they blocked it)."""
        async with self._db.execute(
            "SELECT active FROM people WHERE person = ?", (person,)
        ) as cursor:
            row = await cursor.fetchone()
        return bool(row[0]) if row else True

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """Rows of a read-only staff query (reports)."""
        async with self._db.execute(sql, tuple(params)) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def close(self) -> None:
        """Checkpoint and close."""
        await self._db.close()
