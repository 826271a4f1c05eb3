"""What the bot costs to run, beside a bare python-telegram-bot bot measured in the same run.

Run: ``python -m bench.footprint`` (about fifteen minutes; ``--people N``, ``--stored N`` and
``--fanout N`` make it shorter). Figures:
- start-up: from starting the process to its first getUpdates, with all content (ours from
  its content snapshot, as every start after the first); the echo bot (bench/echo_bot.py);
- resident memory (VmRSS) after start, and after N people have each sent /start;
- the database at M stored people: bytes per person, and load and save p99 (a cold cache:
  a fresh store reads people it has not seen), against python-telegram-bot's own
  PicklePersistence holding the same states (its file, and an update made durable by flush);
- reminder fan-out: N people whose reminder or check-in fell due while the bot was away, sent
  by the bot by itself, against python-telegram-bot's AIORateLimiter sending N messages
  (bench/fanout.py): time, messages a second (mean, busiest second), the most to one chat in
  a second, people lost and doubled, and the sender's peak memory.
Targets (issue 14): start-up under 1 s, under 150 MB at 10,000 people, under 2 KB a person;
fan-out within about 30 messages a second overall and 1 a second to a chat, none lost.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from telegram.ext import PicklePersistence

from bench import fanout
from bench.stats import percentile
from bench.telegram import run_rounds, start_process
from bot.core.model import Content
from bot.core.state import Frame, State
from bot.store.sqlite import SqliteStore
from bot.telegram.application import FAN_OUT_PER_SECOND
from bot.understand.snapshot import prepared
from tests.fake_bot_api import FakeBotApi

STARTS = 3
BATCH = 250
SAMPLES = 2000
NOW = dt.datetime(2026, 12, 6, 10, tzinfo=dt.UTC)


def rss_mb(pid: int) -> float:
    """The process's resident memory in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


async def start(args: list[str], folder: Path) -> tuple[FakeBotApi, subprocess.Popen[bytes], float]:
    """A fake Bot API server and the bot process; seconds to the bot's first getUpdates."""
    api = FakeBotApi()
    await api.start()
    began = time.monotonic()
    process = start_process(api, args, folder)
    deadline = began + 120
    while time.monotonic() < deadline:  # when the first long poll arrives, not when it returns
        polled = next((r for r in api.requests if r.method == "getUpdates"), None)
        if polled is not None:
            return api, process, polled.time - began
        await asyncio.sleep(0.005)
    raise TimeoutError("the bot never polled for updates")


async def stop(api: FakeBotApi, process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    await api.stop()


async def bot_figures(args: list[str], folder: Path, people: int) -> tuple[float, float, float]:
    """Median start-up seconds, MB after start, MB after `people` have each sent /start."""
    times: list[float] = []
    after_start: list[float] = []
    for _ in range(STARTS):
        (folder / "bench.sqlite3").unlink(missing_ok=True)
        api, process, seconds = await start(args, folder)
        await asyncio.sleep(0.5)  # what it holds once settled, not mid-allocation
        times.append(seconds)
        after_start.append(rss_mb(process.pid))
        await stop(api, process)
    (folder / "bench.sqlite3").unlink(missing_ok=True)
    api, process, _ = await start(args, folder)
    try:
        for first in range(1, people + 1, BATCH):
            batch = range(first, min(first + BATCH, people + 1))
            pushes = {p: (lambda n, p=p: api.push_command(p, "/start")) for p in batch}
            await run_rounds(api, pushes, 1)
        loaded = rss_mb(process.pid)
    finally:
        await stop(api, process)
    return statistics.median(times), statistics.median(after_start), loaded


def person_state(number: int) -> State:
    """Someone mid-journey, as most stored people are."""
    lang = ("he", "ar", "ru", "en")[number % 4]
    stack = (Frame("menu", "main"), Frame("treatment", "intro"), Frame("treatment", "chemo"))
    return State(lang=lang, stack=stack, answers=(("role", "patient"),), version="v1")


async def our_database(folder: Path, stored: int) -> tuple[float, float, float]:
    """Bytes per person, load p99 and save p99 (seconds) of our SQLite store."""
    path = folder / "people.sqlite3"
    store = await SqliteStore.open(path)
    for first in range(0, stored, 1000):
        await asyncio.gather(
            *(store.save(str(p), person_state(p), (), NOW) for p in range(first, first + 1000))
        )
    await store.close()
    store = await SqliteStore.open(path)  # cold: nobody in its cache
    sample = random.Random(1).sample(range(stored), SAMPLES)
    loads, saves = [], []
    for person in sample:
        began = time.perf_counter()
        state = await store.load(str(person))
        loads.append(time.perf_counter() - began)
        assert state is not None
        began = time.perf_counter()
        await store.save(str(person), state, (), NOW)
        saves.append(time.perf_counter() - began)
    await store.fetch("PRAGMA wal_checkpoint(TRUNCATE)")
    await store.close()
    size = sum(p.stat().st_size for p in folder.glob("people.sqlite3*"))
    return size / stored, percentile(loads, 0.99), percentile(saves, 0.99)


async def ptb_database(folder: Path, stored: int) -> tuple[float, float, float]:
    """The same for python-telegram-bot's PicklePersistence (user_data per person)."""
    path = folder / "ptb.pickle"
    persistence = PicklePersistence(path, on_flush=True)  # else every update rewrites the file
    for person in range(stored):
        await persistence.update_user_data(person, person_state(person).to_dict())
    await persistence.flush()
    size = path.stat().st_size
    fresh = PicklePersistence(path, on_flush=True)
    sample = random.Random(1).sample(range(stored), 10)  # each durable save writes the file
    loads, saves = [], []
    for person in sample:
        began = time.perf_counter()
        data = await fresh.get_user_data()
        loads.append(time.perf_counter() - began)
        began = time.perf_counter()
        await fresh.update_user_data(person, data[person])
        await fresh.flush()
        saves.append(time.perf_counter() - began)
    return size / stored, percentile(loads, 0.99), percentile(saves, 0.99)


async def fan_out_figures(folder: Path, content: Content, people: int) -> None:
    """Print the fan-out of ours and of the baseline (not in quiet time: reminders wait then)."""
    now = dt.datetime.now(dt.UTC)
    both = people / FAN_OUT_PER_SECOND * 2 + 120  # the baseline, then ours, with room
    quiet = fanout.quiet_during(content, now, both)
    if quiet is not None:
        opens = content.quiet.next_open(quiet).astimezone(content.quiet.zone)
        print(
            f"reminder fan-out to {people} people: not measured, quiet time (night, Shabbat or"
            f" a holiday) from {quiet.astimezone(content.quiet.zone):%a %H:%M} holds"
            f" reminders; run it after {opens:%a %d %b %H:%M} Israel time"
        )
        return
    theirs = await fanout.baseline(folder, people)
    mine = await fanout.ours(folder, content, people, now)
    print(
        f"reminder fan-out to {people} people, 50 ms per Bot API answer;"
        " target about 30 msg/s overall, 1 a chat a second, 0 lost:"
    )
    print(mine.line("  ours (due plans, restart)"))
    print(theirs.line("  PTB AIORateLimiter      "))


async def main_async(people: int, stored: int, fan_out: int) -> None:
    loaded = prepared()  # the snapshot every start after the first one reads
    assert loaded.library is not None
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        echo = await bot_figures(["-m", "bench.echo_bot"], folder, people)
        ours = await bot_figures([str(Path("bot.py").resolve()), "run"], folder, people)
        print(
            f"start-up to first getUpdates: ours {ours[0]:.2f} s, echo bot {echo[0]:.2f} s"
            f" ({ours[0] / echo[0]:.1f}x); target under 1 s"
        )
        print(
            f"memory after start: ours {ours[1]:.0f} MB, echo bot {echo[1]:.0f} MB"
            f" ({ours[1] / echo[1]:.1f}x)"
        )
        print(
            f"memory after {people} people: ours {ours[2]:.0f} MB, echo bot {echo[2]:.0f} MB"
            f" ({ours[2] / echo[2]:.1f}x); target under 150 MB at 10,000"
        )
        mine = await our_database(folder, stored)
        theirs = await ptb_database(folder, stored)
        print(
            f"database at {stored} people: ours {mine[0]:.0f} bytes a person,"
            f" PicklePersistence {theirs[0]:.0f} ({mine[0] / theirs[0]:.1f}x); target 2 KB"
        )
        print(
            f"  load p99: ours {mine[1] * 1000:.2f} ms (cold cache),"
            f" PicklePersistence {theirs[1] * 1000:.2f} ms (all in memory)"
        )
        print(
            f"  durable save p99: ours {mine[2] * 1000:.2f} ms,"
            f" PicklePersistence update + flush {theirs[2] * 1000:.1f} ms"
        )
        if fan_out:
            await fan_out_figures(folder, loaded.library.content, fan_out)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.footprint")
    parser.add_argument("--people", type=int, default=10_000, help="people who send /start")
    parser.add_argument("--stored", type=int, default=100_000, help="people in the database")
    parser.add_argument(
        "--fanout", type=int, default=10_000, help="people whose reminder is due (0: skip)"
    )
    options = parser.parse_args()
    asyncio.run(main_async(options.people, options.stored, options.fanout))


if __name__ == "__main__":
    main()
