"""After /delete, no table holds a row that refers to the person (both stores)."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

from bot.core.replies import OpenTicket, RecordAnswer, RelayToTicket, Schedule, TicketAnswered
from bot.core.state import Frame, Plan, PlanKind, State
from bot.store.base import Activity, Journey, Progress, ReportStore
from bot.store.sqlite import SqliteStore

NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
PERSON, OTHER = "tg:424242", "tg:515151"
CHECKIN = Plan(
    2, PlanKind.CHECKIN, NOW + dt.timedelta(days=7), every=7, start=Frame("checkin", "distress")
)
APPOINTMENT = Plan(
    1, PlanKind.APPOINTMENT, NOW + dt.timedelta(days=2), day=(NOW + dt.timedelta(days=3)).date()
)
STATE = State(
    lang="he",
    stack=(Frame("menu", "main"),),
    answers=(("role", "patient"),),
    plans=(APPOINTMENT, CHECKIN),
)


async def tables(store: ReportStore) -> list[str]:
    if isinstance(store, SqliteStore):
        rows = await store.fetch("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        rows = await store.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
    return sorted(str(row[0]) for row in rows)


async def everything(store: ReportStore, person: str) -> dict[str, int]:
    """Rows in each table that name the person, or belong to a ticket of theirs."""
    found: dict[str, int] = {}
    for table in await tables(store):
        rows = await store.fetch(f"SELECT * FROM {table}")
        hits = sum(any(person in str(cell) for cell in row) for row in rows)
        if hits:
            found[table] = hits
    found["handoff_messages"] = len(await store.fetch("SELECT * FROM handoff_messages"))
    return {table: n for table, n in found.items() if n}


async def test_after_delete_no_table_refers_to_the_person(store: ReportStore) -> None:
    effects = (
        OpenTicket("he", NOW, role="patient", place="diagnosis.biopsy"),
        RelayToTicket("is the biopsy painful?", NOW),
        TicketAnswered(NOW),
        Schedule(APPOINTMENT),
        Schedule(CHECKIN),
        RecordAnswer("checkin.distress", "6"),
        Activity("he", "patient"),
        Progress(Journey("diagnosis", 2, True)),
    )
    await store.save(PERSON, STATE, effects, NOW, update=901)
    await store.save(OTHER, STATE, (Schedule(CHECKIN), Activity("he", "family")), NOW)
    ticket = await store.open_ticket(PERSON)
    assert ticket is not None
    await store.note_ticket_message(ticket.id, -100_123_456_789, 55, thread_id=7)
    kept = await everything(store, PERSON)
    assert {"people", "handoffs", "plans", "usage", "handoff_messages"} <= set(kept)

    assert await store.forget(PERSON)

    assert await everything(store, PERSON) == {}
    assert await store.load(OTHER) == STATE  # nobody else is touched
    assert [p.person for p in await store.due_plans(NOW + dt.timedelta(days=30), 10)] == [OTHER]


async def test_the_database_and_its_wal_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bot.sqlite3"
    store = await SqliteStore.open(path)
    await store.save(PERSON, STATE, (), NOW)
    try:
        for file in (path, path.with_name(path.name + "-wal")):
            assert stat.S_IMODE(os.stat(file).st_mode) == 0o600, file
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    finally:
        await store.close()
