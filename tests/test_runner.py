"""One person's events run in order; different people run at the same time."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from bot.content.holder import ContentHolder
from bot.content.library import Library
from bot.core.events import ChooseLanguage, ChooseOption, Press, Start, Understanding
from bot.core.replies import Transition
from bot.core.state import State
from bot.runner import Runner, TypedText
from bot.store.sqlite import SqliteStore
from bot.understand.readers import interpret


async def make_runner(library: Library, tmp_path: Path) -> Runner:
    holder = ContentHolder(library, tmp_path, "he")
    return Runner(holder, await SqliteStore.open(tmp_path / "bot.sqlite3"), interpret)


async def test_state_is_saved_before_the_reply_is_delivered(
    small_library: Library, tmp_path: Path
) -> None:
    runner = await make_runner(small_library, tmp_path)
    seen: list[object] = []

    async def deliver(transition: Transition) -> None:
        seen.append(await runner.store.load("p"))

    result = await runner.handle("p", Start("en"), deliver)
    assert seen == [result.state]
    await runner.store.close()


async def test_one_persons_events_are_handled_one_at_a_time_in_order(
    small_library: Library, tmp_path: Path
) -> None:
    runner = await make_runner(small_library, tmp_path)
    active = 0
    most = 0
    order: list[int] = []

    def deliver_for(number: int):
        async def deliver(transition: Transition) -> None:
            nonlocal active, most
            active += 1
            most = max(most, active)
            await asyncio.sleep(0.01)
            order.append(number)
            active -= 1

        return deliver

    await asyncio.gather(*(runner.handle("p", Start("en"), deliver_for(i)) for i in range(10)))
    assert most == 1 and order == list(range(10))
    assert not runner._locks, "locks of idle people are released"
    await runner.store.close()


async def test_different_people_are_handled_concurrently(
    small_library: Library, tmp_path: Path
) -> None:
    runner = await make_runner(small_library, tmp_path)
    active = 0
    most = 0

    async def deliver(transition: Transition) -> None:
        nonlocal active, most
        active += 1
        most = max(most, active)
        await asyncio.sleep(0.05)
        active -= 1

    await asyncio.gather(*(runner.handle(f"p{i}", Start("en"), deliver) for i in range(5)))
    assert most == 5
    await runner.store.close()


async def test_typed_button_label_with_a_typo_presses_it(
    small_library: Library, tmp_path: Path
) -> None:
    runner = await make_runner(small_library, tmp_path)
    await runner.handle("p", Start("en"))
    await runner.handle("p", Press(ChooseLanguage("en"), None, ""))
    result = await runner.handle("p", TypedText("famly en"))
    assert result.state.answer_map == {"role": "family"}
    version = small_library.content.version
    await runner.handle("p", Press(ChooseOption(0), result.state.here, version))
    saved = await runner.store.load("p")
    assert saved is not None and saved.here is not None and saved.here.flow == "diagnosis"
    assert dt.datetime.now(dt.UTC) >= runner.clock() - dt.timedelta(seconds=5)
    await runner.store.close()


async def test_a_message_is_read_on_the_local_day_of_the_bots_clock(
    small_library: Library, tmp_path: Path
) -> None:
    days: list[dt.date] = []

    def understand(library: Library, state: State, text: str, today: dt.date) -> Understanding:
        days.append(today)
        return interpret(library, state, text, today)

    late = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)  # already 1 January in Israel
    store = await SqliteStore.open(tmp_path / "bot.sqlite3")
    runner = Runner(ContentHolder(small_library, tmp_path, "he"), store, understand, lambda: late)
    await runner.handle("p", Start("en"))
    await runner.handle("p", TypedText("hello"))
    assert days == [dt.date(2027, 1, 1)]
    await runner.store.close()
