"""Serve Telegram's webhook with aiohttp, so replicas can share a bot behind a load balancer (I/O).

Not python-telegram-bot's own webhook server: that one answers 200 before the update is
processed, so a replica that dies in between loses it. Here an update is answered only once it
has been processed (and its state committed), so Telegram redelivers what a dead replica held;
the runner answers a redelivered update once. Also: a health check for the load balancer, and a
graceful stop on SIGTERM that finishes the updates in hand and refuses new ones.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import sys
from functools import partial
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.content.holder import ContentHolder
from bot.settings import Settings
from bot.telegram.application import TelegramBot, running_bot, until_signalled

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
"""The header Telegram sends the webhook's secret_token in."""
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram accepts as a secret_token."""
MAX_CONNECTIONS = 100
"""Telegram's most connections to the webhook at once (its default is 40), shared by every
replica behind the balancer. Each update holds its connection until it is processed and
answered, so this bounds the updates in progress across all replicas; one person's updates
still run in turn (the runner's hold)."""
DRAIN_SECONDS = 8.0
"""On SIGTERM, how long the updates in hand may take to finish: under the 10 s Docker and
systemd give between SIGTERM and SIGKILL. An update cut off is not acknowledged, so Telegram
sends it again to another replica."""
HEALTH_SECONDS = 2.0
"""How long the health check waits for the database before it says "not ready"."""


class WebhookError(RuntimeError):
    """The webhook could not start: what failed, where, and how to fix it."""


def webhook_problem(settings: Settings) -> str | None:
    """Why the webhook cannot start with these settings, and how to fix it; None when it can."""
    if not settings.webhook_url:
        return (
            "--webhook needs WEBHOOK_URL, the public https:// address Telegram posts updates to"
            " (e.g. https://bot.example.org/telegram); set it in .env (see .env.example), or"
            " run without --webhook for long polling."
        )
    if not settings.webhook_secret:
        return (
            "WEBHOOK_SECRET is not set: without it anyone who finds WEBHOOK_URL could post"
            " updates. Put a random one in .env (1-256 of A-Z a-z 0-9 _ -), e.g. from"
            " `python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
        )
    if not SECRET_PATTERN.fullmatch(settings.webhook_secret):
        return (
            f"WEBHOOK_SECRET has {len(settings.webhook_secret)} character(s), some not allowed:"
            " Telegram accepts 1-256 of A-Z a-z 0-9 _ and -; pick another (see .env.example)."
        )
    return None


def webhook_path(url: str) -> str:
    """The path Telegram posts to: https://bot.example.org/telegram -> /telegram."""
    return urlsplit(url).path or "/"


def listen_address(listen: str) -> tuple[str, int]:
    """WEBHOOK_LISTEN's host and port: "0.0.0.0:8080" -> ("0.0.0.0", 8080); "[::]:80" too."""
    host, _, port = listen.rpartition(":")
    return host.strip("[]"), int(port)


class WebhookServer:
    """The webhook and health endpoints over a started Application and its TelegramBot."""

    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        bot: TelegramBot,
        secret: str,
        path: str,
    ) -> None:
        self.app = app
        self.bot = bot
        self.secret = secret.encode()
        self.path = path
        self.stopping = False
        self._in_hand = 0
        self._drained = asyncio.Event()
        self._drained.set()
        self._runner: web.AppRunner | None = None
        self._failed: set[int] = set()
        self.port = 0
        """The port listened on, once `listen` returned (useful with port 0)."""
        app.add_error_handler(self._note_failure)

    def __repr__(self) -> str:
        return f"WebhookServer(path={self.path!r}, port={self.port})"

    async def listen(self, host: str, port: int) -> None:
        """Start answering on host:port (port 0: any free port, see `port`)."""
        web_app = web.Application()
        web_app.router.add_post(self.path, self.on_update)
        web_app.router.add_get("/healthz", self.on_health)
        runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as error:
            await runner.cleanup()
            raise WebhookError(
                f"cannot listen on {host}:{port} ({error.strerror or error}); free the port"
                " or choose another WEBHOOK_LISTEN"
            ) from error
        self._runner = runner
        self.port = int(runner.addresses[0][1])

    async def register(self, url: str) -> None:
        """Ask Telegram to post every kind of update to `url` with our secret. The webhook is
        never deleted at stop: the other replicas still serve it."""
        try:
            await self.app.bot.set_webhook(
                url,
                max_connections=MAX_CONNECTIONS,
                allowed_updates=Update.ALL_TYPES,
                secret_token=self.secret.decode(),
            )
        except TelegramError as error:
            raise WebhookError(
                f"Telegram refused setWebhook for {url} ({error.message}); check"
                " TELEGRAM_BOT_TOKEN, WEBHOOK_URL (https on port 443, 80, 88 or 8443)"
                " and WEBHOOK_SECRET"
            ) from error

    async def stop(self, drain: float = DRAIN_SECONDS) -> None:
        """Refuse new updates (503) and fail the health check, let the updates in hand finish
        (for at most `drain` seconds), then stop listening."""
        self.stopping = True
        if self._in_hand:
            log.info("stopping: finishing %d update(s) in hand", self._in_hand)
        try:
            await asyncio.wait_for(self._drained.wait(), drain)
        except TimeoutError:
            log.warning("stopping: %d update(s) cut off; Telegram sends them again", self._in_hand)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def on_update(self, request: web.Request) -> web.Response:
        """One update from Telegram: answered 200 only after it was processed."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            return web.Response(status=403, text="wrong secret token")
        if self.stopping:
            return web.Response(status=503, text="stopping")
        self._in_hand += 1
        self._drained.clear()
        try:
            return await self._process(request)
        finally:
            self._in_hand -= 1
            if not self._in_hand:
                self._drained.set()

    async def _process(self, request: web.Request) -> web.Response:
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, self.app.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError, AttributeError):  # not JSON, not an update
            update = None
        if update is None:
            return web.Response(status=400, text="expected an update as a JSON object")
        await self.app.update_processor.process_update(update, self.app.process_update(update))
        # A handler's exception reached the adapter's error handler, which told the person
        # that something went wrong. Most such failures would fail again the same way, so the
        # update counts as handled (200) rather than come back again and again. But while the
        # database does not answer, nothing was saved: 503, and Telegram sends it again
        # (to a replica whose database answers). Anything that stops processing itself
        # answers 500, and Telegram sends it again too.
        if update.update_id in self._failed:
            self._failed.discard(update.update_id)
            if not await self._database_answers():
                return web.Response(status=503, text="the database does not answer")
        return web.Response(text="ok")

    async def _note_failure(self, update: object, context: object) -> None:
        """An error handler: remember which update failed (see `_process`)."""
        if isinstance(update, Update):
            self._failed.add(update.update_id)

    async def on_health(self, request: web.Request) -> web.Response:
        """200 "ready" when the database answers and the content is loaded; else 503."""
        if self.stopping:
            return web.Response(status=503, text="stopping")
        if self.bot.runner is None:
            return web.Response(status=503, text="starting: content not loaded yet")
        if not await self._database_answers():
            return web.Response(status=503, text="the database does not answer")
        return web.Response(text="ready")

    async def _database_answers(self) -> bool:
        """Whether the store answers a ping within HEALTH_SECONDS."""
        if self.bot.runner is None:
            return False
        try:
            await asyncio.wait_for(self.bot.runner.store.ping(), HEALTH_SECONDS)
        except Exception as error:  # any failure means: send no traffic here
            log.warning("the database does not answer (%s)", type(error).__name__)
            return False
        return True


async def serve(settings: Settings, holder: ContentHolder, stop: asyncio.Event) -> None:
    """Serve the webhook until `stop` is set, then stop gracefully: finish the updates in
    hand, then stop the bot."""
    async with running_bot(settings, holder) as (bot, app):
        path = webhook_path(settings.webhook_url)
        server = WebhookServer(app, bot, settings.webhook_secret, path)
        await server.listen(*listen_address(settings.webhook_listen))
        try:
            await server.register(settings.webhook_url)
            log.info("webhook: serving %s on %s", server.path, settings.webhook_listen)
            await stop.wait()
        finally:
            await server.stop()


def run_webhook(settings: Settings, holder: ContentHolder) -> int:
    """Webhooks until SIGTERM or SIGINT (a graceful stop); SIGHUP publishes new content.
    Returns the exit code: 0 after a stop, 1 when it could not start, 2 on bad settings."""
    problem = webhook_problem(settings)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    try:
        asyncio.run(until_signalled(partial(serve, settings, holder)))
    except WebhookError as error:
        print(f"webhook: {error}", file=sys.stderr)
        return 1
    return 0
