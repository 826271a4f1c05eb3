"""A conversation with the staff team, as the engine sees it: asking, an open ticket, its close
(pure).

Rules:

1. "Talk to a person" (a button, or /human) asks the person to write their message; outside
   the team's working hours it also says when the team is in next and which lines answer now.
   Anything but typed text (a tap, a command) before they write cancels the request.
2. The next typed message opens the ticket, carrying the person's language, role, place and
   that message. While the ticket is open, everything they type goes to it and the bot says
   nothing; the safety check still runs, its reply still goes out, and the ticket is told.
3. A staff answer reaches the person marked as coming from the team.
4. A ticket closes when staff close it, or when it has been quiet (nobody wrote either way)
   for its quiet time; the person is told either way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.events import Due, DueKind, Nav, Navigate, StaffClose, StaffReply
from bot.core.hours import WEEKDAYS
from bot.core.model import Content
from bot.core.replies import (
    QUIET_TIME,
    Button,
    CloseTicket,
    Effect,
    OpenTicket,
    RelayToTicket,
    Reply,
    ReplyKind,
    TicketAnswered,
    Transition,
)
from bot.core.screens import language_of, notice, way_in_question
from bot.core.state import State, Ticket


def ask(content: Content, state: State, now: dt.datetime) -> Transition:
    """A request to talk to a person: ask for the message (or say one is already open)."""
    lang = language_of(content, state)
    if state.ticket is Ticket.OPEN:
        return Transition(state, (notice(content, state, "ticket_already_open"),))
    text = content.ui_text("ticket_ask", lang)
    later = after_hours(content, lang, now)
    if later:
        text = f"{text}\n\n{later}"
    cancel = (Button(content.ui_text("continue", lang), Navigate(Nav.STAY)),)
    reply = Reply(text=text, buttons=(cancel,), at=state.here, kind=ReplyKind.NOTICE)
    return Transition(replace(state, ticket=Ticket.ASKING), (reply,))


def after_hours(content: Content, lang: str, now: dt.datetime) -> str:
    """What to say outside the team's working hours ("" when the team is in)."""
    hours = content.hours
    if hours is None or hours.is_open(now):
        return ""
    coming = hours.next_opening(now)
    if coming is None:
        return content.ui_text("ticket_no_hours", lang)
    day = content.ui_text(f"day_{WEEKDAYS[coming.weekday()]}", lang)
    when = f"{day} {coming:%H:%M}"
    return content.ui_text("ticket_after_hours", lang).replace("{when}", when)


def to_team(
    content: Content,
    before: State,
    result: Transition,
    text: str,
    alert: str | None,
    now: dt.datetime,
) -> Transition:
    """Typed text while asking or with a ticket open: open the ticket or add to it.

    `result` is what the engine said to the text on its own: nothing, or a safety reply
    (`alert` names its kind), which goes out first.
    """
    state = replace(result.state, ticket=Ticket.OPEN, ticket_at=now)
    if before.ticket is Ticket.OPEN:
        relay = RelayToTicket(text, now, alert)
        return Transition(state, result.replies, (*result.effects, relay))
    lang = language_of(content, before)
    entry = way_in_question(content)
    role = before.answer_map.get(entry.ask, "") if entry and entry.ask else ""
    place = str(before.here) if before.here else ""
    opened = OpenTicket(lang, now, role, place, text, alert)
    replies = (*result.replies, notice(content, state, "ticket_opened"))
    return Transition(state, replies, (*result.effects, opened))


def from_staff(
    content: Content, state: State, event: StaffReply | StaffClose | Due, now: dt.datetime
) -> Transition:
    """A staff answer, a staff close, or a quiet-time check on the person's ticket."""
    if state.ticket is not Ticket.OPEN:
        return Transition(state, ())
    lang = language_of(content, state)
    if isinstance(event, StaffReply):
        text = content.ui_text("from_team", lang).replace("{text}", event.text)
        reply = Reply(text=text, kind=ReplyKind.NOTICE)
        return Transition(replace(state, ticket_at=now), (reply,), (TicketAnswered(now),))
    if isinstance(event, StaffClose):
        return _close(content, state, "ticket_closed", str(event.by), now)
    if event.kind is not DueKind.TICKET_QUIET:
        return Transition(state, ())
    if state.ticket_at is not None and now - state.ticket_at < event.quiet:
        return Transition(state, ())
    return _close(content, state, "ticket_closed_quiet", QUIET_TIME, now)


def _close(content: Content, state: State, key: str, by: str, now: dt.datetime) -> Transition:
    """Close the ticket and tell the person, with a way back to where they were."""
    lang = language_of(content, state)
    closed = replace(state, ticket=Ticket.NONE, ticket_at=None)
    buttons: list[Button] = []
    if closed.stack:
        buttons.append(Button(content.ui_text("continue", lang), Navigate(Nav.STAY)))
    buttons.append(Button(content.ui_text("menu", lang), Navigate(Nav.MENU)))
    reply = Reply(
        text=content.ui_text(key, lang),
        buttons=(tuple(buttons),),
        at=closed.here,
        kind=ReplyKind.NOTICE,
    )
    effects: tuple[Effect, ...] = (CloseTicket(by, now),)
    return Transition(closed, (reply,), effects)
