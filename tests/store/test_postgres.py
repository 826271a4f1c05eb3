"""What only the PostgreSQL store does: replicas starting at once migrate once, and `hold`
keeps a person's turn on one replica at a time, the next one reading what it saved."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.core.replies import OpenTicket
from bot.core.state import Frame, State
from bot.store.migrations import MIGRATIONS
from bot.store.postgres import PostgresStore

NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
BEFORE = State(lang="he", stack=(Frame("menu", "main"),))
AFTER = State(lang="he", stack=(Frame("menu", "main"), Frame("diagnosis", "intro")))
WAIT = 0.5
"""How long a blocked replica is watched to be still waiting (seconds)."""


async def test_two_replicas_starting_at_once_on_a_fresh_database_both_migrate_it(
    postgres_url: str,
) -> None:
    stores = await asyncio.gather(*(PostgresStore.open(postgres_url) for _ in range(3)))
    try:
        assert [await s.schema_version() for s in stores] == [len(MIGRATIONS)] * 3
        await stores[0].save("tg:1", BEFORE, (), NOW, update=1)
        assert await stores[2].seen("tg:1", 1)
    finally:
        await asyncio.gather(*(s.close() for s in stores))


async def test_a_held_person_keeps_the_other_replica_waiting_until_the_turn_is_saved(
    postgres_url: str,
) -> None:
    first = await PostgresStore.open(postgres_url)
    second = await PostgresStore.open(postgres_url)
    try:
        await first.save("tg:1", BEFORE, (), NOW)
        assert await second.load("tg:1") == BEFORE
        entered = asyncio.Event()

        async def second_turn() -> tuple[State | None, bool]:
            async with second.hold("tg:1"):
                entered.set()
                return await second.load("tg:1"), await second.seen("tg:1", 42)

        async with first.hold("tg:1"):
            waiting = asyncio.create_task(second_turn())
            async with second.hold("tg:2"):  # other people are not held up
                await second.save("tg:2", BEFORE, (), NOW)
            await asyncio.sleep(WAIT)
            assert not entered.is_set()
            assert await first.load("tg:1") == BEFORE
            await first.save("tg:1", AFTER, (), NOW, update=42)
            await asyncio.sleep(WAIT)
            assert not entered.is_set()
        assert await asyncio.wait_for(waiting, 10) == (AFTER, True)
    finally:
        await first.close()
        await second.close()


async def test_a_holder_needs_no_second_connection(postgres_url: str) -> None:
    store = await PostgresStore.open(postgres_url, min_size=1, max_size=1)
    try:

        async def turn() -> None:
            async with store.hold("tg:1"):
                await store.load("tg:1")
                await store.seen("tg:1", 7)
                await store.save("tg:1", AFTER, (OpenTicket("he", NOW),), NOW, update=7)
                assert await store.journey("tg:1") is None
                record = await store.describe("tg:1")
                assert record is not None and record.open_handoffs == 1
                ticket = await store.open_ticket("tg:1")
                assert ticket is not None
                await store.note_ticket_message(ticket.id, -100, 5)
                async with store.hold("tg:1"):  # already held by this turn
                    assert await store.load("tg:1") == AFTER

        await asyncio.wait_for(turn(), 10)
        assert await store.seen("tg:1", 7)
    finally:
        await store.close()
