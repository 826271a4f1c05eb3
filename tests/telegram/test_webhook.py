"""Webhooks: the same bot behind our webhook server, with the fake Bot API pushing updates."""

from __future__ import annotations

import asyncio
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot import app, cli
from bot.content.library import Library
from bot.settings import Settings
from bot.telegram.webhook import MAX_CONNECTIONS
from tests.fake_bot_api import SECRET_HEADER, BotMessage, FakeBotApi
from tests.telegram.harness import WEBHOOK_SECRET, Harness
from tests.telegram.processes import start_bot
from tests.telegram.test_journeys import USER

Transcript = list[tuple[str, list[tuple[str, str]]]]


@pytest.fixture
async def hooked(api: FakeBotApi, shipped: Library, tmp_path: Path) -> AsyncIterator[Harness]:
    """Our bot over webhooks: the fake posts each update to our server, with the secret."""
    harness = Harness(api, shipped, tmp_path / "bot.sqlite3", webhook=True)
    await harness.start()
    yield harness
    await harness.stop()


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until condition() is true."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def seen(messages: list[BotMessage]) -> Transcript:
    return [(m.text, m.buttons()) for m in messages]


async def journey(api: FakeBotApi) -> Transcript:
    """Start, choose a language and a role, open a topic, type a question, go back home."""
    transcript = seen(await api.send_and_wait(USER, "/start"))
    transcript += seen(await api.tap_and_wait(USER, "✓ English"))
    transcript += seen(await api.tap_and_wait(USER, "I'm the patient"))
    transcript += seen(await api.tap_and_wait(USER, api.buttons(USER)[0][0]))
    transcript += seen(await api.send_and_wait(USER, "what is a biopsy"))
    transcript += seen(await api.send_and_wait(USER, "/menu"))
    return transcript


def people(database: Path) -> int:
    with sqlite3.connect(database) as db:
        count: int = db.execute("SELECT COUNT(*) FROM people").fetchone()[0]
    return count


async def post(url: str, body: Any, secret: str | None) -> tuple[int, str]:
    """POST `body` (JSON, or raw bytes) to the webhook like Telegram does."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    data = body if isinstance(body, bytes) else None
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=None if data else body, data=data, headers=headers) as response,
    ):
        return response.status, await response.text()


async def health(harness: Harness) -> tuple[int, str]:
    assert harness.server is not None
    url = f"http://127.0.0.1:{harness.server.port}/healthz"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


def start_update(api: FakeBotApi, update_id: int) -> dict[str, Any]:
    """A /start from USER as Telegram would post it."""
    user = api.register_user(USER)
    message = {
        "message_id": 1,
        "from": user,
        "chat": {"id": USER, "type": "private", "first_name": user["first_name"]},
        "date": int(time.time()),
        "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    }
    return {"update_id": update_id, "message": message}


async def test_a_journey_over_webhooks_gets_the_same_replies_as_over_polling(
    api: FakeBotApi, shipped: Library, tmp_path: Path
) -> None:
    hooked = Harness(api, shipped, tmp_path / "hooked.sqlite3", webhook=True)
    await hooked.start()
    try:
        over_webhooks = await journey(api)
    finally:
        await hooked.stop()
    polling_api = FakeBotApi()
    await polling_api.start()
    polled = Harness(polling_api, shipped, tmp_path / "polled.sqlite3")
    await polled.start()
    try:
        over_polling = await journey(polling_api)
    finally:
        await polled.stop()
        await polling_api.stop()
    assert over_webhooks == over_polling
    assert "<b>Main menu</b>" in over_webhooks[-1][0]
    assert api.unanswered_callback_queries() == []
    deliveries = api.webhook_deliveries
    assert len(deliveries) == 6 and all(d.accepted for d in deliveries)
    assert not any(r.method == "getUpdates" for r in api.requests), "webhooks do not poll"
    hook = next(r for r in api.requests if r.method == "setWebhook")
    assert hook.params["secret_token"] == WEBHOOK_SECRET
    assert hook.params["max_connections"] == MAX_CONNECTIONS
    assert {"message", "callback_query", "my_chat_member"} <= set(hook.params["allowed_updates"])
    assert not any(r.method == "deleteWebhook" for r in api.requests), "replicas share it"
    assert polling_api.violations == []


async def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_processed(
    api: FakeBotApi, hooked: Harness
) -> None:
    url, update = hooked.webhook_url, start_update(api, 5001)
    mark = api.mark()
    assert (await post(url, update, "not-the-secret"))[0] == 403
    assert (await post(url, update, None))[0] == 403
    assert (await post(url, update, WEBHOOK_SECRET[:-1]))[0] == 403
    assert (await post(url, b"{not json", WEBHOOK_SECRET))[0] == 400
    assert (await post(url, [update], WEBHOOK_SECRET))[0] == 400
    assert (await post(url, {"no": "update"}, WEBHOOK_SECRET))[0] == 400
    await asyncio.sleep(0.2)
    assert [r.method for r in api.requests[mark:]] == [], "a refused update reached the bot"
    assert people(hooked.database) == 0
    status, _ = await post(url, update, WEBHOOK_SECRET)
    assert status == 200
    assert [r.method for r in api.requests[mark:] if r.method == "sendMessage"], "no reply"
    assert "Which language" in api.messages(USER)[-1].text
    assert people(hooked.database) == 1


async def test_health_says_ready_and_503_once_the_database_is_closed(
    api: FakeBotApi, hooked: Harness
) -> None:
    assert await health(hooked) == (200, "ready")
    assert hooked.bot is not None and hooked.bot.runner is not None
    await hooked.bot.runner.store.close()
    status, text = await health(hooked)
    assert status == 503 and "database" in text


async def test_an_update_that_failed_while_the_database_was_down_is_sent_again(
    api: FakeBotApi, hooked: Harness
) -> None:
    api.webhook_retry_delay = 0.05
    await api.send_and_wait(USER + 1, "/start")  # the bot is up and has written once
    assert hooked.bot is not None and hooked.bot.runner is not None
    await hooked.bot.runner.store.close()
    mark = len(api.webhook_deliveries)
    update = api.push_command(USER, "/start")
    await until(lambda: len(api.webhook_deliveries) >= mark + 2)
    assert {(d.update_id, d.status) for d in api.webhook_deliveries[mark:]} == {(update, 503)}
    assert "went wrong" in api.messages(USER)[-1].text, "the person was not told"
    await hooked.stop()
    await hooked.start()  # the database answers again
    await api.wait_idle()
    assert api.webhook_deliveries[-1].update_id == update
    assert api.webhook_deliveries[-1].accepted
    assert "Which language" in api.messages(USER)[-1].text
    assert people(hooked.database) == 2


async def test_a_handler_that_fails_with_the_database_up_is_not_sent_again(
    api: FakeBotApi, hooked: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert hooked.bot is not None and hooked.bot.adapter is not None

    async def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(hooked.bot.adapter.runner, "handle", broken)
    update = api.push_command(USER, "/start")
    await api.wait_idle()
    assert [(d.update_id, d.status) for d in api.webhook_deliveries] == [(update, 200)]
    assert "went wrong" in api.messages(USER)[-1].text


async def test_a_graceful_stop_finishes_the_update_in_hand_and_refuses_the_next(
    api: FakeBotApi, hooked: Harness
) -> None:
    await api.send_and_wait(USER, "/start")
    english = next(data for text, data in api.buttons(USER) if text == "✓ English")
    api.delay = 0.3  # every Bot API answer is slow: the tap is still in hand at the stop
    mark = api.mark()
    query = api.push_callback(USER, english)
    tap = max(api.pending())
    await until(lambda: any(r.method != "getUpdates" for r in api.requests[mark:]))
    server = hooked.server
    assert server is not None
    stopping = asyncio.create_task(hooked.stop())  # what SIGTERM does
    await until(lambda: server.stopping)
    assert await health(hooked) == (503, "stopping")
    later = api.push_text(USER, "hello")
    await until(lambda: any(d.update_id == later for d in api.webhook_deliveries))
    await stopping

    tapped = [d for d in api.webhook_deliveries if d.update_id == tap]
    assert [d.status for d in tapped] == [200], "the update in hand was not finished"
    assert api.unanswered_callback_queries() == [], f"tap {query} was not answered"
    answered = [r.answered_at or 0.0 for r in api.requests[mark:] if r.method != "getUpdates"]
    assert tapped[0].time >= max(answered), "Telegram was told 200 before the bot was done"
    assert "I'm the patient" in [text for text, _ in api.buttons(USER)]
    refused = [d.status for d in api.webhook_deliveries if d.update_id == later]
    assert refused[0] == 503
    assert later in api.pending(), "the refused update was lost"

    api.delay = 0.0
    mark = api.mark()
    await hooked.start()  # a replica starts again: Telegram sends the update to it
    await api.wait_idle()
    assert api.webhook_deliveries[-1].update_id == later
    assert api.webhook_deliveries[-1].accepted
    assert api.webhook_deliveries[-1].url == hooked.webhook_url
    assert any(r.method == "sendMessage" and r.chat_id == USER for r in api.requests[mark:])


def test_webhook_without_url_or_secret_is_a_clear_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = "123:ABC"
    assert app.run(Settings(telegram_token=token), webhook=True) == 2
    assert "WEBHOOK_URL" in capsys.readouterr().err
    hooked = Settings(telegram_token=token, webhook_url="https://bot.example.org/telegram")
    assert app.run(hooked) == 2, "WEBHOOK_URL alone means webhooks, which need a secret"
    assert "WEBHOOK_SECRET is not set" in capsys.readouterr().err
    bad = Settings(telegram_token=token, webhook_url=hooked.webhook_url, webhook_secret="a b")
    assert app.run(bad) == 2
    assert "A-Z a-z 0-9 _ and -" in capsys.readouterr().err


def test_run_webhook_from_the_command_line_needs_webhook_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:ABC")
    monkeypatch.delenv("WEBHOOK_URL", raising=False)
    assert cli.main(["run", "--webhook"]) == 2
    assert "--webhook needs WEBHOOK_URL" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def webhook_process(api: FakeBotApi, database: Path, port: int) -> subprocess.Popen[str]:
    listen = {
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
    }
    return start_bot(
        api, f"sqlite:///{database}", database.parent, args=("run", "--webhook"), env=listen
    )


async def test_sigterm_finishes_the_update_in_hand_and_exits_0(
    api: FakeBotApi, tmp_path: Path
) -> None:
    process = webhook_process(api, tmp_path / "bot.sqlite3", free_port())
    try:
        await api.wait_for_requests(lambda r: r.method == "setWebhook", since=0, timeout=60)
        await api.send_and_wait(USER, "/start", timeout=10)
        english = next(data for text, data in api.buttons(USER) if text == "✓ English")
        api.delay = 0.3
        mark = api.mark()
        api.push_callback(USER, english)
        await until(lambda: any(r.method != "getUpdates" for r in api.requests[mark:]))
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.to_thread(process.communicate, timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode == 0, output
    assert api.webhook_deliveries[-1].accepted, "the update in hand was cut off"
    assert api.unanswered_callback_queries() == []
    assert "I'm the patient" in [text for text, _ in api.buttons(USER)]
    assert not any(r.method == "deleteWebhook" for r in api.requests)
    assert "/start" not in output, "the log shows what a person typed"
