"""Telegram misbehaving, over the real python-telegram-bot stack and the local Bot API: a burst
of 429s, 500s in a row, answers slower than the time-outs, the Bot API gone for a while, a
person who blocked the bot in the middle of a reminder fan-out. None of them costs an update,
doubles a reply or needs a restart."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.content.library import Library
from bot.telegram import polling
from bot.telegram.handlers import RETRY_WAITS
from tests.fake_bot_api import FakeBotApi, Request
from tests.telegram.harness import Harness
from tests.telegram.test_reminders import MONDAY, at
from tests.telegram.test_tickets import Clock

PEOPLE = (5101, 5102, 5103, 5104)
REPLY_METHODS = ("sendMessage", "editMessageText", "answerCallbackQuery")
SHOWN = ("sendMessage", "editMessageText")
MENU = "<b>Main menu</b>"
CHECK_IN = "Time for the short check-in"
WENT_WRONG = "something went wrong"
QUIET = 1.5
"""Seconds of silence, once every reply is in, after which no duplicate is still on its way
(longer than the pause after a 429, and than a time-out in the test of slow answers)."""


async def start_in_english(api: FakeBotApi, person: int) -> None:
    """/start, English, the patient: the main menu is on screen."""
    await api.send_and_wait(person, "/start")
    await api.tap_and_wait(person, "✓ English")
    replies = await api.tap_and_wait(person, "I'm the patient")
    assert MENU in replies[-1].text


async def with_weekly_check_in(api: FakeBotApi, person: int) -> None:
    """Started in English, with a check-in every week (the next a week from MONDAY)."""
    await start_in_english(api, person)
    await api.send_and_wait(person, "/reminders")
    await api.tap_and_wait(person, "📝 Regular check-in")
    await api.tap_and_wait(person, "Every week")


def tap_a_topic_then_ask_for_the_menu(api: FakeBotApi, people: tuple[int, ...]) -> dict[int, str]:
    """Each person taps the first topic of their main menu and at once sends /menu, all
    together; returns each person's callback query id."""
    queries = {}
    for person in people:
        queries[person] = api.push_callback(person, api.buttons(person)[0][1])
        api.push_command(person, "/menu")
    return queries


def shown(api: FakeBotApi, person: int, since: int) -> list[tuple[str, bool]]:
    """What changed on the person's screen since `since`, in order: each send or edit
    Telegram carried out, and whether it was the main menu."""
    return [
        (r.method, MENU in str(r.params.get("text")))
        for r in api.requests[since:]
        if r.ok and r.chat_id == person and r.method in SHOWN
    ]


def answers(api: FakeBotApi, query: str, since: int = 0) -> int:
    """How many times the bot answered the callback query (successfully)."""
    return sum(1 for r in api.requests[since:] if answering({query})(r))


def went_wrong(api: FakeBotApi, people: tuple[int, ...]) -> list[int]:
    """The people who were told that something went wrong."""
    return [p for p in people if any(WENT_WRONG in m.text for m in api.messages(p))]


def is_shown_to(people: tuple[int, ...]) -> Callable[[Request], bool]:
    """Matches a send or edit Telegram carried out in one of the people's chats."""

    def matches(r: Request) -> bool:
        return r.ok and r.method in SHOWN and r.chat_id in people

    return matches


def answering(queries: set[str]) -> Callable[[Request], bool]:
    """Matches a successful answer to one of the callback queries."""

    def matches(r: Request) -> bool:
        return (
            r.ok and r.method == "answerCallbackQuery" and r.params["callback_query_id"] in queries
        )

    return matches


async def each_answered_once_in_order(
    api: FakeBotApi, people: tuple[int, ...], queries: dict[int, str], since: int
) -> None:
    """Every tap got its screen (edited in place) and one answer, then the menu came: once,
    in that order, and nobody was told that something went wrong."""
    await api.wait_for_requests(is_shown_to(people), 2 * len(people), 15, since=since)
    await api.wait_for_requests(answering(set(queries.values())), len(people), 15, since=since)
    await api.wait_idle(quiet=QUIET, timeout=15)
    for person in people:
        assert shown(api, person, since) == [("editMessageText", False), ("sendMessage", True)], (
            person
        )
        assert answers(api, queries[person], since) == 1, person
    assert api.unanswered_callback_queries() == []
    assert went_wrong(api, people) == []


async def test_a_burst_of_429s_while_people_tap_at_once_costs_no_tap_and_doubles_none(
    api: FakeBotApi, bot: Harness
) -> None:
    for person in PEOPLE:
        await start_in_english(api, person)
    mark = api.mark()
    for method in REPLY_METHODS:
        api.inject(method, 429, times=3, retry_after=1)
    queries = tap_a_topic_then_ask_for_the_menu(api, PEOPLE)
    await each_answered_once_in_order(api, PEOPLE, queries, mark)
    refused = [r.method for r in api.requests[mark:] if r.status == 429]
    assert sorted(refused) == sorted(REPLY_METHODS * 3), "the whole burst was served"


async def test_500s_in_a_row_on_every_reply_method_delay_the_reply_but_never_double_it(
    api: FakeBotApi, bot: Harness
) -> None:
    people = PEOPLE[:2]
    for person in people:
        await start_in_english(api, person)
    mark = api.mark()
    for method in REPLY_METHODS:
        api.inject(method, 500, times=4)
    queries = tap_a_topic_then_ask_for_the_menu(api, people)
    await each_answered_once_in_order(api, people, queries, mark)
    failed = [r.method for r in api.requests[mark:] if r.status == 500]
    assert sorted(failed) == sorted(REPLY_METHODS * 4), "every 500 was met and retried"
    replies = await api.send_and_wait(people[0], "/help")  # and nothing is left stuck
    assert "/privacy" in replies[-1].text


async def test_answers_slower_than_the_time_outs_are_taken_as_delivered_never_sent_twice(
    api: FakeBotApi, shipped: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A call that timed out on the bot's side may still have been carried out by Telegram
    (here it always was: the fake answers late, after doing the work). The bot never sends
    it again, so the person never sees a reply twice; it carries on with the next replies
    and does not tell the person that something went wrong. A getUpdates answered too late
    is asked again from the same offset: its updates come again and are handled once."""
    monkeypatch.setattr(polling, "POLL_SECONDS", 2)  # a long poll gives up after 2 + 1 s
    harness = Harness(api, shipped, tmp_path / "bot.sqlite3", read_timeout=1.0)
    await harness.start()
    try:
        person = PEOPLE[0]
        await start_in_english(api, person)
        menus = sum(MENU in m.text for m in api.messages(person))

        mark = api.mark()
        api.hold("sendMessage", 2.0)
        api.push_command(person, "/menu")
        late = await api.wait_for_requests(lambda r: r.method == "sendMessage", since=mark)
        assert late[0].status == 499, "the bot gave up on the answer; Telegram sent it"
        await api.wait_idle(quiet=QUIET)
        assert sum(MENU in m.text for m in api.messages(person)) == menus + 1

        mark = api.mark()
        before = len(api.messages(person))
        api.hold("editMessageText", 2.0)
        query = api.push_callback(person, api.buttons(person)[0][1])
        late = await api.wait_for_requests(lambda r: r.method == "editMessageText", since=mark)
        assert late[0].status == 499
        await api.wait_idle(quiet=QUIET)
        screen = api.last_message(person)
        assert screen is not None and screen.edited and MENU not in screen.text, "it changed"
        assert len(api.messages(person)) == before, "and was not sent again as a new message"
        assert answers(api, query) == 1

        mark, menus = api.mark(), sum(MENU in m.text for m in api.messages(person))
        api.hold("getUpdates", 3.5)  # the poll that brings the next update is answered late
        api.push_command(person, "/menu")
        abandoned = await api.wait_for_requests(  # the poll in flight (begun before `mark`)
            lambda r: r.method == "getUpdates" and r.status == 499, since=0, timeout=8
        )
        assert len(abandoned) == 1, "the bot gave up on the poll that carried the update"
        await api.wait_for_requests(is_shown_to((person,)), since=mark, timeout=8)
        await api.wait_idle(quiet=QUIET)
        assert sum(MENU in m.text for m in api.messages(person)) == menus + 1
        assert went_wrong(api, (person,)) == []
    finally:
        await harness.stop()


async def an_outage(api: FakeBotApi, shipped: Library, tmp_path: Path, seconds: float) -> None:
    """The Bot API is unreachable for `seconds`: a check-in falls due meanwhile (the bot is
    sending when Telegram goes), and two people tap and write. Once it is back, everyone
    gets everything once, in order, from the same running bot."""
    clock = Clock(MONDAY)
    harness = Harness(api, shipped, tmp_path / "bot.sqlite3", clock=clock, tick=0.05)
    await harness.start()
    try:
        reminded, writing = PEOPLE[0], PEOPLE[1:3]
        await with_weekly_check_in(api, reminded)
        for person in writing:
            await start_in_english(api, person)
        await api.go_offline()
        clock.now = at(14, 10)  # the check-in falls due while Telegram is away
        queries = tap_a_topic_then_ask_for_the_menu(api, writing)
        await asyncio.sleep(seconds)
        mark = api.mark()
        await api.come_back()
        await api.wait_for_requests(
            lambda r: r.ok and r.chat_id == reminded and CHECK_IN in str(r.params.get("text")),
            since=mark,
            timeout=15,
        )
        await each_answered_once_in_order(api, writing, queries, mark)
        assert sum(CHECK_IN in m.text for m in api.messages(reminded)) == 1
        assert api.pending() == [], "every update was fetched and confirmed"
        replies = await api.send_and_wait(reminded, "/help")  # no restart was needed
        assert "/privacy" in replies[-1].text
    finally:
        await harness.stop()


async def test_the_bot_api_unreachable_for_a_while_loses_no_update_and_needs_no_restart(
    api: FakeBotApi, shipped: Library, tmp_path: Path
) -> None:
    """Four seconds, to stay short: with the length only the waits between the bot's tries
    grow (getUpdates: polling.BACKOFF; replies: RETRY_WAITS). The same at full length is
    `test_the_bot_api_unreachable_for_30_seconds`, under `make soak`."""
    await an_outage(api, shipped, tmp_path, seconds=4.0)


def test_a_reply_is_tried_for_longer_than_a_30_second_outage() -> None:
    """The soak run at full length, in arithmetic: the tries of one reply span over 30 s."""
    assert sum(RETRY_WAITS) > 30


@pytest.mark.soak
async def test_the_bot_api_unreachable_for_30_seconds(
    api: FakeBotApi, shipped: Library, tmp_path: Path
) -> None:
    await an_outage(api, shipped, tmp_path, seconds=30.0)


async def test_a_person_who_blocked_the_bot_mid_fan_out_holds_up_nobody(
    api: FakeBotApi, shipped: Library, tmp_path: Path
) -> None:
    clock = Clock(MONDAY)
    harness = Harness(api, shipped, tmp_path / "bot.sqlite3", clock=clock, tick=0.05)
    await harness.start()
    try:
        for person in PEOPLE:
            await with_weekly_check_in(api, person)
        blocked, others = PEOPLE[1], (PEOPLE[0], *PEOPLE[2:])
        api.block(blocked)

        first_week = api.mark()
        clock.now = at(14, 10)
        tries = await api.wait_for_requests(
            lambda r: r.method == "sendMessage" and r.chat_id in PEOPLE,
            len(PEOPLE),
            10,
            since=first_week,
        )
        await api.wait_idle(quiet=0.5)
        order = [r.chat_id for r in tries]
        assert 0 < order.index(blocked) < len(PEOPLE) - 1, f"blocked mid fan-out: {order}"

        second_week = api.mark()
        clock.now = at(21, 10)
        await api.wait_for_requests(
            lambda r: r.method == "sendMessage" and r.chat_id in others and r.ok,
            len(others),
            10,
            since=second_week,
        )
        await api.wait_idle(quiet=0.5)

        for person in others:
            assert sum(CHECK_IN in m.text for m in api.messages(person)) == 2, person
        knocks = [r for r in api.requests[first_week:] if r.chat_id == blocked]
        assert [r.status for r in knocks] == [403], "tried once, then not again"
        with sqlite3.connect(harness.database) as db:
            active = dict(db.execute("SELECT person, active FROM people").fetchall())
        assert active == {f"tg:{p}": int(p != blocked) for p in PEOPLE}

        api.unblock(blocked)  # they come back: answered at once, and reachable again
        replies = await api.send_and_wait(blocked, "/menu")
        assert MENU in replies[0].text
        await api.wait_for_requests(is_shown_to((blocked,)), 2, 5, since=second_week)
        await api.wait_idle(quiet=0.5)
        missed = [m.text for m in api.messages(blocked) if CHECK_IN in m.text]
        assert len(missed) == 1, "the check-in they missed comes once they are back"
        with sqlite3.connect(harness.database) as db:
            assert db.execute(
                "SELECT active FROM people WHERE person = ?", (f"tg:{blocked}",)
            ).fetchone() == (1,)
    finally:
        await harness.stop()
