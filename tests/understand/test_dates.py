"""Dates people type for an appointment, in four languages, read against a fixed today."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.understand.dates import read_date

TODAY = dt.date(2026, 12, 6)  # a Sunday
NEXT_TUESDAY = dt.date(2026, 12, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.3", dt.date(2027, 3, 12)),  # day before month, as in Israel
        ("12/3/27", dt.date(2027, 3, 12)),
        ("2027-03-12", dt.date(2027, 3, 12)),
        ("התור שלי ב-14.1", dt.date(2027, 1, 14)),
        ("٢٠/١٢", dt.date(2026, 12, 20)),  # Arabic-Indic digits
        ("12 March", dt.date(2027, 3, 12)),
        ("March 12", dt.date(2027, 3, 12)),
        ("12 במרץ", dt.date(2027, 3, 12)),
        ("12 марта", dt.date(2027, 3, 12)),
        ("1 мая 2027", dt.date(2027, 5, 1)),
        ("12 آذار", dt.date(2027, 3, 12)),
        ("12 مارس", dt.date(2027, 3, 12)),
        ("12 كانون الثاني", dt.date(2027, 1, 12)),
    ],
)
def test_written_dates_are_read_day_first_and_in_the_future(text: str, expected) -> None:
    assert read_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("tomorrow", 1),
        ("מחר", 1),
        ("завтра", 1),
        ("بكرة", 1),
        ("מחרתיים", 2),
        ("послезавтра", 2),
        ("in two weeks", 14),
        ("in 10 days", 10),
        ("בעוד שבועיים", 14),
        ("בעוד שני שבועות", 14),
        ("בעוד 3 ימים", 3),
        ("через неделю", 7),
        ("через две недели", 14),
        ("через 3 дня", 3),
        ("بعد اسبوعين", 14),
        ("بعد 3 ايام", 3),
        ("بعد يومين", 2),
        ("בשבוע הבא", 7),
    ],
)
def test_days_from_today_are_counted(text: str, days: int) -> None:
    assert read_date(text, TODAY) == TODAY + dt.timedelta(days=days)


@pytest.mark.parametrize(
    "text",
    [
        "next Tuesday",
        "ביום שלישי",
        "יום שלישי הבא",
        "во вторник",
        "в следующий вторник",
        "الثلاثاء الجاي",
        "يوم الثلاثاء",
    ],
)
def test_a_weekday_is_the_next_one(text: str) -> None:
    assert read_date(text, TODAY) == NEXT_TUESDAY


def test_the_same_weekday_as_today_is_next_week() -> None:
    assert read_date("sunday", TODAY) == TODAY + dt.timedelta(days=7)


@pytest.mark.parametrize(
    "text",
    ["31.2", "hello", "I am 45 years old", "20 תשרי", "5.12", "2020-01-01", "12.3.2031"],
)
def test_no_date_a_wrong_date_or_a_likely_slip_is_asked_again(text: str) -> None:
    assert read_date(text, TODAY) is None
