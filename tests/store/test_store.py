"""Both stores keep each person's state durably, recognise a redelivered update, share
leases, and forget on request (every test runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from bot.core.replies import OpenTicket, RecordAlert, RecordMiss, RecordVisit
from bot.core.state import Frame, State
from bot.store.base import Activity, Journey, JourneyStep, Progress, ReportStore, Unsure
from bot.store.migrations import MIGRATIONS
from bot.store.records import UPDATES_KEPT
from tests.store.columns import columns
from tests.store.conftest import OpenStore

NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
STATE = State(
    lang="ru",
    stack=(Frame("menu", "main"), Frame("diagnosis", "intro")),
    answers=(("role", "family"),),
    version="abc123",
)
CHAT_ID = 7_700_000_001
"""A Telegram id past 32 bits, as chat ids are."""


async def test_state_round_trips_and_survives_reopening(open_store: OpenStore) -> None:
    store = await open_store()
    assert await store.load("tg:1") is None
    await store.save("tg:1", STATE, (), NOW)
    await store.close()
    reopened = await open_store()
    assert await reopened.load("tg:1") == STATE
    assert await reopened.schema_version() == len(MIGRATIONS)


async def test_effects_are_kept_without_the_person_or_their_words(store: ReportStore) -> None:
    effects = (
        RecordVisit(Frame("diagnosis", "intro"), NOW),
        RecordAlert("emergency", "fever", "he", NOW),
        RecordMiss("where is [name] parking", "en", NOW),
        OpenTicket("he", NOW),
    )
    await store.save("tg:7", STATE, effects, NOW)
    assert await store.fetch("SELECT kind, rule_id, lang, at FROM alerts") == [
        ("emergency", "fever", "he", "2026-11-23")
    ]
    assert await store.fetch("SELECT flow, node, count FROM visits") == [("diagnosis", "intro", 1)]
    assert "lang" in await columns(store, "alerts")
    assert "person" not in await columns(store, "alerts")
    assert "person" not in await columns(store, "misses")


async def test_forget_erases_the_person_and_their_handoffs(store: ReportStore) -> None:
    await store.save("tg:9", STATE, (OpenTicket("he", NOW),), NOW)
    record = await store.describe("tg:9")
    assert record is not None and record.open_handoffs == 1 and record.state == STATE
    assert await store.forget("tg:9")
    assert await store.load("tg:9") is None
    assert await store.fetch("SELECT COUNT(*) FROM handoffs") == [(0,)]
    assert not await store.forget("tg:9")


async def test_unreadable_stored_state_starts_afresh_instead_of_crashing(
    open_store: OpenStore,
) -> None:
    store = await open_store()
    await store.save("tg:3", STATE, (), NOW)
    await store.fetch("UPDATE people SET state = '{broken' WHERE person = 'tg:3'")
    await store.close()
    reopened = await open_store()
    assert await reopened.load("tg:3") == State()


async def test_active_people_count_once_per_period_under_their_latest_language_and_role(
    store: ReportStore,
) -> None:
    monday = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
    await store.save("tg:1", STATE, (Activity("he", ""),), monday)
    await store.save("tg:1", STATE, (Activity("he", "family"),), monday)  # said who they are
    await store.save("tg:1", STATE, (Activity("he", "family"),), monday + dt.timedelta(days=1))
    await store.save("tg:2", STATE, (Activity("ru", "patient"),), monday)
    rows = await store.fetch(
        "SELECT period, start, lang, role, count FROM activity WHERE count > 0"
        " ORDER BY period, start, lang"
    )
    assert rows == [
        ("day", "2026-11-23", "he", "family", 1),
        ("day", "2026-11-23", "ru", "patient", 1),
        ("day", "2026-11-24", "he", "family", 1),
        ("month", "2026-11-01", "he", "family", 1),
        ("month", "2026-11-01", "ru", "patient", 1),
        ("week", "2026-11-22", "he", "family", 1),  # weeks start on Sunday
        ("week", "2026-11-22", "ru", "patient", 1),
    ]


async def test_forget_erases_the_persons_usage_but_keeps_the_anonymous_counts(
    store: ReportStore,
) -> None:
    records = (
        Activity("he", "patient"),
        Progress(Journey("diagnosis", 2, True)),
        JourneyStep("diagnosis", "opened", NOW),
        Unsure("[name] fatigue", "en", Frame("treatment", "side_effects"), NOW),
    )
    await store.save("tg:7", STATE, records, NOW)
    assert await store.journey("tg:7") == Journey("diagnosis", 2, True)
    assert await store.forget("tg:7")
    assert await store.journey("tg:7") is None
    assert await store.fetch("SELECT COUNT(*) FROM usage") == [(0,)]
    assert await store.fetch("SELECT flow, step, count FROM journey_steps") == [
        ("diagnosis", "opened", 1)
    ]
    assert await store.fetch("SELECT at, lang, text, guess FROM unsure") == [
        ("2026-11-23", "en", "[name] fatigue", "treatment.side_effects")
    ]


async def test_a_redelivered_update_is_seen_after_its_save_and_not_before(
    open_store: OpenStore,
) -> None:
    store = await open_store()
    async with store.hold("tg:1"):
        assert not await store.seen("tg:1", 501)
        await store.save("tg:1", STATE, (), NOW, update=501)
        assert await store.seen("tg:1", 501)
    assert not await store.seen("tg:1", 502)
    assert not await store.seen("tg:2", 501)  # update ids are per person
    await store.save("tg:1", STATE, (), NOW, by_person=False)  # the clock: no update
    await store.close()
    reopened = await open_store()
    assert await reopened.seen("tg:1", 501)


async def test_only_the_latest_updates_are_kept(store: ReportStore) -> None:
    first = 9_000_000_000  # update ids grow past 32 bits too
    for update in range(first, first + UPDATES_KEPT + 4):
        await store.save("tg:1", STATE, (), NOW, update=update)
    assert not await store.seen("tg:1", first + 3)
    assert all([await store.seen("tg:1", first + 4 + n) for n in range(UPDATES_KEPT)])


async def test_forget_erases_the_kept_updates_with_the_person(store: ReportStore) -> None:
    await store.save("tg:1", STATE, (), NOW, update=77)
    assert await store.forget("tg:1")
    assert not await store.seen("tg:1", 77)
    assert await store.fetch("SELECT COUNT(*) FROM people") == [(0,)]


async def test_a_lease_has_one_holder_until_it_expires_and_its_holder_renews_it(
    store: ReportStore,
) -> None:
    minute = dt.timedelta(minutes=1)
    assert await store.lease("scheduler", "replica-a", NOW + minute, NOW)
    assert not await store.lease("scheduler", "replica-b", NOW + minute, NOW)
    assert await store.lease("scheduler", "replica-a", NOW + 3 * minute, NOW + minute)  # renewed
    assert not await store.lease("scheduler", "replica-b", NOW + 4 * minute, NOW + 2 * minute)
    assert await store.lease("other", "replica-b", NOW + minute, NOW)  # leases are apart
    assert await store.lease("scheduler", "replica-b", NOW + 5 * minute, NOW + 3 * minute)
    assert not await store.lease("scheduler", "replica-a", NOW + 5 * minute, NOW + 4 * minute)


async def test_a_ticket_finds_its_staff_messages_with_chat_ids_past_32_bits(
    store: ReportStore,
) -> None:
    await store.save("tg:5", STATE, (OpenTicket("he", NOW),), NOW)
    ticket = await store.open_ticket("tg:5")
    assert ticket is not None
    await store.note_ticket_message(ticket.id, -CHAT_ID, 41, thread_id=9)
    await store.note_ticket_message(ticket.id, -CHAT_ID, 41)  # noted twice: kept once
    found = await store.ticket_for_message(-CHAT_ID, 41)
    assert found is not None and found.id == ticket.id and found.post_id == 41
    assert await store.ticket_for_thread(9) == found
    assert await store.quiet_tickets(NOW + dt.timedelta(hours=1)) == [found]


async def test_purge_erases_people_gone_quiet_and_keeps_the_others(store: ReportStore) -> None:
    await store.save("tg:old", STATE, (OpenTicket("he", NOW),), NOW - dt.timedelta(days=400))
    await store.save("tg:new", STATE, (), NOW)
    assert await store.purge((NOW - dt.timedelta(days=365)).date()) == 1
    assert await store.load("tg:old") is None
    assert await store.load("tg:new") == STATE
    assert await store.fetch("SELECT COUNT(*) FROM handoffs") == [(0,)]


async def test_ping_answers_while_open(store: ReportStore) -> None:
    await store.ping()
