"""The terminal chat: the same runner and store, buttons shown as numbers (does I/O)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from bot.core import callback
from bot.core.events import ChooseLanguage, Command, Event, Nav, Press, Start
from bot.core.replies import Button, Reply, Transition
from bot.privacy import privacy_text
from bot.runner import Runner, TypedText

COMMANDS = {
    "/back": Nav.BACK,
    "/menu": Nav.MENU,
    "/restart": Nav.RESTART,
    "/lang": Nav.LANGUAGE,
    "/language": Nav.LANGUAGE,
}
KEYS = "1 2 3 … = buttons · /quit"
"""How the terminal differs from Telegram, said without words so it needs no translation."""


class Console:
    """One person's chat in the terminal."""

    def __init__(self, runner: Runner, person: str, out: TextIO = sys.stdout) -> None:
        self.runner = runner
        self.person = person
        self.out = out
        self.buttons: list[tuple[Button, Reply]] = []
        self.confirming_delete = False
        self.lang: str | None = None

    def __repr__(self) -> str:
        return f"Console(person={self.person!r})"

    async def show(self, transition: Transition) -> None:
        """Print the replies; remember the numbered buttons of the last reply that has any."""
        numbered: list[tuple[Button, Reply]] = []
        for reply in transition.replies:
            if reply.title:
                print(f"\n== {reply.title} ==", file=self.out)
            else:
                print(file=self.out)
            print(reply.text, file=self.out)
            buttons = [(b, reply) for row in reply.buttons for b in row]
            if buttons:
                numbered = buttons
        for number, (button, _) in enumerate(numbered, start=1):
            print(f"  {number}) {button.label}", file=self.out)
        if numbered:
            self.buttons = numbered
        self.out.flush()

    async def send(self, event: Event | TypedText) -> None:
        """Run one event and print what the bot answers."""
        await self.runner.handle(self.person, event, self.show)

    def _event(self, line: str) -> Event | TypedText | None:
        text = line.strip()
        if not text:
            return None
        if text.lower() in COMMANDS:
            return Command(COMMANDS[text.lower()])
        if text.lower() == "/start":
            return Start()
        if text.isdecimal() and text.isascii() and self.buttons:
            number = int(text)
            if 1 <= number <= len(self.buttons):
                button, reply = self.buttons[number - 1]
                version = self.runner.holder.library.content.version
                # The same round trip as a Telegram button, so stale presses behave alike.
                decoded = callback.decode(callback.encode(version, reply.at, button.action))
                if decoded is not None:
                    return Press(decoded[2], decoded[1], version)
        return TypedText(text)

    async def language(self) -> str:
        """The language the person chose (remembered for this session after /delete)."""
        state = await self.runner.store.load(self.person)
        self.lang = (state.lang if state else None) or self.lang
        return self.lang or self.runner.holder.library.content.default_language

    async def say(self, key: str) -> None:
        """Print one of the bot's own strings in the person's language."""
        content = self.runner.holder.library.content
        print(f"\n{content.ui_text(key, await self.language())}", file=self.out)

    async def command(self, word: str) -> bool:
        """/help, /privacy and /delete as Telegram answers them; False for other input."""
        content = self.runner.holder.library.content
        if word == "/help":
            await self.say("help")
            print(KEYS, file=self.out)
        elif word == "/privacy":
            record = await self.runner.store.describe(self.person)
            print(f"\n{privacy_text(content, record, await self.language())}", file=self.out)
        elif word == "/delete":
            lang = await self.language()
            await self.say("delete_confirm")
            print(f"  1) {content.ui_text('delete_yes', lang)}", file=self.out)
            print(f"  2) {content.ui_text('delete_no', lang)}", file=self.out)
            self.confirming_delete = True
        else:
            return False
        return True

    async def confirm_delete(self, answer: str) -> None:
        """The answer to /delete: 1 erases everything kept, anything else keeps it."""
        self.confirming_delete = False
        lang = await self.language()  # before the record, and the choice in it, is gone
        if answer.strip() == "1":
            key = "deleted"
            await self.runner.forget(self.person)
        else:
            key = "delete_cancelled"
        content = self.runner.holder.library.content
        print(f"\n{content.ui_text(key, lang)}", file=self.out)

    async def run(self, lines: Iterable[str], lang: str | None = None) -> None:
        """Start (or continue) the conversation, then handle each line until the end."""
        state = await self.runner.store.load(self.person)
        if lang and state is not None and state.lang not in (None, lang):
            # --lang asked for another language than the one chosen last time: switch, and
            # show where the person was in it.
            await self.send(Press(ChooseLanguage(lang), None, ""))
        else:
            await self.send(Start(lang_hint=lang))
            if lang and (state is None or state.lang is None):
                await self.send(Press(ChooseLanguage(lang), None, ""))
        for line in lines:
            word = line.strip().lower()
            if word in ("/quit", "/exit"):
                break
            if self.confirming_delete:
                await self.confirm_delete(line)
                continue
            if await self.command(word):
                continue
            event = self._event(line)
            if event is not None:
                print(f"\n> {line.strip()}", file=self.out)
                await self.send(event)
