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
    CloseTicket,
    Effect,
    OpenTicket,
    RecordAlert,
    RecordAnswer,
    RecordMiss,
    RecordVisit,
    RelayToTicket,
    Schedule,
    TicketAnswered,
    Unschedule,
)
from bot.core.state import State
from bot.store.base import (
    Activity,
    DuePlan,
    Journey,
    JourneyStep,
    PersonRecord,
    Progress,
    TicketRecord,
    Unsure,
    Usage,
)
from bot.store.migrations import MIGRATIONS

CACHE_SIZE = 10_000
"""States kept in memory; older ones are read from the database again."""


@dataclass(frozen=True, slots=True)
class _Save:
    """One person's state and effects waiting for the next group commit."""

    person: str
    payload: str
    stamp: str
    effects: tuple[Effect | Usage, ...]
    done: asyncio.Future[None]
    by_person: bool = True


def _day(moment: dt.datetime) -> str:
    """Times kept for staff records: the day only, so they cannot be matched to a person."""
    return moment.astimezone(dt.UTC).date().isoformat()


def period_start(period: str, day: dt.date) -> dt.date:
    """The first day of the `period` ("day", "week" from Sunday, "month") that holds `day`."""
    if period == "week":
        return day - dt.timedelta(days=(day.weekday() + 1) % 7)
    if period == "month":
        return day.replace(day=1)
    return day


PERIODS = ("day", "week", "month")
"""The periods active people are counted over."""


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
        self,
        person: str,
        state: State,
        effects: Sequence[Effect | Usage],
        now: dt.datetime,
        by_person: bool = True,
    ) -> None:
        """Commit the state and the effects' records durably; returns once committed. A save
        for something the person did (`by_person`) marks them reachable again; one for the
        clock or staff leaves a person who blocked the bot as they are.

        Saves that arrive while a commit is running are committed together in the next
        transaction (group commit): one fsync for many people, each still durable before
        their reply goes out.
        """
        stamp = _day(now)  # a person's row says which day, not which second
        payload = json.dumps(state.to_dict(), ensure_ascii=False, separators=(",", ":"))
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append(_Save(person, payload, stamp, tuple(effects), done, by_person))
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
        people = [(b.person, b.payload, b.stamp, b.stamp, int(b.by_person)) for b in batch]
        visits: Counter[tuple[str, str, str]] = Counter()
        answers: Counter[tuple[str, str, str]] = Counter()
        alerts, misses = [], []
        changes: list[tuple[str, tuple[object, ...]]] = []
        for item in batch:
            for effect in item.effects:
                if isinstance(effect, RecordVisit):
                    day = effect.at.date().isoformat()
                    visits[(day, effect.frame.flow, effect.frame.node)] += 1
                elif isinstance(effect, RecordAnswer):
                    answers[(item.stamp, effect.key, effect.value)] += 1
                elif isinstance(effect, RecordAlert):
                    alerts.append((_day(effect.at), effect.kind, effect.rule_id, effect.lang))
                elif isinstance(effect, RecordMiss):
                    misses.append((_day(effect.at), effect.lang, effect.text))
                elif isinstance(effect, OpenTicket | RelayToTicket | TicketAnswered | CloseTicket):
                    changes.append(_ticket_change(item.person, effect))
                elif isinstance(effect, Schedule | Unschedule):
                    changes.append(_plan_change(item.person, effect))
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            await self._db.executemany(
                "INSERT INTO people (person, state, active, created_at, updated_at)"
                " VALUES (?1, ?2, 1, ?3, ?4) ON CONFLICT(person) DO UPDATE SET"
                " state = excluded.state, updated_at = excluded.updated_at,"
                " active = CASE WHEN ?5 THEN 1 ELSE active END",
                people,
            )
            if visits:
                await self._db.executemany(
                    "INSERT INTO visits (day, flow, node, count) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(day, flow, node) DO UPDATE SET count = count + excluded.count",
                    [(*key, count) for key, count in visits.items()],
                )
            if answers:
                await self._db.executemany(
                    "INSERT INTO answer_counts (day, key, value, count) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(day, key, value) DO UPDATE SET count = count + excluded.count",
                    [(*key, count) for key, count in answers.items()],
                )
            if alerts:
                await self._db.executemany(
                    "INSERT INTO alerts (at, kind, rule_id, lang) VALUES (?, ?, ?, ?)", alerts
                )
            if misses:
                await self._db.executemany(
                    "INSERT INTO misses (at, lang, text) VALUES (?, ?, ?)", misses
                )
            for sql, params in changes:  # in order: a ticket opened and closed in one batch
                await self._db.execute(sql, params)
            await self._record_usage(batch)
            await self._db.execute("COMMIT")
        except BaseException:
            await self._db.execute("ROLLBACK")
            raise

    async def _record_usage(self, batch: list[_Save]) -> None:
        """Active people per period, journey funnels and half-understood text (in the open
        transaction). A person counts once per day, week and month, under the language and
        role of their latest activity in it; only their last active day is kept to know."""
        people = sorted(
            {b.person for b in batch if any(isinstance(e, Activity) for e in b.effects)}
        )
        last: dict[str, tuple[str | None, str, str]] = {}
        for start in range(0, len(people), 500):
            chunk = people[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            async with self._db.execute(
                "SELECT person, active_on, active_lang, active_role FROM usage"
                f" WHERE person IN ({marks})",
                chunk,
            ) as cursor:
                for row in await cursor.fetchall():
                    last[str(row[0])] = (row[1], str(row[2] or ""), str(row[3] or ""))
        counts: Counter[tuple[str, str, str, str]] = Counter()
        steps: Counter[tuple[str, str, str]] = Counter()
        active, journeys, unsure = [], [], []
        for item in batch:
            for record in item.effects:
                if isinstance(record, Activity):
                    was = last.get(item.person, (None, "", ""))
                    _count_activity(counts, was, (item.stamp, record.lang, record.role))
                    last[item.person] = (item.stamp, record.lang, record.role)
                    active.append((item.person, item.stamp, record.lang, record.role))
                elif isinstance(record, Progress):
                    journeys.append((item.person, *_journey_row(record.journey)))
                elif isinstance(record, JourneyStep):
                    steps[(_day(record.at), record.flow, record.step)] += 1
                elif isinstance(record, Unsure):
                    unsure.append((_day(record.at), record.lang, record.text, str(record.guess)))
        await self._db.executemany(
            "INSERT INTO activity (period, start, lang, role, count) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(period, start, lang, role) DO UPDATE"
            " SET count = MAX(0, count + excluded.count)",
            [(*key, n) for key, n in counts.items() if n > 0],
        )
        await self._db.executemany(
            "UPDATE activity SET count = MAX(0, count + ?)"
            " WHERE period = ? AND start = ? AND lang = ? AND role = ?",
            [(n, *key) for key, n in counts.items() if n < 0],
        )
        await self._db.executemany(
            "INSERT INTO usage (person, active_on, active_lang, active_role) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(person) DO UPDATE SET active_on = excluded.active_on,"
            " active_lang = excluded.active_lang, active_role = excluded.active_role",
            active,
        )
        await self._db.executemany(
            "INSERT INTO usage (person, journey, journey_pages, journey_topic) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(person) DO UPDATE SET journey = excluded.journey,"
            " journey_pages = excluded.journey_pages, journey_topic = excluded.journey_topic",
            journeys,
        )
        await self._db.executemany(
            "INSERT INTO journey_steps (day, flow, step, count) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(day, flow, step) DO UPDATE SET count = count + excluded.count",
            [(*key, n) for key, n in steps.items()],
        )
        await self._db.executemany(
            "INSERT INTO unsure (at, lang, text, guess) VALUES (?, ?, ?, ?)", unsure
        )

    async def journey(self, person: str) -> Journey | None:
        """The person's current journey visit, if they are in one."""
        async with self._db.execute(
            "SELECT journey, journey_pages, journey_topic FROM usage WHERE person = ?", (person,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None or row[0] is None:
            return None
        return Journey(str(row[0]), int(row[1] or 0), bool(row[2]))

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
            tickets=tuple(await self.tickets_of(person)),
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
            "t.closed_at IS NULL AND COALESCE(t.last_at, t.opened_at) <= ?", (_stamp(before),)
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
                    await self._db.execute(
                        "UPDATE handoffs SET thread_id = ? WHERE id = ?", (thread_id, ticket)
                    )
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise

    async def _tickets(self, where: str, params: Sequence[object]) -> list[TicketRecord]:
        sql = (
            "SELECT t.id, t.person, t.lang, t.role, t.place, t.opened_at, t.last_at,"
            " t.answered_at, t.closed_at, t.closed_by, t.thread_id,"
            " (SELECT MIN(m.message_id) FROM handoff_messages m WHERE m.handoff = t.id)"
            f" FROM handoffs t WHERE {where} ORDER BY t.id"
        )
        async with self._db.execute(sql, tuple(params)) as cursor:
            rows = await cursor.fetchall()
        return [
            TicketRecord(
                id=int(row[0]),
                person=str(row[1]),
                lang=str(row[2]),
                role=str(row[3] or ""),
                place=str(row[4] or ""),
                opened_at=str(row[5]),
                last_at=_text(row[6]),
                answered_at=_text(row[7]),
                closed_at=_text(row[8]),
                closed_by=_text(row[9]),
                thread_id=int(row[10]) if row[10] is not None else None,
                post_id=int(row[11]) if row[11] is not None else None,
            )
            for row in rows
        ]

    async def due_plans(self, now: dt.datetime, limit: int) -> list[DuePlan]:
        """Up to `limit` unpaused plans due by `now`, soonest first, of reachable people (a
        person who blocked the bot is not tried again until they come back)."""
        async with self._db.execute(
            "SELECT p.person, p.id FROM plans p JOIN people USING (person)"
            " WHERE p.paused = 0 AND p.due_at <= ? AND people.active = 1"
            " ORDER BY p.due_at LIMIT ?",
            (_stamp(now), limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [DuePlan(str(row[0]), int(row[1])) for row in rows]

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """Rows of a read-only staff query (reports)."""
        async with self._db.execute(sql, tuple(params)) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def close(self) -> None:
        """Checkpoint and close."""
        await self._db.close()


def _count_activity(
    counts: Counter[tuple[str, str, str, str]],
    was: tuple[str | None, str, str],
    now: tuple[str, str, str],
) -> None:
    """Count a person active today in each period: once per period, moved to the language
    and role they have now when these changed since their last activity in the period."""
    was_on, *was_as = was
    today, *now_as = now
    for period in PERIODS:
        start = period_start(period, dt.date.fromisoformat(today)).isoformat()
        same = was_on is not None and (
            period_start(period, dt.date.fromisoformat(was_on)).isoformat() == start
        )
        if same and was_as == now_as:
            continue
        if same:
            counts[(period, start, was_as[0], was_as[1])] -= 1
        counts[(period, start, now_as[0], now_as[1])] += 1


def _journey_row(journey: Journey | None) -> tuple[str | None, int | None, int | None]:
    """A journey visit as the columns of `usage`."""
    if journey is None:
        return None, None, None
    return journey.flow, journey.pages, int(journey.topic)


def _stamp(moment: dt.datetime) -> str:
    """A ticket's times, to the second in UTC: they are the person's own (erased with them)."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _ticket_change(
    person: str, effect: OpenTicket | RelayToTicket | TicketAnswered | CloseTicket
) -> tuple[str, tuple[object, ...]]:
    """The statement that records one ticket effect (never the message itself)."""
    at = _stamp(effect.at)
    if isinstance(effect, OpenTicket):
        return (
            "INSERT INTO handoffs (person, lang, role, place, opened_at, last_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (person, effect.lang, effect.role, effect.place, at, at),
        )
    where = " WHERE person = ? AND closed_at IS NULL"
    if isinstance(effect, RelayToTicket):
        return "UPDATE handoffs SET last_at = ?" + where, (at, person)
    if isinstance(effect, TicketAnswered):
        return (
            "UPDATE handoffs SET last_at = ?, answered_at = COALESCE(answered_at, ?)" + where,
            (at, at, person),
        )
    return (
        "UPDATE handoffs SET last_at = ?, closed_at = ?, closed_by = ?" + where,
        (at, at, effect.by, person),
    )


def _plan_change(person: str, effect: Schedule | Unschedule) -> tuple[str, tuple[object, ...]]:
    """The statement that keeps a plan where the scheduler finds it, or forgets it."""
    if isinstance(effect, Unschedule):
        return "DELETE FROM plans WHERE person = ? AND id = ?", (person, effect.id)
    plan = effect.plan
    return (
        "INSERT INTO plans (person, id, kind, due_at, paused) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(person, id) DO UPDATE SET kind = excluded.kind,"
        " due_at = excluded.due_at, paused = excluded.paused",
        (person, plan.id, plan.kind.value, _stamp(plan.due), int(plan.paused)),
    )
