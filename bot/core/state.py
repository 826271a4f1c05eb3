"""One person's place in the conversation: a stack of frames, answers, language, and the
reminders and check-ins they asked for (pure)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Frame:
    """A position: a node in a flow."""

    flow: str
    node: str

    def __str__(self) -> str:
        return f"{self.flow}.{self.node}"

    @staticmethod
    def parse(page: str) -> Frame:
        """A page as staff write it, "flow.node"."""
        flow, _, node = page.partition(".")
        return Frame(flow, node)


class Ticket(enum.Enum):
    """Where the person is with a conversation with the staff team."""

    NONE = ""
    ASKING = "asking"
    """They asked for a person; their next message opens the ticket."""
    OPEN = "open"
    """A ticket is open: what they type goes to the team and the bot stays quiet."""


class PlanKind(enum.Enum):
    """What a plan brings: a reminder of an appointment, or a regular check-in."""

    APPOINTMENT = "appointment"
    CHECKIN = "checkin"


@dataclass(frozen=True, slots=True)
class Plan:
    """A reminder or check-in the person asked for; `id` is theirs alone (1, 2, ...).

    `due` is when it goes out next (already out of quiet time). An appointment reminder
    remembers the appointment's `day`; a check-in comes every `every` days and starts at
    `start`.
    """

    id: int
    kind: PlanKind
    due: dt.datetime
    day: dt.date | None = None
    every: int = 0
    start: Frame | None = None
    paused: bool = False

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form for the store."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "due": self.due.isoformat(),
            "day": self.day.isoformat() if self.day else None,
            "every": self.every,
            "start": [self.start.flow, self.start.node] if self.start else None,
            "paused": self.paused,
        }

    @staticmethod
    def from_dict(raw: object) -> Plan | None:
        """A plan written by `to_dict`, or None when it cannot be read."""
        if not isinstance(raw, dict) or raw.get("kind") not in {k.value for k in PlanKind}:
            return None
        due = _moment(raw.get("due"))
        ident = raw.get("id")
        if due is None or not isinstance(ident, int):
            return None
        start = raw.get("start")
        every = raw.get("every")
        return Plan(
            id=ident,
            kind=PlanKind(raw["kind"]),
            due=due,
            day=_day(raw.get("day")),
            every=every if isinstance(every, int) else 0,
            start=Frame(str(start[0]), str(start[1]))
            if isinstance(start, list) and len(start) == 2
            else None,
            paused=raw.get("paused") is True,
        )


@dataclass(frozen=True, slots=True)
class State:
    """Everything the engine remembers about one person between two events.

    `stack` holds the path for Back (the last frame is where the person is); `offers`
    are the places offered as buttons after typed text or a welcome back; `version` is
    the content version the stack was built against.
    """

    lang: str | None = None
    stack: tuple[Frame, ...] = ()
    answers: tuple[tuple[str, str], ...] = ()
    version: str = ""
    offers: tuple[Frame, ...] = ()
    ticket: Ticket = Ticket.NONE
    ticket_at: dt.datetime | None = None
    """The last message in the open ticket, either way (its quiet time runs from here)."""
    asked: tuple[str, ...] = ()
    """Questions already put to the person outside their flow (the way-in `role`)."""
    plans: tuple[Plan, ...] = ()
    """Their appointment reminders and check-ins."""
    planned: int = 0
    """How many plans they have ever made: the next one is numbered one more."""
    draft: dt.date | None = None
    """An appointment day they chose, waiting for them to confirm the reminder."""
    alert: tuple[str, ...] = ()
    """The safety alert just given, as (kind, rule): a short question typed next ("what do I
    do now?") hears it again. Any other event clears it."""

    @property
    def chosen_lang(self) -> str | None:
        """The language the person chose, or None before the choice (no place yet: the
        language ticked on the welcome is only the default)."""
        return self.lang if self.stack else None

    @property
    def here(self) -> Frame | None:
        """Where the person is now, or None before they have started."""
        return self.stack[-1] if self.stack else None

    @property
    def answer_map(self) -> Mapping[str, str]:
        """Stored answers as a mapping."""
        return dict(self.answers)

    def with_answer(self, key: str, value: str) -> State:
        """This state with answer `key` set to `value`."""
        kept = tuple((k, v) for k, v in self.answers if k != key)
        return replace(self, answers=(*kept, (key, value)))

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form for the store."""
        return {
            "lang": self.lang,
            "stack": [[f.flow, f.node] for f in self.stack],
            "answers": dict(self.answers),
            "version": self.version,
            "offers": [[f.flow, f.node] for f in self.offers],
            "ticket": self.ticket.value,
            "ticket_at": self.ticket_at.isoformat() if self.ticket_at else None,
            "asked": list(self.asked),
            "plans": [plan.to_dict() for plan in self.plans],
            "planned": self.planned,
            "draft": self.draft.isoformat() if self.draft else None,
            "alert": list(self.alert),
        }

    @staticmethod
    def from_dict(data: Mapping[str, object]) -> State:
        """Rebuild a state written by `to_dict`; unknown or malformed parts are dropped."""

        def frames(raw: object) -> tuple[Frame, ...]:
            if not isinstance(raw, list):
                return ()
            return tuple(
                Frame(str(item[0]), str(item[1]))
                for item in raw
                if isinstance(item, list) and len(item) == 2
            )

        answers = data.get("answers")
        lang = data.get("lang")
        asked = data.get("asked")
        ticket = data.get("ticket")
        plans = data.get("plans")
        planned = data.get("planned")
        alert = data.get("alert")
        return State(
            lang=lang if isinstance(lang, str) else None,
            stack=frames(data.get("stack")),
            answers=tuple((str(k), str(v)) for k, v in answers.items())
            if isinstance(answers, dict)
            else (),
            version=str(data.get("version") or ""),
            offers=frames(data.get("offers")),
            ticket=Ticket(ticket) if ticket in {t.value for t in Ticket} else Ticket.NONE,
            ticket_at=_moment(data.get("ticket_at")),
            asked=tuple(str(key) for key in asked) if isinstance(asked, list) else (),
            plans=tuple(p for raw in plans if (p := Plan.from_dict(raw)))
            if isinstance(plans, list)
            else (),
            planned=planned if isinstance(planned, int) else 0,
            draft=_day(data.get("draft")),
            alert=tuple(str(part) for part in alert)
            if isinstance(alert, list) and len(alert) == 2
            else (),
        )

    def plan(self, ident: int) -> Plan | None:
        """The person's plan numbered `ident`, if they have it."""
        return next((p for p in self.plans if p.id == ident), None)

    def with_plan(self, plan: Plan) -> State:
        """This state with `plan` added, or put in place of the plan with its number."""
        kept = tuple(p for p in self.plans if p.id != plan.id)
        return replace(self, plans=tuple(sorted((*kept, plan), key=lambda p: p.id)))

    def without_plan(self, ident: int) -> State:
        """This state without plan `ident`."""
        return replace(self, plans=tuple(p for p in self.plans if p.id != ident))


def _moment(raw: object) -> dt.datetime | None:
    """A time written by `to_dict`, or None when absent or unreadable."""
    if not isinstance(raw, str):
        return None
    try:
        return dt.datetime.fromisoformat(raw)
    except ValueError:
        return None


def _day(raw: object) -> dt.date | None:
    """A day written by `to_dict`, or None when absent or unreadable."""
    if not isinstance(raw, str):
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None
