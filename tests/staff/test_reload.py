"""A reload swaps in valid content only, and tells staff what it did in one screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.holder import ContentHolder
from bot.content.library import Library
from bot.content.problems import Problem, Severity
from bot.core.model import Mark
from bot.staff.reload import SHOWN_LINES, Reloaded, Reloader, report
from bot.understand import readers
from tests.inline import flow, load_root, write_root


def problems(errors: int, warnings: int = 0) -> tuple[Problem, ...]:
    def one(n: int, code: str, severity: Severity) -> Problem:
        return Problem(Mark("flows/treatment.yaml", n, 7), code, f"problem {n}", severity)

    return (
        *(one(n, "E_UNKNOWN_TARGET", Severity.ERROR) for n in range(1, errors + 1)),
        *(one(100 + n, "W_SETTING_EMPTY", Severity.WARNING) for n in range(warnings)),
    )


def test_a_failed_reload_shows_a_screenful_of_lines_and_counts_the_rest() -> None:
    result = Reloaded(False, "abc123", 7, 300, problems(40, warnings=5))
    lines = report(result).splitlines()
    assert lines[0].startswith("Content NOT reloaded: 40 error(s)")
    assert "(version abc123)" in lines[0]
    assert lines[1] == "flows/treatment.yaml:1:7: E_UNKNOWN_TARGET problem 1"
    assert len(lines) == 1 + SHOWN_LINES + 1
    assert lines[-1].startswith(f"… and {40 - SHOWN_LINES} more")
    assert not any("W_SETTING_EMPTY" in line for line in lines), "warnings never bury errors"


def test_a_successful_reload_says_what_is_served() -> None:
    result = Reloaded(True, "abc123", 7, 300, problems(0, warnings=3))
    assert report(result) == (
        "Content reloaded: 7 flows, 300 nodes, version abc123.\n"
        "3 warning(s): python bot.py validate lists them."
    )


def test_every_problem_severity_is_counted() -> None:
    result = Reloaded(False, "v", 1, 1, problems(2, warnings=3))
    assert len(result.errors) == 2 and result.warnings == 3
    assert all(p.severity is Severity.ERROR for p in result.errors)


async def test_broken_content_keeps_the_old_and_fixed_content_is_swapped_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_root(tmp_path / "root")
    holder = ContentHolder(load_root(root), root, "en", handoff=True)
    before = holder.library
    (root / "flows" / "diagnosis.yaml").write_text(flow("diagnosis") + "  - id\n")
    kept = await Reloader(holder).reload()
    assert not kept.swapped and holder.library is before
    assert kept.errors and all("diagnosis.yaml" in p.mark.path for p in kept.errors)

    renamed = flow("diagnosis").replace("- id: deeper", "- id: deepest\n    aliases: [deeper]")
    (root / "flows" / "diagnosis.yaml").write_text(renamed.replace("goto: deeper", "goto: deepest"))
    swapped = await Reloader(holder).reload()
    content = holder.library.content
    assert swapped.swapped and holder.library is not before
    assert content.node("diagnosis", "deepest") is not None
    assert content.handoff, "the staff chat setting survives a reload"
    assert (swapped.version, swapped.flows) == (content.version, len(content.flows))

    def build_on_the_loop(library: Library) -> None:
        raise AssertionError("the first message after a reload waited for a build")

    monkeypatch.setattr(readers, "Understander", build_on_the_loop)
    readers.understander(holder.library)
