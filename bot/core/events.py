"""What can happen to a person's conversation: the events the engine accepts (pure)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from bot.core.state import Frame


class Nav(enum.Enum):
    """Buttons and commands that are not content options."""

    BACK = "b"
    MENU = "m"
    RESUME = "c"
    RESTART = "r"
    STAY = "s"
    LANGUAGE = "l"
    HANDOFF = "h"
    REMINDERS = "e"
    """The person's reminders and check-ins (/reminders)."""
    CONFIRM = "y"
    """Yes to the reminder just proposed."""


@dataclass(frozen=True, slots=True)
class ChooseOption:
    """Tap on the option with this index in the node's option list."""

    index: int


@dataclass(frozen=True, slots=True)
class ChooseTerm:
    """Tap on the glossary term with this index in the node's term list."""

    index: int


@dataclass(frozen=True, slots=True)
class ChooseOffer:
    """Tap on the place with this index among the state's offers."""

    index: int


@dataclass(frozen=True, slots=True)
class ChooseLanguage:
    """Tap on a language."""

    lang: str


@dataclass(frozen=True, slots=True)
class Navigate:
    """Tap on a navigation button."""

    nav: Nav


@dataclass(frozen=True, slots=True)
class ChooseGroup:
    """Tap on a group of glossary terms (by their first letters) on the glossary index."""

    index: int


@dataclass(frozen=True, slots=True)
class ChooseRole:
    """Tap on an answer to the way-in question (who the person is), asked after a typed
    first question; `index` is the option's index in that question."""

    index: int


@dataclass(frozen=True, slots=True)
class PickDay:
    """Tap on a day of the calendar: the day of an appointment."""

    day: dt.date


@dataclass(frozen=True, slots=True)
class ShowMonth:
    """Tap on a calendar arrow: show this month (a tap on a calendar label shows it again)."""

    year: int
    month: int


class PlanOp(enum.Enum):
    """What a person can do with one of their reminders or check-ins."""

    PAUSE = "p"
    RESUME = "r"
    CANCEL = "x"


@dataclass(frozen=True, slots=True)
class ManagePlan:
    """Tap on pause, resume or cancel beside the person's plan numbered `id`."""

    op: PlanOp
    id: int


Action = (
    ChooseOption
    | ChooseTerm
    | ChooseOffer
    | ChooseLanguage
    | Navigate
    | ChooseGroup
    | ChooseRole
    | PickDay
    | ShowMonth
    | ManagePlan
)


@dataclass(frozen=True, slots=True)
class Start:
    """/start: `lang_hint` is the language the person's app reports, if any."""

    lang_hint: str | None = None


@dataclass(frozen=True, slots=True)
class Press:
    """A button was pressed on a screen shown at `at`, built from content `version`."""

    action: Action
    at: Frame | None
    version: str


@dataclass(frozen=True, slots=True)
class Command:
    """A command typed by the person: /back, /menu, /restart, /language, /human, /reminders."""

    nav: Nav


@dataclass(frozen=True, slots=True)
class SafetyHit:
    """A safety rule fired on typed text: `kind` is "emergency" or "crisis".

    `also` names emergency rules that fired beside a crisis ("I took all the pills" is both
    a crisis and a poisoning), so the reply can say what to do about them first.
    """

    kind: str
    rule_id: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Understanding:
    """What the understanding layer made of typed text, before the engine acts on it.

    Exactly how it was reached is not the engine's business: safety first, then a
    button on screen (`option`), then a confident place (`target`), then up to three
    `suggestions`; `smalltalk` names a greeting or thanks; `miss` is the scrubbed text
    to keep for staff when nothing fits; `date` a day it names, when one is asked for.
    `about` names what was understood (a cancer type or a medicine, in the person's
    language) and `general` says the place is not specific to it; `outside` marks a message
    about something the bot does not cover; `distress` a person who is overwhelmed, who
    gets a kind word first. `caution` is a red flag of cancer treatment in a message about
    another health matter ("my son has the flu, fever 39"): its advice follows the answer, for
    the person on cancer treatment it may still concern.
    """

    safety: SafetyHit | None = None
    option: int | None = None
    target: Frame | None = None
    suggestions: tuple[Frame, ...] = ()
    smalltalk: str | None = None
    miss: str | None = None
    lang: str | None = None
    about: str | None = None
    general: bool = False
    outside: bool = False
    distress: bool = False
    caution: SafetyHit | None = None
    date: dt.date | None = None
    """The day the text names, read only while the person is asked for a date."""


@dataclass(frozen=True, slots=True)
class Typed:
    """Free text the person typed, already understood; `text` itself goes no further than
    an open ticket (it is relayed to the staff team, never kept)."""

    understanding: Understanding
    text: str = ""


@dataclass(frozen=True, slots=True)
class StaffReply:
    """A member of the staff team answered the person's open ticket with `text`."""

    text: str


@dataclass(frozen=True, slots=True)
class StaffClose:
    """A member of the staff team (Telegram user id `by`) closed the person's ticket."""

    by: int


class DueKind(enum.Enum):
    """Kinds of time-based work."""

    TICKET_QUIET = "ticket_quiet"
    """An open ticket may have been quiet for its whole quiet time."""
    PLAN = "plan"
    """A reminder or check-in of the person's (its number is the `Due`'s id) may be due."""


@dataclass(frozen=True, slots=True)
class Due:
    """Time-based work for the person, woken by the scheduler: `kind` about item `id` (a
    ticket's number, or the person's own number for one of their plans).

    For a ticket, `quiet` is how long it must have been quiet to close by itself; the engine
    checks that against the person's state, so a message that arrived meanwhile keeps it open.
    """

    kind: DueKind
    id: int
    quiet: dt.timedelta = dt.timedelta(0)


Event = Start | Press | Command | Typed | StaffReply | StaffClose | Due
