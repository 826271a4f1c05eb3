"""What a conversation script says once read: its steps and checks, and each miss (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bot.core.events import Nav
from bot.core.state import Frame

COMMANDS: Mapping[str, Nav | None] = MappingProxyType(
    {
        "/start": None,
        "/back": Nav.BACK,
        "/menu": Nav.MENU,
        "/restart": Nav.RESTART,
        "/language": Nav.LANGUAGE,
    }
)
"""Commands a script can type; /start is the Start event, the others navigate."""


def first_word(text: str) -> str:
    """The first word of `text`, lower case ("" when blank): a command when it starts with /."""
    words = text.split()
    return words[0].lower() if words else ""


@dataclass(frozen=True, slots=True)
class Failure:
    """One miss, printed as ``path:line: message``, then what the bot said, indented."""

    path: str
    line: int
    message: str
    context: str = ""

    def __str__(self) -> str:
        head = f"{self.path}:{self.line}: {self.message}"
        return f"{head}\n{self.context}" if self.context else head


@dataclass(frozen=True, slots=True)
class Say:
    """The person types `text`: a command when it starts with "/", else a message."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Tap:
    """The person taps the button labelled `label` on the last screen."""

    label: str
    line: int


@dataclass(frozen=True, slots=True)
class Check:
    """One expectation: `key` (e.g. "node") should be `value`; `answer` names the stored
    answer an ``answers`` check reads."""

    key: str
    value: str
    line: int
    answer: str = ""


@dataclass(frozen=True, slots=True)
class Expect:
    """Checks on the bot's last answer and where the person is now."""

    checks: tuple[Check, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ContentChange:
    """Staff publish new content mid-conversation: nodes renamed (the old id kept as an
    alias, as staff would write it) or removed."""

    rename: tuple[tuple[Frame, str], ...]
    remove: tuple[Frame, ...]
    line: int


Step = Say | Tap | Expect | ContentChange


@dataclass(frozen=True, slots=True)
class Script:
    """One parsed conversation script."""

    path: str
    about: str
    lang: str
    steps: tuple[Step, ...]
    role: str | None = None
    role_line: int = 1
    staff_chat: bool = False
