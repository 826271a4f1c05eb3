"""Appointment reminders and regular check-ins, as the engine sees them (pure).

Rules:

1. A node that sets up an appointment reminder (`schedule: appointment`) asks for the day,
   typed in any common form (read by the understanding layer) or picked on a calendar. The
   person is told in their language when the reminder will come (the morning before, at the
   hospital's reminder time, moved out of quiet time) and says yes before anything is kept.
   A day too close for a reminder, or text that names no day, is asked again kindly.
2. A node that sets up check-ins (`schedule: checkin`) keeps the chosen frequency (the
   option's value, in days); the first check-in starts at once at the option's target, the
   next one `every` days later.
3. Plans are kept in the person's state and handed to the scheduler (`Schedule`); a plan
   that may be due reaches the engine as `Due(PLAN, id)`. It acts only when the plan still
   exists, is not paused and is due, and it moves the plan on in the same step, so a plan
   is never sent twice. In quiet time it waits for the next open moment and says nothing.
4. An appointment reminder goes once and is then forgotten; one whose day has passed (the
   bot was away) is forgotten without a word. A check-in comes back every `every` days;
   missed ones do not pile up. While the person is with the staff team (a ticket), a
   check-in waits for its next turn.
5. /reminders lists the plans with pause, resume and cancel, which act from anywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.calendar import clock_time, local_day, month_rows, spoken_date
from bot.core.events import ChooseOffer, Due, ManagePlan, Nav, Navigate, PlanOp, ShowMonth
from bot.core.model import Content
from bot.core.replies import Button, Effect, Reply, Schedule, Transition, Unschedule
from bot.core.screens import language_of, notice
from bot.core.state import Frame, Plan, PlanKind, State, Ticket

APPOINTMENT = "appointment"
CHECKIN = "checkin"
DEFAULT_EVERY = 7
"""Days between check-ins when the chosen option's value is not a number of days."""


def setup_node(content: Content, kind: str) -> Frame | None:
    """The node that sets up `kind` ("appointment" or "checkin"), if the content has one."""
    for flow in content.flows.values():
        for node in flow.nodes.values():
            if node.schedule == kind:
                return Frame(flow.id, node.id)
    return None


def awaits_date(content: Content, state: State) -> bool:
    """Whether the person is being asked for an appointment's day."""
    here = state.here
    node = content.node(here.flow, here.node) if here else None
    return node is not None and node.schedule == APPOINTMENT and state.ticket is Ticket.NONE


def with_calendar(
    content: Content, state: State, reply: Reply, now: dt.datetime, month: ShowMonth | None = None
) -> Reply:
    """The appointment node's screen with a calendar (this month, the draft's, or `month`)."""
    today = local_day(now, content.quiet.zone)
    shown = month or ShowMonth(*((state.draft or today).year, (state.draft or today).month))
    lang = language_of(content, state)
    days = month_rows(content, lang, shown.year, shown.month, today)
    return replace(reply, buttons=(*days, *reply.buttons))


def reminder_time(content: Content, day: dt.date, now: dt.datetime) -> dt.datetime | None:
    """When to remind of an appointment on `day`: the morning before, out of quiet time, or
    as soon as allowed (after Shabbat, the appointment's own morning); None for a day that
    is today or past, or when quiet time would hold the reminder until after the day."""
    if day <= local_day(now, content.quiet.zone):
        return None
    zone = content.quiet.zone
    before = dt.datetime.combine(day - dt.timedelta(days=1), content.remind_at, tzinfo=zone)
    due = content.quiet.next_open(max(before, now))
    return due if local_day(due, content.quiet.zone) <= day else None


def on_date(content: Content, state: State, day: dt.date, now: dt.datetime) -> Transition:
    """A day typed or picked for the appointment: propose the reminder, or ask again."""
    due = reminder_time(content, day, now)
    lang = language_of(content, state)
    if due is None:
        asked = replace(state, draft=None)
        ask = notice(content, asked, "reminder_too_soon", day=spoken_date(content, lang, day))
        screen = Reply(text=ask.text, at=state.here)
        return Transition(asked, (with_calendar(content, asked, screen, now),))
    proposed = replace(state, draft=day)
    text = (
        content.ui_text("reminder_confirm", lang)
        .replace("{when}", spoken_date(content, lang, local_day(due, content.quiet.zone)))
        .replace("{time}", clock_time(due, content.quiet.zone))
        .replace("{day}", spoken_date(content, lang, day))
    )
    buttons = (
        (Button(content.ui_text("reminder_yes", lang), Navigate(Nav.CONFIRM)),),
        (Button(content.ui_text("reminder_other_day", lang), ShowMonth(day.year, day.month)),),
    )
    return Transition(proposed, (Reply(text=text, buttons=buttons, at=state.here),))


def ask_again(content: Content, state: State, now: dt.datetime) -> Transition:
    """Text that names no day: ask kindly again, with the calendar."""
    ask = notice(content, state, "reminder_ask_again")
    screen = Reply(text=ask.text, at=state.here)
    return Transition(state, (with_calendar(content, state, screen, now),))


def confirm(content: Content, state: State, now: dt.datetime) -> Transition | None:
    """Yes to the proposed reminder: keep it (None when nothing was proposed here)."""
    if state.draft is None or not awaits_date(content, state):
        return None
    day = state.draft
    due = reminder_time(content, day, now)
    if due is None:
        return on_date(content, state, day, now)
    plan = Plan(state.planned + 1, PlanKind.APPOINTMENT, due, day=day)
    kept = replace(state.with_plan(plan), planned=plan.id, draft=None)
    lang = language_of(content, state)
    said = notice(
        content,
        kept,
        "reminder_set",
        when=spoken_date(content, lang, local_day(due, content.quiet.zone)),
        time=clock_time(due, content.quiet.zone),
    )
    return Transition(kept, (said,), (Schedule(plan),))


def checkin_time(content: Content, day: dt.date) -> dt.datetime:
    """When a check-in on `day` goes out: the reminder time, or the next open moment."""
    moment = dt.datetime.combine(day, content.remind_at, tzinfo=content.quiet.zone)
    return content.quiet.next_open(moment)


def schedule_checkin(
    content: Content, state: State, value: str, start: Frame, now: dt.datetime
) -> Transition:
    """Regular check-ins every `value` days from today, starting at `start`; a check-in the
    person already has takes the new frequency."""
    every = int(value) if value.isdigit() and int(value) > 0 else DEFAULT_EVERY
    current = next((p for p in state.plans if p.kind is PlanKind.CHECKIN), None)
    ident = current.id if current else state.planned + 1
    due = checkin_time(content, local_day(now, content.quiet.zone) + dt.timedelta(days=every))
    plan = Plan(ident, PlanKind.CHECKIN, due, every=every, start=start)
    kept = replace(state.with_plan(plan), planned=max(state.planned, ident))
    lang = language_of(content, state)
    said = notice(
        content,
        kept,
        "checkin_set",
        every=str(every),
        when=spoken_date(content, lang, local_day(due, content.quiet.zone)),
        time=clock_time(due, content.quiet.zone),
    )
    return Transition(kept, (said,), (Schedule(plan),))


def due(
    content: Content, state: State, event: Due, now: dt.datetime
) -> tuple[Transition, Frame | None]:
    """A plan that may be due: what to say, and where a check-in starts (None: nowhere)."""
    plan = state.plan(event.id)
    if plan is None:  # cancelled or erased meanwhile: the scheduler forgets it too
        return Transition(state, (), (Unschedule(event.id),)), None
    if plan.paused or plan.due > now:  # not its time: the scheduler learns when it is
        return Transition(state, (), (Schedule(plan),)), None
    if content.quiet.is_quiet(now):
        later = replace(plan, due=content.quiet.next_open(now))
        return Transition(state.with_plan(later), (), (Schedule(later),)), None
    if plan.kind is PlanKind.APPOINTMENT:
        gone = state.without_plan(plan.id)
        effects: tuple[Effect, ...] = (Unschedule(plan.id),)
        if plan.day is None or plan.day < local_day(now, content.quiet.zone):
            return Transition(gone, (), effects), None
        lang = language_of(content, state)
        said = notice(content, gone, "reminder_due", day=spoken_date(content, lang, plan.day))
        return Transition(gone, (said,), effects), None
    every = dt.timedelta(days=max(plan.every, 1))
    day = local_day(plan.due, content.quiet.zone) + every
    while checkin_time(content, day) <= now:
        day += every
    later = replace(plan, due=checkin_time(content, day))
    moved = Transition(state.with_plan(later), (), (Schedule(later),))
    start = plan.start
    if state.ticket is not Ticket.NONE or start is None or not content.node(start.flow, start.node):
        return moved, None
    return replace(moved, replies=(notice(content, state, "checkin_due"),)), start


def plan_line(content: Content, lang: str, plan: Plan) -> str:
    """One plan in a line: what it is, when it comes next, and whether it is paused."""
    when = spoken_date(content, lang, local_day(plan.due, content.quiet.zone))
    if plan.kind is PlanKind.APPOINTMENT and plan.day is not None:
        key, values = "reminders_appointment", {"day": spoken_date(content, lang, plan.day)}
    else:
        key, values = "reminders_checkin", {"every": str(plan.every)}
    text = (
        content.ui_text(key, lang)
        .replace("{when}", when)
        .replace("{time}", clock_time(plan.due, content.quiet.zone))
    )
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    if plan.paused:
        text = f"{text} {content.ui_text('reminders_paused', lang)}"
    return text


def listing(content: Content, state: State) -> Transition:
    """/reminders: each plan with pause (or resume) and cancel, and the ways to add one."""
    lang = language_of(content, state)
    lines = [f"{n}. {plan_line(content, lang, p)}" for n, p in enumerate(state.plans, start=1)]
    body = "\n".join(lines) if lines else content.ui_text("reminders_none", lang)
    rows: list[tuple[Button, ...]] = []
    for number, plan in enumerate(state.plans, start=1):
        pause = (
            Button(
                _numbered(content, "reminders_resume", lang, number),
                ManagePlan(PlanOp.RESUME, plan.id),
            )
            if plan.paused
            else Button(
                _numbered(content, "reminders_pause", lang, number),
                ManagePlan(PlanOp.PAUSE, plan.id),
            )
        )
        cancel = Button(
            _numbered(content, "reminders_cancel", lang, number), ManagePlan(PlanOp.CANCEL, plan.id)
        )
        rows.append((pause, cancel))
    offers: list[Frame] = []
    has_checkin = any(p.kind is PlanKind.CHECKIN for p in state.plans)
    for kind, key in (
        (APPOINTMENT, "reminders_new_appointment"),
        (CHECKIN, "reminders_new_checkin"),
    ):
        place = setup_node(content, kind)
        if place is not None and not (kind == CHECKIN and has_checkin):
            rows.append((Button(content.ui_text(key, lang), ChooseOffer(len(offers))),))
            offers.append(place)
    if state.stack:
        rows.append((Button(content.ui_text("continue", lang), Navigate(Nav.STAY)),))
    title = content.ui_text("reminders_title", lang)
    reply = Reply(text=body, title=title, buttons=tuple(rows), at=state.here)
    return Transition(replace(state, offers=tuple(offers)), (reply,))


def _numbered(content: Content, key: str, lang: str, number: int) -> str:
    return content.ui_text(key, lang).replace("{n}", str(number))


def manage(
    content: Content, state: State, action: ManagePlan, now: dt.datetime
) -> Transition | None:
    """Pause, resume or cancel one plan, then list them again; None when it is gone."""
    plan = state.plan(action.id)
    if plan is None:
        return None
    effect: Effect
    if action.op is PlanOp.CANCEL:
        state, effect = state.without_plan(plan.id), Unschedule(plan.id)
    elif action.op is PlanOp.PAUSE:
        paused = replace(plan, paused=True)
        state, effect = state.with_plan(paused), Schedule(paused)
    else:
        resumed = _resumed(content, plan, now)
        if resumed is None:  # its appointment is too close now: nothing left to remind
            state, effect = state.without_plan(plan.id), Unschedule(plan.id)
        else:
            state, effect = state.with_plan(resumed), Schedule(resumed)
    listed = listing(content, state)
    return replace(listed, effects=(effect,))


def _resumed(content: Content, plan: Plan, now: dt.datetime) -> Plan | None:
    """A paused plan running again: when it would have gone out meanwhile, its next turn."""
    if plan.due > now:
        return replace(plan, paused=False)
    if plan.kind is PlanKind.APPOINTMENT:
        due = reminder_time(content, plan.day, now) if plan.day else None
        return replace(plan, paused=False, due=due) if due else None
    every = dt.timedelta(days=max(plan.every, 1))
    day = local_day(plan.due, content.quiet.zone)
    while checkin_time(content, day) <= now:
        day += every
    return replace(plan, paused=False, due=checkin_time(content, day))
