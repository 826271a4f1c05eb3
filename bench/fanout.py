"""Reminder fan-out: N people whose reminder or check-in fell due while the bot was away
(a restart after a quiet night), our bot against python-telegram-bot's AIORateLimiter (I/O).

Both run as their own process against the same local fake Bot API server, 50 ms added to
every answer (Telegram's servers are about that far from Israel, and a bot that waits for
each send before the next is slowed by it: loopback would hide that). The people are
seeded through the real store with the states the engine builds when they set the
reminder up; the bot is started and sends what is due by itself.
"""

from __future__ import annotations

import asyncio
import bisect
import datetime as dt
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bench.telegram import start_process
from bot.content.library import REPOSITORY
from bot.core.calendar import local_day
from bot.core.engine import step
from bot.core.events import ChooseOption, Nav, Navigate, Press
from bot.core.model import LANGUAGES, Content
from bot.core.reminders import APPOINTMENT, CHECKIN, setup_node
from bot.core.replies import Schedule, Transition
from bot.core.screens import HOME
from bot.core.state import State
from bot.store.sqlite import SqliteStore
from tests.fake_bot_api import FakeBotApi

DELAY = 0.05
"""Seconds the fake Bot API adds to every answer."""
FIRST_CHAT = 1_000_001
SEED_BATCH = 1000
SETTLE = 3.0
"""Seconds to keep watching after the last person was reached (a doubled reminder shows)."""
STALL = 150.0
"""Seconds with no new message after which the rest count as lost (over two ticks of the
bot's scheduler: work left for its next look is not lost)."""
SAMPLE = 0.5
"""Seconds between two readings of the process's resident memory."""
SENDS = ("sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage")


@dataclass(frozen=True)
class FanOut:
    """One measured fan-out."""

    people: int
    first: float
    """Seconds from launching the process to its first message."""
    seconds: float
    """From the first message to the last person reached."""
    peak_per_second: int
    """The most messages in any one-second window."""
    mean_per_second: float
    peak_per_chat: int
    """The most messages to one chat in any one-second window."""
    lost: int
    doubled: int
    rss_mb: float
    """The most resident memory of the sending process during the fan-out."""

    def line(self, name: str) -> str:
        return (
            f"{name}: first after {self.first:.1f} s, all in {self.seconds:.0f} s,"
            f" {self.mean_per_second:.1f} msg/s mean,"
            f" {self.peak_per_second} in the busiest second, {self.peak_per_chat} a chat a second"
            f" at most, lost {self.lost}, doubled {self.doubled}, {self.rss_mb:.0f} MB"
        )


def chats(people: int) -> range:
    return range(FIRST_CHAT, FIRST_CHAT + people)


def most_in_a_second(times: Sequence[float]) -> int:
    """The most `times` (sorted) inside any window of one second."""
    return max((bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times)), default=0)


def set_up(content: Content, state: State, press: Press, now: dt.datetime) -> Transition:
    """What the engine does with the tap that keeps a plan, on the screen that sets it up."""
    assert press.at is not None
    done = step(content, replace(state, stack=(HOME, press.at)), press, now)
    if not any(isinstance(effect, Schedule) for effect in done.effects):
        raise RuntimeError(
            f"bench/fanout.py: tapping {press.action} at {press.at.flow}/{press.at.node}"
            f" scheduled nothing (effects {done.effects}); expected a Schedule: check that"
            " node in content/flows"
        )
    return done


def planned(content: Content, now: dt.datetime) -> list[Transition]:
    """For each language, someone who said yes to a reminder of today's appointment yesterday
    and someone who chose check-ins long enough ago that one is due: the engine's own steps."""
    zone = content.quiet.zone
    today = local_day(now, zone)
    appointment, checkin = setup_node(content, APPOINTMENT), setup_node(content, CHECKIN)
    if appointment is None or checkin is None:
        raise RuntimeError("bench/fanout.py: the content has no appointment or check-in node")
    node = content.node(checkin.flow, checkin.node)
    assert node is not None
    index, every = next(
        (i, int(o.value)) for i, o in enumerate(node.options) if o.value and o.value.isdigit()
    )
    yesterday = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(7), tzinfo=zone)
    chosen = yesterday - dt.timedelta(days=every)
    made: list[Transition] = []
    confirm = Press(Navigate(Nav.CONFIRM), appointment, content.version)
    choose = Press(ChooseOption(index), checkin, content.version)
    for lang in LANGUAGES:
        person = State(lang=lang, version=content.version)
        made.append(set_up(content, replace(person, draft=today), confirm, yesterday))
        made.append(set_up(content, person, choose, chosen))
    for done in made:
        due = next(e.plan.due for e in done.effects if isinstance(e, Schedule))
        if due > now:
            raise RuntimeError(f"bench/fanout.py: a seeded plan is due at {due}, after {now}")
    return made


async def seed(path: Path, content: Content, people: int, now: dt.datetime) -> None:
    """`people` people in the database at `path`, each with one plan due by `now`."""
    kinds = planned(content, now)
    store = await SqliteStore.open(path)
    try:
        everyone = [(f"tg:{chat}", kinds[n % len(kinds)]) for n, chat in enumerate(chats(people))]
        for first in range(0, people, SEED_BATCH):
            batch = everyone[first : first + SEED_BATCH]
            await asyncio.gather(
                *(store.save(p, made.state, made.effects, now) for p, made in batch)
            )
    finally:
        await store.close()


def rss_mb(pid: int) -> float:
    """The process's resident memory in MB (0 once it has gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def watch(
    api: FakeBotApi,
    process: subprocess.Popen[bytes],
    people: int,
    began: float,
    done: Callable[[], bool],
) -> FanOut:
    """Follow the sends to the `people` chats until each was reached (or `done`) and a
    little after, or nothing moved for STALL seconds; then the figures."""
    wanted = set(chats(people))
    reached: set[int] = set()
    scanned, peak_rss = 0, 0.0
    last_news = time.monotonic()
    settle_until: float | None = None
    while True:
        await asyncio.sleep(SAMPLE)
        peak_rss = max(peak_rss, rss_mb(process.pid))
        requests = api.requests
        while scanned < len(requests):  # a send's chat id is read once it is answered
            request = requests[scanned]
            if request.method in SENDS:
                if not request.answered:
                    break
                last_news = time.monotonic()
                if request.ok and request.chat_id in wanted:
                    reached.add(int(request.chat_id))
            scanned += 1
        now = time.monotonic()
        if settle_until is None and (reached == wanted or done()):
            settle_until = now + SETTLE
        if (settle_until is not None and now >= settle_until) or now - last_news > STALL:
            break
    await api.wait_idle(quiet=0.2, timeout=30)
    return figures(api, wanted, began, peak_rss)


def figures(api: FakeBotApi, wanted: set[int], began: float, peak_rss: float) -> FanOut:
    """The figures of every send to the `wanted` chats so far."""
    sends = [r for r in api.requests if r.method in SENDS and r.chat_id in wanted]
    times = sorted(r.time for r in sends)
    per_chat: dict[int, list[float]] = defaultdict(list)
    delivered: dict[int, int] = defaultdict(int)
    for request in sends:
        chat = int(request.chat_id)  # type: ignore[arg-type]
        per_chat[chat].append(request.time)
        delivered[chat] += request.ok
    finished = [r.answered_at or r.time for r in sends if r.ok]
    span = (max(finished) - times[0]) if finished else 0.0
    return FanOut(
        people=len(wanted),
        first=(times[0] - began) if times else float("nan"),
        seconds=span,
        peak_per_second=most_in_a_second(times),
        mean_per_second=len(sends) / span if span else 0.0,
        peak_per_chat=max((most_in_a_second(sorted(t)) for t in per_chat.values()), default=0),
        lost=sum(1 for chat in wanted if not delivered[chat]),
        doubled=sum(1 for count in delivered.values() if count > 1),
        rss_mb=peak_rss,
    )


async def fake_api(people: int) -> FakeBotApi:
    """The local Bot API server, with every person's private chat known to it."""
    api = FakeBotApi(delay=DELAY)
    await api.start()
    for chat in chats(people):
        api.register_user(chat)
    return api


async def ours(folder: Path, content: Content, people: int, now: dt.datetime) -> FanOut:
    """`python bot.py run` on a database where `people` plans fell due while it was away."""
    database = folder / "bench.sqlite3"
    for stale in folder.glob("bench.sqlite3*"):
        stale.unlink()
    await seed(database, content, people, now)
    api = await fake_api(people)
    began = time.monotonic()
    process = start_process(api, [str(REPOSITORY / "bot.py"), "run"], folder)
    try:
        return await watch(api, process, people, began, lambda: False)
    finally:
        process.terminate()
        process.wait(timeout=60)
        await api.stop()


async def baseline(folder: Path, people: int) -> FanOut:
    """python-telegram-bot's AIORateLimiter sending one message to each chat
    (bench/ptb_fanout.py)."""
    api = await fake_api(people)
    args = ["-m", "bench.ptb_fanout", str(FIRST_CHAT), str(people)]
    began = time.monotonic()
    process = start_process(api, args, folder)
    try:
        return await watch(api, process, people, began, lambda: process.poll() is not None)
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=60)
        await api.stop()


def quiet_during(content: Content, now: dt.datetime, seconds: float) -> dt.datetime | None:
    """The first moment of quiet time from `now` for `seconds` (reminders wait then), if any."""
    moment, end = now, now + dt.timedelta(seconds=seconds)
    while moment <= end:
        if content.quiet.is_quiet(moment):
            return moment
        moment += dt.timedelta(minutes=1)
    return None
