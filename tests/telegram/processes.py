"""The bot started as its own process (`bot.py run`) against the fake Bot API."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.content.library import REPOSITORY
from tests.fake_bot_api import FakeBotApi


def start_bot(
    api: FakeBotApi,
    database_url: str,
    folder: Path,
    *,
    args: tuple[str, ...] = ("run",),
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    root: Path = REPOSITORY,
) -> subprocess.Popen[Any]:
    """`root/bot.py ARGS` in `folder`, talking to `api` and keeping people in `database_url`;
    its output appended to `log`, or readable as text from the process when there is none."""
    environment = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": api.base_url,
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [sys.executable, str(root / "bot.py"), *args]
    if log is None:
        return subprocess.Popen(
            command,
            env=environment,
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    with log.open("ab") as out:  # the child keeps its own copy of the file
        return subprocess.Popen(
            command, env=environment, cwd=folder, stdout=out, stderr=subprocess.STDOUT
        )
