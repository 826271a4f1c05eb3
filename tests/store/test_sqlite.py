"""The SQLite store keeps each person's state durably and forgets on request."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.content.library import REPOSITORY
from bot.core.replies import OpenTicket, RecordAlert, RecordMiss, RecordVisit
from bot.core.state import Frame, State
from bot.store.base import Activity, Journey, JourneyStep, Progress, Unsure
from bot.store.migrations import MIGRATIONS
from bot.store.sqlite import SqliteStore

NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
STATE = State(
    lang="ru",
    stack=(Frame("menu", "main"), Frame("diagnosis", "intro")),
    answers=(("role", "family"),),
    version="abc123",
)


async def test_state_round_trips_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    store = await SqliteStore.open(path)
    assert await store.load("tg:1") is None
    await store.save("tg:1", STATE, (), NOW)
    await store.close()
    reopened = await SqliteStore.open(path)
    assert await reopened.load("tg:1") == STATE
    assert await reopened.schema_version() == len(MIGRATIONS)
    await reopened.close()


async def test_database_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "bot.sqlite3")
    assert await store.fetch("PRAGMA journal_mode") == [("wal",)]
    assert await store.fetch("PRAGMA foreign_keys") == [(1,)]
    await store.close()


async def test_effects_are_kept_without_the_person_or_their_words(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "bot.sqlite3")
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
    columns = [row[1] for row in await store.fetch("PRAGMA table_info(alerts)")]
    assert "person" not in columns
    columns = [row[1] for row in await store.fetch("PRAGMA table_info(misses)")]
    assert "person" not in columns
    await store.close()


async def test_forget_erases_the_person_and_their_handoffs(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "bot.sqlite3")
    await store.save("tg:9", STATE, (OpenTicket("he", NOW),), NOW)
    record = await store.describe("tg:9")
    assert record is not None and record.open_handoffs == 1 and record.state == STATE
    assert await store.forget("tg:9")
    assert await store.load("tg:9") is None
    assert await store.fetch("SELECT COUNT(*) FROM handoffs") == [(0,)]
    assert not await store.forget("tg:9")
    await store.close()


async def test_unreadable_stored_state_starts_afresh_instead_of_crashing(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    store = await SqliteStore.open(path)
    await store.save("tg:3", STATE, (), NOW)
    await store.fetch("UPDATE people SET state = '{broken' WHERE person = 'tg:3'")
    await store.close()
    reopened = await SqliteStore.open(path)
    assert await reopened.load("tg:3") == State()
    await reopened.close()


def test_a_killed_writer_loses_no_acknowledged_position(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer_process", str(path)],
        cwd=REPOSITORY,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
    )
    assert writer.stdout is not None
    acknowledged: dict[str, int] = {}
    deadline = time.monotonic() + 30
    while len(acknowledged) < 5 or sum(acknowledged.values()) < 400:
        line = writer.stdout.readline()
        assert line and time.monotonic() < deadline, "the writer stopped early"
        person, number = line.split()
        acknowledged[person] = int(number)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    for line in writer.stdout:  # acknowledgements already in the pipe count too
        person, number = line.split()
        acknowledged[person] = int(number)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for person, number in acknowledged.items():
            (raw,) = db.execute("SELECT state FROM people WHERE person = ?", (person,)).fetchone()
            kept = State.from_dict(json.loads(raw))
            assert int(kept.answer_map["n"]) >= number, f"{person} lost position {number}"


async def test_active_people_count_once_per_period_under_their_latest_language_and_role(
    tmp_path: Path,
) -> None:
    store = await SqliteStore.open(tmp_path / "bot.sqlite3")
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
    await store.close()


async def test_forget_erases_the_persons_usage_but_keeps_the_anonymous_counts(
    tmp_path: Path,
) -> None:
    store = await SqliteStore.open(tmp_path / "bot.sqlite3")
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
    await store.close()
