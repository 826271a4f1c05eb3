"""Quiet time in Israel: nights, Shabbat and holidays, whatever the server's time zone."""

from __future__ import annotations

import datetime as dt

from bot.reminders.quiet import ISRAEL, QuietHours, israeli_holidays

HOURS = QuietHours(rest_days=israeli_holidays([2026, 2027]), zone=ISRAEL)


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ISRAEL)


def test_a_weekday_morning_is_open_and_stays_as_it_is() -> None:
    tuesday = at(2026, 12, 8, 10, 7)
    assert not HOURS.is_quiet(tuesday)
    assert HOURS.next_open(tuesday) == tuesday


def test_night_waits_for_the_morning() -> None:
    assert HOURS.next_open(at(2026, 12, 8, 23, 40)) == at(2026, 12, 9, 8, 30)


def test_friday_afternoon_waits_until_after_shabbat_and_the_night() -> None:
    friday = at(2026, 12, 11, 15, 0)
    assert HOURS.is_quiet(friday)
    assert HOURS.next_open(friday) == at(2026, 12, 13, 8, 30)


def test_yom_kippur_and_its_eve_are_quiet() -> None:
    assert HOURS.is_quiet(at(2027, 10, 10, 16, 0))  # the eve, in the afternoon
    assert HOURS.is_quiet(at(2027, 10, 11, 12, 0))
    assert not HOURS.is_quiet(at(2027, 10, 10, 11, 0))  # the eve's morning is open


def test_a_time_given_in_utc_is_judged_by_israels_clock() -> None:
    # 19:30 UTC on a Tuesday in December is 21:30 in Israel: night.
    assert HOURS.is_quiet(dt.datetime(2026, 12, 8, 19, 30, tzinfo=dt.UTC))
    opened = HOURS.next_open(dt.datetime(2026, 12, 8, 19, 30, tzinfo=dt.UTC))
    assert opened.tzinfo is dt.UTC and opened == at(2026, 12, 9, 8, 30)


def test_the_shipped_quiet_time_is_read_from_hours_yaml(shipped) -> None:
    content = shipped.content
    assert content.remind_at == dt.time(10, 0)
    assert content.quiet.night_from == dt.time(21, 0)
    assert content.quiet.night_until == dt.time(8, 30)
    assert content.quiet.is_quiet(at(2026, 9, 21, 10))  # Yom Kippur, a Monday
