"""Publish new content without a restart: check it off the event loop, then swap (does I/O).

A reload reads the content root again with the same checks as `python bot.py validate`.
With any error nothing changes: the bot keeps serving the content it had, and the staff
member who asked gets the problem lines. Without errors the new content, with its
understanding already built, replaces the old in one step between two updates. Nobody's
place is touched here: the engine reconciles each stored position with the content in use
at that person's next update (bot/core/reconcile.py), so renamed pages keep people in place
and people on a removed page land where reconcile puts them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.content.holder import ContentHolder
from bot.content.library import Loaded
from bot.content.problems import Problem, Severity
from bot.core.model import Content
from bot.understand.interpret import Understander
from bot.understand.readers import adopt, understander

SHOWN_LINES = 15
"""Problem lines a report shows: one phone screen; the rest are counted."""
LINE_CHARS = 240
"""A longer problem line is cut, so that the report fits in one Telegram message."""


@dataclass(frozen=True, slots=True)
class Reloaded:
    """What a reload did: whether the new content is in use, what is served now, and why."""

    swapped: bool
    version: str
    flows: int
    nodes: int
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that kept the old content."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many warnings the new content has (shown by `validate`, never blocking)."""
        return len(self.problems) - len(self.errors)


def outcome(loaded: Loaded, served: Content) -> Reloaded:
    """The result of a reload that read `loaded`; `served` is the content in use after it (pure).

    Content without errors is always swapped in; with any error the old content stays.
    """
    return Reloaded(
        swapped=loaded.library is not None,
        version=served.version,
        flows=len(served.flows),
        nodes=sum(len(flow.nodes) for flow in served.flows.values()),
        problems=loaded.problems,
    )


def report(result: Reloaded, retry: str = "send /reload") -> str:
    """What the staff member who asked for the reload reads (pure).

    `retry` says how to try again once the problems are fixed.
    """
    if result.swapped:
        lines = [
            f"Content reloaded: {result.flows} flows, {result.nodes} nodes,"
            f" version {result.version}."
        ]
        if result.warnings:
            lines.append(f"{result.warnings} warning(s): python bot.py validate lists them.")
        return "\n".join(lines)
    errors = result.errors
    shown = [_cut(str(problem)) for problem in errors[:SHOWN_LINES]]
    lines = [
        f"Content NOT reloaded: {len(errors)} error(s). The bot keeps the content it had"
        f" (version {result.version}). Fix these, then {retry} again:",
        *shown,
    ]
    if len(errors) > len(shown):
        lines.append(f"… and {len(errors) - len(shown)} more: python bot.py validate lists all.")
    return "\n".join(lines)


def _cut(line: str) -> str:
    return line if len(line) <= LINE_CHARS else line[: LINE_CHARS - 1] + "…"


class Reloader:
    """Reloads `holder`'s content on request; one reload at a time."""

    def __init__(self, holder: ContentHolder) -> None:
        self.holder = holder
        self._one_at_a_time = asyncio.Lock()

    def __repr__(self) -> str:
        return f"Reloader(holder={self.holder!r})"

    async def reload(self) -> Reloaded:
        """Read and check the content again; swap it in when it has no errors."""
        async with self._one_at_a_time:
            loaded, ready = await asyncio.to_thread(self._prepare)
            if loaded.library is not None and ready is not None:
                # One loop turn, no await: every update sees the old content or the new, whole.
                self.holder.use(loaded.library)
                adopt(loaded.library, ready)
            return outcome(loaded, self.holder.library.content)

    def _prepare(self) -> tuple[Loaded, Understander | None]:
        """In a worker thread: load and check, then build the understanding of valid content."""
        loaded = self.holder.read()
        return loaded, understander(loaded.library) if loaded.library is not None else None
