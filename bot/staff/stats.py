"""The plain-text staff report of anonymous counts (does I/O: reads the store)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from bot.core.model import Content, Flow
from bot.staff import care, report_data
from bot.staff.report_data import (
    TOP,
    Active,
    Alert,
    FlowDropOff,
    Funnel,
    Message,
    NodeVisits,
    Report,
    Window,
    as_int,
    collect,
)
from bot.staff.usage import STEP_NAMES
from bot.store.base import ReportStore

__all__ = [
    "NONE",
    "TOP",
    "Window",
    "alerts",
    "as_int",
    "drop_off",
    "flow_drop_off",
    "grouped_people",
    "misses",
    "open_handoffs",
    "people_section",
    "percent",
    "report",
    "table",
    "text",
    "top_nodes",
]

NONE = "(none)"
DROP_OFF = "Drop-off (visits of each node vs the flow's start node)"


async def report(
    store: ReportStore,
    days: int = 30,
    *,
    content: Content | None = None,
    today: dt.date | None = None,
) -> str:
    """The staff report over the last `days` days.

    It never names a person and shows no typed text but the scrubbed messages the bot
    could not place or only half understood. Time-stamped records (activity, journeys,
    visits, safety alerts, messages) are counted over the last `days` days, UTC, today
    included; people and open hand-offs are counted as they are now. Funnels and drop-off
    need the content (which flows are journeys, where each starts): without `content`
    those sections say so instead. `today` defaults to today in UTC.
    """
    return text(await collect(store, days, content=content, today=today))


def text(data: Report) -> str:
    """The report as aligned text sections, one blank line between them."""
    window = data.window
    sections = [
        [f"Staff report: the last {window.days} day(s), {window.first} to {window.last} (UTC)"],
        people_lines(data.people_total, data.people_reachable),
        ["People by language", *table((v, str(n)) for v, n in data.by_language)],
        ["People by current flow", *table((v, str(n)) for v, n in data.by_flow)],
        active_section("Active people per day, by language and role", "day", data, data.daily),
        active_section(
            "Active people per week (from Sunday), by language and role", "week", data, data.weekly
        ),
        active_section(
            "Active people per month, by language and role", "month", data, data.monthly
        ),
        journeys_section(data.funnels),
        funnel_section(data.funnels),
        top_lines(data.top_visits, TOP),
        drop_off_section(data.drop_off),
        alert_lines(data.alerts),
        [f"Open hand-offs: {data.open_handoffs}"],
        care.ticket_lines(data.tickets),
        care.distress_lines(data.distress),
        ["Unanswered messages by language", *table((v, str(n)) for v, n in data.misses_by_lang)],
        messages_section(
            "Unplaced messages, scrubbed (add match phrases or examples like them)",
            data.unplaced,
            guess=False,
        ),
        messages_section(
            "Half understood: offered a menu, with the bot's first guess (add match phrases)",
            data.unsure,
            guess=True,
        ),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"


async def people_section(store: ReportStore) -> list[str]:
    """Everyone the bot knows, and how many can still be reached."""
    return people_lines(*await report_data.people_counts(store))


async def grouped_people(store: ReportStore, title: str, path: str, missing: str) -> list[str]:
    """People counted by one value of their state (a JSON path); `missing` when absent."""
    rows = await report_data.grouped(store, path, missing)
    return [title, *table((value, str(count)) for value, count in rows)]


async def top_nodes(store: ReportStore, window: Window, limit: int = TOP) -> list[str]:
    """The most visited nodes in the window."""
    return top_lines(await report_data.top_visits(store, window, limit=limit), limit)


async def drop_off(store: ReportStore, window: Window, content: Content | None) -> list[str]:
    """For each visited flow: each node's visits as a share of the start node's visits."""
    if content is None:
        return drop_off_section(None)
    visits = await report_data.flow_visits(store, window)
    lines = [DROP_OFF]
    for flow in content.flows.values():
        lines += flow_drop_off(flow, visits)
    return lines if len(lines) > 1 else [DROP_OFF, f"  {NONE}"]


def flow_drop_off(flow: Flow, visits: dict[tuple[str, str], int]) -> list[str]:
    """One flow's drop-off lines; nothing when nobody visited the flow."""
    nodes = tuple(NodeVisits(n, n, visits.get((flow.id, n), 0)) for n in flow.nodes)
    if not any(node.visits for node in nodes):
        return []
    return drop_off_section((FlowDropOff(flow.id, flow.start, nodes),))[1:]


async def alerts(store: ReportStore, window: Window) -> list[str]:
    """Safety alerts in the window by kind and rule."""
    return alert_lines(await report_data.alert_counts(store, window))


async def open_handoffs(store: ReportStore) -> list[str]:
    """Hand-offs to a person not yet closed."""
    return [f"Open hand-offs: {await report_data.open_handoff_count(store)}"]


async def misses(store: ReportStore, window: Window) -> list[str]:
    """How many messages nothing understood, by language (never their text)."""
    rows = await report_data.misses_by_language(store, window)
    return ["Unanswered messages by language", *table((lang, str(n)) for lang, n in rows)]


def people_lines(total: int, reachable: int) -> list[str]:
    """The people section: everyone, reachable, and those who blocked the bot."""
    return [
        "People",
        *table(
            [
                ("total", str(total)),
                ("active", str(reachable)),
                ("inactive (blocked the bot)", str(total - reachable)),
            ]
        ),
    ]


def top_lines(nodes: Sequence[NodeVisits], limit: int) -> list[str]:
    """The most visited pages, most first."""
    return [f"Top {limit} nodes by visits", *table((n.page, str(n.visits)) for n in nodes)]


def alert_lines(found: Sequence[Alert]) -> list[str]:
    """Safety alerts by kind and rule, most first."""
    return [
        "Safety alerts by kind and rule",
        *table((a.kind, a.rule, str(a.count)) for a in found),
    ]


def active_section(title: str, period: str, data: Report, rows: Sequence[Active]) -> list[str]:
    """People active in each period: the total, then one column per language and role."""
    header = (period, "total", *data.languages, *data.roles)
    body = [
        (
            row.start.isoformat(),
            str(row.total),
            *(str(n) for _, n in row.by_lang),
            *(str(n) for _, n in row.by_role),
        )
        for row in rows
    ]
    return [title, *table(body, header=header)]


def journeys_section(funnels: Sequence[Funnel] | None) -> list[str]:
    """Each journey's visits opened and completed (reached a topic page)."""
    title = "Journeys: visits opened and completed (reached a topic page)"
    if funnels is None:
        return [title, "  (needs the content to know the journeys)"]
    rows = [
        (f.flow, str(f.opened), str(f.completed), percent(f.completed, f.opened)) for f in funnels
    ]
    return [title, *table(rows, header=("journey", "opened", "completed", "rate"))]


def funnel_section(funnels: Sequence[Funnel] | None) -> list[str]:
    """For each journey visited: how many visits reached each step, as a share of opened."""
    title = "Journey funnels (how far each visit went)"
    if funnels is None:
        return [title, "  (needs the content to know the journeys)"]
    lines = [title]
    for funnel in funnels:
        if funnel.opened:
            lines.append(f"  {funnel.flow}")
            lines += table(
                ((STEP_NAMES[s], str(n), percent(n, funnel.opened)) for s, n in funnel.steps),
                indent=4,
            )
    return lines if len(lines) > 1 else [title, f"  {NONE}"]


def drop_off_section(flows: Sequence[FlowDropOff] | None) -> list[str]:
    """For each visited flow: each node's visits as a share of the start node's visits."""
    if flows is None:
        return [DROP_OFF, "  (needs the content to know each flow's start node)"]
    lines = [DROP_OFF]
    for flow in flows:
        base = next((n.visits for n in flow.nodes if n.page == flow.start), 0)
        lines.append(f"  {flow.flow} (start: {flow.start}, {base} visit(s))")
        lines += table(((n.page, str(n.visits), percent(n.visits, base)) for n in flow.nodes), 4)
    return lines if len(lines) > 1 else [DROP_OFF, f"  {NONE}"]


def messages_section(title: str, messages: Sequence[Message], *, guess: bool) -> list[str]:
    """Scrubbed messages, most frequent first: count, language, (guess,) text."""
    rows = [
        (str(m.count), m.lang or "-", *((m.guess or "-",) if guess else ()), m.text)
        for m in messages
    ]
    return [title, *table(rows)]


def percent(count: int, base: int) -> str:
    """`count` as a whole percentage of `base`; a dash when the base is zero."""
    return f"{round(100 * count / base)}%" if base else "-"


def table(
    rows: Iterable[Sequence[str]], indent: int = 2, *, header: Sequence[str] | None = None
) -> list[str]:
    """Rows as aligned text columns (counts right-aligned); ``(none)`` when empty.

    A `header` is the first line, aligned with the columns below it.
    """
    cells = [tuple(row) for row in rows]
    if not cells:
        return [" " * indent + NONE]
    columns = list(zip(*cells, strict=True))
    right = [all(_numeric(cell) for cell in column) for column in columns]
    if header is not None:
        cells.insert(0, tuple(header))
        columns = list(zip(*cells, strict=True))
    widths = [max(len(cell) for cell in column) for column in columns]
    return [" " * indent + _row(row, widths, right) for row in cells]


def _row(row: Sequence[str], widths: Sequence[int], right: Sequence[bool]) -> str:
    padded = (
        cell.rjust(width) if numeric else cell.ljust(width)
        for cell, width, numeric in zip(row, widths, right, strict=True)
    )
    return "  ".join(padded).rstrip()


def _numeric(cell: str) -> bool:
    return cell == "-" or cell.removesuffix("%").isdigit()
