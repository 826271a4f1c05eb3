"""The HTML report is one offline page with charts, readable in Hebrew, naming no one."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot import cli
from bot.content.library import Library
from bot.staff.usage import journeys
from tests.staff.conftest import Month
from tests.staff.month_of_traffic import LAST_DAY, SECRETS

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source"}


class Balance(HTMLParser):
    """Checks that every element is closed, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            line, col = self.getpos()
            self.problems.append(f"{line}:{col}: </{tag}> closes <{self.open[-1:]}>")
        else:
            self.open.pop()


def write(month: Month, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> str:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{month.path}")
    page = tmp_path / "report.html"
    assert cli.main(["stats", "--html", str(page), "--until", str(LAST_DAY), *extra]) == 0
    return page.read_text(encoding="utf-8")


def test_the_page_stands_alone_and_is_well_formed(
    month: Month, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = write(month, tmp_path, monkeypatch, "--lang", "en")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?:|//[a-z]", html, re.IGNORECASE), "nothing from the network"
    assert not re.search(r"<script|<link|<img|@import|url\(", html, re.IGNORECASE)
    checker = Balance()
    checker.feed(html)
    checker.close()
    assert checker.problems == [] and checker.open == []
    assert html.count("<svg") >= len(journeys_of(html)) + 3  # funnels, activity, alerts, pages


def journeys_of(html: str) -> list[str]:
    return re.findall(r'<div class="journey">', html)


def test_the_page_shows_each_journeys_funnel_with_the_simulated_counts(
    month: Month, shipped: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = write(month, tmp_path, monkeypatch, "--lang", "en")
    assert len(journeys_of(html)) == len(journeys(shipped.content))
    for flow in journeys(shipped.content):
        opened = month.expected.funnels[(flow, "opened")]
        topic = month.expected.funnels[(flow, "topic")]
        title = shipped.content.flows[flow].title.get("en")
        assert f'<h3 lang="en" dir="ltr">{title}</h3>' in html
        assert f"{topic} of {opened} visits reached a topic" in html


def test_in_hebrew_the_content_titles_read_right_to_left(
    month: Month, shipped: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = write(month, tmp_path, monkeypatch, "--lang", "he")
    for flow in journeys(shipped.content):
        title = shipped.content.flows[flow].title.get("he")
        assert f'<h3 lang="he" dir="rtl">{title}</h3>' in html
    assert 'direction="rtl"' in html, "the page titles in the chart are drawn right to left"
    assert '<td lang="he" dir="auto">אוכל</td>' in html, "messages keep their own direction"


def test_the_page_names_no_one_and_shows_typed_text_only_scrubbed(
    month: Month, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = write(month, tmp_path, monkeypatch)
    for person in month.expected.people:
        assert person.removeprefix("tg:") not in html
    for secret in SECRETS:
        assert secret not in html
    cells = re.findall(r'<td lang="[a-z]+" dir="auto">([^<]*)</td>', html)
    assert "Hello, my name is [name] and my phone is [number], my dog has fleas" in cells
    for typed in month.expected.typed:
        assert typed not in html or typed in cells, typed


def test_a_report_without_a_database_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert cli.main(["stats", "--html", str(tmp_path / "r.html")]) == 1
    assert "no database" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
