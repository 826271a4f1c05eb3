"""A month of days as buttons, and days and times said in the person's language (pure).

Weeks start on Sunday, as in Israel. In Hebrew and Arabic the rows run right to left, so
Sunday is on the right and the arrow to the previous month points right.
"""

from __future__ import annotations

import datetime as dt

from bot.core.events import PickDay, ShowMonth
from bot.core.hours import WEEKDAYS
from bot.core.model import Content
from bot.core.replies import Button

MONTHS_AHEAD = 24
"""How far ahead the calendar goes (a reminder further off is a typo, not a plan)."""
RIGHT_TO_LEFT = ("he", "ar")
BLANK = "·"
"""The label of a cell with no day to pick (before the month starts, or already past)."""


def local_day(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The day `moment` falls on in `zone` (the hospital's)."""
    return moment.astimezone(zone).date()


def spoken_date(content: Content, lang: str, day: dt.date) -> str:
    """A day as people say it: "Tuesday 12 March", "יום שלישי, 12 במרץ"."""
    weekday = content.ui_text(f"day_{WEEKDAYS[day.weekday()]}", lang)
    return (
        content.ui_text("date_format", lang)
        .replace("{weekday}", weekday)
        .replace("{day}", str(day.day))
        .replace("{month}", content.ui_text(f"month_{day.month}", lang))
    )


def clock_time(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """The time of day in `zone` (the hospital's), as HH:MM."""
    return f"{moment.astimezone(zone):%H:%M}"


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def month_rows(
    content: Content, lang: str, year: int, month: int, today: dt.date
) -> tuple[tuple[Button, ...], ...]:
    """The calendar of one month: arrows and its name, the weekdays, then its weeks; only
    days after `today` can be picked."""
    here = ShowMonth(year, month)
    first, last = (today.year, today.month), _shift(today.year, today.month, MONTHS_AHEAD)
    before, after = _shift(year, month, -1), _shift(year, month, 1)
    rtl = lang in RIGHT_TO_LEFT
    back_label, on_label = ("▶", "◀") if rtl else ("◀", "▶")
    back = Button(back_label, ShowMonth(*before)) if before >= first else Button(BLANK, here)
    on = Button(on_label, ShowMonth(*after)) if after <= last else Button(BLANK, here)
    name = Button(f"{content.ui_text(f'month_{month}', lang)} {year}", here)
    names = content.ui_text("calendar_weekdays", lang).split()
    weekdays = [Button(label, here) for label in (names + [BLANK] * 7)[:7]]
    start = dt.date(year, month, 1)
    offset = (start.weekday() + 1) % 7  # Sunday first
    cells = [Button(BLANK, here)] * offset
    day = start
    while day.month == month:
        pickable = day > today
        cells.append(Button(str(day.day), PickDay(day)) if pickable else Button(BLANK, here))
        day += dt.timedelta(days=1)
    cells += [Button(BLANK, here)] * (-len(cells) % 7)
    rows = [[back, name, on], weekdays, *(cells[i : i + 7] for i in range(0, len(cells), 7))]
    return tuple(tuple(reversed(row)) if rtl else tuple(row) for row in rows)
