"""The staff chat's side of tickets: each ticket's post (in a forum topic of its own where the
group has topics), the person's messages relayed to it, its close, and which ticket a staff
message answers (Telegram I/O over the engine's ticket effects; nothing here is kept but
message ids)."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace

from telegram import Bot, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.core.model import MENU_FLOW, Content
from bot.core.replies import (
    QUIET_TIME,
    CloseTicket,
    Effect,
    OpenTicket,
    RelayToTicket,
)
from bot.core.screens import LANGUAGE_NAMES, way_in_question
from bot.core.state import Frame
from bot.privacy import answer_label
from bot.store.base import Store, TicketRecord
from bot.telegram.render import split

log = logging.getLogger(__name__)

STAFF_KEYS: tuple[str, ...] = (
    "handoff_staff",
    "ticket_staff_alert",
    "ticket_staff_closed",
    "ticket_staff_quiet",
    "ticket_staff_not_open",
    "ticket_staff_which",
    "ticket_staff_open_list",
)
"""UI strings the staff chat reads (in the default language)."""
TOPIC_NAME_LIMIT = 128


def telegram_user(person: str) -> int | None:
    """The Telegram user id behind a store key ("tg:42"), or None for anyone else."""
    prefix, _, number = person.partition(":")
    return int(number) if prefix == "tg" and number.lstrip("-").isdigit() else None


def place_title(content: Content, place: str, lang: str) -> str:
    """Where in the journey a ticket was opened, as staff read it ("-" when nowhere)."""
    if not place:
        return "-"
    frame = Frame.parse(place)
    flow = content.flows.get(frame.flow)
    node = content.node(frame.flow, frame.node)
    if flow is None or node is None:
        return place
    if node.id == flow.start or flow.id == MENU_FLOW:
        return node.title.get(lang)
    return f"{flow.title.get(lang)}: {node.title.get(lang)}"


def role_title(content: Content, role: str, lang: str) -> str:
    """The person's answer to "who are you", as the option reads ("-" when not given)."""
    entry = way_in_question(content)
    if not role or entry is None or entry.ask is None:
        return "-"
    return answer_label(content, entry.ask, role, lang)


class StaffDesk:
    """Posts tickets to the staff chat and finds the ticket a staff message belongs to."""

    def __init__(self, store: Store, content: Callable[[], Content], chat_id: int) -> None:
        self.store = store
        self.content = content
        self.chat_id = chat_id
        self._forum: bool | None = None

    def __repr__(self) -> str:
        return f"StaffDesk(store={self.store!r}, chat_id={self.chat_id!r})"

    def words(self, key: str) -> str:
        """A staff UI string, in the default language."""
        content = self.content()
        return content.ui_text(key, content.default_language)

    async def carry_out(
        self, bot: Bot, person: str, effects: Sequence[Effect], name: str | None = None
    ) -> None:
        """Post, relay or close in the staff chat for each ticket effect of one step."""
        for effect in effects:
            if isinstance(effect, OpenTicket):
                ticket = await self.store.open_ticket(person)
                if ticket is not None:
                    await self._post(bot, ticket, effect.message, effect.alert, name)
            elif isinstance(effect, RelayToTicket):
                await self._relay(bot, person, effect, name)
            elif isinstance(effect, CloseTicket):
                await self._closed(bot, person, effect)

    async def find(self, message: Message) -> TicketRecord | None:
        """The ticket a staff chat message belongs to: by its forum topic, or by the ticket
        message it replies to; None for other talk in the group."""
        if message.chat_id != self.chat_id:
            return None
        if message.is_topic_message and message.message_thread_id is not None:
            ticket = await self.store.ticket_for_thread(message.message_thread_id)
            if ticket is not None:
                return ticket
        replied = message.reply_to_message
        if replied is None:
            return None
        return await self.store.ticket_for_message(self.chat_id, replied.message_id)

    async def open_list(self) -> str:
        """The open tickets, oldest first, one line each (plain text)."""
        content = self.content()
        lang = content.default_language
        tickets = await self.store.open_tickets()
        lines = [self.words("ticket_staff_open_list").replace("{count}", str(len(tickets)))]
        for ticket in tickets:
            earlier = sum(1 for t in await self.store.tickets_of(ticket.person) if t.id < ticket.id)
            lines.append(
                f"#{ticket.id} · {LANGUAGE_NAMES.get(ticket.lang, ticket.lang)}"
                f" · {role_title(content, ticket.role, lang)}"
                f" · {place_title(content, ticket.place, lang)}"
                f" · {ticket.opened_at[:16].replace('T', ' ')}"
                f" → {(ticket.last_at or ticket.opened_at)[:16].replace('T', ' ')} UTC"
                f" · {earlier} ⟲"
            )
        return "\n".join(lines)

    async def _is_forum(self, bot: Bot) -> bool:
        if self._forum is None:
            try:
                self._forum = bool((await bot.get_chat(self.chat_id)).is_forum)
            except TelegramError as error:
                log.warning("could not read the staff chat: %s", type(error).__name__)
                return False
        return self._forum

    async def _post(
        self,
        bot: Bot,
        ticket: TicketRecord,
        message: str,
        alert: str | None,
        name: str | None,
    ) -> TicketRecord:
        """The ticket's first post: who asks, from where, how many tickets before, and what
        they wrote; in a topic of its own where the group has topics."""
        content = self.content()
        lang = content.default_language
        earlier = sum(1 for t in await self.store.tickets_of(ticket.person) if t.id < ticket.id)
        user = telegram_user(ticket.person)
        shown = html.escape(name or "👤", quote=False)
        values = {
            "id": str(ticket.id),
            "lang": LANGUAGE_NAMES.get(ticket.lang, ticket.lang),
            "role": role_title(content, ticket.role, lang),
            "place": place_title(content, ticket.place, lang),
            "earlier": str(earlier),
        }
        text = html.escape(self.words("handoff_staff"), quote=False)
        for key, value in values.items():
            text = text.replace("{" + key + "}", html.escape(value, quote=False))
        link = f'<a href="tg://user?id={user}">{shown}</a>' if user is not None else shown
        text = text.replace("{person}", link)
        text = text.replace("{message}", self._said(message, alert) if message else "-")
        thread = await self._topic(bot, f"#{ticket.id} · {values['lang']} · {values['role']}")
        ticket = replace(ticket, thread_id=thread)
        first = await self._send(bot, ticket, text, as_post=True)
        return replace(ticket, post_id=first) if first is not None else ticket

    async def _topic(self, bot: Bot, name: str) -> int | None:
        """A new forum topic for a ticket, when the staff chat has topics."""
        if not await self._is_forum(bot):
            return None
        try:
            topic = await bot.create_forum_topic(self.chat_id, name[:TOPIC_NAME_LIMIT])
        except TelegramError as error:  # no right to manage topics: post in the group
            log.warning("could not open a forum topic: %s", type(error).__name__)
            return None
        return topic.message_thread_id

    async def _relay(self, bot: Bot, person: str, relay: RelayToTicket, name: str | None) -> None:
        ticket = await self.store.open_ticket(person)
        if ticket is None:
            return
        if ticket.post_id is None:  # its first post never got out (a crash): post it now
            ticket = await self._post(bot, ticket, "", None, name)
        await self._send(bot, ticket, self._said(relay.message, relay.alert))

    async def _closed(self, bot: Bot, person: str, close: CloseTicket) -> None:
        closed = [t for t in await self.store.tickets_of(person) if t.closed_at is not None]
        if not closed:
            return
        ticket = closed[-1]
        by = self.words("ticket_staff_quiet") if close.by == QUIET_TIME else close.by
        text = self.words("ticket_staff_closed").replace("{id}", str(ticket.id))
        await self._send(bot, ticket, html.escape(text.replace("{by}", by), quote=False))
        if ticket.thread_id is not None:
            try:
                await bot.close_forum_topic(self.chat_id, ticket.thread_id)
            except TelegramError as error:
                log.info("could not close the forum topic: %s", type(error).__name__)

    def _said(self, message: str, alert: str | None) -> str:
        """The person's words as staff see them (escaped), after a safety alert if any."""
        said = html.escape(message, quote=False)
        if alert is None:
            return said
        note = html.escape(self.words("ticket_staff_alert").replace("{kind}", alert), quote=False)
        return f"<b>{note}</b>\n{said}"

    async def _send(
        self, bot: Bot, ticket: TicketRecord, text: str, as_post: bool = False
    ) -> int | None:
        """Send into the ticket (its topic, or as a reply to its post); remember each message
        so a staff reply to it finds the ticket. Returns the first message id."""
        first: int | None = None
        for piece in split(text):
            reply = None
            if ticket.thread_id is None and ticket.post_id is not None and not as_post:
                reply = ReplyParameters(ticket.post_id, allow_sending_without_reply=True)
            try:
                sent = await bot.send_message(
                    self.chat_id,
                    piece,
                    parse_mode=ParseMode.HTML,
                    message_thread_id=ticket.thread_id,
                    reply_parameters=reply,
                )
            except TelegramError as error:
                failed = type(error).__name__
                log.warning("ticket #%s: staff chat send failed: %s", ticket.id, failed)
                return first
            await self.store.note_ticket_message(
                ticket.id, self.chat_id, sent.message_id, ticket.thread_id
            )
            first = sent.message_id if first is None else first
        return first
