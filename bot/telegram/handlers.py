"""Telegram updates in, engine events through the runner, messages out (Telegram I/O).

Decisions, all here and nowhere else: a tap that leads to one new screen edits the tapped
message in place (the chat stays short and readable); anything else (typed text, notices,
safety replies, long answers) arrives as new messages. Every callback query is answered
exactly once. Nothing a person types is logged.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable
from functools import partial

from aiolimiter import AsyncLimiter
from telegram import Message, Update, User
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.core import callback
from bot.core.events import (
    ChooseGroup,
    ChooseOffer,
    ChooseOption,
    ChooseTerm,
    Command,
    Due,
    Event,
    ManagePlan,
    Nav,
    Navigate,
    PickDay,
    Press,
    ShowMonth,
    StaffClose,
    StaffReply,
    Start,
    Typed,
    Understanding,
)
from bot.core.model import LANGUAGES, Content
from bot.core.replies import Reply, ReplyKind, Transition
from bot.core.state import State
from bot.privacy import privacy_text
from bot.runner import REPEATED, Incoming, Runner, TypedText
from bot.staff.reload import Reloaded, report
from bot.store.base import TicketRecord
from bot.telegram.keyboards import DELETE_NO, DELETE_YES, confirm_delete, keyboard
from bot.telegram.recent import RecentIds
from bot.telegram.render import compose, split, to_html
from bot.telegram.staff_desk import StaffDesk, telegram_user

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE

NAV_COMMANDS = {
    "menu": Nav.MENU,
    "back": Nav.BACK,
    "language": Nav.LANGUAGE,
    "restart": Nav.RESTART,
    "human": Nav.HANDOFF,
    "reminders": Nav.REMINDERS,
}
COMMANDS = (
    "start",
    "menu",
    "back",
    "help",
    "human",
    "reminders",
    "language",
    "privacy",
    "delete",
)
"""Commands everyone sees in the menu; staff commands (/reload, /stats, /close, /tickets)
are not listed."""
RETRY_WAITS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0)
"""Seconds between the tries of a call that failed on the network or with a server error
(5xx): growing, about a minute in all, so that a run of 500s or the Bot API unreachable for
30 seconds delays a reply rather than loses it (a 429 is the rate limiter's to retry)."""
HANDLED_KEPT = 10_000
"""Update ids remembered as taken by this process (a copy comes within seconds, not hours)."""

Reload = Callable[[], Awaitable[Reloaded]]
"""Publishes the content on disk (bot/staff/reload.py)."""
Summary = Callable[[], Awaitable[str]]
"""The one-screen staff summary (bot/staff/summary.py)."""


def person_of(user: User) -> str:
    """The store's key for a Telegram user."""
    return f"tg:{user.id}"


def app_language(user: User | None) -> str | None:
    """The supported language the person's Telegram app reports, if any."""
    code = (user.language_code or "").split("-")[0].lower() if user else ""
    return code if code in LANGUAGES else None


class TelegramAdapter:
    """Handlers that translate between Telegram and the runner; they decide nothing."""

    def __init__(
        self,
        runner: Runner,
        staff_chat_id: int | None = None,
        admins: frozenset[int] = frozenset(),
        reload: Reload | None = None,
        stats: Summary | None = None,
        fan_out: AsyncLimiter | None = None,
    ) -> None:
        self.runner = runner
        self.fan_out = fan_out
        """Paces the messages of reminders and check-ins (replies to people who wrote are
        not paced: Telegram allows answering them)."""
        self.staff_chat_id = staff_chat_id
        self.admins = admins
        self.reload = reload
        self.stats = stats
        self._handled = RecentIds(HANDLED_KEPT)
        """Updates this process took lately: a copy delivered again is dropped."""
        self.desk = (
            StaffDesk(runner.store, lambda: self.content, staff_chat_id)
            if staff_chat_id is not None
            else None
        )

    def __repr__(self) -> str:
        return f"TelegramAdapter(runner={self.runner!r})"

    @property
    def content(self) -> Content:
        """The content in use now."""
        return self.runner.holder.library.content

    def install(self, app: Application) -> None:  # type: ignore[type-arg]
        """Register every handler, most specific first."""
        private = filters.ChatType.PRIVATE
        app.add_handler(TypeHandler(Update, self.drop_copies), group=-1)
        app.add_handler(ChatMemberHandler(self.on_membership, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_handler(MessageHandler(filters.UpdateType.EDITED, self.on_edited))
        # Staff commands act only for ADMIN_USER_IDS, in a private chat or the staff chat.
        # From anyone else they fall through to the handlers below and are answered like
        # any command the bot does not know.
        staff_chat = self.staff_chat_id
        where = private if staff_chat is None else private | filters.Chat(staff_chat)
        admin = filters.User(self.admins) & where
        if self.reload is not None:
            app.add_handler(CommandHandler("reload", self.on_reload, admin))
        if self.stats is not None:
            app.add_handler(CommandHandler("stats", self.on_stats, admin))
        if staff_chat is not None:
            # Tickets: anyone in the staff chat is staff; admins may also act in private.
            staff = filters.Chat(staff_chat) | (filters.User(self.admins) & private)
            app.add_handler(CommandHandler("close", self.on_close, staff))
            app.add_handler(CommandHandler("tickets", self.on_tickets, staff))
            in_staff_chat = filters.Chat(staff_chat)
            answer = in_staff_chat & filters.TEXT & ~filters.COMMAND
            app.add_handler(MessageHandler(answer, self.on_staff_answer))
            app.add_handler(MessageHandler(in_staff_chat, self.on_ignored))
        in_group = filters.ChatType.GROUPS & (filters.COMMAND | filters.Entity("mention"))
        app.add_handler(MessageHandler(in_group, self.on_group))
        app.add_handler(MessageHandler(~private, self.on_ignored))
        app.add_handler(CommandHandler("start", self.on_start, private))
        for name in NAV_COMMANDS:
            app.add_handler(CommandHandler(name, self.on_nav_command, private))
        app.add_handler(CommandHandler("help", self.on_help, private))
        app.add_handler(CommandHandler("privacy", self.on_privacy, private))
        app.add_handler(CommandHandler("delete", self.on_delete, private))
        app.add_handler(CallbackQueryHandler(self.on_callback))
        app.add_handler(MessageHandler(private & filters.TEXT, self.on_text))
        app.add_handler(MessageHandler(filters.ALL, self.on_other))
        app.add_error_handler(self.on_error)

    # -- incoming ---------------------------------------------------------------------

    async def drop_copies(self, update: Update, context: Context) -> None:
        """Before every handler: a copy of an update this process already took (Telegram
        delivered it twice) goes no further. A copy that reaches another process, or this
        one after a restart, is recognised by the store instead (`Runner.handle`)."""
        if update.update_id in self._handled:
            raise ApplicationHandlerStop
        self._handled.add(update.update_id)

    async def on_start(self, update: Update, context: Context) -> None:
        """/start: welcome, or welcome back."""
        await self._run(update, context, Start(app_language(update.effective_user)))

    async def on_nav_command(self, update: Update, context: Context) -> None:
        """/menu, /back, /language, /restart, /human, /reminders."""
        message = update.effective_message
        name = (message.text or "").split()[0].lstrip("/").split("@")[0].lower() if message else ""
        await self._run(update, context, Command(NAV_COMMANDS.get(name, Nav.STAY)))

    async def on_text(self, update: Update, context: Context) -> None:
        """Typed text: understood (safety first) by the runner."""
        message = update.effective_message
        if message and message.text:
            await self._run(update, context, TypedText(message.text))

    async def on_callback(self, update: Update, context: Context) -> None:
        """A button: decoded and checked by the engine; answered exactly once."""
        query = update.callback_query
        if query is None or query.from_user is None:
            return
        data = query.data or ""
        if data in (DELETE_YES, DELETE_NO):
            await self._confirm_delete(update, data == DELETE_YES)
            return
        decoded = callback.decode(data)
        event = (
            Press(decoded[2], decoded[1], decoded[0])
            if decoded
            else Press(Navigate(Nav.STAY), None, "")  # forged or foreign: show where they are
        )
        answered = False

        async def answer() -> None:
            nonlocal answered
            if not answered:
                answered = True
                await _quietly(_retrying(query.answer))

        async def deliver(transition: Transition) -> None:
            await _deliver_to_person(transition)
            await self._to_staff(context, person_of(query.from_user), transition)

        async def _deliver_to_person(transition: Transition) -> None:
            message = query.message if isinstance(query.message, Message) else None
            only = transition.replies[0] if len(transition.replies) == 1 else None
            # Only moving through content replaces the tapped screen; a tap on an alert's
            # buttons (Continue, Main menu) leaves the alert, with its numbers, in the chat.
            moving = isinstance(
                event.action,
                ChooseOption
                | ChooseTerm
                | ChooseOffer
                | ChooseGroup
                | PickDay
                | ShowMonth
                | ManagePlan,
            ) or (event.action == Navigate(Nav.BACK))
            if message and only and moving and only.kind is ReplyKind.SCREEN:
                pieces = split(to_html(only))
                if len(pieces) == 1:
                    edited, _ = await asyncio.gather(self._edit(message, only, pieces[0]), answer())
                    if edited:
                        return
            await answer()
            await self._send(context, query.from_user.id, person_of(query.from_user), transition)

        try:
            await self.runner.handle(person_of(query.from_user), event, deliver, update.update_id)
        finally:
            await answer()  # a tap saved by a process that died is answered here, maybe twice

    async def on_edited(self, update: Update, context: Context) -> None:
        """An edited message: only the safety check runs; otherwise a short note."""
        message = update.effective_message
        user = update.effective_user
        if message is None or user is None or message.chat.type != ChatType.PRIVATE:
            return
        person = person_of(user)
        state = await self.runner.store.load(person) or State()
        understood = self.runner.read(self.runner.holder.library, state, message.text or "")
        if understood.safety is not None:
            hit = Understanding(safety=understood.safety, lang=understood.lang)
            await self._run(update, context, Typed(hit, message.text or ""))
        else:
            await self._say(
                context, message.chat_id, "edited_message", state.lang or app_language(user)
            )

    async def on_help(self, update: Update, context: Context) -> None:
        """/help: what the bot is, its commands, the emergency numbers."""
        chat, lang = await self._chat_and_language(update)
        if chat is not None:
            await self._say(context, chat, "help", lang)

    async def on_privacy(self, update: Update, context: Context) -> None:
        """/privacy: show the person everything kept about them."""
        user = update.effective_user
        chat, lang = await self._chat_and_language(update)
        if user is None or chat is None:
            return
        record = await self.runner.store.describe(person_of(user))
        text = privacy_text(self.content, record, lang)
        await self._send_text(context, chat, person_of(user), Reply(text))

    async def on_delete(self, update: Update, context: Context) -> None:
        """/delete: ask for confirmation first."""
        chat, lang = await self._chat_and_language(update)
        if chat is None:
            return
        content = self.content
        markup = confirm_delete(
            content.ui_text("delete_yes", lang), content.ui_text("delete_no", lang)
        )
        ask = partial(
            context.bot.send_message,
            chat,
            content.ui_text("delete_confirm", lang),
            reply_markup=markup,
        )
        await _quietly(_retrying(ask))

    async def _confirm_delete(self, update: Update, confirmed: bool) -> None:
        query = update.callback_query
        assert query is not None
        person = person_of(query.from_user)
        _, lang = await self._chat_and_language(update)
        if confirmed:
            await self.runner.forget(person)
        key = "deleted" if confirmed else "delete_cancelled"
        await asyncio.gather(
            _quietly(_retrying(query.answer)),
            _quietly(_retrying(partial(query.edit_message_text, self.content.ui_text(key, lang)))),
        )

    async def on_reload(self, update: Update, context: Context) -> None:
        """/reload (admins): check the content on disk and publish it, or list its problems."""
        chat = update.effective_chat
        if chat is None or self.reload is None:
            return
        await _quietly(context.bot.send_chat_action(chat.id, ChatAction.TYPING))
        result = await self.reload()
        await _quietly(context.bot.send_message(chat.id, report(result)))

    async def on_stats(self, update: Update, context: Context) -> None:
        """/stats (admins): the one-screen summary of anonymous counts."""
        chat = update.effective_chat
        if chat is None or self.stats is None:
            return
        text = await self.stats()
        await _quietly(
            context.bot.send_message(
                chat.id, f"<pre>{html.escape(text, quote=False)}</pre>", parse_mode=ParseMode.HTML
            )
        )

    async def on_staff_answer(self, update: Update, context: Context) -> None:
        """Text in the staff chat: an answer when it is in a ticket's topic or replies to a
        ticket's message; other talk among staff is left alone."""
        message = update.effective_message
        if message is None or message.text is None or self.desk is None:
            return
        ticket = await self.desk.find(message)
        if ticket is None:
            return
        if ticket.closed_at is not None:
            await self._tell_staff(context, message, "ticket_staff_not_open")
            return
        transition = await self._for_person(
            context, ticket.person, StaffReply(message.text), update.update_id
        )
        if transition is not REPEATED and not transition.replies:
            await self._tell_staff(context, message, "ticket_staff_not_open")

    async def on_close(self, update: Update, context: Context) -> None:
        """/close (staff): close the ticket of this topic, of the replied-to message, or
        `/close N`; the person is told."""
        message = update.effective_message
        user = update.effective_user
        if message is None or user is None or self.desk is None:
            return
        ticket = await self._ticket_named(message, context.args or [])
        if ticket is None:
            await self._tell_staff(context, message, "ticket_staff_which")
            return
        if ticket.closed_at is not None:
            await self._tell_staff(context, message, "ticket_staff_not_open")
            return
        await self._for_person(context, ticket.person, StaffClose(user.id), update.update_id)

    async def on_tickets(self, update: Update, context: Context) -> None:
        """/tickets (staff): the open tickets, oldest first."""
        message = update.effective_message
        if message is None or self.desk is None:
            return
        text = await self.desk.open_list()
        await _quietly(
            context.bot.send_message(message.chat_id, text, message_thread_id=_thread_of(message))
        )

    async def on_due(self, context: Context, person: str, due: Due) -> None:
        """Time-based work for one person (a ticket's quiet time, a reminder, a check-in),
        from the scheduler."""
        await self._for_person(context, person, due, pace=self.fan_out)

    async def _ticket_named(self, message: Message, args: list[str]) -> TicketRecord | None:
        """The ticket `/close` means: `/close N`, else this topic's or the replied message's."""
        if self.desk is None:
            return None
        if args and args[0].lstrip("#").isdigit():
            return await self.runner.store.ticket(int(args[0].lstrip("#")))
        return await self.desk.find(message)

    async def _for_person(
        self,
        context: Context,
        person: str,
        incoming: Incoming,
        update: int | None = None,
        pace: AsyncLimiter | None = None,
    ) -> Transition:
        """Run an event the person did not make (staff, the clock) and deliver its replies
        to their private chat, each message at the `pace` given (a fan-out's)."""
        chat = telegram_user(person)
        if chat is None:
            return Transition(State(), ())

        async def deliver(transition: Transition) -> None:
            await self._send(context, chat, person, transition, pace)
            await self._to_staff(context, person, transition)

        return await self.runner.handle(person, incoming, deliver, update)

    async def _tell_staff(self, context: Context, message: Message, key: str) -> None:
        text = self.content.ui_text(key, self.content.default_language)
        await _quietly(
            context.bot.send_message(message.chat_id, text, message_thread_id=_thread_of(message))
        )

    async def on_group(self, update: Update, context: Context) -> None:
        """Messages in groups: point people to a private chat; keep nothing."""
        message = update.effective_message
        if message is not None:
            await self._say(
                context, message.chat_id, "group_chat", app_language(update.effective_user)
            )

    async def on_ignored(self, update: Update, context: Context) -> None:
        """Group chatter and channel posts not meant for the bot: no answer, nothing kept."""

    async def on_other(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice, documents, locations, contacts: a kind text-only note."""
        message = update.effective_message
        if message is None:
            return
        chat, lang = await self._chat_and_language(update)
        if chat is not None:
            await self._say(context, chat, "unsupported_media", lang)

    async def on_membership(self, update: Update, context: Context) -> None:
        """The person blocked or unblocked the bot."""
        change = update.my_chat_member
        if change is None or change.chat.type != ChatType.PRIVATE:
            return
        active = change.new_chat_member.status not in ("kicked", "left")
        await self.runner.store.set_active(person_of(change.from_user), active)

    async def on_error(self, update: object, context: Context) -> None:
        """Log what failed, never what anyone typed."""
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        if update_id is not None:  # a copy delivered again is tried again, not dropped
            self._handled.discard(update_id)
        log.error("update %s failed: %s: %s", update_id, type(error).__name__, str(error)[:200])
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None and chat.type == ChatType.PRIVATE:
            lang = app_language(update.effective_user) if isinstance(update, Update) else None
            await self._say(context, chat.id, "something_went_wrong", lang)

    # -- outgoing ---------------------------------------------------------------------

    async def _run(self, update: Update, context: Context, incoming: Event | TypedText) -> None:
        user = update.effective_user
        chat = update.effective_chat
        if user is None or chat is None:
            return
        person = person_of(user)

        async def deliver(transition: Transition) -> None:
            await self._send(context, chat.id, person, transition)
            await self._to_staff(context, person, transition, user.first_name)

        await self.runner.handle(person, incoming, deliver, update.update_id)

    async def _to_staff(
        self, context: Context, person: str, transition: Transition, name: str | None = None
    ) -> None:
        """Carry out the step's ticket effects in the staff chat (in turn with the person's
        other updates: this runs inside their lock, after their state is saved)."""
        if self.desk is not None and transition.effects:
            await self.desk.carry_out(context.bot, person, transition.effects, name)

    async def _send(
        self,
        context: Context,
        chat: int,
        person: str,
        transition: Transition,
        pace: AsyncLimiter | None = None,
    ) -> None:
        version = self.content.version
        for html_text, reply in compose(transition.replies):
            if pace is not None:
                await pace.acquire()
            if not await self._send_html(context, chat, person, html_text, reply, version):
                return

    async def _send_text(self, context: Context, chat: int, person: str, reply: Reply) -> bool:
        """Send one reply on its own."""
        return await self._send_html(context, chat, person, to_html(reply), reply, "")

    async def _send_html(
        self, context: Context, chat: int, person: str, html_text: str, reply: Reply, version: str
    ) -> bool:
        """Send one message (split if long; the keyboard on the last piece); False if blocked."""
        pieces = split(html_text)
        markup = keyboard(reply, version or self.content.version)
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            try:
                send = partial(
                    context.bot.send_message,
                    chat,
                    piece,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup if last else None,
                )
                await _retrying(send)
            except TimedOut:  # Telegram may have shown it: sent again, it could show twice
                log.info("a message timed out; taken as delivered, not sent again")
            except Forbidden:
                await self.runner.store.set_active(person, False)
                return False
        return True

    async def _edit(self, message: Message, reply: Reply, html_text: str) -> bool:
        """Replace the tapped message with the new screen; False when it cannot be edited."""
        markup = keyboard(reply, self.content.version)
        try:
            await _retrying(
                lambda: message.edit_text(html_text, parse_mode=ParseMode.HTML, reply_markup=markup)
            )
        except TimedOut:  # taken as done, like a message: never made twice
            log.info("an edit timed out; taken as done")
        except BadRequest as error:
            return "not modified" in str(error).lower()
        return True

    async def _say(self, context: Context, chat: int, key: str, lang: str | None) -> None:
        text = self.content.ui_text(key, lang or self.content.default_language)
        await _quietly(_retrying(partial(context.bot.send_message, chat, text)))

    async def _chat_and_language(self, update: Update) -> tuple[int | None, str]:
        user = update.effective_user
        chat = update.effective_chat
        state = await self.runner.store.load(person_of(user)) if user else None
        lang = (
            (state.lang if state else None) or app_language(user) or self.content.default_language
        )
        return (chat.id if chat else None), lang


def _thread_of(message: Message) -> int | None:
    """The forum topic a message is in, so an answer stays in it."""
    return message.message_thread_id if message.is_topic_message else None


async def _retrying(send: Callable[[], Awaitable[object]]) -> object:
    """Retry network failures and server errors with backoff (RETRY_WAITS); never a
    time-out, which Telegram may have carried out all the same."""
    for wait in (*RETRY_WAITS, None):
        try:
            return await send()
        except TimedOut:
            raise
        except NetworkError as error:
            if isinstance(error, BadRequest | Forbidden) or wait is None:
                raise
            log.info("a call failed (%s); again in %.2f s", type(error).__name__, wait)
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")


async def _quietly(call: Awaitable[object]) -> None:
    """Await a courtesy call (an answer, a note) whose failure must not break the update."""
    try:
        await call
    except TelegramError as error:  # refused, blocked, unreachable, or still rate-limited
        log.info("courtesy call failed: %s", type(error).__name__)
