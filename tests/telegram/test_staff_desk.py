"""How a ticket reads in the staff chat: who it is from and where they were (no Telegram)."""

from __future__ import annotations

from bot.content.library import Library
from bot.telegram.staff_desk import place_title, role_title, telegram_user


def test_only_telegram_people_have_a_telegram_id() -> None:
    assert telegram_user("tg:4242") == 4242
    assert telegram_user("console:ana") is None and telegram_user("tg:") is None


def test_place_and_role_read_as_the_person_saw_them(shipped: Library) -> None:
    content = shipped.content
    assert place_title(content, "menu.main", "en") == "Main menu"
    assert place_title(content, "diagnosis.biopsy", "en").startswith(
        content.flows["diagnosis"].title.get("en")
    )
    assert place_title(content, "", "en") == "-" and place_title(content, "gone.away", "en")
    assert role_title(content, "patient", "en") == "I'm the patient"
    assert role_title(content, "", "en") == "-"
