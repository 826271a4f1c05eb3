"""The PostgreSQL store, shared by replicas: asyncpg, the same migrations and records as the
SQLite store, and per-person advisory locks (does I/O).

No state is cached across turns: another replica may have written since. `hold(person)`
takes a session advisory lock on one pooled connection, and the person's load, seen and
save inside the block run on that connection, so a holder never waits for a second one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeAlias

import asyncpg

from bot.core.replies import Effect
from bot.core.state import State
from bot.store import dialect, records
from bot.store.base import DuePlan, Journey, PersonRecord, TicketRecord, Usage
from bot.store.migrations import MIGRATIONS
from bot.store.records import LastActive, Turn

MIGRATION_LOCK = 7_310_460_013
"""The advisory lock key that serialises migrations between replicas starting at once."""
RETRIES = 5
"""Times a save is tried again when PostgreSQL aborts it to break a deadlock."""
PEOPLE_SQL = (
    "INSERT INTO people (person, state, active, created_at, updated_at, updates)"
    " VALUES ($1, $2, 1, $3, $3, COALESCE($5::text, '')) ON CONFLICT (person) DO UPDATE SET"
    " state = EXCLUDED.state, updated_at = EXCLUDED.updated_at,"
    " updates = COALESCE($5::text, people.updates),"
    " active = CASE WHEN $4::boolean THEN 1 ELSE people.active END"
)
SCHEMA_VERSION_SQL = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " single BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (single), version BIGINT NOT NULL);"
    " INSERT INTO schema_version (version) VALUES (0) ON CONFLICT (single) DO NOTHING"
)

Connection: TypeAlias = "asyncpg.pool.PoolConnectionProxy[asyncpg.Record]"
Pool: TypeAlias = "asyncpg.Pool[asyncpg.Record]"


@dataclass(slots=True)
class _Held:
    """The connection that holds a person's advisory lock, used by one task at a time."""

    connection: Connection
    using: asyncio.Lock = field(default_factory=asyncio.Lock)
    released: bool = False


class PostgresStore:
    """Each person's state and the staff records, in a PostgreSQL database replicas share."""

    def __init__(self, pool: Pool) -> None:
        self._pool = pool
        self._held: ContextVar[dict[str, _Held]] = ContextVar(f"held-{id(self)}")

    def __repr__(self) -> str:
        return f"PostgresStore(pool={self._pool.get_max_size()} connections)"

    @classmethod
    async def open(cls, url: str, min_size: int = 2, max_size: int = 20) -> PostgresStore:
        """Connect to the database at `url` and bring its schema up to date (one replica at
        a time: the others wait, then find nothing left to do)."""
        pool = await asyncpg.create_pool(url, min_size=min_size, max_size=max_size)
        store = cls(pool)
        try:
            await store._migrate()
        except BaseException:
            await pool.close()
            raise
        return store

    async def _migrate(self) -> None:
        async with self._pool.acquire() as connection, connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await connection.execute(SCHEMA_VERSION_SQL)
            current = int(await connection.fetchval("SELECT version FROM schema_version"))
            for script in MIGRATIONS[current:]:
                await connection.execute(dialect.script(script))
            await connection.execute(dialect.FUNCTIONS)
            await connection.execute(
                "UPDATE schema_version SET version = $1", max(current, len(MIGRATIONS))
            )

    async def schema_version(self) -> int:
        """The number of migrations applied."""
        async with self._using() as connection:
            return int(await connection.fetchval("SELECT version FROM schema_version"))

    @asynccontextmanager
    async def hold(self, person: str) -> AsyncIterator[None]:
        """Keep every other replica's turn for the person waiting until the block ends (a
        session advisory lock, which the server also releases if this process dies)."""
        if person in self._held.get({}):  # already held by this turn
            yield
            return
        async with self._pool.acquire() as connection:
            await connection.execute("SELECT pg_advisory_lock(hashtextextended($1, 0))", person)
            held = _Held(connection)
            token = self._held.set({**self._held.get({}), person: held})
            try:
                yield
            finally:
                self._held.reset(token)
                async with held.using:
                    held.released = True
                    await connection.execute(
                        "SELECT pg_advisory_unlock(hashtextextended($1, 0))", person
                    )

    @asynccontextmanager
    async def _using(self, person: str | None = None) -> AsyncIterator[Connection]:
        """The connection for a call: inside `hold`, the held one (the person's, else the
        latest held), one task at a time; otherwise one from the pool."""
        holding = self._held.get({})
        held = holding.get(person) if person is not None else None
        if held is None and holding:
            held = list(holding.values())[-1]
        if held is not None:
            async with held.using:
                if not held.released:
                    yield held.connection
                    return
        async with self._pool.acquire() as connection:
            yield connection

    async def load(self, person: str) -> State | None:
        """The person's saved state, or None for someone new (or unreadable state)."""
        async with self._using(person) as connection:
            raw = await connection.fetchval("SELECT state FROM people WHERE person = $1", person)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return State()
        return State.from_dict(data) if isinstance(data, dict) else State()

    async def latest_update(self, person: str) -> int | None:
        """The id of the person's newest Telegram update that was saved, if any."""
        async with self._using(person) as connection:
            kept = await connection.fetchval("SELECT updates FROM people WHERE person = $1", person)
        return None if kept is None else records.latest_update(str(kept))

    async def seen(self, person: str, update: int) -> bool:
        """Whether the person's update numbered `update` was already saved."""
        async with self._using(person) as connection:
            kept = await connection.fetchval("SELECT updates FROM people WHERE person = $1", person)
        return kept is not None and records.has_update(str(kept), update)

    async def save(
        self,
        person: str,
        state: State,
        effects: Sequence[Effect | Usage],
        now: dt.datetime,
        by_person: bool = True,
        update: int | None = None,
    ) -> None:
        """Commit the state, `update` and the effects' records in one transaction. A save for
        something the person did (`by_person`) marks them reachable again."""
        payload = json.dumps(state.to_dict(), ensure_ascii=False, separators=(",", ":"))
        turn = Turn(person, records.day(now), tuple(effects))
        async with self._using(person) as connection:
            for attempt in range(RETRIES):
                try:
                    async with connection.transaction():
                        await self._write(connection, turn, payload, by_person, update)
                    return
                except asyncpg.DeadlockDetectedError:
                    if attempt == RETRIES - 1:
                        raise

    async def _write(
        self,
        connection: Connection,
        turn: Turn,
        payload: str,
        by_person: bool,
        update: int | None,
    ) -> None:
        """One save's statements, in the open transaction, as the SQLite store's commit."""
        updates = None
        if update is not None:
            kept = await connection.fetchval(
                "SELECT updates FROM people WHERE person = $1 FOR UPDATE", turn.person
            )
            updates = records.with_update(str(kept or ""), update)
        await connection.execute(PEOPLE_SQL, turn.person, payload, turn.stamp, by_person, updates)
        for sql, rows in records.record_writes([turn]):
            await connection.executemany(dialect.query(sql), rows)
        last: dict[str, LastActive] = {}
        if records.active_people([turn]):
            row = await connection.fetchrow(
                dialect.query(f"{records.LAST_ACTIVE_SQL} (?)"), turn.person
            )
            if row is not None:
                last.update([records.last_active(tuple(row))])
        for sql, rows in records.usage_writes([turn], last):
            await connection.executemany(dialect.query(sql), rows)

    async def lease(self, name: str, holder: str, until: dt.datetime, now: dt.datetime) -> bool:
        """Take or renew the lease `name` for `holder` until `until`; False while another
        holder's lease runs past `now` (one statement: two replicas cannot both win)."""
        async with self._using() as connection:
            won = await connection.fetchval(
                dialect.query(records.LEASE_SQL),
                name,
                holder,
                records.stamp(until),
                records.stamp(now),
            )
        return bool(won == holder)

    async def journey(self, person: str) -> Journey | None:
        """The person's current journey visit, if they are in one."""
        async with self._using(person) as connection:
            row = await connection.fetchrow(dialect.query(records.JOURNEY_SQL), person)
        return records.journey_of(None if row is None else tuple(row))

    async def describe(self, person: str) -> PersonRecord | None:
        """What is kept about the person."""
        async with self._using(person) as connection:
            row = await connection.fetchrow(dialect.query(records.PERSON_SQL), person)
            if row is None:
                return None
            open_count = await connection.fetchval(dialect.query(records.OPEN_HANDOFFS_SQL), person)
        return PersonRecord(
            person=person,
            state=await self.load(person) or State(),
            active=bool(row[1]),
            created_at=str(row[2]),
            updated_at=str(row[3]),
            open_handoffs=int(open_count or 0),
            tickets=tuple(await self.tickets_of(person)),
        )

    async def forget(self, person: str) -> bool:
        """Erase the person and everything linked to them (hand-offs, plans, usage and kept
        update ids go with the row)."""
        async with self._using(person) as connection:
            status = await connection.execute("DELETE FROM people WHERE person = $1", person)
        return status != "DELETE 0"

    async def purge(self, inactive_since: dt.date) -> int:
        """Erase everyone whose last save was before `inactive_since`, with everything linked
        to them; how many people."""
        async with self._using() as connection:
            gone = await connection.fetch(
                dialect.query(records.PURGE_SQL), inactive_since.isoformat()
            )
        return len(gone)

    async def set_active(self, person: str, active: bool) -> None:
        """Mark the person reachable or not."""
        async with self._using(person) as connection:
            await connection.execute(
                "UPDATE people SET active = $1 WHERE person = $2", 1 if active else 0, person
            )

    async def open_ticket(self, person: str) -> TicketRecord | None:
        """The person's open ticket, if any."""
        found = await self._tickets("t.person = ? AND t.closed_at IS NULL", person)
        return found[-1] if found else None

    async def ticket(self, ticket: int) -> TicketRecord | None:
        """The ticket numbered `ticket`, if it exists."""
        found = await self._tickets("t.id = ?", ticket)
        return found[0] if found else None

    async def tickets_of(self, person: str) -> list[TicketRecord]:
        """Every ticket the person has had, oldest first."""
        return await self._tickets("t.person = ?", person)

    async def open_tickets(self) -> list[TicketRecord]:
        """Every open ticket, oldest first."""
        return await self._tickets("t.closed_at IS NULL")

    async def quiet_tickets(self, before: dt.datetime) -> list[TicketRecord]:
        """Open tickets nobody wrote in since `before`."""
        return await self._tickets(
            "t.closed_at IS NULL AND COALESCE(t.last_at, t.opened_at) <= ?",
            records.stamp(before),
        )

    async def ticket_for_message(self, chat_id: int, message_id: int) -> TicketRecord | None:
        """The ticket a staff chat message belongs to (its post, or a message relayed to it)."""
        found = await self._tickets(
            "t.id = (SELECT handoff FROM handoff_messages WHERE chat_id = ? AND message_id = ?)",
            chat_id,
            message_id,
        )
        return found[0] if found else None

    async def ticket_for_thread(self, thread_id: int) -> TicketRecord | None:
        """The ticket whose forum topic is `thread_id`."""
        found = await self._tickets("t.thread_id = ?", thread_id)
        return found[-1] if found else None

    async def note_ticket_message(
        self, ticket: int, chat_id: int, message_id: int, thread_id: int | None = None
    ) -> None:
        """Remember that a staff chat message (and topic) belongs to the ticket."""
        async with self._using() as connection, connection.transaction():
            await connection.execute(
                "INSERT INTO handoff_messages (chat_id, message_id, handoff)"
                " SELECT $1, $2, id FROM handoffs WHERE id = $3 ON CONFLICT DO NOTHING",
                chat_id,
                message_id,
                ticket,
            )
            if thread_id is not None:
                await connection.execute(
                    dialect.query(records.TICKET_THREAD_SQL), thread_id, ticket
                )

    async def _tickets(self, where: str, *params: object) -> list[TicketRecord]:
        async with self._using() as connection:
            rows = await connection.fetch(dialect.query(records.tickets_sql(where)), *params)
        return [records.ticket_record(tuple(row)) for row in rows]

    async def due_plans(self, now: dt.datetime, limit: int) -> list[DuePlan]:
        """Up to `limit` unpaused plans due by `now`, soonest first, of reachable people (a
        person who blocked the bot is not tried again until they come back)."""
        async with self._using() as connection:
            rows = await connection.fetch(
                dialect.query(records.DUE_PLANS_SQL), records.stamp(now), limit
            )
        return [DuePlan(str(row[0]), int(row[1])) for row in rows]

    async def ping(self) -> None:
        """Raise unless the database answers."""
        async with self._using() as connection:
            await connection.fetchval("SELECT 1")

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """Rows of a read-only staff query written for SQLite (`?` placeholders), as SQLite
        gives them: whole-number sums as ints."""
        async with self._using() as connection:
            rows = await connection.fetch(dialect.query(sql), *params)
        return [tuple(_as_sqlite(value) for value in row) for row in rows]

    async def close(self) -> None:
        """Close every connection (waiting for those in use)."""
        await self._pool.close()


def _as_sqlite(value: Any) -> object:
    """A value as SQLite returns it: PostgreSQL sums whole numbers as NUMERIC."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
