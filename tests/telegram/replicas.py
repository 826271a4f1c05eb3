"""Several bot processes behind a round-robin proxy on webhooks, and people using them at once
(test code shared by the replica test and `bench.scale`; does I/O: processes, HTTP)."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from tests.fake_bot_api import FakeBotApi
from tests.telegram.processes import start_bot
from tests.telegram.proxy import RoundRobinProxy

SECRET = "replica-test-secret"
PATH = "/telegram"
START_SECONDS = 60.0
"""A replica on a busy two-core machine may take this long to answer its health check."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Replicas:
    """`count` processes of `python bot.py run --webhook` sharing one PostgreSQL database,
    with the fake Bot API posting updates to them through a round-robin proxy."""

    api: FakeBotApi
    database_url: str
    folder: Path
    count: int
    processes: list[subprocess.Popen[bytes] | None] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    proxy: RoundRobinProxy | None = None
    env: dict[str, str] = field(default_factory=dict)
    """Settings beyond the database and the webhook (e.g. STAFF_CHAT_ID)."""

    async def start(self) -> None:
        self.ports = [free_port() for _ in range(self.count)]
        self.proxy = RoundRobinProxy([f"http://127.0.0.1:{port}" for port in self.ports])
        await self.proxy.start()
        self.processes = [self._spawn(index) for index in range(self.count)]
        await asyncio.gather(*(self.wait_ready(index) for index in range(self.count)))

    def _spawn(self, index: int) -> subprocess.Popen[bytes]:
        assert self.proxy is not None
        listen = {
            "WEBHOOK_URL": self.proxy.url + PATH,
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": f"127.0.0.1:{self.ports[index]}",
            **self.env,
        }
        return start_bot(
            self.api,
            self.database_url,
            self.folder,
            args=("run", "--webhook"),
            env=listen,
            log=self.folder / f"replica-{index}.log",
        )

    async def wait_ready(self, index: int) -> None:
        """Until the replica's health check says ready (it answers the database)."""
        url = f"http://127.0.0.1:{self.ports[index]}/healthz"
        deadline = time.monotonic() + START_SECONDS
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                process = self.processes[index]
                if process is not None and process.poll() is not None:
                    raise RuntimeError(f"replica {index} exited: {self.log(index)}")
                try:
                    async with session.get(url) as answer:
                        if answer.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise TimeoutError(f"replica {index} not ready: {self.log(index)}")

    def log(self, index: int) -> str:
        path = self.folder / f"replica-{index}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def kill(self, index: int) -> None:
        """SIGKILL: no chance to finish anything."""
        process = self.processes[index]
        assert process is not None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    async def restart(self, index: int) -> None:
        self.processes[index] = self._spawn(index)
        await self.wait_ready(index)

    async def stop(self) -> list[int]:
        """SIGTERM every replica (a graceful stop); their exit codes."""
        codes = []
        for process in self.processes:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            if process is not None:
                try:
                    codes.append(await asyncio.to_thread(process.wait, 30))
                except subprocess.TimeoutExpired:
                    process.kill()
                    codes.append(process.wait())
        if self.proxy is not None:
            await self.proxy.stop()
        return codes


@dataclass
class Step:
    """One thing a person did and what came back."""

    what: str
    touches: int
    """Messages the bot sent or edited in their chat for it (a duplicate shows as more)."""
    seconds: float
    queries: tuple[str, ...] = ()


@dataclass
class Person:
    """A person who acts, then waits for the bot's answer before acting again."""

    api: FakeBotApi
    user: int
    steps: list[Step] = field(default_factory=list)
    settle: float = 0.25
    """No new message in the chat for this long: the answer is complete."""
    timeout: float = 20.0

    async def send(self, text: str) -> Step:
        push = self.api.push_command if text.startswith("/") else self.api.push_text
        return await self._act(text, lambda: _pushed(push(self.user, text)))

    async def tap(self, label: str) -> Step:
        data = next((d for t, d in self.api.buttons(self.user) if t == label), None)
        if data is None:
            raise LookupError(f"person {self.user}: no button {label!r}")
        return await self._act(label, lambda: [self.api.push_callback(self.user, data)])

    async def double_tap(self, label: str) -> Step:
        """Two taps on one button at the same moment (they may reach two replicas)."""
        data = next((d for t, d in self.api.buttons(self.user) if t == label), None)
        if data is None:
            raise LookupError(f"person {self.user}: no button {label!r}")
        return await self._act(
            f"{label} twice", lambda: [self.api.push_callback(self.user, data) for _ in "12"]
        )

    def has(self, label: str) -> bool:
        try:
            return any(t == label for t, _ in self.api.buttons(self.user))
        except LookupError:
            return False

    async def _act(self, what: str, push: Callable[[], list[str]]) -> Step:
        """Push, then wait until every tap is answered and the chat has settled."""
        before = self.api.touches(self.user)
        began = time.monotonic()
        queries = push()
        deadline = began + self.timeout
        seen, answered, last_change = before, 0, began
        while time.monotonic() < deadline:
            await asyncio.sleep(0.02)
            touched = self.api.touches(self.user)
            done = sum(self.api.callback_answered(query) for query in queries)
            if (touched, done) != (seen, answered):  # a tap's message may follow its answer
                seen, answered, last_change = touched, done, time.monotonic()
            settled = time.monotonic() - last_change >= self.settle
            if seen > before and answered == len(queries) and settled:
                break
        step = Step(what, seen - before, time.monotonic() - began, tuple(queries))
        self.steps.append(step)
        return step


async def go(person: Person, label: str) -> None:
    """Tap `label`; when the screen with it never came (its answer was lost with a killed
    process), ask for the menu first, as a person would."""
    if not person.has(label):
        await person.send("/menu")
    if person.has(label):
        await person.tap(label)


async def lost_places(api: FakeBotApi, people: list[Person]) -> list[int]:
    """Everyone taps an option on the last screen they were shown; those who meet "that
    was an earlier message" lost their place. One exception: a step whose answer never came
    (saved, then the process died before it went out: not sent again, so never shown
    twice) leaves the person a screen behind, and "here is where you are now" is right."""

    async def next_tap(person: Person) -> str:
        option = next(t for t, d in api.buttons(person.user) if "|o" in d)
        await person.tap(option)
        return api.messages(person.user)[-1].text

    shown = await asyncio.gather(*(next_tap(person) for person in people))
    return [
        p.user
        for p, text in zip(people, shown, strict=True)
        if "earlier message" in text and p.steps[-2].touches > 0
    ]


def _pushed(update: int) -> list[str]:
    """A message was pushed: no callback query to wait for."""
    return []
