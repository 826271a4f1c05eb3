"""Hostile updates over the fake Bot API and the real python-telegram-bot stack: odd text,
forged, truncated, copied and replayed buttons, kinds of update the bot does not handle,
strangers and repeated update ids never crash the bot, never go unanswered, and never move
anyone to a place they could not reach."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.content.library import Library
from bot.core import callback
from bot.core.engine import step
from bot.core.events import ChooseLanguage, ChooseRole, Command, Event, Nav, Press, Start
from bot.core.model import LANGUAGES, Content
from bot.core.screens import way_in_question
from bot.core.state import Frame, State
from tests.fake_bot_api import FakeBotApi
from tests.fake_bot_api.server import CallbackQueryRecord, Request
from tests.telegram.harness import Harness
from tests.telegram.test_reload import start_in_english

PATIENT = 5101
"""The person who sends forged buttons."""
BYSTANDER = 5102
"""Another person, whose state nothing may touch."""
WENT_WRONG = "something went wrong"
STALE = "from an earlier message"
EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- what hostile people send --------------------------------------------------------------

CONTROL = [chr(c) for c in (*range(0x20), 0x7F, 0x85)]
BIDI = list("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = list("\u200b\u200c\u200d\u2060\ufeff\u00ad")
EMOJI = ["🙂", "👨‍👩‍👧‍👦", "🇮🇱", "👍🏽", "❤️", "🎗️", "\U0001fae0"]
WORDS = [
    "fever 39",
    "חום 39",
    "температура",
    "حرارة",
    "chemo",
    "/start",
    "<b>",
    "&amp;",
    "{{x}}",
    "%s %d",
    "\\",
    "@fake_test_bot",
    "tg:1",
]
PIECE = st.one_of(
    st.sampled_from(CONTROL + BIDI + ZERO_WIDTH),
    st.sampled_from(EMOJI + WORDS),
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
)
LONG = st.tuples(
    st.sampled_from(["a", "א", "🙂", "\u200f", "fever ", "x\u200b"]),
    st.sampled_from([4096, 4097, 5000, 12_000]),
).map(lambda unit_length: (unit_length[0] * unit_length[1])[: unit_length[1]])
HOSTILE_TEXT = st.one_of(st.lists(PIECE, min_size=1, max_size=30).map("".join), LONG)
"""Control characters, bidi marks, zero-width characters, emoji, markup, 4,096 and more."""

PRIVATE_KINDS = ("text", "stranger", "edited", "forwarded", "caption", "repeated")
"""Updates in a private chat: each gets a calm reply."""
SILENT_KINDS = (
    "channel",
    "group",
    "inline",
    "reaction",
    "poll",
    "join_request",
    "chosen_inline",
    "future",
)
"""Updates that need no answer: channel posts, group chatter, inline queries, kinds the bot
does not handle, and a kind the Bot API does not have yet."""
KIND = st.sampled_from(PRIVATE_KINDS + SILENT_KINDS)


@dataclass
class Pushed:
    """One pushed update: the chat that must (or must not) hear back and, for a repeated
    update, the chat that got the same text once."""

    chat: int
    answer: bool
    control: int | None = None


class Strangers:
    """Fresh Telegram ids: people, groups and channels the bot has never seen."""

    def __init__(self) -> None:
        self._ids = itertools.count(6_100_000)

    def person(self) -> int:
        return next(self._ids)

    def group(self) -> int:
        return -next(self._ids)

    def channel(self) -> int:
        return -1_000_000_000_000 - next(self._ids)


def private_message(
    api: FakeBotApi, user_id: int, message_id: int, **content: Any
) -> dict[str, Any]:
    user = api.register_user(user_id)
    chat = {"id": user_id, "type": "private", "first_name": user["first_name"]}
    return {
        "message_id": message_id,
        "from": user,
        "chat": chat,
        "date": int(time.time()),
        **content,
    }


def push_unchecked(api: FakeBotApi, payload: dict[str, Any]) -> int:
    """Queue an update of a kind the Bot API does not have yet (the fake refuses those in
    push_update; Telegram sends new kinds to old bots that ask for every kind)."""
    update_id = next(api._update_ids)
    api._pending.append({"update_id": update_id, **payload})
    api._unfetched.add(update_id)
    api._bump()
    return update_id


def push_kind(api: FakeBotApi, strangers: Strangers, kind: str, text: str) -> Pushed:
    """Push one update of `kind` carrying `text`; say who must hear back."""
    now = int(time.time())
    person = strangers.person()
    if kind in ("text", "stranger"):
        api.push_text(PATIENT if kind == "text" else person, text)
        return Pushed(PATIENT if kind == "text" else person, answer=True)
    if kind == "edited":
        edited = private_message(api, person, 900_001, text=text, edit_date=now)
        api.push_update({"edited_message": edited})
        return Pushed(person, answer=True)
    if kind == "forwarded":
        origin = {"type": "hidden_user", "date": now - 60, "sender_user_name": "Someone"}
        message = private_message(api, person, 900_002, text=text, forward_origin=origin)
        api.push_update({"message": message})
        return Pushed(person, answer=True)
    if kind == "caption":
        photo = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
        message = private_message(api, person, 900_003, photo=photo, caption=text[:1024])
        api.push_update({"message": message})
        return Pushed(person, answer=True)
    if kind == "repeated":
        control = strangers.person()
        api.push_text(control, text)
        api.push_text(person, text)
        update = api._pending[-1]
        api.push_update(update)  # the same update_id again, in the same batch
        return Pushed(person, answer=True, control=control)
    return push_silent(api, strangers, kind, text, person, now)


def push_silent(
    api: FakeBotApi, strangers: Strangers, kind: str, text: str, person: int, now: int
) -> Pushed:
    """Push an update that needs no answer; return the chat that must stay quiet."""
    user = api.register_user(person)
    if kind == "channel":
        channel = strangers.channel()
        chat = {"id": channel, "type": "channel", "title": "News"}
        post = {"message_id": 1, "date": now, "chat": chat, "sender_chat": chat, "text": text}
        api.push_update({"channel_post": post})
        return Pushed(channel, answer=False)
    if kind == "group":
        group = strangers.group()
        api.push_text(person, text, chat_id=group, chat_type="group")
        return Pushed(group, answer=False)
    if kind == "inline":
        query = {"id": str(person), "from": user, "query": text[:256], "offset": ""}
        api.push_update({"inline_query": query})
    elif kind == "chosen_inline":
        chosen = {"result_id": "1", "from": user, "query": text[:256]}
        api.push_update({"chosen_inline_result": chosen})
    elif kind == "reaction":
        chat = {"id": person, "type": "private", "first_name": "Test"}
        reaction = {
            "chat": chat,
            "message_id": 1,
            "user": user,
            "date": now,
            "old_reaction": [],
            "new_reaction": [{"type": "emoji", "emoji": "👍"}],
        }
        api.push_update({"message_reaction": reaction})
    elif kind == "poll":
        poll = {
            "id": str(person),
            "question": text[:300],
            "options": [
                {"persistent_id": "0", "text": "yes", "voter_count": 1},
                {"persistent_id": "1", "text": "no", "voter_count": 0},
            ],
            "total_voter_count": 1,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }
        api.push_update({"poll": poll})
    elif kind == "join_request":
        chat = {"id": strangers.channel(), "type": "supergroup", "title": "Patients"}
        request = {"chat": chat, "from": user, "user_chat_id": person, "date": now}
        api.push_update({"chat_join_request": request})
    else:
        push_unchecked(api, {"future_kind_of_update": {"id": person, "text": text}})
    return Pushed(person, answer=False)


# -- what the bot did ------------------------------------------------------------------------


class Errors(logging.Handler):
    """Every log record at ERROR or above: an exception the bot did not handle."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def no_errors_logged() -> Iterator[Errors]:
    """Fail when anything logs an error meanwhile (the on_error handler logs every update
    that raised; python-telegram-bot logs what escapes it)."""
    errors = Errors()
    logging.getLogger().addHandler(errors)
    try:
        yield errors
    finally:
        logging.getLogger().removeHandler(errors)
    shown = [f"{r.name}: {r.getMessage()}" for r in errors.records]
    assert shown == [], f"unhandled exceptions: {shown}"


def replies_to(api: FakeBotApi, chat: int, since: int) -> list[str]:
    """The texts the bot sent to or edited in `chat` since request `since`."""
    return [
        str(r.params.get("text", ""))
        for r in api.requests[since:]
        if r.ok and r.chat_id == chat and r.method in ("sendMessage", "editMessageText")
    ]


def is_reply_to(chat: int) -> Any:
    def check(request: Request) -> bool:
        return request.ok and request.chat_id == chat and request.method == "sendMessage"

    return check


async def settle(api: FakeBotApi, pushed: list[Pushed], since: int) -> None:
    """Wait until the bot has answered every private chat, then until it is quiet."""
    for each in pushed:
        if each.answer:
            await api.wait_for_requests(is_reply_to(each.chat), since=since, timeout=20)
    await api.wait_idle(quiet=0.25, timeout=20)


def violations_since(api: FakeBotApi, count: int) -> list[str]:
    """The Bot API rules the bot broke since `count` violations were recorded."""
    return [str(v) for v in api.violations[count:]]


# -- the properties ----------------------------------------------------------------------------


class Scene:
    """The running bot, its fake Bot API, and fresh ids (a short repr for hypothesis)."""

    def __init__(self, api: FakeBotApi, bot: Harness) -> None:
        self.api, self.bot, self.strangers = api, bot, Strangers()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def __repr__(self) -> str:
        return f"Scene(patient={PATIENT}, bystander={BYSTANDER})"


@pytest.fixture
async def scene(api: FakeBotApi, bot: Harness) -> AsyncIterator[Scene]:
    """A patient and a bystander, each inside a different journey."""
    for person, journey in (
        (PATIENT, "🔬 Diagnosis and tests"),
        (BYSTANDER, "💊 Treatment options"),
    ):
        await start_in_english(api, person)
        await api.tap_and_wait(person, journey)
    yield Scene(api, bot)


@EXAMPLES
@given(updates=st.lists(st.tuples(KIND, HOSTILE_TEXT), min_size=1, max_size=3))
async def test_odd_updates_get_a_calm_reply_in_private_and_silence_elsewhere(
    scene: Scene, updates: list[tuple[str, str]]
) -> None:
    api, bot = scene.api, scene.bot
    bystander = await stored(bot, BYSTANDER)
    since, broken = api.mark(), len(api.violations)
    with no_errors_logged():
        pushed = [push_kind(api, scene.strangers, kind, text) for kind, text in updates]
        await settle(api, pushed, since)
    for (kind, _), each in zip(updates, pushed, strict=True):
        replies = replies_to(api, each.chat, since)
        if each.answer:
            assert replies, f"{kind}: no reply in the private chat"
            assert not any(WENT_WRONG in reply for reply in replies), f"{kind}: {replies}"
        else:
            assert replies == [], f"{kind}: the bot answered where nobody asked: {replies}"
        if each.control is not None:
            once = replies_to(api, each.control, since)
            assert len(replies) == len(once), "a repeated update_id was answered twice"
    assert await stored(bot, BYSTANDER) == bystander, "another person's state changed"
    assert violations_since(api, broken) == [], "the bot broke the Bot API's rules"


async def stored(bot: Harness, user: int) -> State | None:
    assert bot.bot is not None and bot.bot.runner is not None
    return await bot.bot.runner.store.load(f"tg:{user}")


# -- forged buttons ---------------------------------------------------------------------------

NAV_CODES = [nav.value for nav in Nav]
ACTION_CODE = st.one_of(
    st.integers(0, 40).map(lambda i: f"o{i}"),
    st.integers(0, 40).map(lambda i: f"t{i}"),
    st.integers(0, 9).map(lambda i: f"f{i}"),
    st.integers(0, 9).map(lambda i: f"g{i}"),
    st.integers(0, 9).map(lambda i: f"a{i}"),
    st.sampled_from(["len", "lhe", "lzz", "l00", "lfr"]),
    st.sampled_from(NAV_CODES).map(lambda c: f"n{c}"),
    st.text("0123456789abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=4).map(
        lambda arg: f"d{arg}"
    ),
    st.text("0123456789abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=4).map(
        lambda arg: f"k{arg}"
    ),
    st.tuples(st.sampled_from("prcxz"), st.text("0123456789az", min_size=0, max_size=3))
    .map("".join)
    .map(lambda arg: f"p{arg}"),
)
FORGERY = st.one_of(
    st.tuples(st.just("random"), st.text(max_size=64)),
    st.tuples(st.just("truncated"), st.integers(0, 63)),
    st.tuples(st.just("foreign_place"), st.tuples(st.integers(0, 10_000), ACTION_CODE)),
    st.tuples(st.just("current_place"), ACTION_CODE),
    st.tuples(st.just("old_version"), st.integers(0, 20)),
    st.tuples(st.just("copied"), st.integers(0, 20)),
    st.tuples(st.just("replayed"), st.integers(0, 20)),
    st.tuples(st.just("stranger"), st.integers(0, 20)),
    st.tuples(st.just("inline_message"), st.integers(0, 20)),
)


def shown(api: FakeBotApi, user: int) -> list[str]:
    """Every callback data on every message the bot shows the person now."""
    return [data for message in api.messages(user) for _, data in message.buttons() if data]


def latest(api: FakeBotApi, user: int, pick: int) -> str:
    """One button of the screen the person sees now."""
    datas = [data for _, data in api.buttons(user) if data]
    return datas[pick % len(datas)]


def forge(api: FakeBotApi, content: Content, forgery: tuple[str, Any]) -> str:
    """The callback data of one forgery."""
    kind, arg = forgery
    if kind == "random":
        return str(arg) or "x"
    if kind == "truncated":
        data = latest(api, PATIENT, arg)
        return data[: max(1, arg % len(data))]
    if kind in ("foreign_place", "current_place"):
        frames = [Frame(f.id, n) for f in content.flows.values() for n in f.nodes]
        index, code = arg if kind == "foreign_place" else (None, arg)
        data = latest(api, PATIENT, 0)
        version, flow, node, _ = data.split("|")
        if index is not None:
            flow, node = frames[index % len(frames)].flow, frames[index % len(frames)].node
        return f"{version}|{flow}|{node}|{code}"
    if kind == "old_version":
        data = latest(api, PATIENT, arg)
        return "000000" + data[6:]
    if kind == "copied":
        return latest(api, BYSTANDER, arg)
    return latest(api, PATIENT, arg)


def reachable(content: Content, state: State | None, datas: list[str]) -> set[tuple[Any, ...]]:
    """Where one legitimate move takes the person: a tap on any button the bot shows them, or
    on a screen it shows without moving them (a glossary letter, a calendar month), or any
    command, or a button that works from any earlier message (a language; who the person
    is, asked once after a typed first question); and staying where they are."""
    before = state or State()
    now = dt.datetime.now(dt.UTC)
    events: list[Event] = [Start(None), *(Command(nav) for nav in Nav)]
    way_in = way_in_question(content)
    anywhere = [
        *(ChooseLanguage(lang) for lang in LANGUAGES),
        *(ChooseRole(index) for index in range(len(way_in.options) if way_in else 0)),
    ]
    events += [Press(action, None, content.version) for action in anywhere]
    for data in datas:
        decoded = callback.decode(data)
        if decoded is not None:
            events.append(Press(decoded[2], decoded[1], decoded[0]))
    places = {place(before)}
    for event in events:
        moved = step(content, before, event, now)
        places.add(place(moved.state))
        if place(moved.state) != place(before):
            continue
        for reply in moved.replies:
            for row in reply.buttons:
                for button in row:
                    press = Press(button.action, reply.at, content.version)
                    places.add(place(step(content, before, press, now).state))
    return places


def place(state: State | None) -> tuple[Any, ...]:
    """Where the person stands, what they answered and their language."""
    if state is None:
        return (None, (), None)
    return (state.here, state.answers, state.lang)


def push_tap(api: FakeBotApi, user: int, data: str, kind: str) -> list[str]:
    """Push the forged tap; return the ids of the callback queries pushed."""
    if kind == "stranger":
        stranger = 6_900_000 + len(api.callback_queries())
        return [push_inline_tap(api, stranger, data)]
    if kind == "inline_message":
        return [push_inline_tap(api, user, data)]
    return [api.push_callback(user, data)]


def push_inline_tap(api: FakeBotApi, user: int, data: str) -> str:
    """A tap on a button of an inline message (no message in the update): a forged origin."""
    query_id = f"{user}{len(api.callback_queries())}"
    # The fake has no push for these: record the query so that it checks the answer.
    api._callbacks[query_id] = CallbackQueryRecord(query_id, user, user, 0, data)
    query = {
        "id": query_id,
        "from": api.register_user(user),
        "chat_instance": "1",
        "inline_message_id": "AAAA",
        "data": data,
    }
    api.push_update({"callback_query": query})
    return query_id


async def answered(api: FakeBotApi, queries: list[str], since: int) -> None:
    """Wait until the bot answered the queries it knows of, then until it is quiet."""
    known = [q for q in queries if q in {c.id for c in api.callback_queries()}]
    if known:
        await api.wait_for_requests(
            lambda r: (
                r.method == "answerCallbackQuery"
                and str(r.params.get("callback_query_id")) in known
            ),
            count=len(known),
            since=since,
            timeout=20,
        )
    await api.wait_idle(quiet=0.25, timeout=20)


@EXAMPLES
@given(forgery=FORGERY)
async def test_a_forged_button_is_answered_and_moves_nobody_where_they_could_not_go(
    scene: Scene, forgery: tuple[str, Any]
) -> None:
    api, bot, kind = scene.api, scene.bot, forgery[0]
    assert bot.holder is not None
    content = bot.holder.library.content
    data = forge(api, content, forgery)
    if kind == "replayed":  # tapped for real first; the same button again is the forgery
        await api.tap_and_wait(PATIENT, data)
    before, bystander = await stored(bot, PATIENT), await stored(bot, BYSTANDER)
    allowed = reachable(content, before, shown(api, PATIENT))
    since, broken = api.mark(), len(api.violations)
    with no_errors_logged():
        queries = push_tap(api, PATIENT, data, kind)
        await answered(api, queries, since)
    assert api.unanswered_callback_queries() == [], f"{data!r}: a tap went unanswered"
    assert place(await stored(bot, PATIENT)) in allowed, f"{data!r} moved her out of reach"
    assert await stored(bot, BYSTANDER) == bystander, "another person's state changed"
    assert violations_since(api, broken) == [], "the bot broke the Bot API's rules"


async def test_a_tap_delivered_twice_is_answered_once(shipped: Library, tmp_path: Path) -> None:
    api = FakeBotApi()  # its own server: a violation is reported by this test's assertions
    await api.start()
    harness = Harness(api, shipped, tmp_path / "bot.sqlite3")
    await harness.start()
    try:
        await start_in_english(api, PATIENT)
        before = len(api.messages(PATIENT))
        since = api.mark()
        query = api.push_callback(PATIENT, latest(api, PATIENT, 0))
        api.push_update(api._pending[-1])  # the same update_id again, in the same batch
        await answered(api, [query], since)
        replies = replies_to(api, PATIENT, since)
        assert not any(STALE in text for text in replies), "answered again, as an old button"
        assert len(api.messages(PATIENT)) == before, "the tap edits the menu; nothing is added"
        assert [str(v) for v in api.violations] == [], "the query was answered twice"
    finally:
        await harness.stop()
        await api.stop()
