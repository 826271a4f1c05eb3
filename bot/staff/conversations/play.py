"""Play a conversation script against the engine, step by step, as one person would (pure).

Each step acts on what the bot showed last: a tap needs a button on the last screen, and
`expect` checks the bot's answer to the step before it. A script stops at its first miss.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, replace

from bot.content.library import Library
from bot.core import callback
from bot.core.engine import step as engine_step
from bot.core.events import ChooseLanguage, ChooseOption, Command, Event, Press, Start, Typed
from bot.core.replies import Button, Transition
from bot.core.screens import way_in_question
from bot.core.state import Frame, State
from bot.staff.conversations.change import change_problem, changed
from bot.staff.conversations.expect import Moment, miss
from bot.staff.conversations.said import label_key, quoted, transcript
from bot.staff.conversations.script import (
    COMMANDS,
    ContentChange,
    Expect,
    Failure,
    Script,
    Step,
    Tap,
    first_word,
)
from bot.understand.interpret import Understander
from bot.understand.readers import understander

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
"""The time every script runs at, so a script gives the same result every day."""


def play(library: Library, script: Script) -> tuple[Failure, ...]:
    """Play `script` against the engine on `library`'s content; every miss of the first
    step that misses (none when the script passes)."""
    player = _Player(library, script)
    failures = player.begin()
    for item in script.steps:
        if failures:
            break
        failures = player.do(item)
    return failures


@dataclass(frozen=True, slots=True)
class _Shown:
    """A button on screen, with what a real tap on it carries."""

    button: Button
    at: Frame | None
    version: str


class _Player:
    """One person's conversation with the engine, step by step."""

    def __init__(self, library: Library, script: Script) -> None:
        self.library = library
        self.script = script
        self.content = replace(library.content, handoff=script.staff_chat)
        self.understander: Understander | None = None
        self.state = State()
        self.last: Transition | None = None
        self.shown: tuple[_Shown, ...] = ()

    def failure(self, line: int, message: str, context: bool = True) -> Failure:
        """A miss at `line`; with `context`, followed by what the bot said last."""
        said = transcript(self.last, self.state) if context else ""
        return Failure(self.script.path, line, message, said)

    def begin(self) -> tuple[Failure, ...]:
        """With a `role:`, bring the person to the main menu as they would get there: /start,
        a tap on their language, a tap on their answer to the welcome question."""
        role = self.script.role
        if role is None:
            return ()
        entry = way_in_question(self.content)
        values = [str(o.value) for o in entry.options if o.value] if entry else []
        if entry is None or role not in values:
            known = ", ".join(values) or "none: the menu flow asks no question"
            message = f"role '{role}' is not an answer to the welcome question; use one of: {known}"
            return (self.failure(self.script.role_line, message, context=False),)
        answer = next(i for i, option in enumerate(entry.options) if option.value == role)
        self.send(Start(lang_hint=self.script.lang))
        for action in (ChooseLanguage(self.script.lang), ChooseOption(answer)):
            shown = next((s for s in self.shown if s.button.action == action), None)
            if shown is None:
                message = f"the welcome screens did not offer the way in as '{role}'"
                return (self.failure(self.script.role_line, message),)
            self.tap(shown)
        return ()

    def do(self, item: Step) -> tuple[Failure, ...]:
        """Carry out one step; its misses, if any."""
        if isinstance(item, Expect):
            return self.expect(item)
        if isinstance(item, ContentChange):
            return self.change(item)
        if isinstance(item, Tap):
            found = self.find(item)
            if isinstance(found, str):
                return (self.failure(item.line, found),)
            self.tap(found)
            return ()
        command = first_word(item.text)
        if command in COMMANDS:
            nav = COMMANDS[command]
            self.send(Command(nav) if nav else Start(lang_hint=self.script.lang))
        else:
            understood = self.read().read(self.state, item.text).understanding
            self.send(Typed(understood))
        return ()

    def read(self) -> Understander:
        """How typed text is understood on the current content."""
        if self.content.flows is self.library.content.flows:
            return understander(self.library)
        if self.understander is None:  # built once, only when text is typed after a change
            self.understander = Understander(replace(self.library, content=self.content))
        return self.understander

    def send(self, event: Event) -> None:
        self.last = engine_step(self.content, self.state, event, NOW)
        self.state = self.last.state
        buttons = tuple(
            _Shown(button, reply.at, self.content.version)
            for reply in self.last.replies
            for row in reply.buttons
            for button in row
        )
        if buttons:
            self.shown = buttons

    def tap(self, shown: _Shown) -> None:
        """Press a button as Telegram sends it: through the versioned callback code."""
        code = callback.encode(shown.version, shown.at, shown.button.action)
        decoded = callback.decode(code)
        assert decoded is not None, f"button code {code!r} does not decode"
        version, at, action = decoded
        self.send(Press(action, at, version))

    def labels(self) -> tuple[str, ...]:
        """The labels of the buttons on screen."""
        return tuple(s.button.label for s in self.shown)

    def find(self, tap: Tap) -> _Shown | str:
        """The button labelled as the script says, or why there is none."""
        labels = self.labels()
        if not labels:
            return f"no button labelled '{tap.label}': the bot has shown no buttons yet"
        exact = [s for s in self.shown if s.button.label.strip() == tap.label.strip()]
        loose = [s for s in self.shown if label_key(s.button.label) == label_key(tap.label)]
        chosen = exact or loose
        if len(chosen) == 1:
            return chosen[0]
        if chosen:
            return f"several buttons match '{tap.label}'; write the label exactly: {quoted(labels)}"
        close = difflib.get_close_matches(tap.label, labels, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"no button labelled '{tap.label}' on screen; buttons shown: {quoted(labels)}{hint}"

    def expect(self, item: Expect) -> tuple[Failure, ...]:
        """Each check of `item` that does not hold; the last one shows what the bot said."""
        now = Moment(self.content, self.state, self.last, self.labels())
        misses = [(check.line, message) for check in item.checks if (message := miss(check, now))]
        return tuple(
            self.failure(line, message, context=n == len(misses) - 1)
            for n, (line, message) in enumerate(misses)
        )

    def change(self, item: ContentChange) -> tuple[Failure, ...]:
        """Swap in the changed content, as /reload would; the person's state stays as saved."""
        rename = dict(item.rename)
        problem = change_problem(self.content, rename, item.remove)
        if problem:
            return (self.failure(item.line, problem, context=False),)
        self.content = changed(self.content, rename, item.remove)
        return ()
