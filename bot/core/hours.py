"""When the staff team answers: a week of opening hours and closed dates (pure).

The hours are the hospital's own (content/hours.yaml); the engine only asks whether the team
is in at `now` and, when it is not, when it is in next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
"""Day names in Python's order (``date.weekday()``: Monday is 0)."""
LOOK_AHEAD_DAYS = 370
"""How far ahead the next opening is looked for (a year of closed dates, and a week)."""


@dataclass(frozen=True, slots=True)
class Opening:
    """The team's hours on one day: from `opens` until `closes` (local time)."""

    opens: dt.time
    closes: dt.time


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """The team's week (`week[day]` is None on a closed day) in the time zone `zone`."""

    zone: dt.tzinfo
    week: Mapping[str, Opening | None]
    closed_on: frozenset[dt.date] = field(default_factory=frozenset)

    def opening_on(self, day: dt.date) -> Opening | None:
        """The hours on `day`, or None when the team is not in at all."""
        if day in self.closed_on:
            return None
        return self.week.get(WEEKDAYS[day.weekday()])

    def is_open(self, now: dt.datetime) -> bool:
        """Whether the team is in at `now`."""
        local = now.astimezone(self.zone)
        opening = self.opening_on(local.date())
        return opening is not None and opening.opens <= local.time() < opening.closes

    def next_opening(self, now: dt.datetime) -> dt.datetime | None:
        """The next time the team is in, in local time; None when it never is."""
        local = now.astimezone(self.zone)
        for ahead in range(LOOK_AHEAD_DAYS):
            day = local.date() + dt.timedelta(days=ahead)
            opening = self.opening_on(day)
            if opening is None:
                continue
            starts = dt.datetime.combine(day, opening.opens, tzinfo=self.zone)
            if ahead == 0 and local.time() >= opening.opens:
                if local.time() < opening.closes:
                    return local
                continue
            return starts
        return None
