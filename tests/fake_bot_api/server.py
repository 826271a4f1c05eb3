"""Fake Telegram Bot API server on 127.0.0.1 that checks every request against the Bot API spec."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import copy
import dataclasses
import itertools
import json
import re
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from .html_check import parse_formatted, utf16_len
from .spec import (
    ApiSpec,
    MethodSpec,
    UploadedFile,
    check_limits,
    check_params,
    load_spec,
    loose_json,
)

JsonDict = dict[str, Any]
Handler = Callable[["Request"], Any]

HOST = "127.0.0.1"
DEFAULT_ALLOWED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_TOKEN_RE = re.compile(r"\d+:[\w-]+")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
"""The header a webhook request carries setWebhook's secret_token in."""
DEFAULT_MAX_CONNECTIONS = 40
"""Telegram's max_connections when setWebhook names none."""
_REPLY_PREFIXES = ("send", "edit", "copy", "forward", "stopMessageLiveLocation")
_BLOCKABLE_PREFIXES = ("send", "copy", "forward", "edit", "stopMessageLiveLocation", "pin")
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected error",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class Request:
    """One call the bot made: decoded parameters and how it was answered."""

    index: int
    method: str
    params: dict[str, Any]
    time: float
    status: int = 0
    response: JsonDict | None = None
    answered_at: float | None = None

    @property
    def answered(self) -> bool:
        """True once an answer was produced (status 499 means the client went away first)."""
        return self.status != 0

    @property
    def ok(self) -> bool:
        """True when the call was answered with HTTP 200."""
        return self.status == 200

    @property
    def chat_id(self) -> int | str | None:
        """The chat_id parameter, if any."""
        value = self.params.get("chat_id")
        return value if isinstance(value, int | str) and not isinstance(value, bool) else None

    @property
    def result(self) -> Any:
        """The "result" of a successful answer."""
        return (self.response or {}).get("result")

    @property
    def description(self) -> str | None:
        """The error description of a failed answer."""
        value = (self.response or {}).get("description")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Violation:
    """A request that the real Bot API would reject or that breaks its stated rules."""

    method: str
    description: str
    request_index: int | None = None

    def __str__(self) -> str:
        return f"{self.method}: {self.description}"


@dataclass(frozen=True)
class WebhookDelivery:
    """One POST of an update to the webhook: the bot's HTTP status, 0 when none came back
    (connection refused or cut, or no answer in time)."""

    update_id: int
    url: str
    status: int
    time: float

    @property
    def accepted(self) -> bool:
        """True when the bot answered 2xx: the update is delivered and forgotten."""
        return 200 <= self.status < 300


@dataclass
class BotMessage:
    """A message the bot sent, as the person sees it now."""

    chat_id: int
    message_id: int
    text: str
    reply_markup: JsonDict | None = None
    edited: bool = False
    parse_mode: str | None = None
    method: str = "sendMessage"
    date: int = 0
    plain_text: str = ""
    entities: list[JsonDict] = field(default_factory=list)
    deleted: bool = False
    edit_date: int | None = None
    media: JsonDict = field(default_factory=dict)
    thread_id: int | None = None
    """The forum topic the message was sent in (message_thread_id), if any."""
    reply_to: JsonDict | None = None
    """The message this one replies to, as Telegram shows it (reply_to_message)."""

    @property
    def inline_keyboard(self) -> list[list[JsonDict]] | None:
        """The rows of the inline keyboard, or None."""
        rows = (self.reply_markup or {}).get("inline_keyboard")
        return rows if isinstance(rows, list) and rows else None

    def buttons(self) -> list[tuple[str, str]]:
        """(text, callback_data) of every inline button, flattened; "" for non-callback buttons."""
        rows = self.inline_keyboard or []
        return [
            (str(b.get("text", "")), str(b.get("callback_data") or "")) for row in rows for b in row
        ]


@dataclass
class CallbackQueryRecord:
    """A callback query pushed to the bot and whether the bot answered it."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answered: bool = False
    answer: dict[str, Any] | None = None


@dataclass
class _StoredFile:
    """A file known to getFile and the file download endpoint."""

    file_id: str
    file_unique_id: str
    path: str
    content: bytes


class ApiError(Exception):
    """An error answer: HTTP status, Telegram description, optional retry_after."""

    def __init__(
        self,
        status: int,
        description: str,
        *,
        violation: bool = False,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.violation = violation
        self.retry_after = retry_after

    def payload(self) -> JsonDict:
        """The JSON body Telegram answers with."""
        body: JsonDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def _now() -> int:
    return int(time.time())


def _update_type(update: JsonDict) -> str:
    return next((key for key in update if key != "update_id"), "")


def _inline_only(markup: object) -> JsonDict | None:
    """Markup as stored on a message by edits: an inline keyboard with rows, else None."""
    if isinstance(markup, dict) and markup.get("inline_keyboard"):
        return markup
    return None


class FakeBotApi:
    """An in-process fake of the Telegram Bot API for tests.

    Usage with python-telegram-bot::

        api = FakeBotApi()
        await api.start()
        app = Application.builder().token(api.token).base_url(api.base_url).build()
        ...  # add handlers
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0.0, timeout=10)
            replies = await api.send_and_wait(42, "/start")
            await app.updater.stop()
            await app.stop()
        await api.stop()
        assert api.violations == []

    Every request is checked against the Bot API spec and Telegram's prose limits; a problem is
    recorded in `violations` and answered with the 400 Telegram would give. Chats become known
    when a user pushes something (or via register_user); sends to unknown chats answer 400
    "chat not found". Message ids are per chat and shared by the user's and the bot's messages.
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        delay: float = 0.0,
        *,
        bot_username: str = "fake_test_bot",
        bot_first_name: str = "Fake Bot",
        spec: ApiSpec | None = None,
    ) -> None:
        self.token = token
        self.delay = delay
        self.spec = spec or load_spec()
        bot_id = token.split(":", 1)[0]
        self.bot_user: JsonDict = {
            "id": int(bot_id) if bot_id.isdigit() else 123456,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.requests: list[Request] = []
        self.violations: list[Violation] = []
        self.dropped_updates: list[JsonDict] = []
        self.webhook_url = ""
        self.webhook_secret = ""
        self.webhook_max_connections = DEFAULT_MAX_CONNECTIONS
        self.webhook_retry_delay = 0.3
        """Seconds before an update the webhook did not accept is posted again."""
        self.webhook_timeout = 30.0
        """Seconds a webhook POST may take before it counts as failed (and is sent again)."""
        self.webhook_deliveries: list[WebhookDelivery] = []
        self._pusher: asyncio.Task[None] | None = None
        self._posting: dict[int, asyncio.Task[None]] = {}
        self._retry_at: dict[int, float] = {}
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.menu_buttons: dict[int | None, JsonDict] = {}
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._stopping = False
        self._event = asyncio.Event()
        self._inflight = 0
        self._last_activity = time.monotonic()
        self._push_mark = 0
        self._poll_generation = 0
        self._pending: list[JsonDict] = []
        self._unfetched: set[int] = set()
        self._fetched_at: dict[int, int] = {}
        self._update_ids = itertools.count(1)
        self._allowed_updates: frozenset[str] | None = None
        self._chats: dict[int, JsonDict] = {}
        self._users: dict[int, JsonDict] = {}
        self._bot_messages: dict[int, dict[int, BotMessage]] = {}
        self._user_messages: dict[int, dict[int, JsonDict]] = {}
        self._topics: dict[int, dict[int, JsonDict]] = {}
        """Forum topics per chat: message_thread_id -> the forum_topic_created service message."""
        self.closed_topics: set[tuple[int, int]] = set()
        self._message_ids: dict[int, Iterator[int]] = {}
        self._touch_log: list[tuple[int, int, int]] = []
        self._touches: collections.Counter[int] = collections.Counter()
        """Messages sent or edited per chat so far (for many people at once: no log scan)."""
        self._callbacks: dict[str, CallbackQueryRecord] = {}
        self._callback_ids = itertools.count(4_000_000_000_000_001)
        self._files: dict[str, _StoredFile] = {}
        self._file_counter = itertools.count(1)
        self._blocked: set[int] = set()
        self._injections: dict[str, deque[ApiError]] = {}
        self._holds: dict[str, deque[float]] = {}
        self._handlers: dict[str, Handler] = self._make_handlers()

    # ----------------------------------------------------------------- lifecycle

    async def start(self, port: int = 0) -> None:
        """Start serving on 127.0.0.1 (port 0 picks a free port)."""
        if self._runner is not None:
            raise RuntimeError("FakeBotApi already started")
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/_control/{action}", self._handle_control)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown_path)
        runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        await web.TCPSite(runner, HOST, port).start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        self._stopping = False

    async def stop(self) -> None:
        """Answer pending long polls and stop serving."""
        self._stopping = True
        self._bump()
        await self._stop_pushing()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if not self._port:
            raise RuntimeError("FakeBotApi is not started")
        return self._port

    @property
    def url(self) -> str:
        """Root URL of the server, e.g. http://127.0.0.1:PORT."""
        return f"http://{HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        """Bot API base URL for PTB's base_url: http://127.0.0.1:PORT/bot."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """File download base URL for PTB's base_file_url."""
        return f"{self.url}/file/bot"

    # ------------------------------------------------------------- notification

    def _bump(self) -> None:
        """Wake every waiter so it re-checks its condition."""
        self._event.set()
        self._event = asyncio.Event()

    def _touch(self) -> None:
        """Note activity (a request arrived or was answered) and wake waiters."""
        self._last_activity = time.monotonic()
        self._bump()

    async def _wait_state(self, check: Callable[[], float], timeout: float) -> bool:
        """Wait until check() returns <= 0; check returns seconds until it may change by itself."""
        deadline = time.monotonic() + timeout
        while True:
            event = self._event
            recheck = check()
            if recheck <= 0:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), min(recheck, remaining))

    def _quiet_for(self, quiet: float) -> float:
        """0 when nothing is in flight (requests, webhook POSTs) and no activity happened for
        quiet seconds."""
        if self._inflight or self._posting:
            return float("inf")
        return quiet - (time.monotonic() - self._last_activity)

    # ------------------------------------------------------------ HTTP handlers

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw, read_problem = await _read_params(request)
        record = Request(
            len(self.requests), method, {k: loose_json(v) for k, v in raw.items()}, time.monotonic()
        )
        self.requests.append(record)
        is_poll = method.lower() == "getupdates"
        if not is_poll:
            self._inflight += 1
        self._touch()
        status, payload = 499, None
        try:
            if self.delay > 0:
                await asyncio.sleep(self.delay)
            answer = await self._answer(record, request.match_info["token"], raw, read_problem)
            await self._hold_answer(record.method)
            status, payload = answer
        finally:
            self._finish(record, status, payload, is_poll)
        return web.json_response(payload, status=status, dumps=_dumps)

    def _finish(
        self, record: Request, status: int, payload: JsonDict | None, is_poll: bool
    ) -> None:
        record.status, record.response, record.answered_at = status, payload, time.monotonic()
        if not is_poll:
            self._inflight -= 1
        if not is_poll or record.result:
            self._touch()
        else:
            self._bump()

    async def _answer(
        self, record: Request, token: str, raw: dict[str, object], read_problem: str | None
    ) -> tuple[int, JsonDict]:
        try:
            method = self._resolve(record, token, read_problem)
            params, problems = check_params(self.spec, method, raw)
            record.params = params
            problems = problems or check_limits(method.name, params)
            if problems:
                for problem in problems:
                    self._violate(record, problem)
                raise ApiError(400, problems[0])
            result = await self._dispatch(method, record)
        except ApiError as error:
            if error.violation:
                self._violate(record, error.description)
            return error.status, error.payload()
        return 200, {"ok": True, "result": result}

    def _resolve(self, record: Request, token: str, read_problem: str | None) -> MethodSpec:
        """Check the token, the body and the method name; return the method's spec."""
        if token != self.token:
            status = 401 if _TOKEN_RE.fullmatch(token) else 404
            raise ApiError(
                status,
                _DEFAULT_DESCRIPTIONS[status] + f" (token {token!r} is not the configured token)",
                violation=True,
            )
        if read_problem:
            raise ApiError(400, f"Bad Request: {read_problem}", violation=True)
        method = self.spec.method(record.method)
        if method is None:
            raise ApiError(404, "Not Found", violation=True)
        record.method = method.name
        return method

    def _violate(self, record: Request, description: str) -> None:
        self.violations.append(Violation(record.method, description, record.index))

    async def _dispatch(self, method: MethodSpec, record: Request) -> Any:
        self._raise_injected(method.name)
        self._raise_if_blocked(method.name, record.params)
        if method.name == "getUpdates":
            return await self._get_updates(record.params)
        handler = self._handlers.get(method.name)
        if handler is not None:
            return handler(record)
        return self._generic(method, record)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        path = request.match_info["path"]
        stored = next((item for item in self._files.values() if item.path == path), None)
        if stored is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        return web.Response(body=stored.content, content_type="application/octet-stream")

    async def _handle_unknown_path(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").payload(), status=404)

    # ---------------------------------------------------------- error sources

    def inject(
        self,
        method: str,
        status: int,
        *,
        times: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Make the next `times` calls of method fail with status (429 carries retry_after)."""
        spec = self.spec.method(method)
        name = spec.name if spec else method
        if status == 429:
            retry_after = 1 if retry_after is None else retry_after
            description = description or f"Too Many Requests: retry after {retry_after}"
        text = description or _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        queue = self._injections.setdefault(name, deque())
        queue.extend(ApiError(status, text, retry_after=retry_after) for _ in range(times))

    def hold(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Answer the next `times` calls of method `seconds` late, after doing what they ask
        (a slow Telegram): a client that gives up first never hears that its message went
        out, and its request is recorded with status 499."""
        spec = self.spec.method(method)
        name = spec.name if spec else method
        self._holds.setdefault(name, deque()).extend([seconds] * times)

    async def _hold_answer(self, method: str) -> None:
        queue = self._holds.get(method)
        if queue:
            await asyncio.sleep(queue.popleft())

    async def go_offline(self) -> None:
        """Telegram becomes unreachable: the listener and every open connection close, so
        calls fail to connect. Updates pushed meanwhile wait; everything else is kept."""
        if self._runner is None:
            raise RuntimeError("FakeBotApi is not listening")
        runner, self._runner = self._runner, None
        for connection in list(runner.server.connections if runner.server else ()):
            if connection.transport is not None:
                connection.transport.abort()  # cut at once, like a network gone
        await runner.cleanup()

    async def come_back(self) -> None:
        """Listen again on the same port, after go_offline."""
        if not self._port:
            raise RuntimeError("FakeBotApi was never started")
        await self.start(self._port)

    @property
    def online(self) -> bool:
        """True while the server listens."""
        return self._runner is not None

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends to their chat answer 403."""
        self._blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        self._blocked.discard(user_id)

    def _raise_injected(self, method: str) -> None:
        queue = self._injections.get(method)
        if queue:
            raise queue.popleft()

    def _raise_if_blocked(self, method: str, params: dict[str, Any]) -> None:
        if method.startswith(_BLOCKABLE_PREFIXES) and params.get("chat_id") in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")

    # -------------------------------------------------------------- getUpdates

    async def _get_updates(self, params: dict[str, Any]) -> list[JsonDict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if "allowed_updates" in params:
            self._allowed_updates = frozenset(params["allowed_updates"]) or None
        self._confirm(params.get("offset"))
        limit = min(max(int(params.get("limit", 100)), 1), 100)
        self._poll_generation += 1
        generation = self._poll_generation
        self._bump()

        def ready() -> float:
            if self._deliverable() or self._stopping or self._poll_generation != generation:
                return 0
            return 0 if self.webhook_url else float("inf")

        await self._wait_state(ready, max(float(params.get("timeout", 0)), 0.0))
        if self._poll_generation != generation or self.webhook_url:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        return self._deliver(self._deliverable()[:limit])

    def _confirm(self, offset: object) -> None:
        if not isinstance(offset, int):
            return
        if offset < 0:
            forgotten = self._pending[:offset]
            self._pending = self._pending[offset:]
        else:
            forgotten = [u for u in self._pending if u["update_id"] < offset]
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        for update in forgotten:
            self._mark_fetched(update["update_id"])

    def _deliverable(self) -> list[JsonDict]:
        """Pending updates of allowed types; others are dropped like Telegram never sent them."""
        allowed = self._allowed_updates
        keep = []
        for update in self._pending:
            kind = _update_type(update)
            if (kind in allowed) if allowed else (kind not in DEFAULT_ALLOWED_UPDATES):
                keep.append(update)
            else:
                self.dropped_updates.append(update)
                self._mark_fetched(update["update_id"])
        self._pending = keep
        return keep

    def _deliver(self, batch: list[JsonDict]) -> list[JsonDict]:
        for update in batch:
            self._mark_fetched(update["update_id"])
        return copy.deepcopy(batch)

    def _mark_fetched(self, update_id: int) -> None:
        if update_id in self._unfetched:
            self._unfetched.discard(update_id)
            self._fetched_at[update_id] = len(self.requests)

    # ---------------------------------------------------------------- handlers

    def _make_handlers(self) -> dict[str, Handler]:
        return {
            "getMe": lambda record: self.bot_user,
            "logOut": lambda record: True,
            "close": lambda record: True,
            "leaveChat": lambda record: True,
            "sendChatAction": self._send_chat_action,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_text,
            "editMessageCaption": self._edit_caption,
            "editMessageReplyMarkup": self._edit_markup,
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "answerCallbackQuery": self._answer_callback,
            "setMyCommands": self._set_commands,
            "getMyCommands": self._get_commands,
            "deleteMyCommands": self._delete_commands,
            "setChatMenuButton": self._set_menu_button,
            "getChatMenuButton": self._get_menu_button,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getFile": self._get_file,
            "createForumTopic": self._create_topic,
            "closeForumTopic": self._close_topic,
            "reopenForumTopic": self._reopen_topic,
        }

    def _send_chat_action(self, record: Request) -> bool:
        self._known_chat(record.params["chat_id"])
        return True

    def _delete_webhook(self, record: Request) -> bool:
        self.webhook_url = ""
        self._bump()  # the pusher stops; getUpdates works again
        if record.params.get("drop_pending_updates"):
            self._drop_pending()
        return True

    def _set_webhook(self, record: Request) -> bool:
        """Push pending updates to the URL from now on (an empty URL removes the webhook)."""
        params = record.params
        secret = str(params.get("secret_token") or "")
        if secret and not _SECRET_RE.fullmatch(secret):
            raise ApiError(
                400, "Bad Request: secret token contains unallowed characters", violation=True
            )
        if not params["url"]:
            return self._delete_webhook(record)
        self.webhook_url, self.webhook_secret = str(params["url"]), secret
        self.webhook_max_connections = int(params.get("max_connections") or DEFAULT_MAX_CONNECTIONS)
        if "allowed_updates" in params:
            self._allowed_updates = frozenset(params["allowed_updates"]) or None
        if params.get("drop_pending_updates"):
            self._drop_pending()
        if self._pusher is None or self._pusher.done():
            self._pusher = asyncio.create_task(self._push_updates())
        self._bump()  # a waiting getUpdates ends with a conflict
        return True

    def _drop_pending(self) -> None:
        for update in self._pending:
            self._mark_fetched(update["update_id"])
        self._pending = []

    def _webhook_info(self, record: Request) -> JsonDict:
        info: JsonDict = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url:
            info["max_connections"] = self.webhook_max_connections
        return info

    # ------------------------------------------------------------- webhook push

    async def _push_updates(self) -> None:
        """While a webhook is set, POST pending updates to it as Telegram does: at most
        max_connections at once; one not answered 2xx is posted again after a delay."""
        async with aiohttp.ClientSession() as session:
            while self.webhook_url and not self._stopping:
                room = self.webhook_max_connections - len(self._posting)
                for update in self._sendable()[: max(room, 0)]:
                    self._posting[update["update_id"]] = asyncio.create_task(
                        self._post_update(session, update)
                    )
                await self._wait_state(self._until_sendable, 1.0)
            if self._posting:
                await asyncio.gather(*self._posting.values(), return_exceptions=True)

    def _sendable(self) -> list[JsonDict]:
        """Pending updates not being posted now and not waiting for their next attempt."""
        now = time.monotonic()
        return [
            update
            for update in self._deliverable()
            if update["update_id"] not in self._posting
            and self._retry_at.get(update["update_id"], 0.0) <= now
        ]

    def _until_sendable(self) -> float:
        """0 when the pusher has something to do; else seconds until a retry falls due."""
        if not self.webhook_url or self._stopping:
            return 0
        if len(self._posting) >= self.webhook_max_connections:
            return float("inf")
        if self._sendable():
            return 0
        waiting = [
            self._retry_at[update["update_id"]]
            for update in self._pending
            if update["update_id"] in self._retry_at and update["update_id"] not in self._posting
        ]
        return min(waiting) - time.monotonic() if waiting else float("inf")

    async def _post_update(self, session: aiohttp.ClientSession, update: JsonDict) -> None:
        update_id, url = int(update["update_id"]), self.webhook_url
        headers = {SECRET_HEADER: self.webhook_secret} if self.webhook_secret else {}
        self._mark_fetched(update_id)
        status = 0
        try:
            async with session.post(
                url,
                data=_dumps(update).encode(),
                headers={**headers, "Content-Type": "application/json"},
                timeout=aiohttp.ClientTimeout(total=self.webhook_timeout),
            ) as response:
                await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError):
            status = 0
        finally:
            delivery = WebhookDelivery(update_id, url, status, time.monotonic())
            self.webhook_deliveries.append(delivery)
            del self._posting[update_id]
            if delivery.accepted:
                self._pending = [u for u in self._pending if u["update_id"] != update_id]
                self._retry_at.pop(update_id, None)
            else:
                self._retry_at[update_id] = time.monotonic() + self.webhook_retry_delay
            self._touch()

    async def _stop_pushing(self) -> None:
        """Cut the POSTs in flight (their updates stay pending) and stop the pusher."""
        tasks = [*self._posting.values(), *([self._pusher] if self._pusher else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._pusher = None

    def _send_message(self, record: Request) -> JsonDict:
        return self._message_json(self._store_sent(record, "text"))

    def _edit_text(self, record: Request) -> JsonDict | bool:
        message = self._editable(record.params)
        if message is None:
            return True
        if message.method != "sendMessage":
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        return self._apply_edit(
            record, message, "text", _inline_only(record.params.get("reply_markup"))
        )

    def _edit_caption(self, record: Request) -> JsonDict | bool:
        message = self._editable(record.params)
        if message is None:
            return True
        if message.method == "sendMessage":
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        return self._apply_edit(
            record, message, "caption", _inline_only(record.params.get("reply_markup"))
        )

    def _edit_markup(self, record: Request) -> JsonDict | bool:
        message = self._editable(record.params)
        if message is None:
            return True
        markup = _inline_only(record.params.get("reply_markup"))
        if markup == _inline_only(message.reply_markup):
            raise ApiError(400, _NOT_MODIFIED)
        message.reply_markup = markup
        return self._mark_edited(record, message)

    def _apply_edit(
        self, record: Request, message: BotMessage, key: str, markup: JsonDict | None
    ) -> JsonDict:
        params = record.params
        source = str(params.get(key) or "")
        parse_mode = params.get("parse_mode")
        parsed = parse_formatted(source, parse_mode if isinstance(parse_mode, str) else None)
        entities = (
            params.get("entities" if key == "text" else "caption_entities") or parsed.entity_dicts()
        )
        old_markup = _inline_only(message.reply_markup)
        if (parsed.text, entities, markup) == (message.plain_text, message.entities, old_markup):
            raise ApiError(400, _NOT_MODIFIED)
        message.text, message.plain_text, message.entities = source, parsed.text, list(entities)
        message.parse_mode = parse_mode if isinstance(parse_mode, str) else None
        message.reply_markup = markup
        return self._mark_edited(record, message)

    def _mark_edited(self, record: Request, message: BotMessage) -> JsonDict:
        message.edited, message.edit_date = True, _now()
        self._touch_log.append((record.index, message.chat_id, message.message_id))
        self._touches[message.chat_id] += 1
        return self._message_json(message)

    def _editable(self, params: dict[str, Any]) -> BotMessage | None:
        """The stored bot message an edit targets; None for inline messages."""
        if params.get("inline_message_id"):
            return None
        chat_id, message_id = params.get("chat_id"), params.get("message_id")
        if chat_id is None or message_id is None:
            raise ApiError(400, "Bad Request: message identifier is not specified", violation=True)
        chat = self._known_chat(chat_id)
        message = self._bot_messages.get(chat, {}).get(message_id)
        if message is not None and not message.deleted:
            return message
        if message_id in self._user_messages.get(chat, {}):
            raise ApiError(400, "Bad Request: message can't be edited", violation=True)
        raise ApiError(400, "Bad Request: message to edit not found")

    def _delete_message(self, record: Request) -> bool:
        chat = self._known_chat(record.params["chat_id"])
        if not self._delete_one(chat, int(record.params["message_id"])):
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def _delete_messages(self, record: Request) -> bool:
        chat = self._known_chat(record.params["chat_id"])
        for message_id in record.params["message_ids"]:
            self._delete_one(chat, int(message_id))
        return True

    def _delete_one(self, chat: int, message_id: int) -> bool:
        message = self._bot_messages.get(chat, {}).get(message_id)
        if message is not None and not message.deleted:
            message.deleted = True
            return True
        return self._user_messages.get(chat, {}).pop(message_id, None) is not None

    def _answer_callback(self, record: Request) -> bool:
        query_id = str(record.params["callback_query_id"])
        query = self._callbacks.get(query_id)
        if query is None:
            raise ApiError(400, f"{_QUERY_INVALID} (unknown query id {query_id})", violation=True)
        if query.answered:
            raise ApiError(
                400, f"{_QUERY_INVALID} (query {query_id} was already answered)", violation=True
            )
        query.answered, query.answer = True, dict(record.params)
        return True

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _set_commands(self, record: Request) -> bool:
        self.commands[self._commands_key(record.params)] = list(record.params["commands"])
        return True

    def _get_commands(self, record: Request) -> list[JsonDict]:
        return self.commands.get(self._commands_key(record.params), [])

    def _delete_commands(self, record: Request) -> bool:
        self.commands.pop(self._commands_key(record.params), None)
        return True

    def _set_menu_button(self, record: Request) -> bool:
        chat_id = record.params.get("chat_id")
        self.menu_buttons[chat_id] = record.params.get("menu_button") or {"type": "default"}
        return True

    def _get_menu_button(self, record: Request) -> JsonDict:
        chat_id = record.params.get("chat_id")
        return self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "default"}

    def _get_chat(self, record: Request) -> JsonDict:
        chat = self._chats[self._known_chat(record.params["chat_id"])]
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            True,
        )
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    def _forum(self, chat_id: object) -> int:
        chat = self._known_chat(chat_id)
        if not self._chats[chat].get("is_forum"):
            raise ApiError(400, "Bad Request: the chat is not a forum")
        return chat

    def _create_topic(self, record: Request) -> JsonDict:
        """A topic starts with a forum_topic_created service message; its id is the topic's."""
        chat = self._forum(record.params["chat_id"])
        name = str(record.params["name"])
        if not 1 <= len(name) <= 128:
            raise ApiError(400, "Bad Request: TOPIC_NAME_INVALID", violation=True)
        color = int(record.params.get("icon_color") or 7322096)
        thread = self._next_message_id(chat)
        created = {"name": name, "icon_color": color}
        self._topics.setdefault(chat, {})[thread] = {
            "message_id": thread,
            "from": self.bot_user,
            "chat": self._chats[chat],
            "date": _now(),
            "message_thread_id": thread,
            "forum_topic_created": created,
            "is_topic_message": True,
        }
        return {"message_thread_id": thread, **created}

    def _topic(self, record: Request) -> tuple[int, int]:
        chat = self._forum(record.params["chat_id"])
        thread = int(record.params["message_thread_id"])
        if thread not in self._topics.get(chat, {}):
            raise ApiError(400, "Bad Request: message thread not found")
        return chat, thread

    def _close_topic(self, record: Request) -> bool:
        chat, thread = self._topic(record)
        if (chat, thread) in self.closed_topics:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        self.closed_topics.add((chat, thread))
        return True

    def _reopen_topic(self, record: Request) -> bool:
        chat, thread = self._topic(record)
        if (chat, thread) not in self.closed_topics:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        self.closed_topics.discard((chat, thread))
        return True

    def _get_chat_member(self, record: Request) -> JsonDict:
        self._known_chat(record.params["chat_id"])
        user_id = int(record.params["user_id"])
        user = self.bot_user if user_id == self.bot_user["id"] else self._users.get(user_id)
        if user is None:
            raise ApiError(400, "Bad Request: user not found")
        return {"status": "member", "user": user}

    def _get_file(self, record: Request) -> JsonDict:
        stored = self._files.get(str(record.params["file_id"]))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.path,
        }

    def _generic(self, method: MethodSpec, record: Request) -> Any:
        """Answer methods without a dedicated handler by their return type."""
        returns = method.returns
        if returns == ("Message",) and "chat_id" in record.params:
            return self._message_json(self._store_sent(record, "caption"))
        if returns == ("Array of Message",) and "chat_id" in record.params:
            items = record.params.get("media") or [None]
            return [self._message_json(self._store_sent(record, "caption")) for _ in items]
        if returns in (("MessageId",), ("Array of MessageId",)) and "chat_id" in record.params:
            count = len(record.params.get("message_ids") or [None])
            ids = [
                {"message_id": self._store_sent(record, "caption").message_id} for _ in range(count)
            ]
            return ids[0] if returns == ("MessageId",) else ids
        if returns == ("Message", "Boolean"):
            message = self._editable(record.params)
            return True if message is None else self._mark_edited(record, message)
        if returns and returns[0].startswith("Array of "):
            return []
        return True

    # ----------------------------------------------------------------- storage

    def _known_chat(self, chat_id: object) -> int:
        if isinstance(chat_id, int) and chat_id in self._chats:
            return chat_id
        raise ApiError(400, "Bad Request: chat not found")

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _store_sent(self, record: Request, text_key: str) -> BotMessage:
        params = record.params
        chat = self._known_chat(params.get("chat_id"))
        self._check_reply_target(chat, params)
        thread = params.get("message_thread_id")
        if thread is not None and (
            not self._chats[chat].get("is_forum") or thread not in self._topics.get(chat, {})
        ):
            raise ApiError(400, "Bad Request: message thread not found")
        source = str(params.get(text_key) or "")
        parse_mode = params.get("parse_mode") if isinstance(params.get("parse_mode"), str) else None
        parsed = parse_formatted(source, parse_mode)
        entities = (
            params.get("entities" if text_key == "text" else "caption_entities")
            or parsed.entity_dicts()
        )
        message = BotMessage(
            chat_id=chat,
            message_id=self._next_message_id(chat),
            text=source,
            reply_markup=params.get("reply_markup"),
            parse_mode=parse_mode,
            method=record.method,
            date=_now(),
            plain_text=parsed.text,
            entities=list(entities),
            media=_media_payload(self, record.method, params),
            thread_id=thread if isinstance(thread, int) else None,
            reply_to=self._replied(chat, params, thread if isinstance(thread, int) else None),
        )
        self._bot_messages.setdefault(chat, {})[message.message_id] = message
        self._touch_log.append((record.index, chat, message.message_id))
        self._touches[chat] += 1
        return message

    def _check_reply_target(self, chat: int, params: dict[str, Any]) -> None:
        reply = params.get("reply_parameters")
        if not isinstance(reply, dict) or reply.get("allow_sending_without_reply"):
            return
        target_chat = reply.get("chat_id", chat)
        message_id = reply.get("message_id")
        if self._message_by_id(target_chat, message_id) is None:
            raise ApiError(400, "Bad Request: message to be replied not found")

    def _message_by_id(self, chat: object, message_id: object) -> JsonDict | None:
        """A message in `chat` as a reply shows it: the person's, the bot's, or a topic's
        creation message; None when there is no such message."""
        if not isinstance(chat, int) or not isinstance(message_id, int):
            return None
        if message_id in self._user_messages.get(chat, {}):
            shown = dict(self._user_messages[chat][message_id])
            shown.pop("reply_to_message", None)  # Telegram does not nest replies
            return shown
        if message_id in self._topics.get(chat, {}):
            return copy.deepcopy(self._topics[chat][message_id])
        sent = self._bot_messages.get(chat, {}).get(message_id)
        if sent is None or sent.deleted:
            return None
        shown = self._message_json(sent)
        shown.pop("reply_to_message", None)
        return shown

    def _replied(self, chat: int, params: dict[str, Any], thread: int | None) -> JsonDict | None:
        """What a new message replies to: its reply target, or in a topic the topic itself."""
        reply = params.get("reply_parameters")
        if isinstance(reply, dict) and reply.get("chat_id", chat) == chat:
            found = self._message_by_id(chat, reply.get("message_id"))
            if found is not None:
                return found
        return self._message_by_id(chat, thread) if thread is not None else None

    def _message_json(self, message: BotMessage) -> JsonDict:
        data: JsonDict = {
            "message_id": message.message_id,
            "from": self.bot_user,
            "chat": self._chats[message.chat_id],
            "date": message.date,
        }
        key = "text" if message.method == "sendMessage" else "caption"
        if message.plain_text:
            data[key] = message.plain_text
        if message.entities:
            data["entities" if key == "text" else "caption_entities"] = message.entities
        data.update(message.media)
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.thread_id is not None:
            data["message_thread_id"] = message.thread_id
            data["is_topic_message"] = True
        if message.reply_to is not None:
            data["reply_to_message"] = copy.deepcopy(message.reply_to)
        markup = _inline_only(message.reply_markup)
        if markup is not None:
            data["reply_markup"] = markup
        return copy.deepcopy(data)

    def _new_file(self, kind: str, extension: str, content: bytes | None = None) -> JsonDict:
        number = next(self._file_counter)
        file_id = f"AgAC{kind[:4].title()}FakeFileId{number:06d}"
        body = content if content is not None else f"fake {kind} #{number}".encode()
        path = f"{kind}s/file_{number}.{extension}"
        stored = _StoredFile(file_id, f"AQAD{number:06d}", path, body)
        self._files[file_id] = stored
        return {"file_id": file_id, "file_unique_id": stored.file_unique_id, "file_size": len(body)}

    # ------------------------------------------------------------ pushing updates

    def register_user(
        self, user_id: int, *, first_name: str = "Test", language_code: str = "en"
    ) -> JsonDict:
        """Make a private chat with user_id known (as if the user had started the bot)."""
        user = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        self._users[user_id] = user
        self._chats.setdefault(
            user_id, {"id": user_id, "type": "private", "first_name": first_name}
        )
        return user

    def register_group(
        self, chat_id: int, *, title: str = "Staff", is_forum: bool = False
    ) -> JsonDict:
        """Make a group known: a supergroup (a forum with topics when `is_forum`) for a chat id
        of -100…, otherwise a basic group (which cannot be a forum)."""
        supergroup = chat_id <= -(10**12)
        if is_forum and not supergroup:
            raise ValueError(f"only a supergroup (id <= -10**12) can be a forum (got {chat_id})")
        chat: JsonDict = {
            "id": chat_id,
            "type": "supergroup" if supergroup else "group",
            "title": title,
        }
        if is_forum:
            chat["is_forum"] = True
        self._chats[chat_id] = chat
        return chat

    def topics(self, chat_id: int) -> dict[int, str]:
        """The forum topics the bot created in chat_id: message_thread_id -> name."""
        return {
            thread: str(created["forum_topic_created"]["name"])
            for thread, created in self._topics.get(chat_id, {}).items()
        }

    def _chat_for(self, user: JsonDict, chat_id: int | None, chat_type: str) -> JsonDict:
        """The chat a user message is in; a group chat_id keeps or infers its group type."""
        cid = user["id"] if chat_id is None else chat_id
        if chat_type == "private" and cid != user["id"]:
            known = self._chats.get(cid)
            if known is not None:
                return known
            chat_type = "supergroup" if cid <= -(10**12) else "group" if cid < 0 else "private"
        if chat_type == "private":
            chat = {"id": cid, "type": "private", "first_name": user["first_name"]}
        else:
            chat = {"id": cid, "type": chat_type, "title": f"Test {chat_type}"}
        self._chats[cid] = chat
        return chat

    def _user_message(
        self,
        user_id: int,
        content: JsonDict,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Test",
        language_code: str = "en",
        message_thread_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> JsonDict:
        user = self.register_user(user_id, first_name=first_name, language_code=language_code)
        chat = self._chat_for(user, chat_id, chat_type)
        cid = chat["id"]
        if message_thread_id is not None and message_thread_id not in self._topics.get(cid, {}):
            raise ValueError(f"no forum topic {message_thread_id} in chat {cid}")
        replied = None
        if reply_to_message_id is not None:
            replied = self._message_by_id(cid, reply_to_message_id)
            if replied is None:
                raise ValueError(f"no message {reply_to_message_id} to reply to in chat {cid}")
        elif message_thread_id is not None:
            replied = self._message_by_id(cid, message_thread_id)  # a topic message replies to it
        message_id = self._next_message_id(cid)
        message = {"message_id": message_id, "from": user, "chat": chat, "date": _now(), **content}
        if message_thread_id is not None:
            message["message_thread_id"] = message_thread_id
            message["is_topic_message"] = True
        if replied is not None:
            message["reply_to_message"] = replied
        self._user_messages.setdefault(chat["id"], {})[message_id] = message
        return message

    def push_update(self, update: JsonDict) -> int:
        """Queue a raw update for getUpdates (update_id is filled in if missing); return its id."""
        update = copy.deepcopy(update)
        if "update_id" not in update:
            update["update_id"] = next(self._update_ids)
        else:
            self._update_ids = itertools.count(max(next(self._update_ids), update["update_id"] + 1))
        problem = self.spec.check_value(update, ("Update",), "update")
        if problem:
            raise ValueError(f"invalid update: {problem}")
        self._pending.append(update)
        self._unfetched.add(update["update_id"])
        self._push_mark = len(self.requests)
        self._bump()
        return int(update["update_id"])

    def push_text(
        self,
        user_id: int,
        text: str,
        *,
        language_code: str = "en",
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Test",
        entities: list[JsonDict] | None = None,
        message_thread_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> int:
        """Push a text message from user_id (in a forum topic, or replying to a message in
        the chat, when given); return the update_id."""
        content: JsonDict = {"text": text}
        if entities:
            content["entities"] = entities
        message = self._user_message(
            user_id,
            content,
            chat_id=chat_id,
            chat_type=chat_type,
            first_name=first_name,
            language_code=language_code,
            message_thread_id=message_thread_id,
            reply_to_message_id=reply_to_message_id,
        )
        return self.push_update({"message": message})

    def push_command(
        self,
        user_id: int,
        command: str,
        *,
        language_code: str = "en",
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Test",
        message_thread_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> int:
        """Push a command ("/start arg") with its bot_command entity; return the update_id."""
        if not command.startswith("/"):
            raise ValueError(f"a command starts with '/': {command!r}")
        entity = {"type": "bot_command", "offset": 0, "length": utf16_len(command.split()[0])}
        return self.push_text(
            user_id,
            command,
            language_code=language_code,
            chat_id=chat_id,
            chat_type=chat_type,
            first_name=first_name,
            entities=[entity],
            message_thread_id=message_thread_id,
            reply_to_message_id=reply_to_message_id,
        )

    def push_callback(
        self,
        user_id: int,
        data: str,
        *,
        message_id: int | None = None,
        language_code: str = "en",
        chat_id: int | None = None,
        first_name: str = "Test",
    ) -> str:
        """Push a tap on an inline button of a bot message; return the callback query id."""
        return self._push_callback(user_id, data, message_id, chat_id, first_name, language_code)[0]

    def _push_callback(
        self,
        user_id: int,
        data: str,
        message_id: int | None,
        chat_id: int | None,
        first_name: str = "Test",
        language_code: str = "en",
    ) -> tuple[str, int]:
        chat = user_id if chat_id is None else chat_id
        message = self._keyboard_message(chat, message_id)
        if message is None:
            raise LookupError(
                f"no bot message with an inline keyboard in chat {chat} (message_id={message_id})"
            )
        user = self.register_user(user_id, first_name=first_name, language_code=language_code)
        query_id = str(next(self._callback_ids))
        query = {
            "id": query_id,
            "from": user,
            "message": self._message_json(message),
            "chat_instance": f"{abs(chat)}{self.bot_user['id']}",
            "data": data,
        }
        self._callbacks[query_id] = CallbackQueryRecord(
            query_id, user_id, chat, message.message_id, data
        )
        return query_id, self.push_update({"callback_query": query})

    def _push_content(
        self, user_id: int, content: JsonDict, chat_id: int | None, language_code: str
    ) -> int:
        message = self._user_message(user_id, content, chat_id=chat_id, language_code=language_code)
        return self.push_update({"message": message})

    def push_sticker(
        self,
        user_id: int,
        *,
        emoji: str = "👍",
        chat_id: int | None = None,
        language_code: str = "en",
    ) -> int:
        """Push a regular static sticker."""
        sticker = {
            **self._new_file("sticker", "webp"),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "FakeTestStickers",
            "thumbnail": {**self._new_file("thumbnail", "jpg"), "width": 128, "height": 128},
        }
        return self._push_content(user_id, {"sticker": sticker}, chat_id, language_code)

    def push_photo(
        self,
        user_id: int,
        *,
        caption: str | None = None,
        content: bytes | None = None,
        chat_id: int | None = None,
        language_code: str = "en",
    ) -> int:
        """Push a photo in three sizes (the largest carries `content` for downloads)."""
        sizes = [
            {**self._new_file("photo", "jpg"), "width": 90, "height": 67},
            {**self._new_file("photo", "jpg"), "width": 320, "height": 240},
            {**self._new_file("photo", "jpg", content), "width": 1280, "height": 960},
        ]
        message: JsonDict = {"photo": sizes}
        if caption:
            message["caption"] = caption
        return self._push_content(user_id, message, chat_id, language_code)

    def push_voice(
        self,
        user_id: int,
        *,
        duration: int = 3,
        content: bytes | None = None,
        chat_id: int | None = None,
        language_code: str = "en",
    ) -> int:
        """Push a voice message (audio/ogg)."""
        voice = {
            **self._new_file("voice", "oga", content),
            "duration": duration,
            "mime_type": "audio/ogg",
        }
        return self._push_content(user_id, {"voice": voice}, chat_id, language_code)

    def push_document(
        self,
        user_id: int,
        *,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        content: bytes | None = None,
        chat_id: int | None = None,
        language_code: str = "en",
    ) -> int:
        """Push a document."""
        extension = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        document = {
            **self._new_file("document", extension, content),
            "file_name": file_name,
            "mime_type": mime_type,
        }
        message: JsonDict = {"document": document}
        if caption:
            message["caption"] = caption
        return self._push_content(user_id, message, chat_id, language_code)

    def push_location(
        self,
        user_id: int,
        *,
        latitude: float = 52.520008,
        longitude: float = 13.404954,
        chat_id: int | None = None,
        language_code: str = "en",
    ) -> int:
        """Push a location."""
        location = {"latitude": latitude, "longitude": longitude}
        return self._push_content(user_id, {"location": location}, chat_id, language_code)

    def push_contact(
        self,
        user_id: int,
        *,
        phone_number: str = "+15550001234",
        first_name: str = "Test",
        chat_id: int | None = None,
        language_code: str = "en",
    ) -> int:
        """Push a contact (the user's own, so user_id is set)."""
        contact = {"phone_number": phone_number, "first_name": first_name, "user_id": user_id}
        return self._push_content(user_id, {"contact": contact}, chat_id, language_code)

    def push_edited_text(
        self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None
    ) -> int:
        """Push an edited_message update for a text message the user sent earlier."""
        chat = user_id if chat_id is None else chat_id
        original = self._user_messages.get(chat, {}).get(message_id)
        if original is None:
            raise LookupError(f"user message {message_id} not found in chat {chat}")
        edited = {key: value for key, value in original.items() if key != "entities"}
        edited.update(text=text, edit_date=_now())
        self._user_messages[chat][message_id] = edited
        return self.push_update({"edited_message": edited})

    # --------------------------------------------------------------- inspection

    def mark(self) -> int:
        """The index the next request will get (use as `since`)."""
        return len(self.requests)

    def touches(self, chat_id: int) -> int:
        """How many times the bot has sent or edited a message in the chat so far."""
        return self._touches[chat_id]

    def callback_answered(self, query_id: str) -> bool:
        """Whether the bot answered the callback query `query_id`."""
        return self._callbacks[query_id].answered

    def pending(self) -> list[int]:
        """Update ids Telegram still holds: not confirmed by a later getUpdates offset, or
        not yet accepted (2xx) by the webhook."""
        return [int(update["update_id"]) for update in self._pending]

    def messages(self, chat_id: int) -> list[BotMessage]:
        """The bot's messages in chat_id as the person sees them now (copies, oldest first)."""
        stored = self._bot_messages.get(chat_id, {}).values()
        return [
            copy.deepcopy(m) for m in sorted(stored, key=lambda m: m.message_id) if not m.deleted
        ]

    def last_message(self, chat_id: int) -> BotMessage | None:
        """The bot's newest visible message in chat_id."""
        messages = self.messages(chat_id)
        return messages[-1] if messages else None

    def buttons(self, chat_id: int, message_id: int | None = None) -> list[tuple[str, str]]:
        """(text, callback_data) of the newest inline-keyboard message (or message_id)."""
        message = self._keyboard_message(chat_id, message_id)
        return message.buttons() if message else []

    def _keyboard_message(self, chat_id: int, message_id: int | None) -> BotMessage | None:
        visible = [m for m in self._bot_messages.get(chat_id, {}).values() if not m.deleted]
        if message_id is not None:
            return next((m for m in visible if m.message_id == message_id), None)
        with_keyboard = [m for m in visible if m.inline_keyboard]
        return max(with_keyboard, key=lambda m: m.message_id) if with_keyboard else None

    def callback_queries(self) -> list[CallbackQueryRecord]:
        """Every callback query pushed so far."""
        return list(self._callbacks.values())

    def unanswered_callback_queries(self) -> list[CallbackQueryRecord]:
        """Callback queries the bot has not answered with answerCallbackQuery."""
        return [query for query in self._callbacks.values() if not query.answered]

    def my_commands(self, scope: JsonDict | None = None, language_code: str = "") -> list[JsonDict]:
        """The commands set with setMyCommands for scope (default scope) and language_code."""
        return self.commands.get(
            self._commands_key({"scope": scope, "language_code": language_code}), []
        )

    # ----------------------------------------------------------------- waiting

    async def wait_for_requests(
        self,
        predicate: Callable[[Request], bool],
        count: int = 1,
        timeout: float = 5.0,
        *,
        since: int | None = None,
    ) -> list[Request]:
        """Wait until `count` answered requests matching predicate arrived since the last push.

        `since` is a request index (see mark()); it defaults to the index at the latest push_*.
        Returns every matching answered request since then; raises TimeoutError otherwise.
        """
        start = self._push_mark if since is None else since

        def matches() -> list[Request]:
            return [r for r in self.requests[start:] if r.answered and predicate(r)]

        if not await self._wait_state(
            lambda: 0 if len(matches()) >= count else float("inf"), timeout
        ):
            found = len(matches())
            summary = self._summary(start)
            raise TimeoutError(
                f"only {found} of {count} matching requests in {timeout}s; {summary}"
            )
        return matches()

    async def wait_idle(self, quiet: float = 0.2, timeout: float = 10.0) -> None:
        """Wait until every pushed update was fetched and nothing happened for `quiet` seconds."""

        def idle() -> float:
            undelivered = self._unfetched or (self.webhook_url and self._pending)
            return float("inf") if undelivered else self._quiet_for(quiet)

        if not await self._wait_state(idle, timeout):
            raise TimeoutError(
                f"not idle after {timeout}s: unfetched updates {sorted(self._unfetched)}; "
                f"{self._inflight} requests in flight; the last requests: {self._latest()}"
            )

    def _latest(self, count: int = 12) -> list[str]:
        """The newest requests, each with how many seconds ago it arrived (for errors)."""
        now = time.monotonic()
        return [
            f"{r.method}->{r.status or 'pending'} {now - r.time:.2f}s ago"
            for r in self.requests[-count:]
        ]

    async def send_and_wait(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        timeout: float = 5.0,
        quiet: float = 0.15,
    ) -> list[BotMessage]:
        """Push text (a command if it starts with '/'), wait for the bot's reply; return messages.

        Returns the messages sent or edited in that chat since the push, as they are now.
        """
        start = self.mark()
        push = self.push_command if text.startswith("/") else self.push_text
        update_id = push(user_id, text, chat_id=chat_id)
        chat = user_id if chat_id is None else chat_id
        await self._await_reply(update_id, chat, None, timeout, quiet, f"message {text!r}")
        return self._touched_since(start, chat)

    async def tap_and_wait(
        self,
        user_id: int,
        button: str,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
        timeout: float = 5.0,
        quiet: float = 0.15,
    ) -> list[BotMessage]:
        """Tap the inline button whose text (or callback_data) is `button`; wait for the bot.

        Returns the messages sent or edited in that chat since the tap, as they are now.
        """
        chat = user_id if chat_id is None else chat_id
        message = self._keyboard_message(chat, message_id)
        if message is None:
            raise LookupError(f"no bot message with an inline keyboard in chat {chat}")
        data = _find_button(message, button)
        start = self.mark()
        query_id, update_id = self._push_callback(user_id, data, message.message_id, chat)
        await self._await_reply(update_id, chat, query_id, timeout, quiet, f"tap on {button!r}")
        return self._touched_since(start, chat)

    async def _await_reply(
        self,
        update_id: int,
        chat: int,
        query_id: str | None,
        timeout: float,
        quiet: float,
        what: str,
    ) -> None:
        start = self.mark()

        def replied() -> bool:
            if query_id is not None and self._callbacks[query_id].answered:
                return True
            first = self._fetched_at.get(update_id)
            return first is not None and any(_is_reply(r, chat) for r in self.requests[first:])

        def done() -> float:
            return self._quiet_for(quiet) if replied() else float("inf")

        if not await self._wait_state(done, timeout):
            fetched = update_id not in self._unfetched
            raise TimeoutError(
                f"bot did not answer {what} in chat {chat} within {timeout}s "
                f"(update fetched: {fetched}); {self._summary(start)}"
            )

    def _touched_since(self, start: int, chat: int) -> list[BotMessage]:
        ids = dict.fromkeys(
            mid for index, cid, mid in self._touch_log if index >= start and cid == chat
        )
        stored = self._bot_messages.get(chat, {})
        return [copy.deepcopy(stored[mid]) for mid in ids if not stored[mid].deleted]

    def _summary(self, start: int) -> str:
        calls = [
            f"{r.method}->{r.status or 'pending'}"
            for r in self.requests[start:]
            if r.method != "getUpdates"
        ]
        problems = [
            str(v)
            for v in self.violations
            if v.request_index is not None and v.request_index >= start
        ]
        return f"requests since: {calls}; violations since: {problems}"

    # ------------------------------------------------------------------ control

    async def _handle_control(self, request: web.Request) -> web.Response:
        """Control endpoints for a fake running in another process (see __main__)."""
        action = request.match_info["action"]
        query = dict(request.query)
        try:
            body = await request.json() if request.can_read_body else {}
            result = self._control(action, dict(body), query)
        except (LookupError, ValueError, TypeError) as error:
            return web.json_response({"ok": False, "error": str(error)}, status=400)
        return web.json_response({"ok": True, "result": result}, dumps=_dumps)

    def _control(self, action: str, body: JsonDict, query: dict[str, str]) -> Any:
        if action in ("push_text", "push_command"):
            push = self.push_text if action == "push_text" else self.push_command
            return push(int(body["user_id"]), str(body["text"]), chat_id=body.get("chat_id"))
        if action == "push_callback":
            return self.push_callback(
                int(body["user_id"]),
                str(body["data"]),
                message_id=body.get("message_id"),
                chat_id=body.get("chat_id"),
            )
        if action == "push_update":
            return self.push_update(body["update"])
        if action == "inject":
            self.inject(
                str(body["method"]),
                int(body["status"]),
                times=int(body.get("times", 1)),
                retry_after=body.get("retry_after"),
                description=body.get("description"),
            )
            return True
        if action == "hold":
            self.hold(str(body["method"]), float(body["seconds"]), times=int(body.get("times", 1)))
            return True
        return self._control_read(action, query)

    def _control_read(self, action: str, query: dict[str, str]) -> Any:
        if action == "requests":
            since = int(query.get("since", 0))
            return {
                "requests": [dataclasses.asdict(r) for r in self.requests[since:]],
                "next": len(self.requests),
            }
        if action == "violations":
            return [dataclasses.asdict(v) for v in self.violations]
        if action == "messages":
            return [dataclasses.asdict(m) for m in self.messages(int(query["chat_id"]))]
        raise LookupError(f"unknown control action {action!r}")


def _find_button(message: BotMessage, button: str) -> str:
    """The callback_data of the button whose text or callback_data is `button`."""
    pairs = message.buttons()
    for text, data in pairs:
        if button in (text, data) and data:
            return data
    raise LookupError(
        f"no callback button {button!r} in message {message.message_id}; buttons: {pairs}"
    )


def _is_reply(record: Request, chat: int) -> bool:
    """A call that shows the person something in chat (typing indicators excluded)."""
    return (
        record.answered
        and record.chat_id == chat
        and record.method.startswith(_REPLY_PREFIXES)
        and record.method != "sendChatAction"
    )


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _json_default(value: object) -> object:
    if isinstance(value, UploadedFile):
        return dataclasses.asdict(value)
    return str(value)


async def _read_params(request: web.Request) -> tuple[dict[str, object], str | None]:
    """Read query, JSON, urlencoded or multipart parameters; files become UploadedFile."""
    params: dict[str, object] = dict(request.query)
    if not request.body_exists:
        return params, None
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            return params, "can't parse JSON request body"
        if not isinstance(body, dict):
            return params, "request body must be a JSON object"
        params.update({key: value for key, value in body.items() if value is not None})
        return params, None
    form = await request.post()
    for key, value in form.items():
        params[key] = _form_value(key, value)
    return params, None


def _form_value(key: str, value: object) -> object:
    if isinstance(value, web.FileField):
        size = len(value.file.read())
        return UploadedFile(key, value.filename, value.content_type, size)
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    return value


def _media_payload(api: FakeBotApi, method: str, params: dict[str, Any]) -> JsonDict:
    """The media field of a message sent with method (file ids are new fake files)."""
    spec = _MEDIA_FOR_METHOD.get(method)
    if spec is None:
        return {}
    key, kind, extension, extra = spec
    if kind == "location":
        return {
            key: {
                "latitude": params.get("latitude", 0.0),
                "longitude": params.get("longitude", 0.0),
            }
        }
    if kind == "dice":
        return {key: {"emoji": params.get("emoji", "🎲"), "value": 4}}
    payload = {**api._new_file(kind, extension), **extra}
    return {key: [payload] if key == "photo" else payload}


_MEDIA_FOR_METHOD: dict[str, tuple[str, str, str, JsonDict]] = {
    "sendPhoto": ("photo", "photo", "jpg", {"width": 1280, "height": 960}),
    "sendDocument": ("document", "document", "bin", {"file_name": "file.bin"}),
    "sendSticker": (
        "sticker",
        "sticker",
        "webp",
        {"type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False},
    ),
    "sendVoice": ("voice", "voice", "oga", {"duration": 1, "mime_type": "audio/ogg"}),
    "sendAudio": ("audio", "audio", "mp3", {"duration": 1}),
    "sendVideo": ("video", "video", "mp4", {"width": 640, "height": 360, "duration": 1}),
    "sendAnimation": (
        "animation",
        "animation",
        "mp4",
        {"width": 320, "height": 240, "duration": 1},
    ),
    "sendVideoNote": ("video_note", "video_note", "mp4", {"length": 240, "duration": 1}),
    "sendLocation": ("location", "location", "", {}),
    "sendDice": ("dice", "dice", "", {}),
}
