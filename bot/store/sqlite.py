"""The SQLite store: aiosqlite, WAL, foreign keys, migrations; the only module with SQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections import OrderedDict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.core.replies import Effect
from bot.core.state import State
from bot.store import records
from bot.store.base import DuePlan, Journey, PersonRecord, TicketRecord, Usage
from bot.store.migrations import MIGRATIONS
from bot.store.records import PERIODS, LastActive, Turn, period_start

__all__ = ["PERIODS", "SqliteStore", "period_start"]

CACHE_SIZE = 10_000
"""States kept in memory; older ones are read from the database again."""
CHUNK = 500
"""People per `IN (...)` query (below SQLite's limit on placeholders)."""
PEOPLE_SQL = (
    "INSERT INTO people (person, state, active, created_at, updated_at, updates)"
    " VALUES (?1, ?2, 1, ?3, ?3, ?5) ON CONFLICT(person) DO UPDATE SET"
    " state = excluded.state, updated_at = excluded.updated_at, updates = excluded.updates,"
    " active = CASE WHEN ?4 THEN 1 ELSE active END"
)


@dataclass(frozen=True, slots=True)
class _Save:
    """One person's state and effects waiting for the next group commit."""

    person: str
    payload: str
    stamp: str
    effects: tuple[Effect | Usage, ...]
    done: asyncio.Future[str]
    """Resolved with the person's kept update ids once committed."""
    by_person: bool = True
    update: int | None = None


@dataclass(frozen=True, slots=True)
class _Kept:
    """A person's state and kept update ids, as last saved by this process."""

    state: State
    updates: str


class SqliteStore:
    """Each person's state and the staff records, in one SQLite file."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._writing = asyncio.Lock()  # one connection: transactions must not interleave
        self._pending: list[_Save] = []
        self._flusher: asyncio.Task[None] | None = None
        self._cache: OrderedDict[str, _Kept] = OrderedDict()

    def __repr__(self) -> str:
        return f"SqliteStore(path={str(self.path)!r})"

    @classmethod
    async def open(cls, path: Path) -> SqliteStore:
        """Open (creating if needed) the database at `path` and bring its schema up to date.
        A new file is readable by its owner only; SQLite gives its WAL the same mode."""
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.touch(mode=0o600, exist_ok=True)
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

    @asynccontextmanager
    async def hold(self, person: str) -> AsyncIterator[None]:
        """Nothing to hold: one process owns the file (the runner orders a person's turns)."""
        yield

    async def load(self, person: str) -> State | None:
        """The person's saved state, or None for someone new (or unreadable state)."""
        if person in self._cache:
            self._cache.move_to_end(person)
            return self._cache[person].state
        async with self._db.execute("SELECT state FROM people WHERE person = ?", (person,)) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except ValueError:
            return State()
        return State.from_dict(data) if isinstance(data, dict) else State()

    async def latest_update(self, person: str) -> int | None:
        """The id of the person's newest Telegram update that was saved, if any."""
        kept = self._cache.get(person)
        if kept is not None:
            return records.latest_update(kept.updates)
        async with self._db.execute(
            "SELECT updates FROM people WHERE person = ?", (person,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else records.latest_update(str(row[0] or ""))

    async def seen(self, person: str, update: int) -> bool:
        """Whether the person's update numbered `update` was already saved."""
        kept = self._cache.get(person)
        if kept is not None:
            return records.has_update(kept.updates, update)
        async with self._db.execute(
            "SELECT updates FROM people WHERE person = ?", (person,)
        ) as cursor:
            row = await cursor.fetchone()
        return row is not None and records.has_update(str(row[0]), update)

    async def save(
        self,
        person: str,
        state: State,
        effects: Sequence[Effect | Usage],
        now: dt.datetime,
        by_person: bool = True,
        update: int | None = None,
    ) -> None:
        """Commit the state and the effects' records durably; returns once committed. A save
        for something the person did (`by_person`) marks them reachable again; one for the
        clock or staff leaves a person who blocked the bot as they are. `update` is kept in
        the person's row by the same commit.

        Saves that arrive while a commit is running are committed together in the next
        transaction (group commit): one fsync for many people, each still durable before
        their reply goes out.
        """
        stamp = records.day(now)  # a person's row says which day, not which second
        payload = json.dumps(state.to_dict(), ensure_ascii=False, separators=(",", ":"))
        done: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        item = _Save(person, payload, stamp, tuple(effects), done, by_person, update)
        self._pending.append(item)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        updates = await done
        self._remember(person, _Kept(state, updates))

    async def _flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                async with self._writing:
                    updates = await self._commit(batch)
            except BaseException as error:  # every waiter learns of the failure
                for item in batch:
                    if not item.done.done():
                        item.done.set_exception(error)
                if not isinstance(error, Exception):
                    raise
            else:
                for item in batch:
                    if not item.done.done():
                        item.done.set_result(updates[item.person])

    async def _commit(self, batch: list[_Save]) -> dict[str, str]:
        """Write the batch in one transaction; each person's kept update ids after it."""
        turns = [Turn(b.person, b.stamp, b.effects) for b in batch]
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            updates = await self._updates(sorted({b.person for b in batch}))
            people = []
            for item in batch:
                kept = updates.get(item.person, "")
                if item.update is not None:
                    kept = records.with_update(kept, item.update)
                updates[item.person] = kept
                people.append((item.person, item.payload, item.stamp, int(item.by_person), kept))
            await self._db.executemany(PEOPLE_SQL, people)
            for sql, rows in records.record_writes(turns):
                await self._db.executemany(sql, rows)
            last = await self._last_active(records.active_people(turns))
            for sql, rows in records.usage_writes(turns, last):
                await self._db.executemany(sql, rows)
            await self._db.execute("COMMIT")
        except BaseException:
            await self._db.execute("ROLLBACK")
            raise
        return updates

    async def _updates(self, people: list[str]) -> dict[str, str]:
        """The people's kept update ids (in the open transaction)."""
        found: dict[str, str] = {}
        for start in range(0, len(people), CHUNK):
            chunk = people[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            async with self._db.execute(f"{records.UPDATES_SQL} ({marks})", chunk) as cursor:
                for row in await cursor.fetchall():
                    found[str(row[0])] = str(row[1])
        return found

    async def _last_active(self, people: list[str]) -> dict[str, LastActive]:
        """The people's last activity before this batch (in the open transaction): only
        their last active day is kept to know whether they were counted already."""
        last: dict[str, LastActive] = {}
        for start in range(0, len(people), CHUNK):
            chunk = people[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            sql = f"{records.LAST_ACTIVE_SQL} ({marks})"
            async with self._db.execute(sql, chunk) as cursor:
                last.update(records.last_active(row) for row in await cursor.fetchall())
        return last

    async def lease(self, name: str, holder: str, until: dt.datetime, now: dt.datetime) -> bool:
        """Take or renew the lease `name` for `holder` until `until`; False while another
        holder's lease runs past `now`."""
        params = (name, holder, records.stamp(until), records.stamp(now))
        async with self._writing, self._db.execute(records.LEASE_SQL, params) as cursor:
            rows = await cursor.fetchall()
        return [tuple(row) for row in rows] == [(holder,)]

    async def journey(self, person: str) -> Journey | None:
        """The person's current journey visit, if they are in one."""
        async with self._db.execute(records.JOURNEY_SQL, (person,)) as cursor:
            return records.journey_of(await cursor.fetchone())

    def _remember(self, person: str, kept: _Kept | None) -> None:
        """Keep recently used states in memory (this process is the only writer)."""
        self._cache.pop(person, None)
        if kept is not None:
            self._cache[person] = kept
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    async def describe(self, person: str) -> PersonRecord | None:
        """What is kept about the person."""
        async with self._db.execute(records.PERSON_SQL, (person,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        async with self._db.execute(records.OPEN_HANDOFFS_SQL, (person,)) as cursor:
            open_row = await cursor.fetchone()
        state = await self.load(person) or State()
        return PersonRecord(
            person=person,
            state=state,
            active=bool(row[1]),
            created_at=str(row[2]),
            updated_at=str(row[3]),
            open_handoffs=int(open_row[0]) if open_row else 0,
            tickets=tuple(await self.tickets_of(person)),
        )

    async def forget(self, person: str) -> bool:
        """Erase the person and everything linked to them (hand-offs, plans, usage and kept
        update ids go with the row)."""
        self._remember(person, None)
        async with self._writing:
            cursor = await self._db.execute("DELETE FROM people WHERE person = ?", (person,))
        return cursor.rowcount > 0

    async def purge(self, inactive_since: dt.date) -> int:
        """Erase everyone whose last save was before `inactive_since`, with everything linked
        to them; how many people."""
        async with (
            self._writing,
            self._db.execute(records.PURGE_SQL, (inactive_since.isoformat(),)) as cursor,
        ):
            gone = [str(row[0]) for row in await cursor.fetchall()]
        for person in gone:
            self._remember(person, None)
        return len(gone)

    async def set_active(self, person: str, active: bool) -> None:
        """Mark the person reachable or not."""
        async with self._writing:
            await self._db.execute(
                "UPDATE people SET active = ? WHERE person = ?", (1 if active else 0, person)
            )

    async def open_ticket(self, person: str) -> TicketRecord | None:
        """The person's open ticket, if any."""
        found = await self._tickets("t.person = ? AND t.closed_at IS NULL", (person,))
        return found[-1] if found else None

    async def ticket(self, ticket: int) -> TicketRecord | None:
        """The ticket numbered `ticket`, if it exists."""
        found = await self._tickets("t.id = ?", (ticket,))
        return found[0] if found else None

    async def tickets_of(self, person: str) -> list[TicketRecord]:
        """Every ticket the person has had, oldest first."""
        return await self._tickets("t.person = ?", (person,))

    async def open_tickets(self) -> list[TicketRecord]:
        """Every open ticket, oldest first."""
        return await self._tickets("t.closed_at IS NULL", ())

    async def quiet_tickets(self, before: dt.datetime) -> list[TicketRecord]:
        """Open tickets nobody wrote in since `before`."""
        return await self._tickets(
            "t.closed_at IS NULL AND COALESCE(t.last_at, t.opened_at) <= ?",
            (records.stamp(before),),
        )

    async def ticket_for_message(self, chat_id: int, message_id: int) -> TicketRecord | None:
        """The ticket a staff chat message belongs to (its post, or a message relayed to it)."""
        found = await self._tickets(
            "t.id = (SELECT handoff FROM handoff_messages WHERE chat_id = ? AND message_id = ?)",
            (chat_id, message_id),
        )
        return found[0] if found else None

    async def ticket_for_thread(self, thread_id: int) -> TicketRecord | None:
        """The ticket whose forum topic is `thread_id`."""
        found = await self._tickets("t.thread_id = ?", (thread_id,))
        return found[-1] if found else None

    async def note_ticket_message(
        self, ticket: int, chat_id: int, message_id: int, thread_id: int | None = None
    ) -> None:
        """Remember that a staff chat message (and topic) belongs to the ticket."""
        async with self._writing:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                await self._db.execute(
                    "INSERT OR IGNORE INTO handoff_messages (chat_id, message_id, handoff)"
                    " SELECT ?, ?, id FROM handoffs WHERE id = ?",
                    (chat_id, message_id, ticket),
                )
                if thread_id is not None:
                    await self._db.execute(records.TICKET_THREAD_SQL, (thread_id, ticket))
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise

    async def _tickets(self, where: str, params: Sequence[object]) -> list[TicketRecord]:
        async with self._db.execute(records.tickets_sql(where), tuple(params)) as cursor:
            return [records.ticket_record(row) for row in await cursor.fetchall()]

    async def due_plans(self, now: dt.datetime, limit: int) -> list[DuePlan]:
        """Up to `limit` unpaused plans due by `now`, soonest first, of reachable people (a
        person who blocked the bot is not tried again until they come back)."""
        params = (records.stamp(now), limit)
        async with self._db.execute(records.DUE_PLANS_SQL, params) as cursor:
            rows = await cursor.fetchall()
        return [DuePlan(str(row[0]), int(row[1])) for row in rows]

    async def ping(self) -> None:
        """Raise unless the database answers."""
        async with self._db.execute("SELECT 1") as cursor:
            await cursor.fetchone()

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """Rows of a read-only staff query (reports)."""
        async with self._db.execute(sql, tuple(params)) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def close(self) -> None:
        """Checkpoint and close."""
        await self._db.close()
