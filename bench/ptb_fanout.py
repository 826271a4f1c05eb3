"""The fan-out baseline: python-telegram-bot's own AIORateLimiter (30 messages a second
overall, its default) sending one message to each of COUNT chats from FIRST, then exiting.

Run: ``python -m bench.ptb_fanout FIRST COUNT`` with TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL.
"""

from __future__ import annotations

import asyncio
import os
import sys

from telegram.ext import AIORateLimiter, Application

TEXT = "⏰ A reminder: you have an appointment today. Bring your papers and a list of questions."
"""About as long as our reminder (what is sent does not change the pace)."""


async def send_all(first: int, count: int) -> int:
    """Send to every chat at once and let the rate limiter pace them; how many failed."""
    app = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_BASE_URL"])
        .rate_limiter(AIORateLimiter())
        .build()
    )
    async with app:
        sent = await asyncio.gather(
            *(app.bot.send_message(chat, TEXT) for chat in range(first, first + count)),
            return_exceptions=True,
        )
    return sum(isinstance(result, Exception) for result in sent)


def main() -> None:
    """Send, and exit non-zero when a send failed."""
    first, count = int(sys.argv[1]), int(sys.argv[2])
    sys.exit(1 if asyncio.run(send_all(first, count)) else 0)


if __name__ == "__main__":
    main()
