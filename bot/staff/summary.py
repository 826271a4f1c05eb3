"""The one-screen staff summary that /stats sends in Telegram (does I/O: reads the store).

It is made of the staff report's own sections (bot/staff/stats.py), the short ones only:
the whole report, with drop-off for every page, is `python bot.py stats`.
"""

from __future__ import annotations

import datetime as dt

from bot.staff import stats
from bot.store.base import ReportStore

DAYS = 30
TOP = 5
"""Most visited pages shown."""


async def summary(store: ReportStore, today: dt.date | None = None) -> str:
    """Counts only, never a person: people, languages, places, top pages, alerts, hand-offs."""
    window = stats.Window.ending(today or dt.datetime.now(dt.UTC).date(), DAYS)
    sections = [
        [f"Staff summary: the last {DAYS} days, {window.first} to {window.last} (UTC)"],
        await stats.people_section(store),
        await stats.grouped_people(store, "People by language", "$.lang", "(not chosen)"),
        await stats.grouped_people(
            store, "People by current flow", "$.stack[#-1][0]", "(not started)"
        ),
        await stats.top_nodes(store, window, TOP),
        await stats.alerts(store, window),
        await stats.open_handoffs(store),
        await stats.misses(store, window),
        ["Everything, with drop-off per page: python bot.py stats"],
    ]
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"
