"""A conversation with a person through the bot: a ticket in the staff group, from the request
to the staff answer to the close, the bot quiet meanwhile and the safety check still awake."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import signal
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pytest

from bot.content.library import Library
from bot.core.hours import Opening, WorkingHours
from tests.fake_bot_api import FakeBotApi
from tests.fake_bot_api.server import BotMessage
from tests.telegram.harness import Harness
from tests.telegram.test_journeys import USER, start_in_english
from tests.telegram.test_robustness import bot_process, wait_polling

FORUM = -1001234567890
GROUP = -4012345
NURSE = 777
ADMIN = 555
ISRAEL = ZoneInfo("Asia/Jerusalem")
DAY = Opening(dt.time(8), dt.time(16))
HOURS = WorkingHours(
    ISRAEL,
    MappingProxyType(
        {
            "sunday": DAY,
            "monday": DAY,
            "tuesday": DAY,
            "wednesday": DAY,
            "thursday": DAY,
            "friday": Opening(dt.time(8), dt.time(12)),
            "saturday": None,
        }
    ),
)
"""The team's week in these tests (the shipped content/hours.yaml is the hospital's to edit)."""
MONDAY_MORNING = dt.datetime(2026, 12, 7, 10, 0, tzinfo=ISRAEL)
SHABBAT = dt.datetime(2026, 12, 12, 11, 0, tzinfo=ISRAEL)
FRIDAY_AFTERNOON = dt.datetime(2026, 12, 11, 13, 0, tzinfo=ISRAEL)
TALK = "💬 Talk to a person"


class Clock:
    """A clock the test sets and moves on."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def with_hours(library: Library) -> Library:
    return dataclasses.replace(library, content=dataclasses.replace(library.content, hours=HOURS))


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY_MORNING)


async def staffed(
    api: FakeBotApi,
    shipped: Library,
    tmp_path: Path,
    clock: Clock,
    chat: int = FORUM,
    **options: object,
) -> Harness:
    api.register_group(chat, is_forum=chat == FORUM)
    harness = Harness(
        api,
        with_hours(shipped),
        tmp_path / "bot.sqlite3",
        staff_chat_id=chat,
        clock=clock,
        **options,  # type: ignore[arg-type]
    )
    await harness.start()
    return harness


@pytest.fixture
async def forum(
    api: FakeBotApi, shipped: Library, tmp_path: Path, clock: Clock
) -> AsyncIterator[Harness]:
    """The bot with a staff group that has topics."""
    harness = await staffed(api, shipped, tmp_path, clock, FORUM, admin_user_ids=frozenset({ADMIN}))
    yield harness
    await harness.stop()


@pytest.fixture
async def group(
    api: FakeBotApi, shipped: Library, tmp_path: Path, clock: Clock
) -> AsyncIterator[Harness]:
    """The bot with a plain staff group (no topics)."""
    harness = await staffed(api, shipped, tmp_path, clock, GROUP)
    yield harness
    await harness.stop()


async def open_ticket(api: FakeBotApi, message: str) -> list[BotMessage]:
    """From the main menu: ask for a person, write to them; the bot's answers."""
    asked = await api.tap_and_wait(USER, TALK)
    assert "Write your message for the team" in asked[-1].text
    return await api.send_and_wait(USER, message)


async def said_nothing(api: FakeBotApi, text: str) -> list[str]:
    """Type `text` as the person; what the bot said back to them (nothing, when quiet)."""
    before = len(api.messages(USER))
    api.push_text(USER, text)
    await api.wait_idle(quiet=0.3)
    return [m.text for m in api.messages(USER)[before:]]


async def staff_says(
    api: FakeBotApi, text: str, chat: int, *, thread: int | None = None, reply: int | None = None
) -> None:
    push = api.push_command if text.startswith("/") else api.push_text
    push(NURSE, text, chat_id=chat, message_thread_id=thread, reply_to_message_id=reply)
    await api.wait_idle(quiet=0.3)


def tickets(database: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT id, person, closed_by FROM handoffs ORDER BY id").fetchall()


async def test_a_ticket_from_request_to_answer_to_close_in_a_forum_topic(
    api: FakeBotApi, forum: Harness
) -> None:
    await start_in_english(api)
    assert TALK in [text for text, _ in api.buttons(USER)], "every menu offers a person"
    replies = await open_ticket(api, "I'm scared about my biopsy results <b>")
    assert "gone to the team" in replies[-1].text
    ((thread, name),) = api.topics(FORUM).items()
    assert name.startswith("#1 · English")
    (post,) = api.messages(FORUM)
    assert post.thread_id == thread and f"tg://user?id={USER}" in post.text
    assert "I'm scared about my biopsy results &lt;b&gt;" in post.text
    menu = forum.library.content.flows["menu"].nodes["main"].title.get("he")  # staff read he
    assert "English" in post.plain_text and menu in post.plain_text  # where they are

    # The bot stays quiet: nothing routed, no menus; every message goes to the ticket.
    assert await said_nothing(api, "what is chemotherapy") == []
    assert await said_nothing(api, "Can my sister come with me?") == []
    relayed = [m.plain_text for m in api.messages(FORUM)[1:]]
    assert relayed == ["what is chemotherapy", "Can my sister come with me?"]

    await staff_says(api, "Dana, the nurse, here. Of course she can.", FORUM, thread=thread)
    answer = api.messages(USER)[-1]
    assert answer.plain_text == "💬 From the team:\nDana, the nurse, here. Of course she can."

    # An emergency typed while the ticket is open: the safety reply, and the ticket is told.
    replies = await api.send_and_wait(USER, "I have a fever of 39 and I'm on chemo")
    assert "101" in replies[-1].text
    alert = api.messages(FORUM)[-1]
    assert "⚠️" in alert.plain_text and "emergency" in alert.plain_text
    assert "fever of 39" in alert.plain_text and alert.thread_id == thread

    await staff_says(api, "/close", FORUM, thread=thread)
    assert "The team has closed this conversation" in api.messages(USER)[-1].text
    assert "#1" in api.messages(FORUM)[-1].plain_text
    assert (FORUM, thread) in api.closed_topics
    assert tickets(forum.database) == [(1, f"tg:{USER}", str(NURSE))]

    # Closed: the bot answers again.
    assert await said_nothing(api, "what is chemotherapy") != []


async def test_in_a_plain_group_staff_answer_by_replying_and_see_earlier_tickets(
    api: FakeBotApi, group: Harness
) -> None:
    await start_in_english(api)
    await open_ticket(api, "First question")
    (post,) = api.messages(GROUP)
    await staff_says(api, "/close", GROUP, reply=post.message_id)
    assert "closed this conversation" in api.messages(USER)[-1].text

    await api.tap_and_wait(USER, "Carry on where I was")  # the close note's own button
    await api.tap_and_wait(USER, TALK)
    await api.send_and_wait(USER, "Second question")
    second = api.messages(GROUP)[-1]
    assert "#2" in second.plain_text and "Second question" in second.plain_text
    assert "1" in second.plain_text.split("\n")[4], "the post says one ticket came before"
    assert await said_nothing(api, "and another thing") == []
    relayed = api.messages(GROUP)[-1]
    assert relayed.reply_to is not None and relayed.reply_to["message_id"] == second.message_id

    await staff_says(api, "Answering your second question", GROUP, reply=relayed.message_id)
    assert api.messages(USER)[-1].plain_text.endswith("Answering your second question")

    await staff_says(api, "/tickets", GROUP)
    listing = api.messages(GROUP)[-1].plain_text
    assert "#2" in listing and "#1" not in listing

    await staff_says(api, "a word among staff, not about any ticket", GROUP)
    assert api.messages(USER)[-1].plain_text.endswith("Answering your second question")


async def test_close_is_refused_to_people_outside_the_staff_group_and_admins(
    api: FakeBotApi, forum: Harness
) -> None:
    await start_in_english(api)
    await open_ticket(api, "Please call me")
    await said_nothing(api, "/close")
    await said_nothing(api, "/close 1")
    api.push_command(9999, "/close 1")  # someone else, in their own chat
    await api.wait_idle(quiet=0.3)
    assert tickets(forum.database) == [(1, f"tg:{USER}", None)], "still open"
    assert not any("closed this conversation" in m.text for m in api.messages(USER))

    api.push_command(ADMIN, "/close 1")  # an admin may close it from their own chat
    await api.wait_idle(quiet=0.3)
    assert tickets(forum.database) == [(1, f"tg:{USER}", str(ADMIN))]
    assert "closed this conversation" in api.messages(USER)[-1].text


@pytest.mark.parametrize("moment", [SHABBAT, FRIDAY_AFTERNOON], ids=["shabbat", "friday"])
async def test_outside_working_hours_the_person_is_told_when_and_given_the_lines(
    api: FakeBotApi, forum: Harness, clock: Clock, moment: dt.datetime
) -> None:
    await start_in_english(api)
    clock.now = moment
    asked = await api.tap_and_wait(USER, TALK)
    text = asked[-1].plain_text
    assert "not in right now" in text and "Expect an answer from Sunday 08:00" in text
    assert "1201" in text and "1-800-599-995" in text and "101" in text


async def test_within_working_hours_no_delay_is_announced(api: FakeBotApi, forum: Harness) -> None:
    await start_in_english(api)
    asked = await api.tap_and_wait(USER, TALK)
    assert "not in right now" not in asked[-1].plain_text


async def test_a_quiet_ticket_closes_by_itself_and_the_person_is_told(
    api: FakeBotApi, shipped: Library, tmp_path: Path, clock: Clock
) -> None:
    harness = await staffed(api, shipped, tmp_path, clock, FORUM, tick=0.05)
    try:
        await start_in_english(api)
        await open_ticket(api, "Is anyone there?")
        clock.now += dt.timedelta(hours=23)
        await asyncio.sleep(0.3)
        assert tickets(harness.database) == [(1, f"tg:{USER}", None)], "not quiet long enough"
        mark = api.mark()
        clock.now += dt.timedelta(hours=1, seconds=1)
        await api.wait_for_requests(
            lambda r: r.method == "sendMessage" and r.chat_id == USER, timeout=5, since=mark
        )
        await api.wait_idle(quiet=0.3)
        assert "as no one has written in it for a while" in api.messages(USER)[-1].text
        assert tickets(harness.database) == [(1, f"tg:{USER}", "quiet time")]
        assert (FORUM, next(iter(api.topics(FORUM)))) in api.closed_topics
    finally:
        await harness.stop()


async def test_privacy_shows_tickets_and_delete_erases_them(
    api: FakeBotApi, forum: Harness
) -> None:
    await start_in_english(api)
    await open_ticket(api, "A question for the team")
    await said_nothing(api, "and a second message")
    replies = await api.send_and_wait(USER, "/privacy")
    assert "#1: 2026-12-07 →" in replies[-1].plain_text
    await api.send_and_wait(USER, "/delete")
    await api.tap_and_wait(USER, "Yes, delete everything")
    with sqlite3.connect(forum.database) as db:
        assert db.execute("SELECT COUNT(*) FROM handoffs").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM handoff_messages").fetchone() == (0,)
    thread = next(iter(api.topics(FORUM)))
    seen = len(api.messages(USER))
    await staff_says(api, "Are you still there?", FORUM, thread=thread)
    assert len(api.messages(USER)) == seen, "nothing reaches a person who erased everything"


async def test_a_ticket_survives_a_sigkill_and_the_staff_answer_still_arrives(
    api: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.register_group(GROUP)
    monkeypatch.setenv("STAFF_CHAT_ID", str(GROUP))
    database = tmp_path / "bot.sqlite3"
    process = bot_process(api, database)
    try:
        await wait_polling(api, 0)
        await start_in_english(api)
        await api.tap_and_wait(USER, TALK, timeout=15)
        await api.send_and_wait(USER, "Before the crash", timeout=15)
        (post,) = api.messages(GROUP)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        mark = api.mark()
        process = bot_process(api, database)
        await wait_polling(api, mark)
        await staff_says(api, "We are here", GROUP, reply=post.message_id)
        await api.wait_for_requests(lambda r: r.chat_id == USER, timeout=15)
        await api.wait_idle(quiet=0.3)
        assert api.messages(USER)[-1].plain_text == "💬 From the team:\nWe are here"
        assert await said_nothing(api, "After the crash") == [], "still quiet: the ticket is open"
        assert api.messages(GROUP)[-1].plain_text == "After the crash"
        await staff_says(api, "/close", GROUP, reply=post.message_id)
        await api.wait_for_requests(lambda r: r.chat_id == USER, timeout=15)
        await api.wait_idle(quiet=0.3)
        assert "closed this conversation" in api.messages(USER)[-1].text
    finally:
        process.kill()
        process.wait(timeout=10)
