"""Reminders and check-ins over the real python-telegram-bot stack and the local Bot API: days
typed in four languages, a reminder that survives a restart, arrives once and waits out
Shabbat, check-ins that offer a person or raise the alarm, /reminders, /delete, a block, and
many due at once going out in one look at an even pace."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from telegram.ext import CallbackContext

from bot.content.library import Library
from bot.core.replies import Schedule
from bot.reminders.quiet import ISRAEL
from bot.telegram import application
from tests.fake_bot_api import FakeBotApi
from tests.telegram.harness import Harness
from tests.telegram.test_journeys import USER, start_in_english
from tests.telegram.test_tickets import FORUM, TALK, Clock, staffed

MONDAY = dt.datetime(2026, 12, 7, 10, 0, tzinfo=ISRAEL)
YES = "✅ Yes, remind me"


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=ISRAEL)


def plans(database: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT person, id, kind, paused FROM plans ORDER BY id").fetchall()


def sent_to(api: FakeBotApi, chat: int, since: int = 0) -> list[str]:
    """The texts of every sendMessage to `chat` (each one Telegram delivered)."""
    return [
        str(r.params.get("text", ""))
        for r in api.requests[since:]
        if r.method == "sendMessage" and r.chat_id == chat and r.ok
    ]


async def running(
    api: FakeBotApi, library: Library, database: Path, clock: Clock, tick: float = 60.0
) -> Harness:
    harness = Harness(api, library, database, clock=clock, tick=tick)
    await harness.start()
    return harness


async def ask_for_an_appointment(api: FakeBotApi, user: int, label: str) -> None:
    await api.send_and_wait(user, "/reminders")
    await api.tap_and_wait(user, label)


@pytest.mark.parametrize(
    ("lang", "language", "role", "new", "typed", "said", "yes"),
    [
        ("en", "✓ English", "I'm the patient", "📅 Remind me of an appointment", "12.3",
         "Friday 12 March", YES),
        ("he", "עברית", "מטופלים", "📅 תזכורת לתור", "בעוד שבועיים", "ביום שני, 21 בדצמבר",
         "✅ כן, תזכירו לי"),
        ("ru", "Русский", "Я пациент", "📅 Напомнить о приёме", "через неделю",
         "понедельник, 14 декабря", "✅ Да, напомните"),
        ("ar", "العربية", "مرضى", "📅 تذكير بموعد", "الخميس الجاي", "في يوم الخميس، 10 كانون الأول",
         "✅ نعم، ذكّروني"),
    ],
)  # fmt: skip
async def test_a_day_typed_in_each_language_sets_a_reminder(
    api: FakeBotApi,
    shipped: Library,
    tmp_path: Path,
    lang: str,
    language: str,
    role: str,
    new: str,
    typed: str,
    said: str,
    yes: str,
) -> None:
    harness = await running(api, shipped, tmp_path / "bot.sqlite3", Clock(MONDAY))
    try:
        await api.send_and_wait(USER, "/start")
        await api.tap_and_wait(USER, language)
        await api.tap_and_wait(USER, role)
        await ask_for_an_appointment(api, USER, new)
        unread = await api.send_and_wait(USER, "blah blah")
        assert not plans(harness.database)
        assert unread[-1].buttons(), "asked again, with the calendar"
        proposed = await api.send_and_wait(USER, typed)
        assert said in proposed[-1].plain_text, proposed[-1].plain_text
        assert plans(harness.database) == [], "nothing is kept before yes"
        await api.tap_and_wait(USER, yes)
        assert plans(harness.database) == [(f"tg:{USER}", 1, "appointment", 0)]
    finally:
        await harness.stop()


async def test_an_unreadable_day_is_asked_again_kindly(api: FakeBotApi, bot: Harness) -> None:
    await start_in_english(api)
    await ask_for_an_appointment(api, USER, "📅 Remind me of an appointment")
    replies = await api.send_and_wait(USER, "sometime soon I think")
    assert "I couldn't read that date" in replies[-1].plain_text
    assert "12.3" in replies[-1].plain_text
    picked = await api.tap_and_wait(USER, "22")
    assert "Tuesday 22 December" in picked[-1].plain_text and picked[-1].edited


async def test_a_reminder_survives_a_restart_waits_out_shabbat_and_arrives_once(
    api: FakeBotApi, shipped: Library, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    clock = Clock(MONDAY)
    first = await running(api, shipped, database, clock)
    try:
        await start_in_english(api)
        await ask_for_an_appointment(api, USER, "📅 Remind me of an appointment")
        proposed = await api.send_and_wait(USER, "13.12")  # a Sunday: the day before is Shabbat
        assert "Sunday 13 December, at about 08:30" in proposed[-1].plain_text
        await api.tap_and_wait(USER, YES)
    finally:
        await first.stop()
    mark = api.mark()

    clock.now = at(12, 11)  # Shabbat morning
    second = await running(api, shipped, database, clock, tick=0.05)
    try:
        for moment in (at(12, 11), at(12, 20, 59), at(12, 22), at(13, 8, 15)):
            clock.now = moment
            await asyncio.sleep(0.3)
            assert not any("A reminder" in t for t in sent_to(api, USER, mark)), moment
        clock.now = at(13, 8, 30)
        await api.wait_for_requests(
            lambda r: r.method == "sendMessage" and r.chat_id == USER, timeout=5, since=mark
        )
        clock.now = at(13, 9, 30)
        await asyncio.sleep(0.4)
    finally:
        await second.stop()
    third = await running(api, shipped, database, clock, tick=0.05)  # and once more
    try:
        clock.now = at(14, 10)
        await asyncio.sleep(0.4)
    finally:
        await third.stop()
    reminders = [t for t in sent_to(api, USER, mark) if "A reminder" in t]
    assert len(reminders) == 1, reminders
    assert "Sunday 13 December" in reminders[0]
    assert plans(database) == []


async def test_reminders_lists_pauses_and_cancels_and_delete_leaves_no_row(
    api: FakeBotApi, bot: Harness
) -> None:
    await start_in_english(api)
    await ask_for_an_appointment(api, USER, "📅 Remind me of an appointment")
    await api.send_and_wait(USER, "next friday")
    await api.tap_and_wait(USER, YES)
    listed = await api.send_and_wait(USER, "/reminders")
    assert "1. 📅 Appointment on Friday 11 December" in listed[-1].plain_text
    paused = await api.tap_and_wait(USER, "⏸ Pause 1")
    assert "(paused)" in paused[-1].plain_text and paused[-1].edited
    assert plans(bot.database) == [(f"tg:{USER}", 1, "appointment", 1)]
    await api.tap_and_wait(USER, "▶ Resume 1")
    assert plans(bot.database) == [(f"tg:{USER}", 1, "appointment", 0)]
    cancelled = await api.tap_and_wait(USER, "✖ Cancel 1")
    assert "You have no reminders" in cancelled[-1].plain_text
    assert plans(bot.database) == []

    await api.tap_and_wait(USER, "📝 Regular check-in")
    await api.tap_and_wait(USER, "Every two weeks")
    privacy = await api.send_and_wait(USER, "/privacy")
    assert "📝 Check-in every 14 days" in privacy[-1].plain_text
    await api.send_and_wait(USER, "/delete")
    await api.tap_and_wait(USER, "Yes, delete everything")
    with sqlite3.connect(bot.database) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f"SELECT * FROM {table}"):
                assert f"tg:{USER}" not in str(row), (table, row)
    assert plans(bot.database) == []


async def checkin_up_to_the_last_question(api: FakeBotApi, distress: str) -> None:
    await api.tap_and_wait(USER, distress)
    for answer in ("Some", "So-so", "Less than usual", "Quite tired"):
        await api.tap_and_wait(USER, answer)


async def test_checkins_offer_a_person_to_the_distressed_and_the_alarm_on_a_red_flag(
    api: FakeBotApi, shipped: Library, tmp_path: Path
) -> None:
    clock = Clock(MONDAY)
    harness = await staffed(api, shipped, tmp_path, clock, FORUM, tick=0.05)
    try:
        await start_in_english(api)
        await api.send_and_wait(USER, "/reminders")
        await api.tap_and_wait(USER, "📝 Regular check-in")
        started = await api.tap_and_wait(USER, "Every week")
        assert "the next on Monday 14 December, at about 10:00" in started[-1].plain_text
        await checkin_up_to_the_last_question(api, "8")
        result = await api.tap_and_wait(USER, "Neither of these")
        text = result[-1].plain_text
        assert "1201" in text and "1-800-599-995" in text and "101" in text
        assert TALK in [label for label, _ in api.buttons(USER)]
        asked = await api.tap_and_wait(USER, TALK)
        assert "Write your message for the team" in asked[-1].plain_text
        await api.tap_and_wait(USER, "Carry on where I was")  # a tap, not a message: no ticket

        mark = api.mark()
        clock.now = at(14, 10)  # a week later: the check-in comes by itself
        await api.wait_for_requests(
            lambda r: r.method == "sendMessage" and r.chat_id == USER, timeout=5, since=mark
        )
        await api.wait_idle(quiet=0.3)
        assert "Time for the short check-in" in sent_to(api, USER, mark)[0]
        await checkin_up_to_the_last_question(api, "2")
        alarm = await api.tap_and_wait(USER, "😮‍💨 New or worse breathlessness")
        assert "call 101" in alarm[-1].plain_text.lower()
        with sqlite3.connect(harness.database) as db:
            assert db.execute("SELECT kind, rule_id FROM alerts").fetchall() == [
                ("emergency", "breathing")
            ]
        clock.now = at(14, 11)
        await asyncio.sleep(0.3)
        assert len([t for t in sent_to(api, USER, mark) if "Time for" in t]) == 1
    finally:
        await harness.stop()


async def test_a_person_who_blocked_the_bot_is_not_tried_again(
    api: FakeBotApi, shipped: Library, tmp_path: Path
) -> None:
    clock = Clock(MONDAY)
    harness = await running(api, shipped, tmp_path / "bot.sqlite3", clock, tick=0.05)
    try:
        await start_in_english(api)
        await api.send_and_wait(USER, "/reminders")
        await api.tap_and_wait(USER, "📝 Regular check-in")
        await api.tap_and_wait(USER, "Every week")
        api.block(USER)
        mark = api.mark()
        clock.now = at(14, 10)
        await api.wait_for_requests(
            lambda r: r.method == "sendMessage" and r.chat_id == USER, timeout=5, since=mark
        )
        await asyncio.sleep(0.3)
        clock.now = at(21, 10)  # another week: nobody knocks on a closed door
        await asyncio.sleep(0.4)
        tries = [r for r in api.requests[mark:] if r.method == "sendMessage" and r.chat_id == USER]
        assert len(tries) == 1 and not tries[0].ok
        with sqlite3.connect(harness.database) as db:
            assert db.execute("SELECT active FROM people").fetchall() == [(0,)]
    finally:
        await harness.stop()


async def test_many_due_at_once_all_go_out_in_one_look_at_an_even_pace(
    api: FakeBotApi, shipped: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(application, "DUE_BATCH", 20)  # three batches and more in one look
    clock = Clock(MONDAY)
    harness = await running(api, shipped, tmp_path / "bot.sqlite3", clock)
    try:
        assert harness.bot is not None and harness.bot.runner is not None and harness.app
        await start_in_english(api)
        await api.send_and_wait(USER, "/reminders")
        await api.tap_and_wait(USER, "📝 Regular check-in")
        await api.tap_and_wait(USER, "Every week")
        store = harness.bot.runner.store
        kept = await store.load(f"tg:{USER}")
        assert kept is not None and len(kept.plans) == 1
        others = range(USER + 1, USER + 60)
        for other in others:  # the same check-in, kept as the engine keeps it
            api.register_user(other)
            await store.save(f"tg:{other}", kept, (Schedule(kept.plans[0]),), MONDAY)
        mark = api.mark()
        clock.now = at(14, 10)
        woken = await harness.bot.wake_due(CallbackContext(harness.app))
        assert woken == 60
        people = {USER, *others}
        sent = [r for r in api.requests[mark:] if r.method == "sendMessage" and r.chat_id in people]
        assert sorted(int(r.params["chat_id"]) for r in sent) == sorted(people), "each once"
        assert all("Time for the short check-in" in r.params["text"] for r in sent)
        times = sorted(r.time for r in sent)
        busiest = max(sum(1 for t in times if start <= t < start + 1) for start in times)
        assert busiest <= application.FAN_OUT_PER_SECOND + 1, f"{busiest} in one second"
    finally:
        await harness.stop()
