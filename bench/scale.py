"""Updates per second and tap p99: one process on SQLite against 1, 2 and 3 replicas on PostgreSQL.

Run: ``python -m bench.scale``. The fake Bot API server runs in this process and adds 50 ms to
every answer (Telegram's servers are about that far from Israel). Each bot runs as its own
process, as in production: ``python bot.py run`` (long polling, SQLite) and ``python bot.py
run --webhook`` behind a round-robin proxy (the test suite's), sharing a throwaway PostgreSQL
from Debian's package. The same people do the same taps against each setup, in one run.
"""

from __future__ import annotations

import asyncio
import os
import signal
import tempfile
import uuid
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from bench.telegram import (
    WARMUP_ROUNDS,
    Action,
    Result,
    onboard,
    run_rounds,
    start_process,
    wait_polling,
)
from bot.content.library import REPOSITORY
from tests import postgres
from tests.fake_bot_api import FakeBotApi
from tests.telegram.replicas import Replicas

PEOPLE = 100
ROUNDS = 10
DELAY = 0.05
TOPIC, MENU = "🔬 Diagnosis and tests", "🏠 Main menu"


def taps(api: FakeBotApi) -> dict[int, Action]:
    """Each person goes from the menu to a topic and back, a tap per round."""

    def tap(person: int, round_number: int) -> None:
        wanted = (TOPIC, MENU)[round_number % 2]
        data = next(d for text, d in api.buttons(person) if text == wanted)
        api.push_callback(person, data)

    return {p: partial(tap, p) for p in range(1, PEOPLE + 1)}


async def measure(api: FakeBotApi) -> Result:
    await asyncio.gather(*(onboard(api, p) for p in range(1, PEOPLE + 1)))
    actions = taps(api)
    await run_rounds(api, actions, WARMUP_ROUNDS)
    result = await run_rounds(api, actions, ROUNDS)
    assert not api.unanswered_callback_queries()
    return result


async def sqlite_polling(folder: Path) -> Result:
    api = FakeBotApi(delay=DELAY)
    await api.start()
    (folder / "bench.sqlite3").unlink(missing_ok=True)
    process = start_process(api, [str(REPOSITORY / "bot.py"), "run"], folder)
    try:
        await wait_polling(api)
        return await measure(api)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        await api.stop()


async def postgres_webhooks(server: postgres.Server, count: int, folder: Path) -> Result:
    name = f"bench_{uuid.uuid4().hex[:12]}"
    server.sql(f'CREATE DATABASE "{name}"')
    api = FakeBotApi(delay=DELAY)
    await api.start()
    replicas = Replicas(api, server.url(name), folder, count)
    try:
        await replicas.start()
        return await measure(api)
    finally:
        await replicas.stop()
        await api.stop()


def table(results: Sequence[tuple[str, Result]]) -> list[str]:
    base = results[0][1].updates_per_second
    return [
        f"{result.line(name)}  ({result.updates_per_second / base:.2f}x the first)"
        for name, result in results
    ]


async def main_async() -> None:
    bin_dir = postgres.newest_bin()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed: apt-get install postgresql")
    server = postgres.start(bin_dir)
    try:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            results = [("1 process, SQLite, polling    ", await sqlite_polling(folder))]
            for count in (1, 2, 3):
                label = f"{count} replica(s), PostgreSQL, webhook"
                results.append((label, await postgres_webhooks(server, count, folder)))
    finally:
        postgres.stop(server)
    print(
        f"-- {PEOPLE} people tapping at once, {int(DELAY * 1000)} ms per Bot API answer,"
        f" {os.cpu_count()} cores"
    )
    for line in table(results):
        print("  " + line)
    one, three = results[1][1], results[3][1]
    print(
        f"  3 replicas / 1 replica on PostgreSQL: "
        f"{three.updates_per_second / one.updates_per_second:.2f}x updates/s"
    )


def main() -> None:
    """Print the figures."""
    asyncio.run(main_async())


if __name__ == "__main__":
    main()
