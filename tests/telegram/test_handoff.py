"""Asking for a person: a staff chat hears of it, or the bot says honestly that none is there."""

from __future__ import annotations

from pathlib import Path

from bot.content.library import Library
from tests.fake_bot_api import FakeBotApi
from tests.telegram.harness import Harness
from tests.telegram.test_journeys import USER, start_in_english

STAFF = 9000


async def ask_for_a_person(api: FakeBotApi) -> list[str]:
    await start_in_english(api)
    await api.send_and_wait(USER, "qwertyuiop zxcvbnm")  # not understood: offers a person
    asked = await api.tap_and_wait(USER, "💬 Talk to a person")
    assert "Write your message for the team" in asked[-1].text
    replies = await api.send_and_wait(USER, "Could someone call me?")
    return [m.text for m in replies]


async def test_without_a_staff_chat_no_person_is_offered(api: FakeBotApi, bot: Harness) -> None:
    await start_in_english(api)
    assert not any("💬" in text for text, _ in api.buttons(USER)), "not on the menu"
    await api.send_and_wait(USER, "qwertyuiop zxcvbnm")
    assert not any("💬" in text for text, _ in api.buttons(USER))
    replies = await api.send_and_wait(USER, "/human")
    assert "No one from the team is connected" in replies[-1].text
    assert "1201" in replies[-1].text and "1-800-599-995" in replies[-1].text


async def test_with_a_staff_chat_the_request_reaches_staff_with_a_link(
    api: FakeBotApi, shipped: Library, tmp_path: Path
) -> None:
    api.register_user(STAFF)
    harness = Harness(api, shipped, tmp_path / "bot.sqlite3", staff_chat_id=STAFF)
    await harness.start()
    try:
        texts = await ask_for_a_person(api)
        assert "gone to the team" in texts[-1]
        await api.wait_for_requests(lambda r: r.chat_id == STAFF, timeout=5, since=0)
        (note,) = api.messages(STAFF)
        assert f"tg://user?id={USER}" in note.text and "English" in note.text
        assert "Could someone call me?" in note.text
    finally:
        await harness.stop()
