"""Working hours: open or not at a moment, and when the team is in next (pure)."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from zoneinfo import ZoneInfo

from bot.core.hours import Opening, WorkingHours

ISRAEL = ZoneInfo("Asia/Jerusalem")
DAY = Opening(dt.time(8), dt.time(16))
WEEK = MappingProxyType(
    {
        **{d: DAY for d in ("sunday", "monday", "tuesday", "wednesday", "thursday")},
        "friday": Opening(dt.time(8), dt.time(12)),
        "saturday": None,
    }
)
HOURS = WorkingHours(ISRAEL, WEEK)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=ISRAEL)


def test_open_on_a_weekday_within_the_hours_only() -> None:
    assert HOURS.is_open(at(7, 10))  # Monday
    assert not HOURS.is_open(at(7, 7, 59)) and not HOURS.is_open(at(7, 16))


def test_friday_is_short_and_shabbat_closed() -> None:
    assert HOURS.is_open(at(11, 11, 59)) and not HOURS.is_open(at(11, 12))
    assert not HOURS.is_open(at(12, 11))
    assert HOURS.next_opening(at(11, 13)) == at(13, 8)  # Friday afternoon -> Sunday 08:00
    assert HOURS.next_opening(at(12, 11)) == at(13, 8)


def test_before_opening_the_next_opening_is_the_same_day() -> None:
    assert HOURS.next_opening(at(7, 6)) == at(7, 8)


def test_a_moment_in_utc_is_read_in_the_teams_time_zone() -> None:
    utc = dt.datetime(2026, 12, 7, 6, 30, tzinfo=dt.UTC)  # 08:30 in Israel in December
    assert HOURS.is_open(utc)


def test_closed_dates_are_skipped() -> None:
    holiday = WorkingHours(ISRAEL, WEEK, frozenset({dt.date(2026, 12, 13)}))
    assert holiday.next_opening(at(12, 11)) == at(14, 8)


def test_a_week_with_no_hours_has_no_next_opening() -> None:
    never = WorkingHours(ISRAEL, MappingProxyType(dict.fromkeys(WEEK)))
    assert never.next_opening(at(7, 10)) is None
