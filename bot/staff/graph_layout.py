"""Where each page of one flow sits in the drawn diagram: a grid of columns and rows (pure).

Column order follows the distance from the flow's start: the start, then the pages one tap
away inside the flow, then two taps, and so on (breadth first, in the order the buttons
come). Pages the flow's own buttons never reach come next, and the places in other flows
its buttons lead to last. A column with more than `MAX_ROWS` pages wraps into several
columns side by side. Within a column pages sit near the average row of the pages linked
to them (one sweep forward from the pages that lead to them, one back from the pages they
lead to), so most arrows run nearly level. Rows are fractional; the drawing scales them.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.core.model import Flow
from bot.core.state import Frame
from bot.staff.graph import Edge

MAX_ROWS = 16
"""The most pages one column holds before it wraps."""


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one page is drawn: its column (0 = the start's) and its row from the top."""

    column: int
    row: float


@dataclass(frozen=True, slots=True)
class Layout:
    """Every drawn page's slot; `tree` holds the arrows that first reach each page from
    the start (the ones drawn strongest), `depth` each reached page's taps from the start."""

    slots: Mapping[Frame, Slot]
    tree: frozenset[tuple[Frame, Frame]]
    depth: Mapping[Frame, int]

    @property
    def columns(self) -> int:
        """How many columns the flow takes."""
        return 1 + max((slot.column for slot in self.slots.values()), default=-1)

    @property
    def rows(self) -> float:
        """How many rows the tallest column takes."""
        return max((slot.row + 1 for slot in self.slots.values()), default=0.0)


def layout(
    flow: Flow, edges: Sequence[Edge], outside: Iterable[Frame], max_rows: int = MAX_ROWS
) -> Layout:
    """The slots of `flow`'s pages and of the `outside` places its `edges` lead to."""
    start = Frame(flow.id, flow.start)
    pages = [Frame(flow.id, node) for node in flow.nodes]
    links = [(e.source, e.target) for e in edges if e.source.flow == flow.id and not e.dashed]
    depth, tree = _breadth_first(start, links)
    exits = sorted(set(outside), key=lambda f: (f.flow, f.node))
    deepest = max((depth[p] for p in pages if p in depth), default=0)
    groups = [[p for p in pages if depth.get(p) == d] for d in range(deepest + 1)]
    groups += [[p for p in pages if p not in depth], exits]
    parents = _neighbours(links, reverse=True)
    children = _neighbours([link for link in links if link in tree], reverse=False)
    columns = _columns(groups, parents, max_rows)
    rows: dict[Frame, float] = {}
    for column in columns:  # forward: near the pages that lead here
        rows.update(_place(column, _desired(column, parents, rows)))
    for column in reversed(columns):  # back: near the pages this one first leads to
        rows.update(_place(column, _desired(column, children, rows, keep=rows)))
    top = min(rows.values(), default=0.0)
    slots = {
        page: Slot(number, rows[page] - top)
        for number, column in enumerate(columns)
        for page in column
    }
    return Layout(slots, frozenset(tree), depth)


def _breadth_first(
    start: Frame, links: Sequence[tuple[Frame, Frame]]
) -> tuple[dict[Frame, int], set[tuple[Frame, Frame]]]:
    """Taps from `start` to each page it reaches, and the link that first reached each."""
    onward = _neighbours(links, reverse=False)
    depth = {start: 0}
    tree: set[tuple[Frame, Frame]] = set()
    queue = deque([start])
    while queue:
        here = queue.popleft()
        for there in onward.get(here, ()):
            if there not in depth:
                depth[there] = depth[here] + 1
                tree.add((here, there))
                if there.flow == start.flow:
                    queue.append(there)
    return depth, tree


def _neighbours(links: Iterable[tuple[Frame, Frame]], *, reverse: bool) -> dict[Frame, list[Frame]]:
    """Each page's targets (or, `reverse`, its sources), in order, without repeats."""
    found: dict[Frame, list[Frame]] = {}
    for source, target in links:
        key, value = (target, source) if reverse else (source, target)
        if value != key and value not in found.setdefault(key, []):
            found[key].append(value)
    return found


def _columns(
    groups: Sequence[Sequence[Frame]], parents: Mapping[Frame, Sequence[Frame]], max_rows: int
) -> list[list[Frame]]:
    """The groups as columns, each group wrapped into columns of at most `max_rows`.

    A wrapped group is split in the order of its pages' parents' positions, so pages led
    to from the top of the previous column land in its first part.
    """
    columns: list[list[Frame]] = []
    order: dict[Frame, int] = {}
    for group in groups:
        if not group:
            continue
        ranked = sorted(
            group,
            key=lambda page: _mean([order[p] for p in parents.get(page, ()) if p in order], 1e9),
        )
        parts = math.ceil(len(ranked) / max_rows)
        size = math.ceil(len(ranked) / parts)
        for part in range(parts):
            columns.append(ranked[part * size : (part + 1) * size])
        order.update({page: len(order) + i for i, page in enumerate(ranked)})
    return columns


def _desired(
    column: Sequence[Frame],
    linked: Mapping[Frame, Sequence[Frame]],
    rows: Mapping[Frame, float],
    keep: Mapping[Frame, float] | None = None,
) -> dict[Frame, float | None]:
    """Each page's wished row: the mean row of its placed linked pages (else its row in
    `keep`, else None: no wish)."""
    wishes: dict[Frame, float | None] = {}
    for page in column:
        placed = [rows[p] for p in linked.get(page, ()) if p in rows and p not in column]
        fallback = keep.get(page) if keep is not None else None
        wishes[page] = _mean(placed, 0.0) if placed else fallback
    return wishes


def _place(column: Sequence[Frame], wishes: Mapping[Frame, float | None]) -> dict[Frame, float]:
    """Rows one apart, in the order of the wishes, as near the wishes as that allows.

    Pages with no wish keep their order and follow the others.
    """
    ranked = sorted(
        enumerate(column),
        key=lambda item: (wishes[item[1]] is None, wishes[item[1]] or 0.0, item[0]),
    )
    rows: list[float] = []
    for _, page in ranked:
        wish = wishes[page]
        if not rows:
            rows.append(wish if wish is not None else 0.0)
        else:
            rows.append(max(wish, rows[-1] + 1) if wish is not None else rows[-1] + 1)
    wished = [(row, wishes[page]) for row, (_, page) in zip(rows, ranked, strict=True)]
    gaps = [wish - row for row, wish in wished if wish is not None]
    shift = _mean(gaps, 0.0)
    return {page: row + shift for row, (_, page) in zip(rows, ranked, strict=True)}


def _mean(values: Sequence[float], empty: float) -> float:
    return sum(values) / len(values) if values else empty
