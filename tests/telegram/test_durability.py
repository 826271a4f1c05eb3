"""50 people in the middle of conversations; the bot process is SIGKILLed five times and
restarted on the same database, SQLite and PostgreSQL: no place, reminder or alert record is
lost or doubled."""

from __future__ import annotations

import asyncio
import random
import signal
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.store.base import ReportStore
from bot.store.opening import open_store
from tests.fake_bot_api import FakeBotApi
from tests.telegram.processes import start_bot
from tests.telegram.replicas import Person, go, lost_places

PEOPLE = 50
KILLS = 5
TOPIC, MENU = "🔬 Diagnosis and tests", "🏠 Main menu"
REMIND, YES = "📅 Remind me of an appointment", "✅ Yes, remind me"
EMERGENCY = "my mother has a fever of 38.5 after chemo"
STEPS = 12
"""Steps of one conversation when nothing goes wrong."""


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgres":
        yield request.getfixturevalue("postgres_url")
    else:
        yield f"sqlite:///{tmp_path / 'bot.sqlite3'}"


def bot_process(api: FakeBotApi, url: str, folder: Path) -> subprocess.Popen[bytes]:
    return start_bot(api, url, folder, log=folder / "bot.log")


async def conversation(person: Person) -> None:
    """Start, move between the menu and a topic, raise an emergency, ask for a reminder."""
    await person.send("/start")
    for label in ("✓ English", "I'm the patient", TOPIC, MENU, TOPIC):
        await go(person, label)
    await person.send(EMERGENCY)
    await person.send("/reminders")
    await go(person, REMIND)
    await person.send("12.3")  # the 12th of March: always ahead within a year
    await go(person, YES)
    await go(person, MENU)


async def killing(
    api: FakeBotApi,
    url: str,
    folder: Path,
    box: list[subprocess.Popen[bytes]],
    people: list[Person],
) -> None:
    """Five SIGKILLs spread over the conversations (after 10%, 25%, ... of their steps, and
    a random moment later), each followed by a restart on the same database."""
    expected = PEOPLE * STEPS
    for share in (0.10, 0.25, 0.40, 0.55, 0.70):
        while sum(len(p.steps) for p in people) < share * expected:
            await asyncio.sleep(0.05)
        await asyncio.sleep(random.uniform(0.0, 0.3))
        box[0].send_signal(signal.SIGKILL)
        box[0].wait(timeout=10)
        box[0] = bot_process(api, url, folder)


async def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    store: ReportStore = await open_store(_settings(url))
    try:
        return await store.fetch(sql)
    finally:
        await store.close()


def _settings(url: str) -> Settings:
    if url.startswith("sqlite:///"):
        return Settings(database_path=Path(url.removeprefix("sqlite:///")))
    return Settings(postgres_url=url)


async def test_five_kills_under_load_lose_and_double_nothing(
    database_url: str, tmp_path: Path
) -> None:
    api = FakeBotApi()
    await api.start()
    box = [bot_process(api, database_url, tmp_path)]
    try:
        await api.wait_for_requests(lambda r: r.method == "getUpdates", since=0, timeout=60)
        people = [Person(api, user, timeout=8.0) for user in range(2001, 2001 + PEOPLE)]
        talking = asyncio.gather(*(conversation(person) for person in people))
        await killing(api, database_url, tmp_path, box, people)
        assert not talking.done(), "the kills came after the conversations"
        await talking

        # Every person continues from the last place they were shown.
        lost = await lost_places(api, people)
        assert lost == [], f"{len(lost)} people lost their place: {lost[:10]}"
        await api.wait_idle(quiet=0.5, timeout=30)
        unanswered = api.unanswered_callback_queries()
        assert unanswered == [], (unanswered, (tmp_path / "bot.log").read_text()[-4000:])
        # The only rule broken: a tap processed before a kill, delivered again after it, may
        # be answered twice (Telegram refuses the second answer harmlessly).
        assert [str(v) for v in api.violations if "already answered" not in str(v)] == []
    finally:
        box[0].send_signal(signal.SIGTERM)
        await asyncio.to_thread(box[0].wait, 30)
        await api.stop()

    # Each emergency was recorded once: every person sent one, and each update is processed
    # exactly once however many times it was delivered.
    assert await rows(database_url, "SELECT COUNT(*) FROM alerts") == [(PEOPLE,)]
    # Nobody has two reminders; everyone who was told "I'll remind you" has one.
    plans = Counter(str(row[0]) for row in await rows(database_url, "SELECT person FROM plans"))
    assert max(plans.values()) == 1
    confirmed = {
        f"tg:{p.user}"
        for p in people
        if any(m.text.startswith("Saved: I'll remind you") for m in api.messages(p.user))
    }
    assert confirmed <= set(plans), sorted(confirmed - set(plans))
