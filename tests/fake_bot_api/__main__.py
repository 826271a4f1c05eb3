"""Run the fake Bot API in its own process: ``python -m tests.fake_bot_api --port 0 --delay 0.05``.

The first stdout line is the base_url (``http://127.0.0.1:PORT/bot``); it serves until killed
(SIGINT/SIGTERM). Control endpoints on the same server, all answering
``{"ok": true, "result": ...}`` (or ``{"ok": false, "error": "..."}`` with HTTP 400):

- ``POST /_control/push_text``      body ``{"user_id": 1, "text": "hi", "chat_id": null}``
  -> update_id
- ``POST /_control/push_command``   same body, text starts with "/" -> update_id
- ``POST /_control/push_callback``  body ``{"user_id": 1, "data": "x", "message_id": null}``
  -> callback query id (message_id defaults to the newest inline-keyboard message)
- ``POST /_control/push_update``    body ``{"update": {...}}`` -> update_id
- ``POST /_control/inject``         body ``{"method": "sendMessage", "status": 429, "times": 1,
  "retry_after": 3}`` -> true
- ``POST /_control/hold``           body ``{"method": "sendMessage", "seconds": 12, "times": 1}``
  -> true (the next calls are carried out, then answered that late)
- ``GET /_control/requests?since=N`` -> ``{"requests": [...], "next": M}`` (pass M as the next N)
- ``GET /_control/violations``       -> list of ``{"method", "description", "request_index"}``
- ``GET /_control/messages?chat_id=C`` -> the bot's visible messages in chat C
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from .server import FakeBotApi


async def _serve(port: int, delay: float, token: str) -> None:
    api = FakeBotApi(token=token, delay=delay)
    await api.start(port=port)
    print(api.base_url, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await api.stop()


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve until SIGINT/SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m tests.fake_bot_api", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds added before answers")
    parser.add_argument("--token", default="123456:TEST", help="the bot token to accept")
    args = parser.parse_args(argv)
    asyncio.run(_serve(args.port, args.delay, args.token))


if __name__ == "__main__":
    main()
