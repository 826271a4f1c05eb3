"""Everything the staff report shows, read from the store into plain data (does I/O: reads
the store).

Only counts, and text that was scrubbed before it was kept (scrubbed again here): nothing
names a person. The text report (stats.py) and the HTML page (report_html.py) both draw
from one `Report`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.model import LANGUAGES, Content
from bot.core.replies import QUIET_TIME
from bot.core.screens import way_in_question
from bot.core.state import Frame
from bot.staff.usage import OPENED, STEPS, TOPIC, journeys
from bot.store.base import ReportStore
from bot.store.records import PERIODS, period_start
from bot.understand.scrub import scrub

TOP = 10
"""How many nodes the top-visits section lists."""
MESSAGES = 50
"""How many different unplaced (and half-understood) messages are listed, most frequent first."""
NOT_CHOSEN = "(not chosen)"
NOT_SAID = "(not said)"
NOT_STARTED = "(not started)"
LANGUAGE_PATH = "$.lang"
FLOW_PATH = "$.stack[#-1][0]"
"""Where a person's language and current flow are in their stored state (JSON paths)."""
RTL_LANGUAGES = ("he", "ar")

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
ALERTS_DAILY_SQL = "SELECT at, COUNT(*) FROM alerts WHERE at >= ? AND at < ? GROUP BY at"
OPEN_HANDOFFS_SQL = "SELECT COUNT(*) FROM handoffs WHERE closed_at IS NULL"
HANDOFFS_OPENED_SQL = "SELECT COUNT(*) FROM handoffs WHERE opened_at >= ? AND opened_at < ?"
TICKETS_SQL = (
    "SELECT opened_at, answered_at, closed_at, closed_by FROM handoffs"
    " WHERE opened_at >= ? AND opened_at < ? AND COALESCE(closed_by, '') != 'before tickets'"
)
DISTRESS_SQL = (
    "SELECT day, value, SUM(count) FROM answer_counts"
    " WHERE key = ? AND day BETWEEN ? AND ? GROUP BY day, value"
)
CHECKIN_DISTRESS = "checkin_distress"
"""The check-in's 0-10 question (flows/checkin.yaml asks it under this name)."""
DISTRESS_BANDS = ((0, 3), (4, 6), (7, 10))
"""How the trend groups the answers: 4 or more is the check-in's draft 'high' threshold."""
MISSES_SQL = (
    "SELECT lang, COUNT(*) FROM misses WHERE at >= ? AND at < ?"
    " GROUP BY lang ORDER BY COUNT(*) DESC, lang"
)
UNPLACED_SQL = (
    "SELECT text, lang, COUNT(*) FROM misses WHERE at >= ? AND at < ?"
    " GROUP BY text, lang ORDER BY COUNT(*) DESC, lang, text LIMIT ?"
)
UNSURE_SQL = (
    "SELECT text, lang, guess, COUNT(*) FROM unsure WHERE at >= ? AND at < ?"
    " GROUP BY text, lang, guess ORDER BY COUNT(*) DESC, lang, guess, text LIMIT ?"
)
ACTIVITY_SQL = (
    "SELECT start, lang, role, SUM(count) FROM activity"
    " WHERE period = ? AND start BETWEEN ? AND ? GROUP BY start, lang, role"
)
STEPS_SQL = (
    "SELECT flow, step, SUM(count) FROM journey_steps WHERE day BETWEEN ? AND ? GROUP BY flow, step"
)

Counts = tuple[tuple[str, int], ...]
"""Labelled counts, in the order to show them."""


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

    @property
    def days(self) -> int:
        """How many days the window holds."""
        return (self.last - self.first).days + 1

    def day_params(self) -> tuple[str, str]:
        """Bounds for a ``day BETWEEN ? AND ?`` on ISO dates."""
        return self.first.isoformat(), self.last.isoformat()

    def stamp_params(self) -> tuple[str, str]:
        """Bounds for ``at >= ? AND at < ?`` on ISO time stamps."""
        return self.first.isoformat(), (self.last + dt.timedelta(days=1)).isoformat()


@dataclass(frozen=True, slots=True)
class Active:
    """People active in one day, week or month (starting `start`), by language and role."""

    start: dt.date
    total: int
    by_lang: Counts
    by_role: Counts


@dataclass(frozen=True, slots=True)
class Funnel:
    """One journey's visits in the window, counted at each step of `usage.STEPS`."""

    flow: str
    title: str
    steps: Counts

    def count(self, step: str) -> int:
        """The visits that reached `step`."""
        return dict(self.steps).get(step, 0)

    @property
    def opened(self) -> int:
        """Visits to the journey."""
        return self.count(OPENED)

    @property
    def completed(self) -> int:
        """Visits that reached a topic page."""
        return self.count(TOPIC)


@dataclass(frozen=True, slots=True)
class NodeVisits:
    """Visits of one page, with its title in the report's language."""

    page: str
    title: str
    visits: int


@dataclass(frozen=True, slots=True)
class FlowDropOff:
    """A journey's pages with their visits, start page first (the existing drop-off)."""

    flow: str
    start: str
    nodes: tuple[NodeVisits, ...]


@dataclass(frozen=True, slots=True)
class Message:
    """A scrubbed message and how often it came; `guess` is the page the bot offered first
    ("" when it offered nothing), with its title."""

    text: str
    lang: str
    count: int
    guess: str = ""
    guess_title: str = ""


@dataclass(frozen=True, slots=True)
class Alert:
    """How often one safety rule fired."""

    kind: str
    rule: str
    count: int


@dataclass(frozen=True, slots=True)
class Tickets:
    """Tickets opened in the window: how fast staff answered and closed them (hours)."""

    opened: int
    answered: int
    closed_by_staff: int
    closed_by_quiet: int
    still_open: int
    median_hours_to_answer: float | None
    median_hours_to_close: float | None


@dataclass(frozen=True, slots=True)
class DistressWeek:
    """Check-in answers to the 0-10 distress question in one week, counted per band."""

    start: dt.date
    bands: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """The whole staff report: counts over `window`, titles in `lang`."""

    window: Window
    lang: str
    people_total: int
    people_reachable: int
    by_language: Counts
    by_flow: Counts
    languages: tuple[str, ...]
    roles: tuple[str, ...]
    daily: tuple[Active, ...]
    weekly: tuple[Active, ...]
    monthly: tuple[Active, ...]
    funnels: tuple[Funnel, ...] | None
    top_visits: tuple[NodeVisits, ...]
    drop_off: tuple[FlowDropOff, ...] | None
    alerts: tuple[Alert, ...]
    alerts_daily: Counts
    open_handoffs: int
    handoffs_opened: int
    tickets: Tickets
    distress: tuple[DistressWeek, ...]
    misses_by_lang: Counts
    unplaced: tuple[Message, ...]
    unsure: tuple[Message, ...]

    @property
    def rtl(self) -> bool:
        """Whether the report's language (of content titles) is written right to left."""
        return self.lang in RTL_LANGUAGES


async def collect(
    store: ReportStore,
    days: int = 30,
    *,
    content: Content | None = None,
    lang: str = "en",
    today: dt.date | None = None,
) -> Report:
    """The report over the last `days` days (UTC, today included; `today` defaults to today).

    Journey funnels and drop-off need the content (which flows are journeys, where each
    starts); without it they are None. People are counted as they are now.
    """
    window = Window.ending(today or dt.datetime.now(dt.UTC).date(), days)
    bounds = window.stamp_params()
    total, reachable = await people_counts(store)
    activity = {p: await _activity(store, p, window) for p in PERIODS}
    seen_langs = {lang for period in activity.values() for _, lang, _, _ in period}
    seen_roles = {role for period in activity.values() for _, _, role, _ in period}
    languages = _ordered(seen_langs, LANGUAGES, NOT_CHOSEN)
    roles = _ordered(seen_roles, _role_values(content), NOT_SAID)
    starts = {
        "day": _days(window.first, window.last),
        "week": _starts("week", window),
        "month": _starts("month", window),
    }
    active = {
        p: tuple(_active(activity[p], start, languages, roles) for start in starts[p])
        for p in PERIODS
    }
    return Report(
        window=window,
        lang=lang,
        people_total=total,
        people_reachable=reachable,
        by_language=await grouped(store, LANGUAGE_PATH, NOT_CHOSEN),
        by_flow=await grouped(store, FLOW_PATH, NOT_STARTED),
        languages=languages,
        roles=roles,
        daily=active["day"],
        weekly=active["week"],
        monthly=active["month"],
        funnels=await _funnels(store, window, content, lang) if content else None,
        top_visits=await top_visits(store, window, content, lang),
        drop_off=await _drop_off(store, window, content, lang) if content else None,
        alerts=await alert_counts(store, window),
        alerts_daily=await _daily(store, ALERTS_DAILY_SQL, window),
        open_handoffs=await open_handoff_count(store),
        handoffs_opened=await _one(store, HANDOFFS_OPENED_SQL, window.stamp_params()),
        tickets=await ticket_times(store, window),
        distress=await distress_weeks(store, window),
        misses_by_lang=await misses_by_language(store, window),
        unplaced=tuple(
            Message(_clean(text), str(said), as_int(n))
            for text, said, n in await store.fetch(UNPLACED_SQL, (*bounds, MESSAGES))
        ),
        unsure=tuple(
            Message(_clean(text), str(said), as_int(n), str(guess), _title(content, guess, lang))
            for text, said, guess, n in await store.fetch(UNSURE_SQL, (*bounds, MESSAGES))
        ),
    )


async def ticket_times(store: ReportStore, window: Window) -> Tickets:
    """The tickets opened in `window`, and the median hours to a first answer and to close."""
    rows = await store.fetch(TICKETS_SQL, window.stamp_params())
    to_answer, to_close = [], []
    by_staff = by_quiet = still_open = 0
    for opened, answered, closed, closer in rows:
        began = dt.datetime.fromisoformat(str(opened))
        if answered:
            to_answer.append(_hours(began, answered))
        if not closed:
            still_open += 1
            continue
        to_close.append(_hours(began, closed))
        if closer == QUIET_TIME:
            by_quiet += 1
        else:
            by_staff += 1
    return Tickets(
        opened=len(rows),
        answered=len(to_answer),
        closed_by_staff=by_staff,
        closed_by_quiet=by_quiet,
        still_open=still_open,
        median_hours_to_answer=statistics.median(to_answer) if to_answer else None,
        median_hours_to_close=statistics.median(to_close) if to_close else None,
    )


async def distress_weeks(store: ReportStore, window: Window) -> tuple[DistressWeek, ...]:
    """Each week's check-in distress answers, counted per band (weeks start on Sunday)."""
    counts: dict[dt.date, list[int]] = {}
    rows = await store.fetch(DISTRESS_SQL, (CHECKIN_DISTRESS, *window.day_params()))
    for day, value, count in rows:
        if not str(value).isdigit():
            continue
        start = period_start("week", dt.date.fromisoformat(str(day)))
        bands = counts.setdefault(start, [0] * len(DISTRESS_BANDS))
        for index, (low, high) in enumerate(DISTRESS_BANDS):
            if low <= int(str(value)) <= high:
                bands[index] += as_int(count)
    return tuple(DistressWeek(start, tuple(bands)) for start, bands in sorted(counts.items()))


def _hours(began: dt.datetime, later: object) -> float:
    return (dt.datetime.fromisoformat(str(later)) - began).total_seconds() / 3600


async def people_counts(store: ReportStore) -> tuple[int, int]:
    """Everyone the bot knows, and how many of them can still be reached."""
    rows = await store.fetch(PEOPLE_SQL)
    total, reachable = (as_int(v) for v in rows[0]) if rows else (0, 0)
    return total, reachable


async def grouped(store: ReportStore, path: str, missing: str) -> Counts:
    """People counted by one value of their state (a JSON path); `missing` when absent."""
    rows = await store.fetch(GROUP_PEOPLE_SQL, (path, missing))
    return tuple((str(value), as_int(count)) for value, count in rows)


async def top_visits(
    store: ReportStore,
    window: Window,
    content: Content | None = None,
    lang: str = "en",
    limit: int = TOP,
) -> tuple[NodeVisits, ...]:
    """The most visited pages in the window, with their titles when the content is known."""
    rows = await store.fetch(TOP_VISITS_SQL, (*window.day_params(), limit))
    return tuple(
        NodeVisits(f"{flow}.{node}", _title(content, f"{flow}.{node}", lang), as_int(total))
        for flow, node, total in rows
    )


async def flow_visits(store: ReportStore, window: Window) -> dict[tuple[str, str], int]:
    """Visits in the window of each (flow, node)."""
    rows = await store.fetch(FLOW_VISITS_SQL, window.day_params())
    return {(str(flow), str(node)): as_int(total) for flow, node, total in rows}


async def alert_counts(store: ReportStore, window: Window) -> tuple[Alert, ...]:
    """Safety alerts in the window by kind and rule, most frequent first."""
    rows = await store.fetch(ALERTS_SQL, window.stamp_params())
    return tuple(Alert(str(kind), str(rule), as_int(n)) for kind, rule, n in rows)


async def open_handoff_count(store: ReportStore) -> int:
    """Hand-offs to a person not yet closed."""
    return await _one(store, OPEN_HANDOFFS_SQL)


async def misses_by_language(store: ReportStore, window: Window) -> Counts:
    """How many messages nothing understood in the window, by language."""
    rows = await store.fetch(MISSES_SQL, window.stamp_params())
    return tuple((str(lang), as_int(n)) for lang, n in rows)


async def _activity(
    store: ReportStore, period: str, window: Window
) -> list[tuple[dt.date, str, str, int]]:
    first = period_start(period, window.first).isoformat()
    rows = await store.fetch(ACTIVITY_SQL, (period, first, window.last.isoformat()))
    return [
        (dt.date.fromisoformat(str(d)), str(lang) or NOT_CHOSEN, str(role) or NOT_SAID, as_int(n))
        for d, lang, role, n in rows
    ]


def _active(
    rows: list[tuple[dt.date, str, str, int]],
    start: dt.date,
    languages: Sequence[str],
    roles: Sequence[str],
) -> Active:
    """One period's active people (zeros included, so every period has every column)."""
    by_lang: defaultdict[str, int] = defaultdict(int)
    by_role: defaultdict[str, int] = defaultdict(int)
    for day, lang, role, n in rows:
        if day == start:
            by_lang[lang] += n
            by_role[role] += n
    return Active(
        start,
        sum(by_lang.values()),
        tuple((lang, by_lang[lang]) for lang in languages),
        tuple((role, by_role[role]) for role in roles),
    )


def _days(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    return tuple(first + dt.timedelta(days=n) for n in range((last - first).days + 1))


def _starts(period: str, window: Window) -> tuple[dt.date, ...]:
    """The starts of the weeks or months that overlap the window, in order."""
    found = sorted({period_start(period, day) for day in _days(window.first, window.last)})
    return tuple(found)


def _ordered(seen: set[str], known: Sequence[str], missing: str) -> tuple[str, ...]:
    """The known values first (in their order), then any other seen, then `missing` if seen."""
    others = sorted(v for v in seen if v not in known and v != missing)
    return (*known, *others, *((missing,) if missing in seen else ()))


def _role_values(content: Content | None) -> tuple[str, ...]:
    """The answers of the way-in question (who the person is), in the content's order."""
    entry = way_in_question(content) if content else None
    if entry is None:
        return ()
    return tuple(str(o.value) for o in entry.options if o.value is not None)


async def _funnels(
    store: ReportStore, window: Window, content: Content, lang: str
) -> tuple[Funnel, ...]:
    counts: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for flow, step, n in await store.fetch(STEPS_SQL, window.day_params()):
        counts[str(flow)][str(step)] = as_int(n)
    return tuple(
        Funnel(
            flow,
            content.flows[flow].title.get(lang),
            tuple((step, counts[flow].get(step, 0)) for step in STEPS),
        )
        for flow in journeys(content)
    )


async def _drop_off(
    store: ReportStore, window: Window, content: Content, lang: str
) -> tuple[FlowDropOff, ...]:
    """For each visited flow: each node's visits (compared with the start node's)."""
    visits = await flow_visits(store, window)
    found = []
    for flow in content.flows.values():
        nodes = tuple(
            NodeVisits(node.id, node.title.get(lang), visits.get((flow.id, node.id), 0))
            for node in flow.nodes.values()
        )
        if any(n.visits for n in nodes):
            found.append(FlowDropOff(flow.id, flow.start, nodes))
    return tuple(found)


async def _daily(store: ReportStore, sql: str, window: Window) -> Counts:
    """A count per day of the window (zeros included)."""
    counts = {str(day): as_int(n) for day, n in await store.fetch(sql, window.stamp_params())}
    return tuple(
        (day.isoformat(), counts.get(day.isoformat(), 0))
        for day in _days(window.first, window.last)
    )


async def _one(store: ReportStore, sql: str, params: Sequence[object] = ()) -> int:
    rows = await store.fetch(sql, params)
    return as_int(rows[0][0]) if rows else 0


def _title(content: Content | None, page: object, lang: str) -> str:
    """A page's title in `lang` ("Journey: page" past its start), "" when unknown."""
    if content is None or not page:
        return ""
    frame = Frame.parse(str(page))
    flow = content.flows.get(frame.flow)
    node = content.node(frame.flow, frame.node) if flow else None
    if flow is None or node is None:
        return ""
    if node.id == flow.start:
        return node.title.get(lang)
    return f"{flow.title.get(lang)}: {node.title.get(lang)}"


def _clean(text: object) -> str:
    """Kept text scrubbed once more (older rows, newer rules) and on one line."""
    return " ".join(scrub(str(text)).split())


def as_int(value: object) -> int:
    """A count read from SQLite as an int (NULL counts as 0)."""
    if value is None:
        return 0
    if isinstance(value, int | float | str):
        return int(value)
    raise TypeError(f"not a count: {value!r}")
