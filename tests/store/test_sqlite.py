"""What only the SQLite store does: WAL, and no acknowledged save lost to a killed writer."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.content.library import REPOSITORY
from bot.core.state import State
from bot.store.sqlite import SqliteStore


async def test_database_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "bot.sqlite3")
    assert await store.fetch("PRAGMA journal_mode") == [("wal",)]
    assert await store.fetch("PRAGMA foreign_keys") == [(1,)]
    await store.close()


def test_a_killed_writer_loses_no_acknowledged_position(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer_process", str(path)],
        cwd=REPOSITORY,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
    )
    assert writer.stdout is not None
    acknowledged: dict[str, int] = {}
    deadline = time.monotonic() + 30
    while len(acknowledged) < 5 or sum(acknowledged.values()) < 400:
        line = writer.stdout.readline()
        assert line and time.monotonic() < deadline, "the writer stopped early"
        person, number = line.split()
        acknowledged[person] = int(number)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    for line in writer.stdout:  # acknowledgements already in the pipe count too
        person, number = line.split()
        acknowledged[person] = int(number)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for person, number in acknowledged.items():
            (raw,) = db.execute("SELECT state FROM people WHERE person = ?", (person,)).fetchone()
            kept = State.from_dict(json.loads(raw))
            assert int(kept.answer_map["n"]) >= number, f"{person} lost position {number}"
