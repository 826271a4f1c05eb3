"""What the engine hands back: replies to show and effects to carry out (pure data)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from bot.core.events import Action
from bot.core.state import Frame, Plan, State


class ReplyKind(enum.Enum):
    """How a reply should be presented."""

    SCREEN = "screen"
    NOTICE = "notice"
    ALERT = "alert"


@dataclass(frozen=True, slots=True)
class Button:
    """A button: what it says and what pressing it does."""

    label: str
    action: Action


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to show, in plain text (adapters escape and format it).

    `at` is the node the buttons belong to, so a press can be checked against where the
    person is when it arrives.
    """

    text: str
    title: str = ""
    buttons: tuple[tuple[Button, ...], ...] = ()
    at: Frame | None = None
    kind: ReplyKind = ReplyKind.SCREEN


@dataclass(frozen=True, slots=True)
class RecordAnswer:
    """Keep an answer the person gave to a question."""

    key: str
    value: str


@dataclass(frozen=True, slots=True)
class RecordVisit:
    """Count a visit to a node (for drop-off reports; no person is linked)."""

    frame: Frame
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class RecordAlert:
    """A safety rule fired: rule id, kind, language and time; never the text."""

    kind: str
    rule_id: str
    lang: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class RecordMiss:
    """Typed text nothing matched, already scrubbed and not linked to the person."""

    text: str
    lang: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class OpenTicket:
    """Open a ticket for the staff team: who is asking (language, role, where they are in
    the journey, e.g. "diagnosis.biopsy") and their first message, which is relayed to the
    team and never kept."""

    lang: str
    at: dt.datetime
    role: str = ""
    place: str = ""
    message: str = ""
    alert: str | None = None
    """The kind of safety reply the first message got, if any (see RelayToTicket)."""


@dataclass(frozen=True, slots=True)
class RelayToTicket:
    """Pass the person's message to their open ticket (relayed, never kept); `alert` names
    the kind of safety reply it got ("emergency", "crisis"), so the team sees it at once."""

    message: str
    at: dt.datetime
    alert: str | None = None


@dataclass(frozen=True, slots=True)
class TicketAnswered:
    """The staff team answered the person's open ticket."""

    at: dt.datetime


@dataclass(frozen=True, slots=True)
class CloseTicket:
    """Close the person's open ticket; `by` is the staff member's Telegram user id, or
    QUIET_TIME when it closed by itself."""

    by: str
    at: dt.datetime


QUIET_TIME = "quiet time"
"""Who closed a ticket that nobody wrote in for its quiet time."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """Keep the person's plan (a reminder or check-in) where the scheduler finds it: due at
    `plan.due` unless paused. Replaces what was kept for a plan with the same number."""

    plan: Plan


@dataclass(frozen=True, slots=True)
class Unschedule:
    """The person's plan numbered `id` is done or cancelled: the scheduler forgets it."""

    id: int


TicketEffect = OpenTicket | RelayToTicket | TicketAnswered | CloseTicket
PlanEffect = Schedule | Unschedule
Effect = RecordAnswer | RecordVisit | RecordAlert | RecordMiss | TicketEffect | PlanEffect


@dataclass(frozen=True, slots=True)
class Transition:
    """The result of one step: the new state, the replies in order, the effects."""

    state: State
    replies: tuple[Reply, ...]
    effects: tuple[Effect, ...] = ()
