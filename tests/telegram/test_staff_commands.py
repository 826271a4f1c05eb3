"""Staff commands from anyone else do nothing staff-like and reveal nothing: the cases that
test_reload.py (/reload, /stats from a person) and test_tickets.py (/close from a person)
do not already cover."""

from __future__ import annotations

from pathlib import Path

from bot.content.library import Library
from tests.fake_bot_api import FakeBotApi
from tests.telegram.test_journeys import start_in_english
from tests.telegram.test_reload import start_in_english as start_in_english_as
from tests.telegram.test_tickets import (
    ADMIN,
    FORUM,
    MONDAY_MORNING,
    NURSE,
    Clock,
    open_ticket,
    staffed,
    tickets,
)

STRANGER = 4300
"""Someone using the bot who is neither an admin nor in the staff group."""
ELSEWHERE = -4099999
"""A group the bot is in that is not the staff group."""
CASES = (
    (STRANGER, STRANGER, "/tickets"),
    (STRANGER, STRANGER, "/tickets 1"),
    (NURSE, FORUM, "/reload"),
    (NURSE, FORUM, "/stats"),
    *(
        (who, ELSEWHERE, command)
        for who in (STRANGER, ADMIN)
        for command in ("/reload", "/stats", "/tickets", "/close 1")
    ),
)
"""(sender, chat, command): a person in their own chat; a nurse in the staff group, who may
answer tickets but is no admin; anyone, an admin too, in a group that is not the staff group."""
STAFF_WORDS = ("Staff summary", "Content reloaded", "Content NOT reloaded", "#1", "tg:", "closed")


async def test_staff_commands_from_anyone_else_do_nothing_and_reveal_nothing(
    api: FakeBotApi, shipped: Library, tmp_path: Path
) -> None:
    harness = await staffed(
        api, shipped, tmp_path, Clock(MONDAY_MORNING), FORUM, admin_user_ids=frozenset({ADMIN})
    )
    try:
        assert harness.holder is not None
        content = harness.holder.library
        await start_in_english(api)
        await open_ticket(api, "Please call me back about my scan results")
        opened = tickets(harness.database)
        await start_in_english_as(api, STRANGER)
        unknown = [m.text for m in await api.send_and_wait(STRANGER, "/frobnicate")]
        for sender, chat, command in CASES:
            since = api.mark()
            api.push_command(sender, command, chat_id=None if chat == sender else chat)
            await api.wait_idle(quiet=0.3)
            said = [
                str(r.params.get("text", ""))
                for r in api.requests[since:]
                if r.ok and r.method == "sendMessage"
            ]
            case = f"{command} from {sender} in {chat}"
            if chat == sender:
                assert said == unknown, f"{case}: not answered as an unknown command: {said}"
            elif chat == FORUM:
                assert said == [], f"{case}: answered in the staff group: {said}"
            else:
                assert len(said) == 1 and "private chat" in said[0], f"{case}: {said}"
            assert not any(word in text for text in said for word in STAFF_WORDS), case
            staff_calls = [r.method for r in api.requests[since:] if "ForumTopic" in r.method]
            assert staff_calls == [], f"{case}: touched the staff group's topics"
            assert tickets(harness.database) == opened, f"{case}: the ticket changed"
            assert harness.holder.library is content, f"{case}: the content was reloaded"
    finally:
        await harness.stop()
