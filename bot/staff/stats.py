"""The plain-text staff report of anonymous counts (does I/O: reads the store)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.model import Content, Flow
from bot.store.sqlite import SqliteStore

NONE = "(none)"
TOP = 10
"""How many nodes the top-visits section lists."""

_VALID = "CASE WHEN json_valid(state) THEN json_extract(state, ?) END"
PEOPLE_SQL = "SELECT COUNT(*), COALESCE(SUM(active), 0) FROM people"
GROUP_PEOPLE_SQL = (
    f"SELECT COALESCE({_VALID}, ?) AS value, COUNT(*) FROM people"
    " GROUP BY value ORDER BY COUNT(*) DESC, value"
)
TOP_VISITS_SQL = (
    "SELECT flow, node, SUM(count) AS total FROM visits WHERE day BETWEEN ? AND ?"
    " GROUP BY flow, node ORDER BY total DESC, flow, node LIMIT ?"
)
FLOW_VISITS_SQL = (
    "SELECT flow, node, SUM(count) FROM visits WHERE day BETWEEN ? AND ? GROUP BY flow, node"
)
ALERTS_SQL = (
    "SELECT kind, rule_id, COUNT(*) FROM alerts WHERE at >= ? AND at < ?"
    " GROUP BY kind, rule_id ORDER BY COUNT(*) DESC, kind, rule_id"
)
OPEN_HANDOFFS_SQL = "SELECT COUNT(*) FROM handoffs WHERE closed_at IS NULL"
MISSES_SQL = (
    "SELECT lang, COUNT(*) FROM misses WHERE at >= ? AND at < ?"
    " GROUP BY lang ORDER BY COUNT(*) DESC, lang"
)

Rows = list[tuple[object, ...]]


@dataclass(frozen=True, slots=True)
class Window:
    """The days a report covers: `first` to `last` inclusive (UTC dates)."""

    first: dt.date
    last: dt.date

    @staticmethod
    def ending(today: dt.date, days: int) -> Window:
        """The `days` days that end with `today`."""
        if days < 1:
            raise ValueError(f"days must be at least 1 (got {days})")
        return Window(today - dt.timedelta(days=days - 1), today)

    def day_params(self) -> tuple[str, str]:
        """Bounds for a ``day BETWEEN ? AND ?`` on ISO dates."""
        return self.first.isoformat(), self.last.isoformat()

    def stamp_params(self) -> tuple[str, str]:
        """Bounds for ``at >= ? AND at < ?`` on ISO time stamps."""
        return self.first.isoformat(), (self.last + dt.timedelta(days=1)).isoformat()


async def report(
    store: SqliteStore,
    days: int = 30,
    *,
    content: Content | None = None,
    today: dt.date | None = None,
) -> str:
    """The staff report over the last `days` days.

    It never names a person and never shows what anyone typed: only counts. Time-stamped
    records (visits, safety alerts, unanswered messages) are counted over the last `days`
    days, UTC, today included; people and open hand-offs are counted as they are now.
    Drop-off compares each node with its flow's start node, which only the content knows:
    without `content` that section says so instead. `today` defaults to today in UTC.
    """
    window = Window.ending(today or dt.datetime.now(dt.UTC).date(), days)
    sections = [
        [f"Staff report: the last {days} day(s), {window.first} to {window.last} (UTC)"],
        await people_section(store),
        await grouped_people(store, "People by language", "$.lang", "(not chosen)"),
        await grouped_people(store, "People by current flow", "$.stack[#-1][0]", "(not started)"),
        await top_nodes(store, window),
        await drop_off(store, window, content),
        await alerts(store, window),
        await open_handoffs(store),
        await misses(store, window),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"


async def people_section(store: SqliteStore) -> list[str]:
    """Everyone the bot knows, and how many can still be reached."""
    rows = await store.fetch(PEOPLE_SQL)
    total, active = (as_int(v) for v in rows[0]) if rows else (0, 0)
    return [
        "People",
        *table(
            [
                ("total", str(total)),
                ("active", str(active)),
                ("inactive (blocked the bot)", str(total - active)),
            ]
        ),
    ]


async def grouped_people(store: SqliteStore, title: str, path: str, missing: str) -> list[str]:
    """People counted by one value of their state (a JSON path); `missing` when absent."""
    rows = await store.fetch(GROUP_PEOPLE_SQL, (path, missing))
    return [title, *table((str(value), str(as_int(count))) for value, count in rows)]


async def top_nodes(store: SqliteStore, window: Window, limit: int = TOP) -> list[str]:
    """The most visited nodes in the window."""
    rows = await store.fetch(TOP_VISITS_SQL, (*window.day_params(), limit))
    return [
        f"Top {limit} nodes by visits",
        *table((f"{flow}.{node}", str(as_int(total))) for flow, node, total in rows),
    ]


async def drop_off(store: SqliteStore, window: Window, content: Content | None) -> list[str]:
    """For each visited flow: each node's visits as a share of the start node's visits."""
    title = "Drop-off (visits of each node vs the flow's start node)"
    if content is None:
        return [title, "  (needs the content to know each flow's start node)"]
    rows = await store.fetch(FLOW_VISITS_SQL, window.day_params())
    visits = {(str(flow), str(node)): as_int(total) for flow, node, total in rows}
    lines = [title]
    for flow in content.flows.values():
        lines += flow_drop_off(flow, visits)
    return lines if len(lines) > 1 else [title, f"  {NONE}"]


def flow_drop_off(flow: Flow, visits: dict[tuple[str, str], int]) -> list[str]:
    """One flow's drop-off lines; nothing when nobody visited the flow."""
    counts = [(node_id, visits.get((flow.id, node_id), 0)) for node_id in flow.nodes]
    if not any(count for _, count in counts):
        return []
    base = visits.get((flow.id, flow.start), 0)
    header = f"  {flow.id} (start: {flow.start}, {base} visit(s))"
    return [header, *table(((n, str(c), percent(c, base)) for n, c in counts), indent=4)]


def percent(count: int, base: int) -> str:
    """`count` as a whole percentage of `base`; a dash when the base is zero."""
    return f"{round(100 * count / base)}%" if base else "-"


async def alerts(store: SqliteStore, window: Window) -> list[str]:
    """Safety alerts in the window by kind and rule."""
    rows = await store.fetch(ALERTS_SQL, window.stamp_params())
    return [
        "Safety alerts by kind and rule",
        *table((str(kind), str(rule), str(as_int(n))) for kind, rule, n in rows),
    ]


async def open_handoffs(store: SqliteStore) -> list[str]:
    """Hand-offs to a person not yet closed."""
    rows = await store.fetch(OPEN_HANDOFFS_SQL)
    return [f"Open hand-offs: {as_int(rows[0][0]) if rows else 0}"]


async def misses(store: SqliteStore, window: Window) -> list[str]:
    """How many messages nothing understood, by language (never their text)."""
    rows = await store.fetch(MISSES_SQL, window.stamp_params())
    return [
        "Unanswered messages by language",
        *table((str(lang), str(as_int(n))) for lang, n in rows),
    ]


def table(rows: Iterable[Sequence[str]], indent: int = 2) -> list[str]:
    """Rows as aligned text columns (counts right-aligned); ``(none)`` when empty."""
    cells = [tuple(row) for row in rows]
    if not cells:
        return [" " * indent + NONE]
    columns = list(zip(*cells, strict=True))
    widths = [max(len(cell) for cell in column) for column in columns]
    right = [all(_numeric(cell) for cell in column) for column in columns]
    return [" " * indent + _row(row, widths, right) for row in cells]


def _row(row: Sequence[str], widths: Sequence[int], right: Sequence[bool]) -> str:
    padded = (
        cell.rjust(width) if numeric else cell.ljust(width)
        for cell, width, numeric in zip(row, widths, right, strict=True)
    )
    return "  ".join(padded).rstrip()


def _numeric(cell: str) -> bool:
    return cell == "-" or cell.removesuffix("%").isdigit()


def as_int(value: object) -> int:
    """A count read from SQLite as an int (NULL counts as 0)."""
    if value is None:
        return 0
    if isinstance(value, int | float | str):
        return int(value)
    raise TypeError(f"not a count: {value!r}")
