"""The engine's side of a conversation with the staff team: asking, quiet while open, safety
still first, staff answers and closes, the quiet-time close (no mocks, no clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import MappingProxyType
from zoneinfo import ZoneInfo

from bot.core.engine import step
from bot.core.events import (
    ChooseLanguage,
    ChooseOption,
    Command,
    Due,
    DueKind,
    Nav,
    Press,
    SafetyHit,
    StaffClose,
    StaffReply,
    Start,
    Typed,
    Understanding,
)
from bot.core.hours import Opening, WorkingHours
from bot.core.model import Content
from bot.core.replies import (
    QUIET_TIME,
    CloseTicket,
    OpenTicket,
    RecordAlert,
    RelayToTicket,
    ReplyKind,
    TicketAnswered,
)
from bot.core.state import State, Ticket

ISRAEL = ZoneInfo("Asia/Jerusalem")
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=ISRAEL)  # a Monday morning
QUIET = dt.timedelta(hours=24)
DAY = Opening(dt.time(8), dt.time(16))
HOURS = WorkingHours(
    ISRAEL,
    MappingProxyType({d: DAY for d in ("sunday", "monday", "tuesday", "wednesday", "thursday")})
    | {"friday": Opening(dt.time(8), dt.time(12)), "saturday": None},
)


def staffed(small: Content) -> Content:
    return replace(small, handoff=True, hours=HOURS)


def at_home(content: Content) -> State:
    state = step(content, State(), Start("en"), NOW).state
    state = step(content, state, Press(ChooseLanguage("en"), None, ""), NOW).state
    return step(content, state, Press(ChooseOption(0), state.here, content.version), NOW).state


def opened(content: Content, text: str = "I need someone") -> State:
    asking = step(content, at_home(content), Command(Nav.HANDOFF), NOW).state
    return step(content, asking, Typed(Understanding(), text), NOW).state


def test_asking_for_a_person_waits_for_the_message_then_opens_the_ticket(small: Content) -> None:
    content = staffed(small)
    home = at_home(content)
    asked = step(content, home, Command(Nav.HANDOFF), NOW)
    assert asked.state.ticket is Ticket.ASKING and not asked.effects
    assert asked.replies[0].text == content.ui_text("ticket_ask", "en")
    result = step(content, asked.state, Typed(Understanding(target=home.here), "Hello"), NOW)
    role = home.answer_map["role"]
    assert result.effects == (OpenTicket("en", NOW, role, str(home.here), "Hello"),)
    assert result.state.ticket is Ticket.OPEN and result.state.ticket_at == NOW
    assert result.state.stack == home.stack, "the message is not routed anywhere"
    assert result.replies[-1].text == content.ui_text("ticket_opened", "en")


def test_a_tap_instead_of_the_message_cancels_the_request(small: Content) -> None:
    content = staffed(small)
    asking = step(content, at_home(content), Command(Nav.HANDOFF), NOW).state
    result = step(content, asking, Command(Nav.MENU), NOW)
    assert result.state.ticket is Ticket.NONE
    assert not any(isinstance(e, OpenTicket) for e in result.effects)


def test_while_open_typed_text_goes_to_the_ticket_and_the_bot_says_nothing(
    small: Content,
) -> None:
    content = staffed(small)
    state = opened(content)
    later = NOW + dt.timedelta(minutes=5)
    result = step(content, state, Typed(Understanding(), "one more thing"), later)
    assert result.replies == ()
    assert result.effects == (RelayToTicket("one more thing", later),)
    assert result.state.ticket_at == later


def test_while_open_a_safety_hit_is_answered_and_the_ticket_is_alerted(small: Content) -> None:
    content = staffed(small)
    hit = Typed(Understanding(safety=SafetyHit("crisis", "suicide")), "I want to die")
    result = step(content, opened(content), hit, NOW)
    assert result.replies[0].kind is ReplyKind.ALERT
    assert content.ui_text("crisis_talk_to_person", "en") not in result.replies[0].text
    assert isinstance(result.effects[0], RecordAlert)
    assert result.effects[1] == RelayToTicket("I want to die", NOW, "crisis")
    assert result.state.ticket is Ticket.OPEN


def test_a_safety_hit_as_the_first_message_opens_the_ticket_with_an_alert(
    small: Content,
) -> None:
    content = staffed(small)
    asking = step(content, at_home(content), Command(Nav.HANDOFF), NOW).state
    hit = Typed(Understanding(safety=SafetyHit("emergency", "fever")), "fever 39")
    result = step(content, asking, hit, NOW)
    assert result.replies[0].kind is ReplyKind.ALERT
    (ticket,) = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert ticket.alert == "emergency" and ticket.message == "fever 39"


def test_a_staff_answer_reaches_the_person_marked_as_from_the_team(small: Content) -> None:
    content = staffed(small)
    result = step(content, opened(content), StaffReply("We are here"), NOW)
    (reply,) = result.replies
    assert reply.text == content.ui_text("from_team", "en").replace("{text}", "We are here")
    assert result.effects == (TicketAnswered(NOW),)


def test_staff_close_tells_the_person_and_records_who(small: Content) -> None:
    content = staffed(small)
    result = step(content, opened(content), StaffClose(777), NOW)
    assert result.state.ticket is Ticket.NONE
    assert result.effects == (CloseTicket("777", NOW),)
    assert result.replies[0].text == content.ui_text("ticket_closed", "en")


def test_a_quiet_ticket_closes_only_after_its_quiet_time(small: Content) -> None:
    content = staffed(small)
    state = opened(content)
    due = Due(DueKind.TICKET_QUIET, 1, QUIET)
    early = step(content, state, due, NOW + QUIET - dt.timedelta(seconds=1))
    assert early.state == state and not early.replies and not early.effects
    late = NOW + QUIET
    result = step(content, state, due, late)
    assert result.effects == (CloseTicket(QUIET_TIME, late),)
    assert result.replies[0].text == content.ui_text("ticket_closed_quiet", "en")


def test_staff_events_without_an_open_ticket_do_nothing(small: Content) -> None:
    content = staffed(small)
    home = at_home(content)
    for event in (StaffReply("hi"), StaffClose(1), Due(DueKind.TICKET_QUIET, 1, QUIET)):
        result = step(content, home, event, NOW)
        assert result.state == home and not result.replies and not result.effects


def test_outside_working_hours_the_request_says_when_and_gives_the_lines(small: Content) -> None:
    content = staffed(small)
    shabbat = dt.datetime(2026, 12, 12, 11, 0, tzinfo=ISRAEL)
    asked = step(content, at_home(content), Command(Nav.HANDOFF), shabbat)
    text = asked.replies[0].text
    assert "Sunday 08:00" in text
    assert content.ui_text("ticket_after_hours", "en").split("{when}")[1] in text


def test_every_menu_offers_a_person_when_a_staff_chat_answers(small: Content) -> None:
    labels = [
        b.label
        for row in step(staffed(small), at_home(small), Command(Nav.MENU), NOW).replies[0].buttons
        for b in row
    ]
    assert small.ui_text("talk_to_person", "en") in labels


def test_the_ticket_survives_a_round_trip_through_the_store_format(small: Content) -> None:
    state = opened(staffed(small))
    assert State.from_dict(state.to_dict()) == state
