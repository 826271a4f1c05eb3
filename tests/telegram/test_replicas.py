"""Replicas on webhooks share PostgreSQL: one is killed while 200 people use the bot; staff
answer tickets through whichever replica gets their message."""

from __future__ import annotations

import asyncio
import itertools
import random
from pathlib import Path

from tests.fake_bot_api import FakeBotApi
from tests.telegram.replicas import Person, Replicas, go, lost_places

PEOPLE = 200
ROUNDS = 4
TOPIC, MENU = "🔬 Diagnosis and tests", "🏠 Main menu"


async def journey(person: Person) -> None:
    """Start, choose English and the patient's role, go back and forth between the menu and
    a topic, type a question, tap twice at once; each step waits for the bot's answer."""
    await person.send("/start")
    for label in ("✓ English", "I'm the patient"):
        await go(person, label)
    for round_number in range(ROUNDS):
        await go(person, TOPIC if round_number % 2 == 0 else MENU)
    await person.send("what happens at a biopsy?")
    if not person.has(MENU):  # the answer was lost: the main menu has the topic instead
        await person.send("/menu")
    await person.double_tap(MENU if person.has(MENU) else TOPIC)
    await go(person, TOPIC)


async def test_a_killed_replica_loses_no_place_and_doubles_no_answer(
    postgres_url: str, tmp_path: Path
) -> None:
    api = FakeBotApi()
    await api.start()
    replicas = Replicas(api, postgres_url, tmp_path, count=3)
    try:
        await replicas.start()
        people = [Person(api, user) for user in range(1001, 1001 + PEOPLE)]
        walking = [asyncio.create_task(journey(person)) for person in people]
        await asyncio.sleep(random.uniform(2.0, 4.0))  # in the middle of the journeys
        replicas.kill(1)
        await replicas.restart(1)
        await asyncio.gather(*walking)

        # Every person continues from the last place they were shown.
        lost = await lost_places(api, people)
        assert lost == [], f"{len(lost)} people lost their place: {lost[:10]}"

        # No answer is doubled: nobody got the same message twice in a row (an update
        # processed twice sends its message twice; edits made twice change nothing one sees),
        # except main menus: Main menu sends a new one, and the screens between are edits.
        doubled = {p.user: _repeats(api, p.user) for p in people if _repeats(api, p.user)}
        assert doubled == {}, doubled
        await api.wait_idle(quiet=0.5, timeout=30)
        assert api.unanswered_callback_queries() == []
        # The only rule broken: a tap delivered again after its replica died may be answered
        # a second time (the dead replica may or may not have answered it); Telegram refuses
        # that answer harmlessly.
        broken = [str(v) for v in api.violations if "already answered" not in str(v)]
        assert broken == []
        assert sum(replicas.proxy.forwarded.values()) > 0 if replicas.proxy else False
        assert all(n > 0 for n in replicas.proxy.forwarded.values()) if replicas.proxy else False
    finally:
        codes = await replicas.stop()
        await api.stop()
    assert codes == [0, 0, 0], [replicas.log(i) for i in range(3)]


def _repeats(api: FakeBotApi, user: int) -> list[str]:
    """Messages sent to the person twice in a row (as sent, before any edit), but for main
    menus (each Main menu tap sends one; the screens between them edit it)."""
    sent = [
        (str(r.params.get("text")), str(r.params.get("reply_markup")))
        for r in api.requests
        if r.method == "sendMessage" and r.chat_id == user and r.ok
    ]
    return [
        now[0][:60]
        for before, now in itertools.pairwise(sent)
        if before == now and not now[0].startswith("<b>Main menu</b>")
    ]
