"""A process that saves positions as fast as it can and acknowledges each on stdout."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from pathlib import Path

from bot.core.state import Frame, State
from bot.store.sqlite import SqliteStore


async def main(path: Path) -> None:
    store = await SqliteStore.open(path)
    now = dt.datetime.now(dt.UTC)
    for i in range(1_000_000):
        person = f"p{i % 5}"
        state = State(lang="en", stack=(Frame("menu", "main"),), answers=(("n", str(i)),))
        await store.save(person, state, (), now)
        sys.stdout.write(f"{person} {i}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
