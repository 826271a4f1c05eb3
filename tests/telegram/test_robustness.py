"""Privacy, odd messages, Telegram's failures, restarts and kills: nothing is lost."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
from pathlib import Path

from bot.content.library import Library
from tests.fake_bot_api import FakeBotApi
from tests.telegram.harness import Harness
from tests.telegram.processes import start_bot
from tests.telegram.test_journeys import USER, start_in_english


async def test_privacy_shows_what_is_kept_and_delete_erases_it(
    api: FakeBotApi, bot: Harness
) -> None:
    await start_in_english(api)
    replies = await api.send_and_wait(USER, "/privacy")
    assert "English" in replies[-1].text and "I'm the patient" in replies[-1].text
    replies = await api.send_and_wait(USER, "/delete")
    assert "can't be undone" in replies[-1].text
    replies = await api.tap_and_wait(USER, "Yes, delete everything")
    assert "deleted everything" in replies[-1].text
    with sqlite3.connect(bot.database) as db:
        assert db.execute("SELECT COUNT(*) FROM people").fetchone() == (0,)
    replies = await api.send_and_wait(USER, "/privacy")
    assert "don't keep anything" in replies[-1].text


async def test_delete_can_be_cancelled(api: FakeBotApi, bot: Harness) -> None:
    await start_in_english(api)
    await api.send_and_wait(USER, "/delete")
    replies = await api.tap_and_wait(USER, "No, keep it")
    assert "haven't deleted" in replies[-1].text
    with sqlite3.connect(bot.database) as db:
        assert db.execute("SELECT COUNT(*) FROM people").fetchone() == (1,)


async def test_stickers_photos_and_others_get_a_kind_reply_and_nothing_is_kept(
    api: FakeBotApi, bot: Harness
) -> None:
    for push in (
        api.push_sticker,
        api.push_photo,
        api.push_voice,
        api.push_document,
        api.push_location,
        api.push_contact,
    ):
        push(USER)
        await api.wait_idle(quiet=0.2)
    texts = [m.text for m in api.messages(USER)]
    assert len(texts) == 6 and all("only read text" in t for t in texts)
    with sqlite3.connect(bot.database) as db:
        assert db.execute("SELECT COUNT(*) FROM people").fetchone() == (0,)


async def test_a_group_is_pointed_to_a_private_chat(api: FakeBotApi, bot: Harness) -> None:
    api.push_command(USER, "/start", chat_id=-100123, chat_type="group")
    await api.wait_idle(quiet=0.2)
    (message,) = api.messages(-100123)
    assert "private chat" in message.text


async def test_a_429_is_retried_after_the_time_telegram_asks(api: FakeBotApi, bot: Harness) -> None:
    api.inject("sendMessage", 429, retry_after=1)
    await api.send_and_wait(USER, "/start", timeout=10, quiet=1.5)
    statuses = [r.status for r in api.requests if r.method == "sendMessage"]
    assert statuses == [429, 200]
    assert "Which language" in api.messages(USER)[-1].text


async def test_a_person_who_blocked_the_bot_is_marked_inactive(
    api: FakeBotApi, bot: Harness
) -> None:
    await start_in_english(api)
    api.block(USER)
    api.push_text(USER, "hello")
    await api.wait_idle(quiet=0.3)
    with sqlite3.connect(bot.database) as db:
        assert db.execute("SELECT active FROM people").fetchone() == (0,)


async def test_a_server_error_is_retried(api: FakeBotApi, bot: Harness) -> None:
    api.inject("sendMessage", 502)
    await api.send_and_wait(USER, "/start", timeout=10, quiet=0.8)
    assert any("Which language" in m.text for m in api.messages(USER))


async def test_a_new_application_on_the_same_database_continues(
    api: FakeBotApi, shipped: Library, tmp_path: Path
) -> None:
    first = Harness(api, shipped, tmp_path / "bot.sqlite3")
    await first.start()
    await start_in_english(api)
    await api.tap_and_wait(USER, api.buttons(USER)[0][0])
    before = api.buttons(USER)
    await first.stop()
    second = Harness(api, shipped, tmp_path / "bot.sqlite3")
    await second.start()
    option = next(text for text, data in before if "|o" in data)
    replies = await api.tap_and_wait(USER, option)
    assert "earlier message" not in replies[0].text
    await second.stop()


def bot_process(api: FakeBotApi, database: Path) -> subprocess.Popen[str]:
    return start_bot(api, f"sqlite:///{database}", database.parent)


async def wait_polling(api: FakeBotApi, since: int) -> None:
    await api.wait_for_requests(lambda r: r.method == "getUpdates", since=since, timeout=30)


async def test_after_sigkill_the_next_tap_continues_from_the_same_place(
    api: FakeBotApi, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    process = bot_process(api, database)
    try:
        await wait_polling(api, 0)
        await start_in_english(api)
        replies = await api.tap_and_wait(USER, api.buttons(USER)[0][0])
        screen = api.buttons(USER)
        title = replies[-1].text.split("</b>")[0]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        mark = api.mark()
        process = bot_process(api, database)
        await wait_polling(api, mark)
        option = next(text for text, data in screen if "|o" in data)
        replies = await api.tap_and_wait(USER, option, timeout=15)
        assert "earlier message" not in replies[0].text and not replies[-1].text.startswith(title)
    finally:
        process.kill()
        process.wait(timeout=10)


async def test_run_stops_cleanly_on_sigterm(api: FakeBotApi, tmp_path: Path) -> None:
    process = bot_process(api, tmp_path / "bot.sqlite3")
    try:
        await wait_polling(api, 0)
        replies = await api.send_and_wait(USER, "/start", timeout=15)
        assert replies
        process.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(process.wait, 20)
        assert code == 0, process.stdout.read() if process.stdout else ""
    finally:
        process.kill()
    commands = api.my_commands(language_code="ru")
    assert any(c["command"] == "privacy" for c in commands)


async def test_a_failure_inside_the_bot_still_gets_a_kind_answer(
    api: FakeBotApi, bot: Harness
) -> None:
    assert bot.bot is not None and bot.bot.runner is not None
    await bot.bot.runner.store.close()  # the database goes away under the running bot
    replies = await api.send_and_wait(USER, "/start")
    assert "something went wrong" in replies[-1].text and "101" in replies[-1].text
