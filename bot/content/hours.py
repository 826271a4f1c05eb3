"""Read content/hours.yaml (already schema-checked) into the team's working hours (pure but for
the time zone database)."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.content.loader import Document
from bot.content.problems import Problem
from bot.core.hours import WEEKDAYS, Opening, WorkingHours


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
