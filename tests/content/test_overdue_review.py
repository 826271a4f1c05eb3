"""A review date that passes never takes the bot down: it loads, routes and answers emergencies,
while the go-live check fails until a clinician reviews the content again."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.app import open_content
from bot.cli import validate
from bot.content.library import REPOSITORY, Library
from bot.settings import Settings
from bot.understand.ask import ask

PAST = ("reviewed_at: 2024-01-10", "review_due: 2024-12-31")
"""Review dates long past on any day these tests run: the real clock decides, as in the bot."""


@pytest.fixture(scope="module")
def overdue_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content with every review (flows, glossary, safety rules) overdue."""
    root = tmp_path_factory.mktemp("overdue")
    for folder in ("flows", "content"):
        shutil.copytree(REPOSITORY / folder, root / folder)
    for path in [*root.glob("flows/*.yaml"), *root.glob("content/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"reviewed_at: [\d-]+", PAST[0], text)
        text = re.sub(r"review_due: [\d-]+", PAST[1], text)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def overdue(overdue_root: Path) -> Library:
    """The content as the bot opens it at start-up (bot/app.py), with today's date."""
    holder = open_content(Settings(), overdue_root)
    assert holder is not None, "the bot refused to start because a review date passed"
    return holder.library


def test_the_bot_starts_and_warns_about_each_overdue_review(overdue: Library) -> None:
    overdue_warnings = [p for p in overdue.warnings if p.code == "W_REVIEW_OVERDUE"]
    assert len(overdue_warnings) == 10  # six journeys, check-in, glossary, safety rules, examples
    assert any(p.mark.path.endswith("safety.yaml") for p in overdue_warnings)
    assert all("2024-12-31" in p.message for p in overdue_warnings)


def test_a_question_is_still_routed_to_its_page(overdue: Library) -> None:
    found = ask(overdue, "what is a biopsy", "en")
    assert (found["flow"], found["node"]) == ("diagnosis", "biopsy")
    assert found["safety"] is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [("my father has a fever of 39 after chemo", "en"), ("יש לי חום 39 אחרי כימותרפיה", "he")],
)
def test_the_safety_check_still_answers_an_emergency(
    overdue: Library, text: str, lang: str
) -> None:
    found = ask(overdue, text, lang)
    assert found["safety"] == "emergency"
    assert "101" in found["reply"]


def test_validate_passes_with_warnings_but_the_release_check_fails(
    overdue_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert validate(overdue_root) == 0
    plain = capsys.readouterr().out
    assert "W_REVIEW_OVERDUE" in plain and "E_RELEASE" not in plain
    assert validate(overdue_root, release=True) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if "E_RELEASE_OVERDUE" in line]
    assert any(re.match(r"\S*flows/diagnosis\.yaml:\d+:\d+: ", line) for line in lines), lines
    assert any("safety.yaml" in line and "2024-12-31" in line for line in lines), lines
