"""Tests of the fake Bot API itself, including a real python-telegram-bot Application against it."""

from __future__ import annotations

import asyncio
import html
import json
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    MenuButtonCommands,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from . import SECRET_HEADER, FakeBotApi, HtmlError, parse_html, utf16_len

USER = 42
KEYBOARD = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    fake = FakeBotApi()
    await fake.start()
    yield fake
    await fake.stop()


async def call(api: FakeBotApi, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """POST form data like PTB does (objects JSON-encoded); return status and JSON body."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    url = f"{api.base_url}{api.token}/{method}"
    async with aiohttp.ClientSession() as session, session.post(url, data=form) as response:
        return response.status, await response.json()


def descriptions(api: FakeBotApi) -> list[str]:
    return [violation.description for violation in api.violations]


# ----------------------------------------------------------------- HTML parsing


@pytest.mark.parametrize(
    "source",
    [
        "<div>x</div>",
        "a < b",
        "x > y",
        "<b>unclosed",
        "<b>x</i>",
        "</b>",
        "fish &chips",
        "&nbsp;",
        "<span>x</span>",
        "<a>no href</a>",
        "<br>",
        '<tg-time unix="x">t</tg-time>',
    ],
)
def test_invalid_html_is_rejected(source: str) -> None:
    with pytest.raises(HtmlError):
        parse_html(source)


def test_html_entities_and_utf16_offsets() -> None:
    parsed = parse_html(
        '<b>😀 x</b> <i>y</i> &lt;&amp;&gt;&quot;&#33;&#x41; <a href="https://e.x/?a=1&amp;b=2">l</a>'
    )
    assert parsed.text == '😀 x y <&>"!A l'
    entities = parsed.entity_dicts()
    assert entities[0] == {"type": "bold", "offset": 0, "length": 4}
    assert entities[1] == {"type": "italic", "offset": 5, "length": 1}
    assert entities[2] == {
        "type": "text_link",
        "offset": 14,
        "length": 1,
        "url": "https://e.x/?a=1&b=2",
    }
    assert parsed.length == utf16_len(parsed.text) == len(parsed.text) + 1


def test_html_pre_language_spoiler_and_blockquote() -> None:
    parsed = parse_html(
        '<pre><code class="language-python">x = 1</code></pre><span class="tg-spoiler">s</span>'
        "<tg-spoiler>t</tg-spoiler><blockquote expandable>q</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
        '<tg-time unix="1647531900" format="wDT">d</tg-time>'
    )
    types = [(e["type"], e.get("language")) for e in parsed.entity_dicts()]
    assert types == [
        ("pre", "python"),
        ("spoiler", None),
        ("spoiler", None),
        ("expandable_blockquote", None),
        ("custom_emoji", None),
        ("date_time", None),
    ]


# ---------------------------------------------------------------- spec checks


@pytest.mark.asyncio
async def test_get_me_unknown_method_and_wrong_token(api: FakeBotApi) -> None:
    status, body = await call(api, "getMe")
    assert status == 200 and body["result"]["is_bot"] is True
    assert (await call(api, "GETME"))[0] == 200
    status, body = await call(api, "sendMessag", chat_id=1, text="x")
    assert (status, body["description"]) == (404, "Not Found")
    url = f"{api.base_url}999:WRONG/getMe"
    async with aiohttp.ClientSession() as session, session.post(url) as response:
        assert response.status == 401
    assert len(api.violations) == 2
    assert api.violations[0].method == "sendMessag"


@pytest.mark.asyncio
async def test_unknown_and_missing_parameters_are_violations(api: FakeBotApi) -> None:
    api.register_user(USER)
    status, body = await call(api, "sendMessage", chat_id=USER, text="hi", colour="red")
    assert status == 400 and 'unknown parameter "colour"' in body["description"]
    status, body = await call(api, "sendMessage", chat_id=USER)
    assert status == 400 and 'parameter "text" is required' in body["description"]
    status, body = await call(
        api, "sendMessage", chat_id=USER, text="x", disable_notification="maybe"
    )
    assert status == 400 and "Boolean" in body["description"]
    assert len(api.violations) == 3
    assert api.messages(USER) == []


@pytest.mark.asyncio
async def test_json_bodies_and_decoded_params(api: FakeBotApi) -> None:
    api.register_user(USER)
    async with aiohttp.ClientSession() as session:
        url = f"{api.base_url}{api.token}/sendMessage"
        payload = {"chat_id": USER, "text": "json", "reply_markup": KEYBOARD}
        async with session.post(url, json=payload) as response:
            assert response.status == 200
    await call(api, "sendMessage", chat_id=str(USER), text="123", reply_markup=KEYBOARD)
    request = api.requests[-1]
    assert request.params == {"chat_id": USER, "text": "123", "reply_markup": KEYBOARD}
    assert api.violations == []


@pytest.mark.asyncio
async def test_text_length_counts_after_parsing_in_utf16(api: FakeBotApi) -> None:
    api.register_user(USER)
    ok = ["&lt;" * 4096, "😀" * 2048, "a" * 4096]
    for text in ok:
        assert (await call(api, "sendMessage", chat_id=USER, text=text, parse_mode="HTML"))[
            0
        ] == 200
    for text in ["a" * 4097, "😀" * 2049, "   "]:
        status, body = await call(api, "sendMessage", chat_id=USER, text=text)
        assert status == 400
    assert "message is too long" in descriptions(api)[0]
    assert "message text is empty" in descriptions(api)[2]
    status, body = await call(api, "sendMessage", chat_id=USER, text="a < b", parse_mode="HTML")
    assert status == 400 and body["description"].startswith("Bad Request: can't parse entities")
    assert len(api.violations) == 4


@pytest.mark.asyncio
async def test_callback_data_limit_and_keyboard_shape(api: FakeBotApi) -> None:
    api.register_user(USER)

    def markup(*rows: list[dict[str, str]]) -> dict[str, Any]:
        return {"inline_keyboard": list(rows)}

    good = [{"text": "ok", "callback_data": "é" * 32}]
    assert (await call(api, "sendMessage", chat_id=USER, text="x", reply_markup=markup(good)))[
        0
    ] == 200
    bad_markups = [
        markup([{"text": "long", "callback_data": "x" * 65}]),
        markup([{"text": "long", "callback_data": "é" * 33}]),
        markup([]),
        markup([{"text": "two", "callback_data": "a", "url": "https://e.x"}]),
        markup([{"text": "none"}]),
        markup(*[[{"text": str(i), "callback_data": str(i)}] for i in range(101)]),
        {"keyboard": [[]]},
    ]
    for bad in bad_markups:
        assert (await call(api, "sendMessage", chat_id=USER, text="x", reply_markup=bad))[0] == 400
    assert "BUTTON_DATA_INVALID" in descriptions(api)[0]
    assert len(api.violations) == len(bad_markups)


@pytest.mark.asyncio
async def test_callback_query_answered_once(api: FakeBotApi) -> None:
    api.register_user(USER)
    await call(api, "sendMessage", chat_id=USER, text="Sure?", reply_markup=KEYBOARD)
    query_id = api.push_callback(USER, "yes")
    assert [q.id for q in api.unanswered_callback_queries()] == [query_id]
    assert (await call(api, "answerCallbackQuery", callback_query_id=query_id, text="x" * 201))[
        0
    ] == 400
    assert (await call(api, "answerCallbackQuery", callback_query_id=query_id))[0] == 200
    assert api.unanswered_callback_queries() == []
    status, body = await call(api, "answerCallbackQuery", callback_query_id=query_id)
    assert status == 400 and "already answered" in body["description"]
    assert (await call(api, "answerCallbackQuery", callback_query_id="nope"))[0] == 400
    assert len(api.violations) == 3


@pytest.mark.asyncio
async def test_commands_menu_and_chat_actions(api: FakeBotApi) -> None:
    commands = [{"command": "start", "description": "Start"}]
    assert (await call(api, "setMyCommands", commands=commands, language_code="de"))[0] == 200
    assert api.my_commands(language_code="de") == commands
    assert (await call(api, "getMyCommands", language_code="de"))[1]["result"] == commands
    assert (await call(api, "deleteMyCommands", language_code="de"))[0] == 200
    assert api.my_commands(language_code="de") == []
    bad = [{"command": "Start", "description": "x"}]
    assert (await call(api, "setMyCommands", commands=bad))[0] == 400
    assert (await call(api, "setChatMenuButton", menu_button={"type": "commands"}))[0] == 200
    api.register_user(USER)
    assert (await call(api, "sendChatAction", chat_id=USER, action="typing"))[0] == 200
    assert (await call(api, "sendChatAction", chat_id=USER, action="dancing"))[0] == 400
    assert len(api.violations) == 2


# --------------------------------------------------------- history and updates


@pytest.mark.asyncio
async def test_edit_history_and_message_ids(api: FakeBotApi) -> None:
    api.push_text(USER, "hello")
    status, body = await call(
        api, "sendMessage", chat_id=USER, text="<b>Q</b>", parse_mode="HTML", reply_markup=KEYBOARD
    )
    message_id = body["result"]["message_id"]
    assert api.spec.check_value(body["result"], ("Message",), "result") is None
    assert message_id == 2 and body["result"]["entities"][0]["type"] == "bold"
    assert api.buttons(USER) == [("Yes", "yes")]
    same = {"chat_id": USER, "message_id": message_id, "text": "<b>Q</b>", "parse_mode": "HTML"}
    status, body = await call(api, "editMessageText", **same, reply_markup=KEYBOARD)
    assert status == 400 and "message is not modified" in body["description"]
    assert (await call(api, "editMessageText", **same))[0] == 200
    message = api.last_message(USER)
    assert message is not None and message.edited and message.reply_markup is None
    assert api.buttons(USER) == []
    status, body = await call(api, "editMessageText", chat_id=USER, message_id=99, text="x")
    assert status == 400 and "message to edit not found" in body["description"]
    assert (
        await call(
            api,
            "editMessageReplyMarkup",
            chat_id=USER,
            message_id=message_id,
            reply_markup=KEYBOARD,
        )
    )[0] == 200
    assert (await call(api, "deleteMessage", chat_id=USER, message_id=message_id))[0] == 200
    assert api.messages(USER) == []
    assert (await call(api, "sendMessage", chat_id=777, text="x"))[1][
        "description"
    ] == "Bad Request: chat not found"
    assert api.violations == []


@pytest.mark.asyncio
async def test_get_updates_offset_limit_and_long_poll(api: FakeBotApi) -> None:
    ids = [api.push_text(USER, f"m{i}") for i in range(3)]
    _, body = await call(api, "getUpdates", limit=2)
    assert [u["update_id"] for u in body["result"]] == ids[:2]
    _, body = await call(api, "getUpdates", offset=ids[1] + 1, timeout=0)
    assert [u["message"]["text"] for u in body["result"]] == ["m2"]
    poll = asyncio.create_task(call(api, "getUpdates", offset=ids[2] + 1, timeout=5))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    pushed = api.push_text(USER, "late")
    _, body = await poll
    assert [u["update_id"] for u in body["result"]] == [pushed]
    assert time.monotonic() - started < 1.0
    await call(api, "getUpdates", offset=pushed + 1, timeout=0)
    await api.wait_idle(quiet=0.01, timeout=2)


@pytest.mark.asyncio
async def test_allowed_updates_filter(api: FakeBotApi) -> None:
    chat = {"id": USER, "type": "private", "first_name": "Test"}
    reaction = {
        "chat": chat,
        "message_id": 1,
        "date": 0,
        "old_reaction": [],
        "new_reaction": [{"type": "emoji", "emoji": "👍"}],
    }
    api.push_update({"message_reaction": reaction})
    assert (await call(api, "getUpdates", timeout=0))[1]["result"] == []
    assert len(api.dropped_updates) == 1
    api.push_update({"message_reaction": reaction})
    body = (await call(api, "getUpdates", allowed_updates=["message_reaction"]))[1]
    assert len(body["result"]) == 1
    with pytest.raises(ValueError, match="invalid update"):
        api.push_update({"message": {"text": "no chat"}})


@pytest.mark.asyncio
async def test_pushed_media_parse_in_ptb_and_download(api: FakeBotApi) -> None:
    api.push_sticker(USER)
    api.push_photo(USER, caption="pic", content=b"JPEGDATA")
    api.push_voice(USER)
    api.push_document(USER)
    api.push_location(USER)
    api.push_contact(USER)
    api.push_text(USER, "typo")
    api.push_edited_text(USER, 7, "fixed")
    bot = Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)
    async with bot:
        updates = await bot.get_updates(timeout=0)
        messages = [u.effective_message for u in updates]
        assert messages[0] and messages[0].sticker and messages[0].sticker.emoji == "👍"
        assert messages[1] and messages[1].photo and messages[1].caption == "pic"
        photo_file = await bot.get_file(messages[1].photo[-1].file_id)
        assert await photo_file.download_as_bytearray() == bytearray(b"JPEGDATA")
        assert messages[2] and messages[2].voice and messages[2].voice.mime_type == "audio/ogg"
        assert messages[3] and messages[3].document and messages[3].document.file_name
        assert messages[4] and messages[4].location and messages[5] and messages[5].contact
        assert updates[-1].edited_message and updates[-1].edited_message.text == "fixed"
    assert api.violations == []


# ------------------------------------------------------------ error injection


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_injected_429_and_blocked_user_403(api: FakeBotApi) -> None:
    api.register_user(USER)
    api.inject("sendMessage", 429, retry_after=3)
    status, body = await call(api, "sendMessage", chat_id=USER, text="x")
    assert (status, body["parameters"]) == (429, {"retry_after": 3})
    api.inject("sendmessage", 429, retry_after=3)
    bot = Bot(api.token, base_url=api.base_url)
    async with bot:
        with pytest.raises(RetryAfter):
            await bot.send_message(USER, "x")
        assert (await bot.send_message(USER, "after")).text == "after"
        api.block(USER)
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_message(USER, "x")
        api.unblock(USER)
        api.inject("getMe", 500, times=2)
        assert (await call(api, "getMe"))[0] == 500
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(USER, "x" * 5000)
    assert [m.text for m in api.messages(USER)] == ["after"]
    assert len(api.violations) == 1


@pytest.mark.asyncio
async def test_delay_is_added_to_every_answer() -> None:
    fake = FakeBotApi(delay=0.2)
    await fake.start()
    try:
        started = time.monotonic()
        assert (await call(fake, "getMe"))[0] == 200
        assert time.monotonic() - started >= 0.2
    finally:
        await fake.stop()


@pytest.mark.asyncio
async def test_a_held_answer_comes_late_and_the_work_is_done_anyway(api: FakeBotApi) -> None:
    api.register_user(USER)
    api.hold("sendmessage", 0.6)
    url = f"{api.base_url}{api.token}/sendMessage"
    impatient = aiohttp.ClientTimeout(sock_read=0.2)
    async with aiohttp.ClientSession(timeout=impatient) as session:
        with pytest.raises(TimeoutError):
            await session.post(url, data={"chat_id": str(USER), "text": "slow"})
        (gave_up,) = await api.wait_for_requests(lambda r: r.method == "sendMessage", since=0)
        assert gave_up.status == 499 and not gave_up.ok
        assert [m.text for m in api.messages(USER)] == ["slow"], "delivered all the same"
        async with session.post(url, data={"chat_id": str(USER), "text": "quick"}) as response:
            assert response.status == 200, "only the next call was held"
    api.hold("getMe", 0.3, times=2)
    for _ in range(2):
        started = time.monotonic()
        assert (await call(api, "getMe"))[0] == 200
        assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    assert (await call(api, "getMe"))[0] == 200
    assert time.monotonic() - started < 0.3


@pytest.mark.asyncio
async def test_offline_refuses_connections_keeps_updates_and_comes_back_on_the_same_port(
    api: FakeBotApi,
) -> None:
    port = api.port
    url = f"{api.base_url}{api.token}/getUpdates"
    async with aiohttp.ClientSession() as session:
        polling = asyncio.ensure_future(session.post(url, data={"timeout": "5"}))
        await asyncio.sleep(0.2)
        assert [r.method for r in api.requests] == ["getUpdates"]
        started = time.monotonic()
        await api.go_offline()
        assert time.monotonic() - started < 2
        assert not api.online
        with pytest.raises(aiohttp.ClientError):
            await polling  # the long poll in flight is cut
        update_id = api.push_text(USER, "while away")
        with pytest.raises(aiohttp.ClientConnectionError):
            await session.post(url, data={"timeout": "0"})
        await api.come_back()
        assert api.online and api.port == port
        async with session.post(url, data={"timeout": "0"}) as response:
            updates = (await response.json())["result"]
    assert [u["update_id"] for u in updates] == [update_id]


# ------------------------------------------------- the real PTB Application


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message and update.message.text
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Again", callback_data="again")]])
    text = f"<b>echo</b> {html.escape(update.message.text)}"
    await update.message.reply_text(text, parse_mode="HTML", reply_markup=markup)


async def _tapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query
    await query.answer("ok")
    await query.edit_message_text(f"tapped {query.data}")


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message and update.effective_chat
    chat_id = update.effective_chat.id
    await context.bot.set_my_commands(
        [BotCommand("start", "Start")], scope=BotCommandScopeChat(chat_id)
    )
    await context.bot.set_chat_menu_button(chat_id, MenuButtonCommands())
    await update.message.reply_chat_action("typing")
    await update.message.reply_text(
        "hi", reply_markup=ReplyKeyboardMarkup([["a", "b"]]), do_quote=True
    )
    await update.message.reply_photo(b"\x89PNG fake", caption="<i>pic</i>", parse_mode="HTML")
    media = [InputMediaPhoto(b"one"), InputMediaPhoto(b"two", caption="2")]
    await context.bot.send_media_group(chat_id, media)
    await context.bot.get_chat(chat_id)
    await context.bot.get_chat_member(chat_id, chat_id)


def _application(api: FakeBotApi) -> Application[Any, Any, Any, Any, Any, Any]:
    app = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    app.add_handler(CallbackQueryHandler(_tapped))
    return app


@pytest.mark.asyncio
@pytest.mark.parametrize("delay", [0.0, 0.03])
async def test_real_ptb_application_round_trip(delay: float) -> None:
    api = FakeBotApi(delay=delay)
    await api.start()
    app = _application(api)
    try:
        async with app:
            await app.start()
            assert app.updater
            await app.updater.start_polling(poll_interval=0.0, timeout=10)
            try:
                sent = await api.send_and_wait(USER, "hello & <you>")
                assert [m.text for m in sent] == ["<b>echo</b> hello &amp; &lt;you&gt;"]
                assert sent[0].plain_text == "echo hello & <you>"
                assert api.buttons(USER) == [("Again", "again")]
                tapped = await api.tap_and_wait(USER, "Again")
                assert [(m.text, m.edited, m.reply_markup) for m in tapped] == [
                    ("tapped again", True, None)
                ]
                started = await api.send_and_wait(USER, "/start")
                assert [m.method for m in started] == [
                    "sendMessage",
                    "sendPhoto",
                    "sendMediaGroup",
                    "sendMediaGroup",
                ]
                replies = await api.wait_for_requests(lambda r: r.method == "getChatMember")
                assert replies[0].ok
                await api.wait_idle(quiet=0.05)
            finally:
                await app.updater.stop()
                await app.stop()
    finally:
        await api.stop()
    assert api.violations == []
    assert api.unanswered_callback_queries() == []
    assert api.my_commands({"type": "chat", "chat_id": USER}) == [
        {"command": "start", "description": "Start"}
    ]


# ---------------------------------------------------- separate-process use


@pytest.mark.asyncio
async def test_standalone_process_with_control_endpoints() -> None:
    root = Path(__file__).resolve().parents[2]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.fake_bot_api",
        "--port",
        "0",
        "--delay",
        "0.01",
        cwd=root,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout
        base_url = (await asyncio.wait_for(process.stdout.readline(), 10)).decode().strip()
        root_url = base_url.removesuffix("/bot")
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"{root_url}/_control/push_text", json={"user_id": USER, "text": "hi"}
            ) as r:
                update_id = (await r.json())["result"]
            async with session.post(
                f"{base_url}123456:TEST/getUpdates", data={"timeout": "0"}
            ) as r:
                assert [u["update_id"] for u in (await r.json())["result"]] == [update_id]
            async with session.post(f"{base_url}123456:TEST/nope") as r:
                assert r.status == 404
            async with session.get(f"{root_url}/_control/requests", params={"since": "0"}) as r:
                result = (await r.json())["result"]
                assert [q["method"] for q in result["requests"]] == ["getUpdates", "nope"]
                assert result["next"] == 2
            async with session.get(f"{root_url}/_control/violations") as r:
                assert [v["method"] for v in (await r.json())["result"]] == ["nope"]
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 10)


@pytest.mark.asyncio
async def test_group_chats_overlapping_polls_and_wait_timeouts(api: FakeBotApi) -> None:
    group = -1001234567890
    api.push_text(USER, "hi all", chat_id=group, chat_type="supergroup")
    api.push_text(USER + 1, "me too", chat_id=group)
    assert (await call(api, "sendMessage", chat_id=group, text="hello group"))[0] == 200
    body = (await call(api, "getUpdates"))[1]
    assert {u["message"]["chat"]["type"] for u in body["result"]} == {"supergroup"}
    first = asyncio.create_task(call(api, "getUpdates", offset=10**6, timeout=5))
    for _ in range(400):
        if any(r.params.get("timeout") in (5, "5") for r in api.requests):
            break
        await asyncio.sleep(0.005)
    assert (await call(api, "getUpdates", offset=10**6, timeout=0))[0] == 200
    assert (await first)[0] == 409
    with pytest.raises(TimeoutError, match="0 of 1 matching requests"):
        await api.wait_for_requests(lambda r: r.method == "sendPhoto", timeout=0.05)
    with pytest.raises(TimeoutError, match="did not answer"):
        await api.send_and_wait(USER, "anyone?", timeout=0.1)
    assert api.violations == []


# ------------------------------------------------------------- webhook push


class Receiver:
    """A webhook endpoint for the fake to push to: records each POST, answers with `status`
    (or the next of `statuses`), and holds requests while `gate` is clear."""

    def __init__(self) -> None:
        self.posts: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.statuses: list[int] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.holding = 0
        self.most_held = 0
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self.on_post)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/hook"

    async def stop(self) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    async def on_post(self, request: web.Request) -> web.Response:
        self.posts.append((dict(request.headers), await request.json()))
        self.holding += 1
        self.most_held = max(self.most_held, self.holding)
        try:
            await self.gate.wait()
        finally:
            self.holding -= 1
        return web.Response(status=self.statuses.pop(0) if self.statuses else 200)


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator[Receiver]:
    hook = Receiver()
    await hook.start()
    yield hook
    hook.gate.set()
    await hook.stop()


async def until(condition: Any, timeout: float = 5.0) -> None:
    """Wait until condition() is true."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


@pytest.mark.asyncio
async def test_webhook_pushes_updates_as_json_with_the_secret(
    api: FakeBotApi, receiver: Receiver
) -> None:
    status, _ = await call(api, "setWebhook", url=receiver.url, secret_token="s3cret-Token_1")
    assert status == 200
    first = api.push_text(USER, "hello")
    second = api.push_command(USER, "/start")
    await api.wait_idle()
    assert [body["update_id"] for _, body in receiver.posts] == [first, second]
    assert receiver.posts[0][1]["message"]["text"] == "hello"
    assert {headers[SECRET_HEADER] for headers, _ in receiver.posts} == {"s3cret-Token_1"}
    assert {headers["Content-Type"] for headers, _ in receiver.posts} == {"application/json"}
    assert [d.accepted for d in api.webhook_deliveries] == [True, True]
    info = (await call(api, "getWebhookInfo"))[1]["result"]
    assert info["url"] == receiver.url and info["pending_update_count"] == 0
    status, body = await call(api, "getUpdates")
    assert status == 409 and "webhook is active" in body["description"]
    assert (await call(api, "deleteWebhook"))[0] == 200
    third = api.push_text(USER, "polling again")
    await asyncio.sleep(0.05)
    assert len(receiver.posts) == 2, "after deleteWebhook nothing is pushed"
    body = (await call(api, "getUpdates"))[1]
    assert [u["update_id"] for u in body["result"]] == [third]
    assert api.violations == []


@pytest.mark.asyncio
async def test_webhook_without_a_secret_sends_no_secret_header(
    api: FakeBotApi, receiver: Receiver
) -> None:
    await call(api, "setWebhook", url=receiver.url)
    api.push_text(USER, "hi")
    await api.wait_idle()
    assert [SECRET_HEADER in headers for headers, _ in receiver.posts] == [False]


@pytest.mark.asyncio
async def test_a_bad_secret_token_is_refused_like_telegram(
    api: FakeBotApi, receiver: Receiver
) -> None:
    status, body = await call(api, "setWebhook", url=receiver.url, secret_token="no spaces!")
    assert status == 400 and "secret token" in body["description"]
    assert api.webhook_url == ""


@pytest.mark.asyncio
async def test_webhook_holds_at_most_max_connections(api: FakeBotApi, receiver: Receiver) -> None:
    receiver.gate.clear()
    await call(api, "setWebhook", url=receiver.url, max_connections=2)
    for n in range(5):
        api.push_text(USER, f"message {n}")
    await until(lambda: receiver.holding == 2)
    await asyncio.sleep(0.1)
    assert len(receiver.posts) == 2, "a third POST went out while two were unanswered"
    receiver.gate.set()
    await api.wait_idle()
    assert receiver.most_held == 2
    assert sorted(body["update_id"] for _, body in receiver.posts) == [1, 2, 3, 4, 5]


@pytest.mark.asyncio
async def test_an_update_not_accepted_is_sent_again(api: FakeBotApi, receiver: Receiver) -> None:
    api.webhook_retry_delay = 0.05
    receiver.statuses = [503, 500]
    await call(api, "setWebhook", url=receiver.url, secret_token="s")
    update = api.push_text(USER, "are you there?")
    await api.wait_idle()
    assert [(d.update_id, d.status) for d in api.webhook_deliveries] == [
        (update, 503),
        (update, 500),
        (update, 200),
    ]
    bodies = [body for _, body in receiver.posts]
    assert bodies[0] == bodies[1] == bodies[2], "a redelivery is the same update"


@pytest.mark.asyncio
async def test_an_unreachable_webhook_keeps_the_update_until_it_is_reachable(
    api: FakeBotApi, receiver: Receiver
) -> None:
    api.webhook_retry_delay = 0.05
    closed = Receiver()
    await closed.start()
    await closed.stop()  # its port now refuses connections
    await call(api, "setWebhook", url=closed.url, secret_token="s")
    update = api.push_text(USER, "anyone?")
    await until(lambda: len(api.webhook_deliveries) >= 2)
    assert {(d.update_id, d.status) for d in api.webhook_deliveries} == {(update, 0)}
    assert api.pending() == [update]
    with pytest.raises(TimeoutError, match="not idle"):
        await api.wait_idle(timeout=0.2)
    await call(api, "setWebhook", url=receiver.url, secret_token="s")
    await api.wait_idle()
    assert [body["update_id"] for _, body in receiver.posts] == [update]
    assert api.webhook_deliveries[-1].accepted and api.webhook_deliveries[-1].url == receiver.url
    assert api.pending() == []
