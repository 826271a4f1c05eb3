"""What both stores write and read, as SQL in SQLite's dialect and pure functions (no I/O).

The PostgreSQL store runs the same statements through bot/store/dialect.py, so the two
stores keep the same columns, the same text formats for times and the same counting.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.replies import (
    CloseTicket,
    Effect,
    OpenTicket,
    RecordAlert,
    RecordAnswer,
    RecordMiss,
    RecordVisit,
    RelayToTicket,
    Schedule,
    TicketAnswered,
    Unschedule,
)
from bot.store.base import Activity, Journey, JourneyStep, Progress, TicketRecord, Unsure, Usage

PERIODS = ("day", "week", "month")
"""The periods active people are counted over."""
UPDATES_KEPT = 16
"""How many of a person's latest Telegram update ids are kept to recognise a redelivery."""

Row = tuple[object, ...]
Writes = list[tuple[str, list[Row]]]
"""Statements to run in order, each with the rows to run it for (`executemany`)."""
LastActive = tuple[str | None, str, str]
"""A person's last active day, and the language and role they had then."""

VISITS_SQL = (
    "INSERT INTO visits (day, flow, node, count) VALUES (?, ?, ?, ?)"
    " ON CONFLICT(day, flow, node) DO UPDATE SET count = visits.count + excluded.count"
)
ANSWERS_SQL = (
    "INSERT INTO answer_counts (day, key, value, count) VALUES (?, ?, ?, ?)"
    " ON CONFLICT(day, key, value) DO UPDATE SET count = answer_counts.count + excluded.count"
)
ALERTS_SQL = "INSERT INTO alerts (at, kind, rule_id, lang) VALUES (?, ?, ?, ?)"
MISSES_SQL = "INSERT INTO misses (at, lang, text) VALUES (?, ?, ?)"
ACTIVITY_UP_SQL = (
    "INSERT INTO activity (period, start, lang, role, count) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT(period, start, lang, role) DO UPDATE"
    " SET count = MAX(0, activity.count + excluded.count)"
)
ACTIVITY_DOWN_SQL = (
    "UPDATE activity SET count = MAX(0, count + ?)"
    " WHERE period = ? AND start = ? AND lang = ? AND role = ?"
)
USAGE_ACTIVE_SQL = (
    "INSERT INTO usage (person, active_on, active_lang, active_role) VALUES (?, ?, ?, ?)"
    " ON CONFLICT(person) DO UPDATE SET active_on = excluded.active_on,"
    " active_lang = excluded.active_lang, active_role = excluded.active_role"
)
USAGE_JOURNEY_SQL = (
    "INSERT INTO usage (person, journey, journey_pages, journey_topic) VALUES (?, ?, ?, ?)"
    " ON CONFLICT(person) DO UPDATE SET journey = excluded.journey,"
    " journey_pages = excluded.journey_pages, journey_topic = excluded.journey_topic"
)
STEPS_SQL = (
    "INSERT INTO journey_steps (day, flow, step, count) VALUES (?, ?, ?, ?)"
    " ON CONFLICT(day, flow, step) DO UPDATE SET count = journey_steps.count + excluded.count"
)
UNSURE_SQL = "INSERT INTO unsure (at, lang, text, guess) VALUES (?, ?, ?, ?)"
LAST_ACTIVE_SQL = "SELECT person, active_on, active_lang, active_role FROM usage WHERE person IN"
"""Followed by the people's placeholders, e.g. ``(?, ?)``."""
UPDATES_SQL = "SELECT person, updates FROM people WHERE person IN"
"""Followed by the people's placeholders, e.g. ``(?, ?)``."""
JOURNEY_SQL = "SELECT journey, journey_pages, journey_topic FROM usage WHERE person = ?"
PERSON_SQL = "SELECT state, active, created_at, updated_at FROM people WHERE person = ?"
OPEN_HANDOFFS_SQL = "SELECT COUNT(*) FROM handoffs WHERE person = ? AND closed_at IS NULL"
LEASE_SQL = (
    "INSERT INTO leases (name, holder, until) VALUES (?1, ?2, ?3)"
    " ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, until = excluded.until"
    " WHERE leases.until <= ?4 OR leases.holder = excluded.holder RETURNING holder"
)
DUE_PLANS_SQL = (
    "SELECT p.person, p.id FROM plans p JOIN people USING (person)"
    " WHERE p.paused = 0 AND p.due_at <= ? AND people.active = 1"
    " ORDER BY p.due_at, p.person, p.id LIMIT ?"
)
PURGE_SQL = "DELETE FROM people WHERE updated_at < ? RETURNING person"
"""People whose last save (a day) was before a day, erased with everything linked to them."""
TICKET_THREAD_SQL = "UPDATE handoffs SET thread_id = ? WHERE id = ?"


def tickets_sql(where: str) -> str:
    """The tickets that match `where` (on ``handoffs t``), oldest first."""
    return (
        "SELECT t.id, t.person, t.lang, t.role, t.place, t.opened_at, t.last_at,"
        " t.answered_at, t.closed_at, t.closed_by, t.thread_id,"
        " (SELECT MIN(m.message_id) FROM handoff_messages m WHERE m.handoff = t.id)"
        f" FROM handoffs t WHERE {where} ORDER BY t.id"
    )


def ticket_record(row: Sequence[object]) -> TicketRecord:
    """One row of `tickets_sql` as a ticket."""
    return TicketRecord(
        id=_int(row[0]),
        person=str(row[1]),
        lang=str(row[2]),
        role=str(row[3] or ""),
        place=str(row[4] or ""),
        opened_at=str(row[5]),
        last_at=text(row[6]),
        answered_at=text(row[7]),
        closed_at=text(row[8]),
        closed_by=text(row[9]),
        thread_id=_int(row[10]) if row[10] is not None else None,
        post_id=_int(row[11]) if row[11] is not None else None,
    )


@dataclass(frozen=True, slots=True)
class Turn:
    """One save: whose, the day it happened (a person's row keeps the day, not the second)
    and the effects and usage it records."""

    person: str
    stamp: str
    effects: tuple[Effect | Usage, ...]


def day(moment: dt.datetime) -> str:
    """Times kept for staff records: the day only, so they cannot be matched to a person."""
    return moment.astimezone(dt.UTC).date().isoformat()


def stamp(moment: dt.datetime) -> str:
    """A ticket's, plan's or lease's time, to the second in UTC (a ticket's and a plan's are
    the person's own, erased with them)."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def text(value: object) -> str | None:
    """A nullable text column."""
    return None if value is None else str(value)


def period_start(period: str, on: dt.date) -> dt.date:
    """The first day of the `period` ("day", "week" from Sunday, "month") that holds `on`."""
    if period == "week":
        return on - dt.timedelta(days=(on.weekday() + 1) % 7)
    if period == "month":
        return on.replace(day=1)
    return on


def with_update(updates: str, update: int) -> str:
    """A person's kept update ids (comma separated, newest last) with `update` added, the
    oldest dropped past `UPDATES_KEPT`."""
    kept = [part for part in updates.split(",") if part and part != str(update)]
    return ",".join([*kept, str(update)][-UPDATES_KEPT:])


def latest_update(updates: str) -> int | None:
    """The newest of the kept update ids, if any."""
    newest = updates.rsplit(",", 1)[-1]
    return int(newest) if newest.lstrip("-").isdigit() else None


def has_update(updates: str, update: int) -> bool:
    """Whether the kept update ids include `update`."""
    return str(update) in updates.split(",")


def record_writes(turns: Sequence[Turn]) -> Writes:
    """The statements that record the turns' effects: counts merged (rows in key order, so
    concurrent transactions take row locks in one order), then ticket and plan changes in
    the order they happened (a ticket opened and closed in one batch)."""
    visits: Counter[tuple[str, str, str]] = Counter()
    answers: Counter[tuple[str, str, str]] = Counter()
    alerts: list[Row] = []
    misses: list[Row] = []
    changes: Writes = []
    for turn in turns:
        for effect in turn.effects:
            if isinstance(effect, RecordVisit):
                visits[(effect.at.date().isoformat(), effect.frame.flow, effect.frame.node)] += 1
            elif isinstance(effect, RecordAnswer):
                answers[(turn.stamp, effect.key, effect.value)] += 1
            elif isinstance(effect, RecordAlert):
                alerts.append((day(effect.at), effect.kind, effect.rule_id, effect.lang))
            elif isinstance(effect, RecordMiss):
                misses.append((day(effect.at), effect.lang, effect.text))
            elif isinstance(effect, OpenTicket | RelayToTicket | TicketAnswered | CloseTicket):
                sql, params = ticket_change(turn.person, effect)
                changes.append((sql, [params]))
            elif isinstance(effect, Schedule | Unschedule):
                sql, params = plan_change(turn.person, effect)
                changes.append((sql, [params]))
    writes: Writes = [
        (VISITS_SQL, [(*key, n) for key, n in sorted(visits.items())]),
        (ANSWERS_SQL, [(*key, n) for key, n in sorted(answers.items())]),
        (ALERTS_SQL, alerts),
        (MISSES_SQL, misses),
        *changes,
    ]
    return [(sql, rows) for sql, rows in writes if rows]


def active_people(turns: Sequence[Turn]) -> list[str]:
    """The people whose last activity must be read before counting the turns' activity."""
    return sorted({t.person for t in turns if any(isinstance(e, Activity) for e in t.effects)})


def usage_writes(turns: Sequence[Turn], last: Mapping[str, LastActive]) -> Writes:
    """Active people per period, journey funnels and half-understood text. A person counts
    once per day, week and month, under the language and role of their latest activity in
    it; `last` is each active person's last activity before these turns."""
    known = dict(last)
    counts: Counter[tuple[str, str, str, str]] = Counter()
    steps: Counter[tuple[str, str, str]] = Counter()
    active: list[Row] = []
    journeys: list[Row] = []
    unsure: list[Row] = []
    for turn in turns:
        for record in turn.effects:
            if isinstance(record, Activity):
                was = known.get(turn.person, (None, "", ""))
                count_activity(counts, was, (turn.stamp, record.lang, record.role))
                known[turn.person] = (turn.stamp, record.lang, record.role)
                active.append((turn.person, turn.stamp, record.lang, record.role))
            elif isinstance(record, Progress):
                journeys.append((turn.person, *journey_row(record.journey)))
            elif isinstance(record, JourneyStep):
                steps[(day(record.at), record.flow, record.step)] += 1
            elif isinstance(record, Unsure):
                unsure.append((day(record.at), record.lang, record.text, str(record.guess)))
    ordered = sorted(counts.items())
    writes: Writes = [
        (ACTIVITY_UP_SQL, [(*key, n) for key, n in ordered if n > 0]),
        (ACTIVITY_DOWN_SQL, [(n, *key) for key, n in ordered if n < 0]),
        (USAGE_ACTIVE_SQL, active),
        (USAGE_JOURNEY_SQL, journeys),
        (STEPS_SQL, [(*key, n) for key, n in sorted(steps.items())]),
        (UNSURE_SQL, unsure),
    ]
    return [(sql, rows) for sql, rows in writes if rows]


def last_active(row: Sequence[object]) -> tuple[str, LastActive]:
    """One row of `LAST_ACTIVE_SQL`: the person, and their last activity."""
    return str(row[0]), (text(row[1]), str(row[2] or ""), str(row[3] or ""))


def count_activity(
    counts: Counter[tuple[str, str, str, str]], was: LastActive, now: tuple[str, str, str]
) -> None:
    """Count a person active today in each period: once per period, moved to the language
    and role they have now when these changed since their last activity in the period."""
    was_on, *was_as = was
    today, *now_as = now
    for period in PERIODS:
        start = period_start(period, dt.date.fromisoformat(today)).isoformat()
        same = was_on is not None and (
            period_start(period, dt.date.fromisoformat(was_on)).isoformat() == start
        )
        if same and was_as == now_as:
            continue
        if same:
            counts[(period, start, was_as[0], was_as[1])] -= 1
        counts[(period, start, now_as[0], now_as[1])] += 1


def journey_row(journey: Journey | None) -> tuple[str | None, int | None, int | None]:
    """A journey visit as the columns of `usage`."""
    if journey is None:
        return None, None, None
    return journey.flow, journey.pages, int(journey.topic)


def journey_of(row: Sequence[object] | None) -> Journey | None:
    """One row of `JOURNEY_SQL` as the person's journey visit."""
    if row is None or row[0] is None:
        return None
    return Journey(str(row[0]), _int(row[1] or 0), bool(row[2]))


def ticket_change(
    person: str, effect: OpenTicket | RelayToTicket | TicketAnswered | CloseTicket
) -> tuple[str, Row]:
    """The statement that records one ticket effect (never the message itself)."""
    at = stamp(effect.at)
    if isinstance(effect, OpenTicket):
        return (
            "INSERT INTO handoffs (person, lang, role, place, opened_at, last_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (person, effect.lang, effect.role, effect.place, at, at),
        )
    where = " WHERE person = ? AND closed_at IS NULL"
    if isinstance(effect, RelayToTicket):
        return "UPDATE handoffs SET last_at = ?" + where, (at, person)
    if isinstance(effect, TicketAnswered):
        return (
            "UPDATE handoffs SET last_at = ?, answered_at = COALESCE(answered_at, ?)" + where,
            (at, at, person),
        )
    return (
        "UPDATE handoffs SET last_at = ?, closed_at = ?, closed_by = ?" + where,
        (at, at, effect.by, person),
    )


def plan_change(person: str, effect: Schedule | Unschedule) -> tuple[str, Row]:
    """The statement that keeps a plan where the scheduler finds it, or forgets it."""
    if isinstance(effect, Unschedule):
        return "DELETE FROM plans WHERE person = ? AND id = ?", (person, effect.id)
    plan = effect.plan
    return (
        "INSERT INTO plans (person, id, kind, due_at, paused) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(person, id) DO UPDATE SET kind = excluded.kind,"
        " due_at = excluded.due_at, paused = excluded.paused",
        (person, plan.id, plan.kind.value, stamp(plan.due), int(plan.paused)),
    )


def _int(value: object) -> int:
    if isinstance(value, int | str):
        return int(value)
    raise TypeError(f"not a whole number: {value!r}")
