"""Israel's rest holidays for quiet time, from the `holidays` package's Hebrew calendar (pure).

Quiet time itself (nights, Shabbat, holiday eves) is `bot.core.quiet.QuietHours`, which the
engine uses; this module gives it the holidays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from bot.core.quiet import LOOK_AHEAD, STEP, QuietHours

ISRAEL = ZoneInfo("Asia/Jerusalem")
"""The zone of quiet time when content/hours.yaml gives none."""

__all__ = ["ISRAEL", "LOOK_AHEAD", "STEP", "QuietHours", "israeli_holidays"]


def israeli_holidays(years: Iterable[int]) -> frozenset[dt.date]:
    """Israel's official rest holidays in `years` (the `holidays` package's Hebrew calendar)."""
    import holidays  # 80 ms to import, and a start from a content snapshot needs none

    return frozenset(holidays.country_holidays("IL", years=list(years)).keys())
