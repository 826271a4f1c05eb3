"""Pages are laid out in columns by their taps from the flow's start, never on top of each
other, with the other flows' pages last."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

import pytest

from bot.content.library import Library
from bot.core.model import Content
from bot.core.state import Frame
from bot.staff import graph
from bot.staff.graph_layout import MAX_ROWS, Layout, layout


def flow_layout(content: Content, flow: str) -> tuple[Layout, graph.Diagram]:
    diagram = graph.build(content, flow)
    edges = [e for e in diagram.edges if e.source.flow == flow]
    return layout(content.flows[flow], edges, diagram.outside), diagram


def test_columns_follow_the_taps_from_the_start(small: Content) -> None:
    placed, _ = flow_layout(small, "diagnosis")
    columns = {page.node: slot.column for page, slot in placed.slots.items()}
    assert columns["intro"] == 0
    assert columns["details"] == columns["deeper"] == 1  # deeper: the family-only button
    assert placed.depth[Frame("diagnosis", "deeper")] == 1


def test_other_flows_pages_come_last_and_unreached_pages_before_them(small: Content) -> None:
    placed, diagram = flow_layout(small, "menu")
    last = placed.columns - 1
    for page in diagram.outside:
        assert placed.slots[page].column == last
    assert all(placed.slots[Frame("menu", n)].column < last for n in ("welcome", "main"))


def test_a_page_no_button_of_its_flow_reaches_gets_its_own_column(small: Content) -> None:
    flow = small.flows["diagnosis"]
    only_intro = [
        e for e in graph.build(small, "diagnosis").edges if e.source == Frame("diagnosis", "intro")
    ]
    details_only = [e for e in only_intro if e.target.node == "details"]
    placed = layout(flow, details_only, ())
    assert placed.slots[Frame("diagnosis", "deeper")].column == 2
    assert Frame("diagnosis", "deeper") not in placed.depth


@pytest.mark.parametrize("max_rows", [2, 3])
def test_a_tall_column_wraps(small: Content, max_rows: int) -> None:
    placed, diagram = flow_layout(small, "menu")
    per_column: defaultdict[int, int] = defaultdict(int)
    for slot in placed.slots.values():
        per_column[slot.column] += 1
    assert max(per_column.values()) == len(diagram.outside)  # 7 exits in one column
    wrapped = layout(small.flows["menu"], diagram.edges, diagram.outside, max_rows=max_rows)
    counts: defaultdict[int, int] = defaultdict(int)
    for page in diagram.outside:
        counts[wrapped.slots[page].column] += 1
    assert max(counts.values()) <= max_rows
    assert sum(counts.values()) == len(diagram.outside)


def test_every_shipped_flow_is_laid_out_without_overlaps(shipped: Library) -> None:
    content = shipped.content
    for flow in content.flows:
        placed, diagram = flow_layout(content, flow)
        assert len(placed.slots) == len(content.flows[flow].nodes) + len(diagram.outside)
        columns: defaultdict[int, list[float]] = defaultdict(list)
        for slot in placed.slots.values():
            columns[slot.column].append(slot.row)
            assert slot.row >= 0
        for column, rows in columns.items():
            rows.sort()
            assert len(rows) <= MAX_ROWS, (flow, column)
            gaps = [b - a for a, b in itertools.pairwise(rows)]
            assert all(gap >= 1 - 1e-9 for gap in gaps), (flow, column, rows)
        start = Frame(flow, content.flows[flow].start)
        into = [target for _, target in placed.tree]
        assert Counter(into) == Counter(set(placed.depth) - {start}), (
            "every page reached has one arrow that first reaches it"
        )
