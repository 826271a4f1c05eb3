"""The diagram page draws every flow offline: titles in the chosen language (mirrored, right
to left, in Hebrew), conditional buttons dashed and labelled, and each page's counts."""

from __future__ import annotations

import asyncio
import re
from html import escape
from pathlib import Path

import pytest

from bot import cli
from bot.content.library import Library
from bot.core.model import Content
from bot.staff import graph, graph_html
from bot.staff.graph_counts import Traffic
from tests.staff import few_visits
from tests.staff.test_report_html import Balance

PAGE = re.compile(
    r'<g class="page (?P<kind>start|inside|outside) f\d+p\d+"><title>(?P<tip>[^<]*)</title>'
    r'<rect class="box" x="(?P<x>[\d.]+)"'
)


@pytest.fixture(scope="module")
def traffic(small_library: Library, tmp_path_factory: pytest.TempPathFactory) -> Traffic:
    """The small content's counts after four people's known paths (tests/staff/few_visits.py)."""
    return asyncio.run(few_visits.traffic(tmp_path_factory.mktemp("few") / "db", small_library))


def sections(html: str) -> dict[str, str]:
    """Each flow's section of the page, by flow id."""
    found = {}
    for part in html.split('<section class="flow">')[1:]:
        flow = re.search(r'<span class="id">([^<]+)</span>', part)
        assert flow is not None
        found[flow.group(1)] = part.split("</section>", 1)[0]
    return found


def test_the_whole_page_stands_alone_and_is_well_formed(
    shipped: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "graph.html"
    monkeypatch.setenv("DEFAULT_LANGUAGE", "he")
    assert cli.main(["graph", "--html", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?:|//[a-z]|<script|<link|<img|@import", html, re.IGNORECASE)
    assert set(re.findall(r"url\((.)", html)) == {"#"}, "only the page's own arrow heads"
    checker = Balance()
    checker.feed(html)
    checker.close()
    assert checker.problems == [] and checker.open == []
    assert list(sections(html)) == list(shipped.content.flows)
    assert html.count("<svg ") == len(shipped.content.flows)


def test_every_page_and_every_button_is_drawn_with_titles_in_the_language(
    shipped: Library,
) -> None:
    content = shipped.content
    diagram = graph.build(content, None, "ru")
    drawn = sections(graph_html.render(diagram))
    for flow in content.flows.values():
        part = drawn[flow.id]
        tips = [m["tip"] for m in PAGE.finditer(part)]
        for node in flow.nodes.values():
            assert f"{escape(node.title.get('ru'))} ({flow.id}.{node.id})" in tips
        edges = [e for e in diagram.edges if e.source.flow == flow.id]
        assert part.count('<g class="edge ') == len(edges)
        exits = {e.target for e in edges if e.target.flow != flow.id}
        assert sum(m["kind"] == "outside" for m in PAGE.finditer(part)) == len(exits)
        assert sum(m["kind"] == "start" for m in PAGE.finditer(part)) == 1


def test_a_page_in_another_flow_is_titled_with_its_flow_and_id(small: Content) -> None:
    part = sections(graph_html.render(graph.build(small, "diagnosis", "en", terms=True)))
    assert "Glossary en: Biopsy en (glossary.biopsy)" in part["diagnosis"]
    assert ">→ glossary.biopsy</text>" in part["diagnosis"]


def test_buttons_shown_under_a_condition_are_dashed_and_labelled(shipped: Library) -> None:
    content = shipped.content
    html = graph_html.render(graph.build(content, "treatment", "en"))
    conditional = [
        o for n in content.flows["treatment"].nodes.values() for o in n.options if o.when
    ]
    assert len(conditional) > 0
    assert html.count('<g class="edge when ') == len(conditional)
    labels = re.findall(r'<g class="condition">.*?<text[^>]*>([^<]*)</text>', html)
    assert labels == ["when role == &quot;family&quot;"] * len(conditional)


def mirrored(part: str) -> bool:
    """Whether the flow's start is drawn right of every other page (else left of them)."""
    boxes = [(m["kind"], float(m["x"])) for m in PAGE.finditer(part)]
    start = next(x for kind, x in boxes if kind == "start")
    others = [x for kind, x in boxes if kind != "start"]
    if all(start > x for x in others):
        return True
    assert all(start < x for x in others), "the start is at one end"
    return False


def test_in_hebrew_the_drawing_reads_right_to_left(shipped: Library) -> None:
    content = shipped.content
    html = graph_html.render(graph.build(content, None, "he"))
    for flow in content.flows.values():
        part = sections(html)[flow.id]
        title = escape(flow.title.get("he"))
        assert part.startswith(f'<h2 lang="he" dir="rtl">{title}</h2>')
        assert '<div class="scroll" dir="rtl">' in part, "scrolled to the start at first"
        assert 'font-weight="600" fill="#1f2933" direction="rtl"' in part
        assert mirrored(part)


def test_in_english_the_drawing_reads_left_to_right(shipped: Library) -> None:
    content = shipped.content
    html = graph_html.render(graph.build(content, None, "en"))
    assert 'direction="rtl"' not in html and 'dir="rtl"' not in html
    for flow in content.flows:
        assert not mirrored(sections(html)[flow])


def test_each_page_shows_its_counts_and_the_share_that_ended_there(
    small: Content, traffic: Traffic
) -> None:
    html = graph_html.render(graph.build(small, "diagnosis", "en", traffic=traffic))
    tips = [m["tip"] for m in PAGE.finditer(html)]
    assert "diagnosis intro en (diagnosis.intro): 3 visits · 1 ended here (33%)" in tips
    assert "Details en (diagnosis.details): 1 visit · 1 ended here (100%)" in tips
    assert "Deeper en (diagnosis.deeper): 1 visit · 0 ended here (0%)" in tips
    assert ">3 visits · 1 ended here (33%)</text>" in html
    track = graph_html.BOX_WIDTH - 24
    bars = re.findall(r'width="([\d.]+)" height="3" rx="1.5" fill="#c23b4f"', html)
    assert sorted(float(b) for b in bars) == pytest.approx(sorted([track / 3, track, 0.0]), 0.01)
    assert "Visits from 25 October 2026 to 23 November 2026 (UTC), 30 day(s)." in html
    assert "<b>ended here</b>: people last active in the window" in html


def test_the_command_refuses_a_page_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "missing" / "graph.html"
    assert cli.main(["graph", "menu", "--html", str(page)]) == 1
    error = capsys.readouterr().err
    assert f"{page}: cannot write the diagram" in error and "check the path" in error
