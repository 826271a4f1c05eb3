"""One person's place in the conversation: a stack of frames, answers, language (pure)."""

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
        )


def _moment(raw: object) -> dt.datetime | None:
    """A time written by `to_dict`, or None when absent or unreadable."""
    if not isinstance(raw, str):
        return None
    try:
        return dt.datetime.fromisoformat(raw)
    except ValueError:
        return None
