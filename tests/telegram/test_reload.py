"""Publishing without a restart: /reload and SIGHUP, the staff-only /stats, over the fake API."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content.library import REPOSITORY, Library
from tests.fake_bot_api import FakeBotApi
from tests.telegram.harness import Harness
from tests.telegram.processes import start_bot

ADMIN = 7001
PATIENT = 4243
OTHER = 4244
MENU_TEXT = "How can I help? Choose a topic, or just tell me what's on your mind."
NEW_MENU_TEXT = "How can I help today? Choose a topic, or just tell me what's on your mind."
RELOAD_TIMEOUT = 120.0
"""Reading, checking and preparing the whole content takes seconds; a busy machine, more."""


def copy_content(root: Path) -> Path:
    """A copy of the shipped flows and content that a test may edit."""
    for folder in ("flows", "content"):
        shutil.copytree(REPOSITORY / folder, root / folder)
    return root


def edit(path: Path, old: str, new: str) -> str:
    """Replace the one occurrence of `old` in the file; return the text as it was."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def break_start_line(flow_file: Path) -> int:
    """Make the `start:` line a YAML syntax error; return its line number."""
    lines = flow_file.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("start: "))
    lines[index] = f'start: "{lines[index].split(":", 1)[1].strip()}" oops\n'
    flow_file.write_text("".join(lines), encoding="utf-8")
    return index + 1


async def start_in_english(api: FakeBotApi, user: int) -> None:
    """/start, English, "I'm the patient": the main menu is on screen."""
    await api.send_and_wait(user, "/start")
    await api.tap_and_wait(user, "✓ English")
    replies = await api.tap_and_wait(user, "I'm the patient")
    assert MENU_TEXT in replies[-1].text


@pytest.fixture
async def staffed(api: FakeBotApi, shipped: Library, tmp_path: Path) -> AsyncIterator[Harness]:
    """The bot with one admin, serving a copy of the content that the test edits."""
    harness = Harness(
        api,
        shipped,
        tmp_path / "bot.sqlite3",
        admin_user_ids=frozenset({ADMIN}),
        root=copy_content(tmp_path / "root"),
    )
    await harness.start()
    yield harness
    await harness.stop()


async def test_reload_and_stats_from_anyone_else_are_an_unknown_command(
    api: FakeBotApi, staffed: Harness
) -> None:
    assert staffed.holder is not None
    before = staffed.holder.library
    edit(staffed.root / "flows" / "menu.yaml", MENU_TEXT, NEW_MENU_TEXT)
    answers: dict[str, list[str]] = {}
    for user, command in ((PATIENT, "/frobnicate"), (OTHER, "/reload"), (PATIENT + 10, "/stats")):
        await start_in_english(api, user)
        answers[command] = [m.text for m in await api.send_and_wait(user, command)]
    assert answers["/reload"] == answers["/frobnicate"] == answers["/stats"]
    assert not any("Staff summary" in text for text in answers["/stats"])
    await asyncio.sleep(0.5)
    assert staffed.holder.library is before, "nothing was reloaded"
    replies = await api.send_and_wait(OTHER, "/menu")
    assert MENU_TEXT in replies[-1].text


async def test_stats_gives_an_admin_the_one_screen_summary(
    api: FakeBotApi, staffed: Harness
) -> None:
    await start_in_english(api, PATIENT)
    await start_in_english(api, OTHER)
    await api.tap_and_wait(OTHER, "🔬 Diagnosis and tests")
    (summary,) = await api.send_and_wait(ADMIN, "/stats")
    assert summary.text.startswith("<pre>Staff summary: the last 30 days")
    lines = summary.text.splitlines()
    assert any(line.split() == ["total", "2"] for line in lines), "people"
    assert any(line.split() == ["en", "2"] for line in lines), "people by language"
    assert any(line.split() == ["diagnosis", "1"] for line in lines), "people by current flow"
    assert "tg:" not in summary.text and str(PATIENT) not in summary.text


async def test_broken_yaml_keeps_the_old_content_and_fixed_yaml_is_published(
    api: FakeBotApi, staffed: Harness
) -> None:
    assert staffed.holder is not None
    before = staffed.holder.library
    await start_in_english(api, PATIENT)
    journey = await api.tap_and_wait(PATIENT, "🔬 Diagnosis and tests")
    screen = api.buttons(PATIENT)

    diagnosis = staffed.root / "flows" / "diagnosis.yaml"
    good = diagnosis.read_text(encoding="utf-8")
    line = break_start_line(diagnosis)
    replies = await api.send_and_wait(ADMIN, "/reload", timeout=RELOAD_TIMEOUT)
    report = replies[-1].text
    assert report.startswith("Content NOT reloaded: 1 error(s)")
    assert f"flows/diagnosis.yaml:{line}:" in report and "E_YAML" in report
    assert staffed.holder.library is before
    option = next(text for text, data in screen if "|o" in data)
    replies = await api.tap_and_wait(PATIENT, option)
    assert "earlier message" not in replies[0].text, "the old content still serves her"

    diagnosis.write_text(good, encoding="utf-8")
    edit(staffed.root / "flows" / "menu.yaml", MENU_TEXT, NEW_MENU_TEXT)
    replies = await api.send_and_wait(ADMIN, "/reload", timeout=RELOAD_TIMEOUT)
    content = staffed.holder.library.content
    assert content is not before.content
    nodes = sum(len(flow.nodes) for flow in content.flows.values())
    assert replies[-1].text.startswith(
        f"Content reloaded: {len(content.flows)} flows, {nodes} nodes, version {content.version}."
    )
    replies = await api.tap_and_wait(PATIENT, "← Back")
    assert journey[-1].text.split("</b>")[0] in replies[-1].text, "she keeps her place"
    replies = await api.send_and_wait(PATIENT, "/menu")
    assert NEW_MENU_TEXT in replies[-1].text


# -- SIGHUP, sent to a real `python bot.py run` process -------------------------------------


def bot_copy(root: Path) -> Path:
    """The bot and its content copied to `root`, so that `bot.py run` serves editable content."""
    shutil.copytree(REPOSITORY / "bot", root / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPOSITORY / "bot.py", root / "bot.py")
    return copy_content(root)


def bot_process(api: FakeBotApi, root: Path, log: Path) -> subprocess.Popen[bytes]:
    admins = {"ADMIN_USER_IDS": str(ADMIN)}
    return start_bot(api, f"sqlite:///{root / 'bot.sqlite3'}", root, env=admins, log=log, root=root)


async def wait_for_log(log: Path, text: str, after: int, timeout: float = RELOAD_TIMEOUT) -> str:
    """The log written after byte `after`, once it contains `text`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        written = log.read_bytes()[after:].decode("utf-8", "replace")
        if text in written:
            return written
        await asyncio.sleep(0.2)
    raise TimeoutError(f"{text!r} not in the bot's log within {timeout}s:\n{log.read_text()}")


async def test_sighup_publishes_new_content_and_keeps_the_old_on_errors(
    api: FakeBotApi, tmp_path: Path
) -> None:
    root = bot_copy(tmp_path / "bot")
    log = tmp_path / "bot.log"
    process = bot_process(api, root, log)
    try:
        await api.wait_for_requests(lambda r: r.method == "getUpdates", since=0, timeout=60)
        await start_in_english(api, PATIENT)

        line = break_start_line(root / "flows" / "diagnosis.yaml")
        mark = log.stat().st_size
        process.send_signal(signal.SIGHUP)
        written = await wait_for_log(log, "SIGHUP: Content NOT reloaded", mark)
        assert f"flows/diagnosis.yaml:{line}:" in written and "E_YAML" in written
        replies = await api.send_and_wait(PATIENT, "/menu", timeout=15)
        assert MENU_TEXT in replies[-1].text, "the old content still serves"

        shutil.copy(REPOSITORY / "flows" / "diagnosis.yaml", root / "flows" / "diagnosis.yaml")
        edit(root / "flows" / "menu.yaml", MENU_TEXT, NEW_MENU_TEXT)
        mark = log.stat().st_size
        process.send_signal(signal.SIGHUP)
        await wait_for_log(log, "SIGHUP: Content reloaded", mark)
        replies = await api.send_and_wait(PATIENT, "/menu", timeout=15)
        assert NEW_MENU_TEXT in replies[-1].text
        assert process.poll() is None, "SIGHUP does not stop the bot"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.to_thread(process.wait, 20)
        finally:
            process.kill()
