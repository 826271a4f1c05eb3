"""Replicas on webhooks share PostgreSQL: one is killed while 200 people use the bot; staff
answer tickets through whichever replica gets their message."""

from __future__ import annotations

import asyncio
import collections
import random
from pathlib import Path

from tests.fake_bot_api import FakeBotApi
from tests.telegram.replicas import Person, Replicas
from tests.telegram.test_tickets import GROUP, NURSE, TALK

PEOPLE = 200
ROUNDS = 4
TOPIC, MENU = "🔬 Diagnosis and tests", "🏠 Main menu"
EARLIER = "earlier message"


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


async def go(person: Person, label: str) -> None:
    """Tap `label`; when the screen with it never came (its answer was lost with the killed
    replica), ask for the menu first, as a person would."""
    if not person.has(label):
        await person.send("/menu")
    if person.has(label):
        await person.tap(label)


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

        # Every person continues from the last place they were shown: an option on their
        # last screen opens its page, not the "that was an earlier message" note.
        async def next_tap(person: Person) -> str:
            option = next(t for t, d in api.buttons(person.user) if "|o" in d)
            await person.tap(option)
            return api.messages(person.user)[-1].text

        shown = await asyncio.gather(*(next_tap(person) for person in people))
        # One exception: a step whose answer never came (saved, then the process died
        # before it went out: not sent again, so never shown twice) leaves the person a
        # screen behind; their tap on it is met with "here is where you are now".
        lost = [
            p.user
            for p, text in zip(people, shown, strict=True)
            if EARLIER in text and p.steps[-2].touches > 0
        ]
        assert lost == [], f"{len(lost)} people lost their place: {lost[:10]}"

        # No answer is doubled: walking each person's steps, the messages they got never run
        # ahead of what such steps usually bring (a message that comes a little late counts
        # in the next step, so the check is on running totals).
        usual = {
            what: collections.Counter(counts).most_common(1)[0][0]
            for what, counts in _touches_by_step(people).items()
        }
        doubled = [p.user for p in people if _ran_ahead(p, usual)]
        steps = {p.user: [(s.what, s.touches) for s in p.steps] for p in people}
        assert doubled == [], [(user, steps[user]) for user in doubled[:3]]
        unanswered = [p.user for p in people for s in p.steps if s.touches == 0]
        assert len(unanswered) <= 5, f"steps with no answer: {unanswered}"

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


def _touches_by_step(people: list[Person]) -> dict[str, list[int]]:
    """Messages each kind of step brought, over the steps that brought any."""
    found: dict[str, list[int]] = collections.defaultdict(list)
    for person in people:
        for step in person.steps:
            if step.touches > 0:
                found[step.what].append(step.touches)
    return found


def _ran_ahead(person: Person, usual: dict[str, int]) -> bool:
    got = expected = 0
    for step in person.steps:
        got += step.touches
        expected += usual[step.what] if step.touches > 0 else 0
        if got > expected:
            return True
    return False


async def test_a_ticket_opened_on_one_replica_is_answered_and_closed_through_the_others(
    postgres_url: str, tmp_path: Path
) -> None:
    api = FakeBotApi()
    await api.start()
    api.register_group(GROUP)
    replicas = Replicas(api, postgres_url, tmp_path, count=2, env={"STAFF_CHAT_ID": str(GROUP)})
    people = [Person(api, user) for user in range(3001, 3007)]
    try:
        await replicas.start()

        async def ask(person: Person) -> None:
            await person.send("/start")
            for label in ("✓ English", "I'm the patient", TALK):
                await person.tap(label)
            await person.send(f"Question from {person.user}")

        await asyncio.gather(*(ask(person) for person in people))
        posts = {
            person.user: next(
                m.message_id
                for m in api.messages(GROUP)
                if f"Question from {person.user}" in m.text
            )
            for person in people
        }
        for person in people:  # each staff answer reaches whichever replica is next in turn
            api.push_text(
                NURSE,
                f"Answer for {person.user}",
                chat_id=GROUP,
                reply_to_message_id=posts[person.user],
            )
        await api.wait_idle(quiet=0.5, timeout=30)
        for person in people:
            said = [m.plain_text for m in api.messages(person.user)]
            assert said.count(f"💬 From the team:\nAnswer for {person.user}") == 1, said[-3:]
        for person in people:
            api.push_command(NURSE, "/close", chat_id=GROUP, reply_to_message_id=posts[person.user])
        await api.wait_idle(quiet=0.5, timeout=30)
        for person in people:
            closed = [m for m in api.messages(person.user) if "closed this conversation" in m.text]
            assert len(closed) == 1
        assert replicas.proxy is not None and all(replicas.proxy.forwarded.values())
    finally:
        codes = await replicas.stop()
        await api.stop()
    assert codes == [0, 0]
