"""The SQLite store: aiosqlite, WAL, foreign keys, migrations; the only module with SQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.core.replies import (
    Effect,
    OpenHandoff,
    RecordAlert,
    RecordMiss,
    RecordVisit,
)
from bot.core.state import State
from bot.store.base import PersonRecord
from bot.store.migrations import MIGRATIONS

CACHE_SIZE = 10_000
"""States kept in memory; older ones are read from the database again."""


@dataclass(frozen=True, slots=True)
class _Save:
    """One person's state and effects waiting for the next group commit."""

    person: str
    payload: str
    stamp: str
    effects: tuple[Effect, ...]
    done: asyncio.Future[None]


def _day(moment: dt.datetime) -> str:
    """Times kept for staff records: the day only, so they cannot be matched to a person."""
    return moment.astimezone(dt.UTC).date().isoformat()


class SqliteStore:
    """Each person's state and the staff records, in one SQLite file."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._writing = asyncio.Lock()  # one connection: transactions must not interleave
        self._pending: list[_Save] = []
        self._flusher: asyncio.Task[None] | None = None
        self._cache: OrderedDict[str, State] = OrderedDict()

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
        if person in self._cache:
            self._cache.move_to_end(person)
            return self._cache[person]
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
        """Commit the state and the effects' records durably; returns once committed.

        Saves that arrive while a commit is running are committed together in the next
        transaction (group commit): one fsync for many people, each still durable before
        their reply goes out.
        """
        stamp = _day(now)  # a person's row says which day, not which second
        payload = json.dumps(state.to_dict(), ensure_ascii=False, separators=(",", ":"))
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append(_Save(person, payload, stamp, tuple(effects), done))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        await done
        self._remember(person, state)

    async def _flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                async with self._writing:
                    await self._commit(batch)
            except BaseException as error:  # every waiter learns of the failure
                for item in batch:
                    if not item.done.done():
                        item.done.set_exception(error)
                if not isinstance(error, Exception):
                    raise
            else:
                for item in batch:
                    if not item.done.done():
                        item.done.set_result(None)

    async def _commit(self, batch: list[_Save]) -> None:
        people = [(b.person, b.payload, b.stamp, b.stamp) for b in batch]
        visits: Counter[tuple[str, str, str]] = Counter()
        alerts, misses, handoffs = [], [], []
        for item in batch:
            for effect in item.effects:
                if isinstance(effect, RecordVisit):
                    day = effect.at.date().isoformat()
                    visits[(day, effect.frame.flow, effect.frame.node)] += 1
                elif isinstance(effect, RecordAlert):
                    alerts.append((_day(effect.at), effect.kind, effect.rule_id, effect.lang))
                elif isinstance(effect, RecordMiss):
                    misses.append((_day(effect.at), effect.lang, effect.text))
                elif isinstance(effect, OpenHandoff):
                    handoffs.append((item.person, effect.lang, _day(effect.at)))
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            await self._db.executemany(
                "INSERT INTO people (person, state, active, created_at, updated_at)"
                " VALUES (?, ?, 1, ?, ?) ON CONFLICT(person) DO UPDATE SET"
                " state = excluded.state, active = 1, updated_at = excluded.updated_at",
                people,
            )
            if visits:
                await self._db.executemany(
                    "INSERT INTO visits (day, flow, node, count) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(day, flow, node) DO UPDATE SET count = count + excluded.count",
                    [(*key, count) for key, count in visits.items()],
                )
            if alerts:
                await self._db.executemany(
                    "INSERT INTO alerts (at, kind, rule_id, lang) VALUES (?, ?, ?, ?)", alerts
                )
            if misses:
                await self._db.executemany(
                    "INSERT INTO misses (at, lang, text) VALUES (?, ?, ?)", misses
                )
            if handoffs:
                await self._db.executemany(
                    "INSERT INTO handoffs (person, lang, opened_at) VALUES (?, ?, ?)", handoffs
                )
            await self._db.execute("COMMIT")
        except BaseException:
            await self._db.execute("ROLLBACK")
            raise

    def _remember(self, person: str, state: State | None) -> None:
        """Keep recently used states in memory (this process is the only writer)."""
        self._cache.pop(person, None)
        if state is not None:
            self._cache[person] = state
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

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
        self._remember(person, None)
        async with self._writing:
            cursor = await self._db.execute("DELETE FROM people WHERE person = ?", (person,))
        return cursor.rowcount > 0

    async def set_active(self, person: str, active: bool) -> None:
        """Mark the person reachable or not."""
        async with self._writing:
            await self._db.execute(
                "UPDATE people SET active = ? WHERE person = ?", (1 if active else 0, person)
            )

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """Rows of a read-only staff query (reports)."""
        async with self._db.execute(sql, tuple(params)) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def close(self) -> None:
        """Checkpoint and close."""
        await self._db.close()
