"""When the bot may start a conversation: not at night, on Shabbat or on a holiday (pure).

A reminder or a check-in that falls in quiet time waits for the next open moment. Rest days
are Saturday and the holidays given (`israeli_holidays` in bot/reminders/quiet.py); each
begins on the afternoon before (`rest_from` on its eve) and ends in the evening
(`rest_until`). The hours are the hospital's, from content/hours.yaml (`quiet:`); the times
are in its time zone (`zone`), whatever the server's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

STEP = dt.timedelta(minutes=15)
LOOK_AHEAD = dt.timedelta(days=14)
"""No run of rest days is longer (Rosh Hashanah beside Shabbat is three)."""


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Night hours every day, and the span of a rest day with its eve (local times)."""

    night_from: dt.time = dt.time(21, 0)
    night_until: dt.time = dt.time(8, 30)
    rest_from: dt.time = dt.time(14, 0)
    rest_until: dt.time = dt.time(21, 0)
    rest_days: frozenset[dt.date] = frozenset()
    zone: dt.tzinfo = dt.UTC

    def is_quiet(self, when: dt.datetime) -> bool:
        """Whether `when` (aware) is at night, on a rest day or on the afternoon before one."""
        local = when.astimezone(self.zone)
        clock, day = local.time(), local.date()
        if clock >= self.night_from or clock < self.night_until:
            return True
        if self._rests(day) and clock < self.rest_until:
            return True
        return self._rests(day + dt.timedelta(days=1)) and clock >= self.rest_from

    def next_open(self, when: dt.datetime) -> dt.datetime:
        """`when` itself when it is open, else the first open quarter hour after it."""
        if not self.is_quiet(when):
            return when
        local = when.astimezone(self.zone)
        moment = local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)
        end = local + LOOK_AHEAD
        while moment < end:
            moment += STEP
            if not self.is_quiet(moment):
                return moment.astimezone(when.tzinfo)
        return when  # a calendar with no open hour at all: do not hold the message forever

    def _rests(self, day: dt.date) -> bool:
        return day.weekday() == 5 or day in self.rest_days
