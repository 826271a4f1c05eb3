"""Visits and drop-off of each page, for the flow diagram (does I/O: reads the store, never
changes it).

A page's visits are the times the bot showed it in the window (UTC days): the `visits`
table that the staff report's drop-off reads too, through `report_data.flow_visits`.

The store keeps no trail of moves, so which visit ended on which page is defined from
what it does keep: each person's current place (the top of their Back stack) and the last
day they were active. A person whose last active day falls in the window and who stands
on a page now ended their latest visit there ("ended here"), or is still reading it.
Only each person's latest visit is known, so a page's ended count is a floor: visits that
stopped there before the person came back and went elsewhere are not counted. A person
active after the window's last day is not counted either (their place is from later).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.state import Frame
from bot.staff.report_data import Window, as_int, flow_visits
from bot.store.base import ReportStore

ENDED_SQL = (
    "SELECT json_extract(people.state, '$.stack[#-1][0]') AS flow,"
    " json_extract(people.state, '$.stack[#-1][1]') AS node, COUNT(*)"
    " FROM people LEFT JOIN usage ON usage.person = people.person"
    " WHERE json_valid(people.state)"
    " AND substr(COALESCE(usage.active_on, people.updated_at), 1, 10) BETWEEN ? AND ?"
    " GROUP BY flow, node"
)
"""People last active in the window, counted by the page they stand on now."""


@dataclass(frozen=True, slots=True)
class PageCounts:
    """One page's visits in the window, and how many people's latest visit ended there."""

    visits: int = 0
    ended: int = 0

    @property
    def ended_share(self) -> str:
        """`ended` as a whole percentage of `visits`; a dash when there were no visits."""
        return f"{round(100 * self.ended / self.visits)}%" if self.visits else "-"


@dataclass(frozen=True, slots=True)
class Traffic:
    """The counts of every page that was visited or ended on in `window`."""

    window: Window
    pages: Mapping[Frame, PageCounts] = field(default_factory=dict)

    def at(self, frame: Frame) -> PageCounts:
        """The counts of one page (zeros when nobody came)."""
        return self.pages.get(frame, PageCounts())


async def collect(store: ReportStore, window: Window) -> Traffic:
    """Every page's visits and ended visits in `window`."""
    visits = await flow_visits(store, window)
    ended = await ended_visits(store, window)
    pages = {
        Frame(flow, node): PageCounts(visits.get((flow, node), 0), ended.get((flow, node), 0))
        for flow, node in sorted({*visits, *ended})
    }
    return Traffic(window, pages)


async def ended_visits(store: ReportStore, window: Window) -> dict[tuple[str, str], int]:
    """People last active in `window`, by the (flow, node) they stand on now."""
    rows = await store.fetch(ENDED_SQL, window.day_params())
    return {
        (str(flow), str(node)): as_int(count)
        for flow, node, count in rows
        if flow is not None and node is not None
    }
