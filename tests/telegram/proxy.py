"""A small round-robin HTTP proxy for the replica tests, as a load balancer would be (I/O)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import aiohttp
from aiohttp import web

HOP_BY_HOP = frozenset({"host", "connection", "content-length", "transfer-encoding"})


class RoundRobinProxy:
    """Forwards each request to the next backend in turn; a backend that refuses the
    connection is skipped (as nginx's proxy_next_upstream does); one that fails in the
    middle of a request gets the client a 502, and Telegram sends the update again."""

    def __init__(self, backends: Sequence[str]) -> None:
        self.backends = list(backends)
        self._turn = itertools.count()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = 0
        self.forwarded: dict[str, int] = dict.fromkeys(self.backends, 0)

    def __repr__(self) -> str:
        return f"RoundRobinProxy(backends={self.backends!r})"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        for _ in range(len(self.backends)):
            backend = self.backends[next(self._turn) % len(self.backends)]
            try:
                async with self._session.request(
                    request.method, backend + request.path_qs, data=body, headers=headers
                ) as answer:
                    payload = await answer.read()
                    self.forwarded[backend] += 1
                    return web.Response(status=answer.status, body=payload)
            except aiohttp.ClientConnectorError:
                continue  # not listening (killed, or not up yet): the next one
            except (aiohttp.ClientError, TimeoutError):
                return web.Response(status=502, text="backend failed")
        return web.Response(status=502, text="no backend answers")
