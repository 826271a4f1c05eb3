"""Four people's known paths through the small content, driven through the real runner,
engine and SQLite store, so the diagram's counts can be checked by hand (does I/O: writes
a database).

Forty days before `NOW` (outside the window): one person reads the diagnosis introduction
and its details, and never comes back; a family member opens the introduction. On `NOW`'s
day (in the window): a patient reads the introduction, then its details, and stops; a
second patient stops at the introduction; the family member comes back, goes from the
main menu to the introduction and on to the page only families see, then back to the menu.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.content.holder import ContentHolder
from bot.content.library import Library
from bot.core.events import ChooseLanguage, ChooseOption, Command, Nav, Press, Start
from bot.core.state import Frame
from bot.runner import Incoming, Runner
from bot.staff import graph_counts
from bot.staff.report_data import Window
from bot.store.sqlite import SqliteStore
from bot.understand.readers import interpret

NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
OLD = NOW - dt.timedelta(days=40)
WINDOW = Window.ending(NOW.date(), 30)
INTRO, DETAILS, DEEPER = (Frame("diagnosis", n) for n in ("intro", "details", "deeper"))
MAIN = Frame("menu", "main")


class Visitor:
    """One person tapping buttons by their English labels, at the runner's clock."""

    def __init__(self, runner: Runner, person: str) -> None:
        self.runner = runner
        self.person = person
        self.here: Frame | None = None

    async def send(self, incoming: Incoming) -> None:
        transition = await self.runner.handle(self.person, incoming)
        self.here = transition.state.here

    async def tap(self, label: str) -> None:
        """Tap the option labelled `label` (in English) on the page where the person is."""
        content = self.runner.holder.library.content
        assert self.here is not None
        node = content.node(self.here.flow, self.here.node)
        assert node is not None
        index = next(i for i, o in enumerate(node.options) if o.label.get("en") == label)
        await self.send(Press(ChooseOption(index), self.here, content.version))

    async def arrive(self, role: str) -> None:
        """Start in English and say who they are: they stand on the main menu."""
        await self.send(Start("en"))
        await self.send(Press(ChooseLanguage("en"), None, ""))
        await self.tap(role)
        assert self.here == MAIN, self.here


async def seed(path: Path, library: Library) -> None:
    """Write the four people's paths to a new database at `path`."""
    clock = [OLD]
    store = await SqliteStore.open(path)
    runner = Runner(ContentHolder(library, path.parent, "he"), store, interpret, lambda: clock[0])
    try:
        old, family = Visitor(runner, "tg:1004"), Visitor(runner, "tg:1003")
        await old.arrive("Patient en")
        await old.tap("diagnosis en")
        await old.tap("Details en")
        await family.arrive("Family en")
        await family.tap("diagnosis en")
        clock[0] = NOW
        reader, leaver = Visitor(runner, "tg:1001"), Visitor(runner, "tg:1002")
        for visitor in (reader, leaver):
            await visitor.arrive("Patient en")
            await visitor.tap("diagnosis en")
        await reader.tap("Details en")
        await family.send(Start())
        await family.send(Command(Nav.MENU))
        await family.tap("diagnosis en")
        await family.tap("Family only en")
        await family.send(Command(Nav.MENU))
        assert (reader.here, leaver.here, family.here) == (DETAILS, INTRO, MAIN)
    finally:
        await store.close()


async def traffic(path: Path, library: Library) -> graph_counts.Traffic:
    """The four people's paths written to `path`, read back as the diagram's counts."""
    await seed(path, library)
    store = await SqliteStore.open(path)
    try:
        return await graph_counts.collect(store, WINDOW)
    finally:
        await store.close()
