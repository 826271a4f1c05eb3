"""A simulated month of traffic, driven through the real runner, engine, understanding and
SQLite store, so the staff report reads data made the way the bot makes it (does I/O: writes
a database).

Many people in four languages and both roles (and a few who never say) open journeys, go
some pages deep or leave at the introduction, type questions that are understood, half
understood (a menu of guesses) or not at all, and now and then something alarming. Each
event runs at its own fixed time. The same seed gives the same month, and `Expected` says
what was done, counted by the simulation itself, for the tests to compare with the report.

    python -m tests.staff.month_of_traffic data/month.sqlite3
    DATABASE_URL=sqlite:///data/month.sqlite3 python bot.py stats --until 2026-11-30
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.content.holder import ContentHolder
from bot.content.library import REPOSITORY, Library, load
from bot.core.events import ChooseLanguage, ChooseOption, Command, Nav, Press, Start
from bot.core.model import MENU_FLOW
from bot.core.replies import RecordAlert, RecordMiss, Transition
from bot.core.state import Frame
from bot.runner import Incoming, Runner, TypedText
from bot.staff.usage import DEEPEST, OPENED, TOPIC, journeys
from bot.store.sqlite import SqliteStore
from bot.understand.readers import interpret

FIRST_DAY = dt.date(2026, 11, 1)
DAYS = 30
LAST_DAY = FIRST_DAY + dt.timedelta(days=DAYS - 1)
PEOPLE = 160
SEED = 20261101
LANGUAGES = {"he": 45, "ar": 20, "ru": 20, "en": 15}
ROLES = {"patient": 60, "family": 40}
NEVER_SAY = 0.06
"""The share of people who choose a language and leave before saying who they are."""
DEPTHS = {1: 25, 2: 35, 3: 20, 4: 12, 5: 8}
"""How many pages along a visit to a journey goes (1: leaves at its introduction)."""
STEP_SECONDS = 25
PERSON_BASE = 7_340_000

UNDERSTOOD = {
    "he": "מה זה ביופסיה",
    "ar": "ما هي الخزعة",
    "ru": "что такое биопсия",
    "en": "what is a biopsy",
}
UNDERSTOOD_PAGE = Frame("diagnosis", "biopsy")
HALF = {"he": "אוכל", "ar": "الطعام", "ru": "еда", "en": "food"}
HALF_GUESS = {
    "he": Frame("treatment", "eating"),
    "ar": Frame("integrative", "nutrition"),
    "ru": Frame("treatment", "eating"),
    "en": Frame("treatment", "eating"),
}
UNPLACED = {
    "he": "שמי יוסי, הכלב שלי משתעל, מה לתת לו? 052-7654321",
    "ar": "اسمي أحمد، كلبي يسعل، ماذا أعطيه؟ 052-7654321",
    "ru": "Меня зовут Ольга, собака кашляет, что ей дать? 052-7654321",
    "en": "Hello, my name is Dana and my phone is 054-1112233, my dog has fleas",
}
SECRETS = ("יוסי", "أحمد", "Ольга", "Dana", "052-7654321", "7654321", "054-1112233", "1112233")
"""What a simulated person typed that must never reach a report."""
ALERTS = {
    "fever_high": {"he": "יש לי חום 39", "ar": "عندي حرارة 39", "ru": "у меня температура 39"},
    "suicide": {"en": "I want to die", "he": "אני רוצה למות"},
}


@dataclass
class Expected:
    """What the simulation did, counted by itself."""

    people: list[str] = field(default_factory=list)
    funnels: Counter[tuple[str, str]] = field(default_factory=Counter)
    alerts: Counter[str] = field(default_factory=Counter)
    unplaced: Counter[str] = field(default_factory=Counter)
    unsure: Counter[tuple[str, Frame]] = field(default_factory=Counter)
    active: dict[dt.date, set[str]] = field(default_factory=dict)
    typed: set[str] = field(default_factory=set)

    def visit(self, flow: str, pages: int, topic: bool) -> None:
        """Count one visit to `flow` that went `pages` along its path."""
        self.funnels[(flow, OPENED)] += 1
        if topic:
            self.funnels[(flow, TOPIC)] += 1
        for n in range(2, min(pages, DEEPEST) + 1):
            self.funnels[(flow, f"pages:{n}")] += 1


class Clock:
    """The time of the event being run: set before each event."""

    def __init__(self) -> None:
        self.now = dt.datetime.combine(FIRST_DAY, dt.time(), dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


class Person:
    """One simulated person: who they are, and how they move through the bot."""

    def __init__(self, number: int, rng: random.Random) -> None:
        self.id = f"tg:{PERSON_BASE + number}"
        self.lang = _pick(rng, LANGUAGES)
        self.role = None if rng.random() < NEVER_SAY else _pick(rng, ROLES)
        self.here: Frame | None = None
        self.started = False


class Month:
    """Runs the sessions of every person, one event at a time, each at its own time."""

    def __init__(self, runner: Runner, rng: random.Random) -> None:
        self.runner = runner
        self.rng = rng
        self.clock = runner.clock if isinstance(runner.clock, Clock) else Clock()
        self.expected = Expected()
        self.content = runner.holder.library.content

    async def send(self, person: Person, incoming: Incoming) -> Transition:
        """Run one event for `person` at the next step of the clock."""
        self.clock.now += dt.timedelta(seconds=STEP_SECONDS)
        transition = await self.runner.handle(person.id, incoming)
        person.here = transition.state.here
        self.expected.active.setdefault(self.clock.now.date(), set()).add(person.id)
        if isinstance(incoming, TypedText):
            self.expected.typed.add(incoming.text)
        return transition

    async def press(self, person: Person, index: int) -> Transition:
        """Tap option `index` on the screen where the person is."""
        version = self.content.version
        return await self.send(person, Press(ChooseOption(index), person.here, version))

    async def session(self, person: Person, start: dt.datetime) -> None:
        """One sitting: arrive, then a journey or two, maybe typing, then leave."""
        self.clock.now = start
        if not person.started:
            person.started = True
            await self.send(person, Start(person.lang))
            await self.send(person, Press(ChooseLanguage(person.lang), None, ""))
            if person.role is None:
                return
            await self.press(person, self._role_index(person.role))
        else:
            await self.send(person, Start())
            await self.send(person, Command(Nav.MENU))
        for _ in range(1 + (self.rng.random() < 0.3)):
            await self.maybe_type(person)
            await self.journey(person)
            if self.rng.random() < 0.4:
                return  # leaves where they are
            await self.send(person, Command(Nav.MENU))

    async def journey(self, person: Person) -> None:
        """From the main menu: open a journey and go some pages along it."""
        main = self.content.flows[MENU_FLOW].nodes["main"]
        choices = [
            i
            for i, option in enumerate(main.options)
            if option.target and option.target.flow in journeys(self.content)
        ]
        index = self.rng.choice(choices)
        flow = str(main.options[index].target.flow if main.options[index].target else "")
        await self.press(person, index)
        pages = 1
        wanted = _pick(self.rng, {str(k): v for k, v in DEPTHS.items()})
        visited: list[Frame] = [person.here] if person.here else []
        while pages < int(wanted):
            node = self.content.node(flow, person.here.node) if person.here else None
            onward = [
                i
                for i, o in enumerate(node.options if node else ())
                if o.target
                and o.target.flow == flow
                and o.when is None
                and Frame(flow, o.target.node or "") not in visited
            ]
            if not onward:
                break
            transition = await self.press(person, self.rng.choice(onward))
            here = transition.state.here
            assert here is not None and here.flow == flow and here not in visited, here
            visited.append(here)
            pages += 1
        self.expected.visit(flow, pages, pages > 1)

    async def maybe_type(self, person: Person) -> None:
        """Sometimes type something at the main menu, and check the bot took it as planned."""
        roll = self.rng.random()
        lang = person.lang
        if roll < 0.10:
            transition = await self.send(person, TypedText(UNDERSTOOD[lang]))
            _check(transition.state.here == UNDERSTOOD_PAGE, UNDERSTOOD[lang], "its page")
            self.expected.visit(UNDERSTOOD_PAGE.flow, 1, True)
            await self.send(person, Command(Nav.MENU))
        elif roll < 0.20:
            transition = await self.send(person, TypedText(HALF[lang]))
            offers = transition.state.offers
            guess = HALF_GUESS[lang]
            _check(bool(offers) and offers[0] == guess, HALF[lang], "a menu of guesses")
            self.expected.unsure[(lang, guess)] += 1
        elif roll < 0.26:
            transition = await self.send(person, TypedText(UNPLACED[lang]))
            missed = any(isinstance(e, RecordMiss) for e in transition.effects)
            _check(missed, UNPLACED[lang], "kept as unplaced")
            self.expected.unplaced[lang] += 1
        elif roll < 0.30:
            rule = next((r for r, texts in ALERTS.items() if lang in texts), None)
            if rule is not None:
                transition = await self.send(person, TypedText(ALERTS[rule][lang]))
                fired = [e.rule_id for e in transition.effects if isinstance(e, RecordAlert)]
                _check(fired == [rule], ALERTS[rule][lang], f"the {rule} alert")
                self.expected.alerts[rule] += 1

    def _role_index(self, role: str) -> int:
        welcome = self.content.flows[MENU_FLOW]
        options = welcome.nodes[welcome.start].options
        return next(i for i, o in enumerate(options) if o.value == role)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _check(holds: bool, text: str, wanted: str) -> None:
    if not holds:
        raise AssertionError(
            f"tests/staff/month_of_traffic.py: {text!r} was expected to give {wanted};"
            " the content or the understanding changed: pick another message"
        )


async def simulate(
    path: Path, library: Library, *, seed: int = SEED, people: int = PEOPLE
) -> Expected:
    """Fill the database at `path` with a month of traffic; what was done, counted."""
    rng = random.Random(seed)
    clock = Clock()
    holder = ContentHolder(library, REPOSITORY, "he")
    store = await SqliteStore.open(path)
    month = Month(Runner(holder, store, interpret, clock), rng)
    crowd = [Person(n, rng) for n in range(people)]
    sessions: list[tuple[dt.datetime, int]] = []
    for number in range(people):
        first = rng.randrange(DAYS)
        days = sorted({first, *(rng.randrange(first, DAYS) for _ in range(rng.randrange(4)))})
        for day in days:
            moment = dt.time(rng.randrange(7, 22), rng.randrange(60))  # ends before midnight
            date = FIRST_DAY + dt.timedelta(days=day)
            sessions.append((dt.datetime.combine(date, moment, dt.UTC), number))
    try:
        for start, number in sorted(sessions):
            await month.session(crowd[number], start)
    finally:
        await store.close()
    month.expected.people = [p.id for p in crowd]
    return month.expected


def main(argv: list[str]) -> int:
    """Write a month of traffic to the database named on the command line."""
    if len(argv) != 1:
        print("usage: python -m tests.staff.month_of_traffic PATH.sqlite3", file=sys.stderr)
        return 2
    path = Path(argv[0])
    if path.exists():
        print(f"{path} exists: give a new path, the month is written to an empty database")
        return 2
    loaded = load(REPOSITORY)
    if loaded.library is None:
        print("\n".join(map(str, loaded.problems)), file=sys.stderr)
        return 1
    expected = asyncio.run(simulate(path, loaded.library))
    visits = sum(n for (_, step), n in expected.funnels.items() if step == OPENED)
    people = len(expected.people)
    print(f"{path}: {people} people, {visits} journey visits, {FIRST_DAY} to {LAST_DAY}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
