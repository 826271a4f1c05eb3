"""Over Telegram, safety answers first in every state and the person can carry on."""

from __future__ import annotations

import sqlite3

from tests.fake_bot_api import FakeBotApi
from tests.telegram.harness import Harness
from tests.telegram.test_journeys import USER


async def test_an_emergency_typed_during_a_question_is_answered_first(
    api: FakeBotApi, bot: Harness
) -> None:
    await api.send_and_wait(USER, "/start")
    await api.tap_and_wait(USER, "✓ English")
    replies = await api.send_and_wait(USER, "my mother has a fever of 38.5 after chemo")
    assert "101" in replies[0].text and "fever" in replies[0].text.casefold()
    assert "paracetamol" in replies[0].text.casefold()
    alert = api.last_message(USER)
    replies = await api.tap_and_wait(USER, "Carry on where I was")
    assert "Who are you here as?" in replies[-1].text
    assert alert is not None and not any(
        m.edited for m in replies if m.message_id == alert.message_id
    )
    assert "101" in next(m.text for m in api.messages(USER) if m.message_id == alert.message_id)
    with sqlite3.connect(bot.database) as db:
        assert db.execute("SELECT kind, rule_id, lang FROM alerts").fetchall() == [
            ("emergency", "fever_high", "en")
        ]
        assert "38.5" not in str(db.execute("SELECT * FROM alerts").fetchall())


async def test_a_crisis_before_a_language_is_chosen_is_answered_in_the_language_typed(
    api: FakeBotApi, bot: Harness
) -> None:
    await api.send_and_wait(USER, "/start")
    replies = await api.send_and_wait(USER, "بدي انتحر")
    assert "1201" in replies[0].text and "101" in replies[0].text
    assert not any("💬" in text for text, _ in api.buttons(USER)), "no staff chat: no promise"


async def test_an_edited_message_is_safety_checked_too(api: FakeBotApi, bot: Harness) -> None:
    await api.send_and_wait(USER, "/start")
    api.push_edited_text(USER, 1, "i can't breathe")
    await api.wait_idle(quiet=0.3)
    assert "101" in (api.last_message(USER) or api.messages(USER)[0]).text
