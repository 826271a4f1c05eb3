"""A person on Telegram: start, every journey and back, typing, old buttons, double taps."""

from __future__ import annotations

import asyncio
import dataclasses

from bot.core.model import TOP_LEVEL_FLOWS
from tests.fake_bot_api import FakeBotApi
from tests.telegram.harness import Harness

USER = 4242


async def start_in_english(api: FakeBotApi) -> None:
    """/start, choose English, say I'm the patient: the main menu is on screen."""
    replies = await api.send_and_wait(USER, "/start")
    assert "Which language" in replies[-1].text
    await api.tap_and_wait(USER, "✓ English")
    replies = await api.tap_and_wait(USER, "I'm the patient")
    assert "<b>Main menu</b>" in replies[-1].text


async def test_start_walks_through_every_journey_and_back(api: FakeBotApi, bot: Harness) -> None:
    await start_in_english(api)
    menu_labels = [text for text, _ in api.buttons(USER)]
    content = bot.library.content
    titles = {
        f: content.flows[f].nodes[content.flows[f].start].title.get("en") for f in TOP_LEVEL_FLOWS
    }
    for flow, label in zip(TOP_LEVEL_FLOWS, menu_labels, strict=False):
        replies = await api.tap_and_wait(USER, label)
        assert replies[-1].text.startswith(f"<b>{titles[flow]}</b>"), flow
        assert replies[-1].edited, "a tap that leads to one screen edits the message in place"
        options = [text for text, data in api.buttons(USER) if "|o" in data]
        assert options, f"{flow} offers nothing to read further"
        await api.tap_and_wait(USER, options[0])
        replies = await api.tap_and_wait(USER, "← Back")
        assert replies[-1].text.startswith(f"<b>{titles[flow]}</b>"), flow
        replies = await api.tap_and_wait(USER, "🏠 Main menu")
        assert "<b>Main menu</b>" in replies[-1].text
    assert api.unanswered_callback_queries() == []


async def test_the_welcome_has_the_disclaimer_and_the_emergency_number(
    api: FakeBotApi, bot: Harness
) -> None:
    await api.send_and_wait(USER, "/start")
    replies = await api.tap_and_wait(USER, "✓ English")
    text = " ".join(m.text for m in replies)
    assert "not medical advice" in text and "101" in text


async def test_typed_text_on_a_button_screen_presses_the_button(
    api: FakeBotApi, bot: Harness
) -> None:
    await api.send_and_wait(USER, "/start")
    await api.tap_and_wait(USER, "✓ English")
    replies = await api.send_and_wait(USER, "im the patiant")
    assert "<b>Main menu</b>" in replies[-1].text


async def test_an_old_button_after_a_content_change_shows_where_the_person_is(
    api: FakeBotApi, bot: Harness
) -> None:
    await start_in_english(api)
    await api.tap_and_wait(USER, api.buttons(USER)[0][0])
    assert bot.holder is not None
    content = dataclasses.replace(bot.library.content, version="ffffff")
    bot.holder.library = dataclasses.replace(bot.library, content=content)
    replies = await api.tap_and_wait(USER, api.buttons(USER)[0][0])
    assert "earlier message" in replies[0].text
    assert "<b>Diagnosis and tests</b>" in replies[-1].text
    assert all(data.startswith("ffffff|") for _, data in api.buttons(USER) if data)


async def test_a_double_tap_acts_once_and_both_taps_are_answered(
    api: FakeBotApi, bot: Harness
) -> None:
    await start_in_english(api)
    _, data = api.buttons(USER)[0]
    message = api.last_message(USER)
    assert message is not None
    api.push_callback(USER, data, message_id=message.message_id)
    api.push_callback(USER, data, message_id=message.message_id)
    await api.wait_idle(quiet=0.3)
    assert api.unanswered_callback_queries() == []
    assert bot.bot is not None and bot.bot.runner is not None
    state = await bot.bot.runner.store.load(f"tg:{USER}")
    assert state is not None and len(state.stack) == 2, "the second tap must not act again"


async def test_a_forged_callback_gets_a_calm_answer(api: FakeBotApi, bot: Harness) -> None:
    await start_in_english(api)
    message = api.last_message(USER)
    assert message is not None
    api.push_callback(USER, "zzzz|../../etc|passwd|o1", message_id=message.message_id)
    await api.wait_idle(quiet=0.3)
    assert api.unanswered_callback_queries() == []
    assert "Main menu" in (api.last_message(USER) or message).text


async def test_a_4000_character_message_gets_an_answer(api: FakeBotApi, bot: Harness) -> None:
    await start_in_english(api)
    replies = await api.send_and_wait(USER, "blah " * 800)
    assert replies


async def test_two_people_at_once_each_get_their_own_answers(api: FakeBotApi, bot: Harness) -> None:
    await asyncio.gather(api.send_and_wait(1, "/start"), api.send_and_wait(2, "/start"))
    assert api.last_message(1) is not None and api.last_message(2) is not None
