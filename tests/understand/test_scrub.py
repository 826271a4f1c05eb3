"""Messages kept for staff lose what could identify a person."""

from __future__ import annotations

from bot.understand.scrub import scrub


def test_contact_details_numbers_and_names_are_removed() -> None:
    text = (
        "my name is Dana Levi, call 052-123-4567 or dana@example.com, id 123456789, see Dr. Cohen"
    )
    cleaned = scrub(text)
    for secret in ("Dana", "Levi", "052", "dana@", "123456789", "Cohen"):
        assert secret not in cleaned
    assert "call" in cleaned


def test_names_after_cues_in_other_languages_are_removed() -> None:
    assert "רונית" not in scrub("שמי רונית ואני רוצה לדעת")
    assert "Ольга" not in scrub("меня зовут Ольга")
    assert "سامي" not in scrub("اسمي سامي")


def test_a_surname_in_hebrew_or_arabic_goes_with_the_first_name() -> None:
    assert "כהן" not in scrub("שמי יוסי כהן ואני צריך עזרה")
    assert "خليل" not in scrub("اسمي أحمد خليل وعندي سؤال")
    assert scrub("שמי יוסי, הכלב שלי משתעל") == "שמי [name], הכלב שלי משתעל"
