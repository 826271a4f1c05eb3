"""Replies as Telegram HTML: escape every staff or user string, split long texts (pure)."""

from __future__ import annotations

import html

from bot.core.replies import Reply, ReplyKind
from bot.telegram.direction import for_direction, is_right_to_left

LIMIT = 4096
"""Telegram's limit on one message's text."""


def to_html(reply: Reply) -> str:
    """The reply as HTML: a bold title, then the text, every string escaped; Hebrew and
    Arabic laid out right to left, with numbers in their true order."""
    body = html.escape(for_direction(reply.text), quote=False)
    if reply.title:
        title = for_direction(reply.title) if is_right_to_left(reply.text) else reply.title
        return f"<b>{html.escape(title, quote=False)}</b>\n\n{body}"
    return body


def compose(replies: tuple[Reply, ...]) -> list[tuple[str, Reply]]:
    """Messages to send: each notice joins the message after it; alerts stand alone. A
    notice with nothing after it is sent on its own, with its own buttons."""
    messages: list[tuple[str, Reply]] = []
    waiting: list[Reply] = []
    for reply in replies:
        if reply.kind is ReplyKind.NOTICE:
            waiting.append(reply)
            continue
        if reply.kind is ReplyKind.ALERT and waiting:
            messages.extend((to_html(notice), notice) for notice in waiting)
            waiting = []
        messages.append(("\n\n".join([*map(to_html, waiting), to_html(reply)]), reply))
        waiting = []
    messages.extend((to_html(notice), notice) for notice in waiting)
    return messages


def split(text: str, limit: int = LIMIT) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at paragraph boundaries.

    A paragraph longer than the limit is cut at a line, then a space, then anywhere;
    a cut never falls inside an HTML tag or entity.
    """
    pieces: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while len(paragraph) > limit:
            cut = _cut(paragraph, limit)
            pieces.append(paragraph[:cut].rstrip())
            paragraph = paragraph[cut:].lstrip()
        current = paragraph
    if current or not pieces:
        pieces.append(current)
    return _balance_bold(pieces)


def _cut(text: str, limit: int) -> int:
    for separator in ("\n", " "):
        at = text.rfind(separator, 0, limit)
        if at > limit // 2:
            return at
    at = limit
    while at > 0 and (
        text.rfind("<", 0, at) > text.rfind(">", 0, at)
        or text.rfind("&", 0, at) > text.rfind(";", 0, at)
    ):
        at -= 1
    return at or limit


def _balance_bold(pieces: list[str]) -> list[str]:
    """Only the title is bold and it is short, but never leave a <b> open across pieces."""
    balanced = []
    for piece in pieces:
        if piece.count("<b>") > piece.count("</b>"):
            piece += "</b>"
        balanced.append(piece)
    return balanced
