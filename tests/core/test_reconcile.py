"""Renamed nodes keep people in place; content changes never raise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.engine import step
from bot.core.events import Command, Nav
from bot.core.state import Frame, State
from tests.inline import flow, load_root, write_root

NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def test_a_renamed_node_keeps_people_in_place_through_aliases(tmp_path: Path) -> None:
    before = load_root(write_root(tmp_path / "a"))
    renamed = flow("diagnosis").replace("- id: details", "- id: facts\n    aliases: [details]")
    renamed = renamed.replace("goto: details", "goto: facts")
    after = load_root(write_root(tmp_path / "b", flows_diagnosis=renamed))
    state = State(
        lang="en",
        stack=(Frame("menu", "main"), Frame("diagnosis", "intro"), Frame("diagnosis", "details")),
        version=before.content.version,
    )
    result = step(after.content, state, Command(Nav.STAY), NOW)
    assert result.state.here == Frame("diagnosis", "facts")
    assert result.state.version == after.content.version
    assert result.replies[0].text != after.content.ui_text("content_moved", "en")
