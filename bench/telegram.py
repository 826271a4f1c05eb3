"""Full-stack updates per second and tap-to-reply latency, ours against a bare echo bot.

Run: ``python -m bench.telegram``. The fake Bot API server runs in this process; each bot
runs as its own process, as in production (ours is ``python bot.py run``). Both face the
same load, alternately: 50 people send at once, round after round; ours gets taps on its
menu, the echo bot gets text. Two settings: loopback with no delay, and 50 ms added to
every answer of the server (Telegram's servers are about that far from Israel).
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.stats import percentile
from bot.content.library import REPOSITORY
from tests.fake_bot_api import FakeBotApi

Action = Callable[[int], object]
PEOPLE = 50
ROUNDS = 12
WARMUP_ROUNDS = 2


@dataclass
class Result:
    """One measured run."""

    updates_per_second: float
    latencies: list[float]

    def line(self, name: str) -> str:
        p50 = statistics.median(self.latencies) * 1000
        p99 = percentile(self.latencies, 0.99) * 1000
        rate = self.updates_per_second
        return f"{name}: {rate:7.1f} updates/s, p50 {p50:6.1f} ms, p99 {p99:7.1f} ms"


def start_process(api: FakeBotApi, args: list[str], folder: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": api.base_url,
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "PYTHONPATH": str(REPOSITORY),
    }
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_polling(api: FakeBotApi) -> None:
    await api.wait_for_requests(lambda r: r.method == "getUpdates", since=0, timeout=60)


REPLIES = ("sendMessage", "editMessageText")


async def run_rounds(api: FakeBotApi, push: Mapping[int, Action], rounds: int) -> Result:
    """Each round every person acts at once; wait for all replies; time everything.

    A person's latency runs from the push to the moment the server answered the bot's first
    reply to them (the person would see it then).
    """
    latencies: list[float] = []
    total_updates = 0
    began = time.monotonic()
    for round_number in range(rounds):
        scanned = api.mark()
        pushed: dict[int, float] = {}
        for person, action in push.items():
            pushed[person] = time.monotonic()
            action(round_number)
        pending = set(pushed)
        deadline = time.monotonic() + 60
        waiting: list[int] = []  # replies seen but not yet answered by the server
        while pending and time.monotonic() < deadline:
            await asyncio.sleep(0.001)
            requests = api.requests
            waiting.extend(
                i for i in range(scanned, len(requests)) if requests[i].method in REPLIES
            )
            scanned = len(requests)
            still = []
            for index in waiting:
                request = requests[index]
                chat = request.chat_id
                if not request.answered_at:
                    still.append(index)
                elif isinstance(chat, int) and chat in pending:
                    latencies.append(request.answered_at - pushed[chat])
                    pending.discard(chat)
            waiting = still
        assert not pending, f"{len(pending)} people got no reply"
        total_updates += len(pushed)
        await api.wait_idle(quiet=0.02, timeout=30)
    elapsed = time.monotonic() - began
    return Result(total_updates / elapsed, latencies)


async def measure_echo(delay: float, folder: Path) -> Result:
    api = FakeBotApi(delay=delay)
    await api.start()
    process = start_process(api, ["-m", "bench.echo_bot"], folder)
    try:
        await wait_polling(api)
        actions: dict[int, Action] = {
            p: partial(lambda person, n: api.push_text(person, f"hello {n}"), p)
            for p in range(1, PEOPLE + 1)
        }
        await run_rounds(api, actions, WARMUP_ROUNDS)
        return await run_rounds(api, actions, ROUNDS)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        await api.stop()


async def onboard(api: FakeBotApi, person: int) -> None:
    await api.send_and_wait(person, "/start", timeout=30)
    await api.tap_and_wait(person, "✓ English", timeout=30)
    await api.tap_and_wait(person, "I'm the patient", timeout=30)


async def measure_ours(delay: float, folder: Path) -> Result:
    api = FakeBotApi(delay=delay)
    await api.start()
    (folder / "bench.sqlite3").unlink(missing_ok=True)
    process = start_process(api, [str(REPOSITORY / "bot.py"), "run"], folder)
    try:
        await wait_polling(api)
        await asyncio.gather(*(onboard(api, p) for p in range(1, PEOPLE + 1)))

        def tap(person: int, round_number: int) -> None:
            labels = ("🔬 Diagnosis and tests", "🏠 Main menu")
            wanted = labels[round_number % 2]
            data = next(d for text, d in api.buttons(person) if text == wanted)
            api.push_callback(person, data)

        actions: dict[int, Action] = {p: partial(tap, p) for p in range(1, PEOPLE + 1)}
        await run_rounds(api, actions, WARMUP_ROUNDS)
        result = await run_rounds(api, actions, ROUNDS)
        for person in range(1, PEOPLE + 1):  # every person is exactly where their taps led
            assert any(text == "🔬 Diagnosis and tests" for text, _ in api.buttons(person))
        assert not api.violations and not api.unanswered_callback_queries()
        return result
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        await api.stop()


async def main_async() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for delay, label in ((0.0, "loopback, no delay"), (0.05, "50 ms per answer, 50 people")):
            echo_runs: list[Result] = []
            our_runs: list[Result] = []
            for _ in range(2):  # alternate, so both see the same machine
                echo_runs.append(await measure_echo(delay, folder))
                our_runs.append(await measure_ours(delay, folder))
            echo = max(echo_runs, key=lambda r: r.updates_per_second)
            ours = max(our_runs, key=lambda r: r.updates_per_second)
            print(f"-- {label}")
            print(echo.line("  echo bot (PTB defaults)"))
            print(ours.line("  patient journey bot    "))
            print(
                f"  ours / echo updates/s: {ours.updates_per_second / echo.updates_per_second:.2f}"
            )


def main() -> None:
    """Print the figures."""
    asyncio.run(main_async())


if __name__ == "__main__":
    main()
