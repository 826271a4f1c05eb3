"""Appointment reminders and check-ins in the engine: a day typed or picked, confirmed, kept,
sent once at its time out of quiet time; check-ins that come back; pause, resume, cancel."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot.content.library import Library
from bot.core import callback
from bot.core.engine import step
from bot.core.events import (
    ChooseOption,
    Command,
    Due,
    DueKind,
    ManagePlan,
    Nav,
    Navigate,
    PickDay,
    PlanOp,
    Press,
    ShowMonth,
    Typed,
    Understanding,
)
from bot.core.model import Content
from bot.core.replies import RecordAlert, Reply, Schedule, Transition, Unschedule
from bot.core.state import Frame, PlanKind, State
from bot.reminders.quiet import ISRAEL

MONDAY = dt.datetime(2026, 12, 7, 10, 0, tzinfo=ISRAEL)
FOLLOWUP = Frame("survivorship", "followup")
APPOINTMENT = Frame("checkin", "appointment")


def labels(reply: Reply) -> list[str]:
    return [button.label for row in reply.buttons for button in row]


def press(content: Content, state: State, label: str, now: dt.datetime = MONDAY) -> Transition:
    """Tap the button labelled `label` on the last screen, as Telegram sends it."""
    shown = press.last  # type: ignore[attr-defined]
    for reply in reversed(shown.replies):
        for row in reply.buttons:
            for button in row:
                if button.label == label:
                    code = callback.encode(content.version, reply.at, button.action)
                    decoded = callback.decode(code)
                    assert decoded is not None, code
                    result = step(content, state, Press(decoded[2], decoded[1], decoded[0]), now)
                    press.last = result  # type: ignore[attr-defined]
                    return result
    raise AssertionError(f"no button {label!r}; shown: {[labels(r) for r in shown.replies]}")


def run(content: Content, state: State, event: object, now: dt.datetime = MONDAY) -> Transition:
    result = step(content, state, event, now)  # type: ignore[arg-type]
    press.last = result  # type: ignore[attr-defined]
    return result


@pytest.fixture
def content(shipped: Library) -> Content:
    return shipped.content


@pytest.fixture
def on_followup(content: Content) -> State:
    return State(lang="en", stack=(Frame("menu", "main"), FOLLOWUP), version=content.version)


def asked_for_a_day(content: Content, state: State) -> Transition:
    run(content, state, Command(Nav.STAY))
    return press(content, state, "📅 Remind me of my next appointment")


def typed_day(day: dt.date | None) -> Typed:
    return Typed(Understanding(date=day, lang="en"))


def test_the_appointment_page_shows_a_calendar_of_days_to_come(
    content: Content, on_followup: State
) -> None:
    asked = asked_for_a_day(content, on_followup)
    assert asked.state.here == APPOINTMENT
    screen = asked.replies[-1]
    assert screen.buttons[0][1].label == "December 2026"
    days = [b for row in screen.buttons for b in row if isinstance(b.action, PickDay)]
    assert days[0].action == PickDay(dt.date(2026, 12, 8)), "today and past days are not offered"
    assert [b.label for b in screen.buttons[1]] == ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"]


def test_a_typed_day_is_said_back_and_kept_only_after_yes(
    content: Content, on_followup: State
) -> None:
    asked = asked_for_a_day(content, on_followup)
    proposed = run(content, asked.state, typed_day(dt.date(2026, 12, 9)))
    text = proposed.replies[-1].text
    assert "Wednesday 9 December" in text and "Tuesday 8 December, at about 10:00" in text
    assert proposed.effects == () and proposed.state.plans == ()
    kept = press(content, proposed.state, "✅ Yes, remind me")
    (plan,) = kept.state.plans
    assert plan.kind is PlanKind.APPOINTMENT and plan.day == dt.date(2026, 12, 9)
    assert plan.due == dt.datetime(2026, 12, 8, 10, 0, tzinfo=ISRAEL)
    assert Schedule(plan) in kept.effects
    assert kept.state.here == FOLLOWUP, "back where the person asked"
    assert "I'll remind you on Tuesday 8 December" in kept.replies[0].text


def test_an_unreadable_day_is_asked_again_kindly_with_the_calendar(
    content: Content, on_followup: State
) -> None:
    asked = asked_for_a_day(content, on_followup)
    again = run(content, asked.state, typed_day(None))
    assert "couldn't read that date" in again.replies[-1].text
    assert any(isinstance(b.action, PickDay) for row in again.replies[-1].buttons for b in row)
    assert again.state.here == APPOINTMENT


def test_a_day_too_close_is_refused_and_a_later_one_asked(
    content: Content, on_followup: State
) -> None:
    asked = asked_for_a_day(content, on_followup)
    today = run(content, asked.state, typed_day(dt.date(2026, 12, 7)))
    assert "can't remind you ahead of Monday 7 December" in today.replies[-1].text
    assert today.state.draft is None


def test_a_reminder_due_on_shabbat_waits_for_sunday_morning(
    content: Content, on_followup: State
) -> None:
    asked = asked_for_a_day(content, on_followup)
    proposed = run(content, asked.state, typed_day(dt.date(2026, 12, 13)))  # a Sunday
    assert "Sunday 13 December, at about 08:30" in proposed.replies[-1].text
    kept = press(content, proposed.state, "✅ Yes, remind me")
    assert kept.state.plans[0].due == dt.datetime(2026, 12, 13, 8, 30, tzinfo=ISRAEL)


def test_a_picked_day_and_the_month_arrows(content: Content, on_followup: State) -> None:
    asked = asked_for_a_day(content, on_followup)
    later = press(content, asked.state, "▶")
    assert later.replies[-1].buttons[0][1].label == "January 2027"
    picked = run(
        content,
        later.state,
        Press(PickDay(dt.date(2027, 1, 14)), APPOINTMENT, content.version),
    )
    assert "Thursday 14 January" in picked.replies[-1].text
    elsewhere = dataclasses.replace(on_followup)
    stale = run(
        content, elsewhere, Press(PickDay(dt.date(2027, 1, 14)), APPOINTMENT, content.version)
    )
    assert stale.state.draft is None, "a calendar tap from another page changes nothing"


def test_hebrew_calendar_runs_right_to_left(content: Content, on_followup: State) -> None:
    hebrew = dataclasses.replace(on_followup, lang="he")
    asked = run(content, hebrew, Press(ChooseOption(4), FOLLOWUP, content.version))
    assert asked.state.here == APPOINTMENT
    arrows = asked.replies[-1].buttons[0]
    assert isinstance(arrows[0].action, ShowMonth) and arrows[0].label == "◀"
    assert arrows[0].action == ShowMonth(2027, 1), "the next month is on the left"
    assert asked.replies[-1].buttons[1][-1].label == "א", "Sunday on the right"


def kept_reminder(content: Content, state: State, day: dt.date) -> State:
    asked = asked_for_a_day(content, state)
    proposed = run(content, asked.state, typed_day(day))
    return press(content, proposed.state, "✅ Yes, remind me").state


def test_a_due_reminder_is_said_once_and_then_forgotten(
    content: Content, on_followup: State
) -> None:
    state = kept_reminder(content, on_followup, dt.date(2026, 12, 9))
    (plan,) = state.plans
    early = run(content, state, Due(DueKind.PLAN, plan.id), MONDAY)
    assert early.replies == () and early.effects == (Schedule(plan),)
    due = dt.datetime(2026, 12, 8, 10, 0, 30, tzinfo=ISRAEL)
    sent = run(content, state, Due(DueKind.PLAN, plan.id), due)
    assert "you have an appointment on Wednesday 9 December" in sent.replies[0].text
    assert sent.effects == (Unschedule(plan.id),) and sent.state.plans == ()
    again = run(content, sent.state, Due(DueKind.PLAN, plan.id), due)
    assert again.replies == (), "never twice"


def test_a_reminder_woken_in_quiet_time_waits_and_says_nothing(
    content: Content, on_followup: State
) -> None:
    state = kept_reminder(content, on_followup, dt.date(2026, 12, 9))
    (plan,) = state.plans
    night = dt.datetime(2026, 12, 8, 22, 0, tzinfo=ISRAEL)  # the bot was away until the night
    state = dataclasses.replace(state, plans=(dataclasses.replace(plan, due=night),))
    held = run(content, state, Due(DueKind.PLAN, plan.id), night)
    assert held.replies == ()
    assert held.state.plans[0].due == dt.datetime(2026, 12, 9, 8, 30, tzinfo=ISRAEL)


def test_a_checkin_is_chosen_weekly_starts_now_and_comes_back(
    content: Content, on_followup: State
) -> None:
    state = dataclasses.replace(on_followup, stack=(*on_followup.stack, Frame("checkin", "intro")))
    run(content, state, Command(Nav.STAY))
    started = press(content, state, "Every week")
    assert started.state.here == Frame("checkin", "distress")
    assert (
        "a short check-in every 7 days, the next on Monday 14 December" in started.replies[0].text
    )
    (plan,) = started.state.plans
    assert plan.kind is PlanKind.CHECKIN and plan.every == 7
    scale = started.replies[-1]
    assert [b.label for b in scale.buttons[0]] == ["0", "1", "2", "3", "4", "5"]
    assert [b.label for b in scale.buttons[1]] == ["6", "7", "8", "9", "10"]
    home = run(content, started.state, Command(Nav.MENU)).state
    next_week = dt.datetime(2026, 12, 14, 10, 0, tzinfo=ISRAEL)
    due = run(content, home, Due(DueKind.PLAN, plan.id), next_week)
    assert due.state.here == Frame("checkin", "distress")
    assert "Time for the short check-in" in due.replies[0].text
    assert due.state.plans[0].due == dt.datetime(2026, 12, 21, 10, 0, tzinfo=ISRAEL)


def checkin_to_the_last_question(content: Content, state: State, distress: str) -> Transition:
    start = dataclasses.replace(state, stack=(*state.stack, Frame("checkin", "distress")))
    run(content, start, Command(Nav.STAY))
    result = press(content, start, distress)
    for answer in ("Some", "So-so", "As usual", "Quite tired"):
        result = press(content, result.state, answer)
    assert result.state.here == Frame("checkin", "warning")
    return result


def test_high_distress_offers_a_person_and_the_support_lines(
    content: Content, on_followup: State
) -> None:
    staffed = dataclasses.replace(content, handoff=True)
    last = checkin_to_the_last_question(staffed, on_followup, "7")
    result = press(staffed, last.state, "Neither of these")
    text = result.replies[-1].text
    assert "1201" in text and "1-800-599-995" in text and "101" in text
    assert "💬 Talk to a person" in labels(result.replies[-1])
    calm = checkin_to_the_last_question(staffed, on_followup, "2")
    calm_result = press(staffed, calm.state, "Neither of these")
    assert "1201" not in calm_result.replies[-1].text


def test_a_red_flag_answer_gets_the_safety_reply_and_an_alert(
    content: Content, on_followup: State
) -> None:
    last = checkin_to_the_last_question(content, on_followup, "1")
    alarm = press(content, last.state, "🌡️ A temperature of 38 °C or more")
    assert "call 101" in alarm.replies[0].text
    assert any(isinstance(e, RecordAlert) and e.rule_id == "fever" for e in alarm.effects)
    assert alarm.state.here == Frame("checkin", "result")
    onwards = press(content, alarm.state, "Carry on where I was")
    assert onwards.state.here == Frame("checkin", "result")


def test_reminders_list_pause_resume_and_cancel(content: Content, on_followup: State) -> None:
    state = kept_reminder(content, on_followup, dt.date(2026, 12, 9))
    listed = run(content, state, Command(Nav.REMINDERS))
    assert "Appointment on Wednesday 9 December" in listed.replies[0].text
    paused = press(content, listed.state, "⏸ Pause 1")
    assert paused.state.plans[0].paused and "(paused)" in paused.replies[0].text
    assert paused.effects == (Schedule(paused.state.plans[0]),)
    quiet = step(
        content,
        paused.state,
        Due(DueKind.PLAN, 1),
        dt.datetime(2026, 12, 8, 11, tzinfo=ISRAEL),
    )
    assert quiet.replies == (), "a paused reminder says nothing"
    resumed = press(content, paused.state, "▶ Resume 1")
    assert not resumed.state.plans[0].paused
    cancelled = press(content, resumed.state, "✖ Cancel 1")
    assert cancelled.state.plans == () and cancelled.effects == (Unschedule(1),)
    assert "no reminders" in cancelled.replies[0].text
    gone = run(content, cancelled.state, Press(ManagePlan(PlanOp.CANCEL, 1), None, ""))
    assert gone.effects == ()


def test_callback_codes_of_days_months_and_plans_round_trip() -> None:
    for action in (
        PickDay(dt.date(2027, 3, 12)),
        ShowMonth(2027, 12),
        ManagePlan(PlanOp.RESUME, 1295),
        Navigate(Nav.CONFIRM),
    ):
        code = callback.encode("abcdef", APPOINTMENT, action)
        assert len(code.encode()) <= callback.MAX_BYTES
        assert callback.decode(code) == ("abcdef", APPOINTMENT, action)
    assert callback.decode("abcdef|checkin|appointment|pz1") is None


def test_plans_survive_the_round_trip_through_the_store_form(
    content: Content, on_followup: State
) -> None:
    state = kept_reminder(content, on_followup, dt.date(2026, 12, 9))
    assert State.from_dict(state.to_dict()) == state
