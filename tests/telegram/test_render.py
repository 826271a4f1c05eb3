"""Composing replies into Telegram messages: notices join the next message or keep their own
buttons when they stand alone."""

from __future__ import annotations

from bot.core.events import Nav, Navigate
from bot.core.replies import Button, Reply, ReplyKind
from bot.telegram.render import compose

CARRY_ON = Button("Carry on", Navigate(Nav.STAY))


def test_a_notice_alone_is_sent_with_its_own_buttons() -> None:
    notice = Reply(
        text="Write your message to the team.", buttons=((CARRY_ON,),), kind=ReplyKind.NOTICE
    )
    ((text, sent),) = compose((notice,))
    assert text == "Write your message to the team."
    assert sent.buttons == ((CARRY_ON,),)


def test_a_notice_joins_the_screen_after_it_and_the_screen_keeps_its_buttons() -> None:
    notice = Reply(text="Welcome back.", kind=ReplyKind.NOTICE)
    screen = Reply(text="Main menu", buttons=((CARRY_ON,),))
    ((text, sent),) = compose((notice, screen))
    assert text == "Welcome back.\n\nMain menu" and sent is screen
