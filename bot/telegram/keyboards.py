"""Inline keyboards from a reply's buttons, with compact versioned callback data (pure)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core import callback
from bot.core.replies import Reply

DELETE_YES = "del|yes"
DELETE_NO = "del|no"


def keyboard(reply: Reply, version: str) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard, or None when it has none."""
    if not reply.buttons:
        return None
    rows = [
        [
            InlineKeyboardButton(
                button.label, callback_data=callback.encode(version, reply.at, button.action)
            )
            for button in row
        ]
        for row in reply.buttons
    ]
    return InlineKeyboardMarkup(rows)


def confirm_delete(yes: str, no: str) -> InlineKeyboardMarkup:
    """The two buttons that confirm or cancel /delete."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(yes, callback_data=DELETE_YES)],
            [InlineKeyboardButton(no, callback_data=DELETE_NO)],
        ]
    )
