"""Read content/hours.yaml (already schema-checked) into the team's working hours and the quiet
time of reminders (pure but for the time zone database, and today's year for the holidays)."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.content.loader import Document
from bot.content.problems import Problem
from bot.core.hours import WEEKDAYS, Opening, WorkingHours
from bot.core.quiet import QuietHours
from bot.reminders.quiet import ISRAEL, israeli_holidays

HOLIDAY_YEARS = 3
"""Holidays are known from last year to this many years ahead (content reloads renew them)."""
DEFAULT_SEND_AT = dt.time(10, 0)


def working_hours(doc: Document | None, problems: list[Problem]) -> WorkingHours | None:
    """The hours in `doc` (None without the file); a problem for each value that cannot be
    used: an unknown time zone, or a day that closes before it opens."""
    if doc is None:
        return None
    data = doc.data
    try:
        zone = ZoneInfo(str(data["timezone"]))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            Problem(
                doc.mark("timezone"),
                "E_HOURS_TIMEZONE",
                f"timezone must be an IANA time zone name such as Asia/Jerusalem"
                f" (got {data['timezone']!r})",
            )
        )
        return None
    week: dict[str, Opening | None] = {}
    for day in WEEKDAYS:
        raw = data["week"][day]
        if raw == "closed":
            week[day] = None
            continue
        opening = Opening(dt.time.fromisoformat(raw["opens"]), dt.time.fromisoformat(raw["closes"]))
        if opening.closes <= opening.opens:
            problems.append(
                Problem(
                    doc.mark("week", day, "closes"),
                    "E_HOURS_ORDER",
                    f"week.{day} closes at {raw['closes']}, not after it opens at"
                    f" {raw['opens']}; make `closes` later than `opens`, or write `closed`",
                )
            )
            continue
        week[day] = opening
    closed = frozenset(dt.date.fromisoformat(str(day)) for day in data.get("closed_on") or ())
    return WorkingHours(zone, MappingProxyType(week), closed)


def quiet_time(
    doc: Document | None, today: dt.date, hours: WorkingHours | None
) -> tuple[QuietHours, dt.time]:
    """The quiet time of reminders and the time of day they go out (`quiet:` in `doc`), in
    the team's time zone (Israel's without one); without `quiet:`, nights, Shabbat and
    Israel's holidays at the usual hours, and 10:00."""
    data = (doc.data if doc is not None else {}).get("quiet")
    years = range(today.year - 1, today.year + HOLIDAY_YEARS + 1)
    zone = hours.zone if hours is not None else ISRAEL
    if not data:
        return QuietHours(rest_days=israeli_holidays(years), zone=zone), DEFAULT_SEND_AT
    rest_days = israeli_holidays(years) if data.get("holidays", "israel") == "israel" else None
    quiet = QuietHours(
        night_from=dt.time.fromisoformat(data["night_from"]),
        night_until=dt.time.fromisoformat(data["night_until"]),
        rest_from=dt.time.fromisoformat(data["rest_from"]),
        rest_until=dt.time.fromisoformat(data["rest_until"]),
        rest_days=rest_days or frozenset(),
        zone=zone,
    )
    return quiet, dt.time.fromisoformat(data["send_at"])
