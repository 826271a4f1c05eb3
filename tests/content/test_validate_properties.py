"""Whatever staff do to a flow file, validate answers with path:line and never crashes."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.content.library import load
from tests.inline import TODAY, flow, write_root

PROBLEM = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z][A-Z_]+) \S")
ORIGINAL = flow("diagnosis").splitlines()

# What a tired editor really types into YAML: quotes, colons, brackets, tabs, anchors, other
# scripts, right-to-left marks and zero-width spaces.
SYMBOLS = list(":-[]{}'\"#&*!|>%@`\t ,?")
LETTERS = list("אבגשלوبلجдаб xyz09\u200f\u200b")
NOISE = st.text(alphabet=st.sampled_from(SYMBOLS + LETTERS), max_size=60)
LINE = st.integers(0, len(ORIGINAL) - 1)
EDIT = st.one_of(
    st.tuples(st.just("delete"), LINE, st.just("")),
    st.tuples(st.just("duplicate"), LINE, st.just("")),
    st.tuples(st.just("value"), LINE, NOISE),
    st.tuples(st.just("indent"), LINE, st.sampled_from([" ", "\t", "   "])),
    st.tuples(st.just("dedent"), LINE, st.just("")),
    st.tuples(st.just("insert"), LINE, NOISE),
)


def edited(edits: list[tuple[str, int, str]]) -> str:
    lines = list(ORIGINAL)
    for kind, at, text in edits:
        at %= max(len(lines), 1)
        if not lines:
            lines = [text]
        elif kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "value":
            key, colon, _ = lines[at].partition(":")
            lines[at] = f"{key}{colon} {text}" if colon else text
        elif kind == "indent":
            lines[at] = text + lines[at]
        elif kind == "dedent":
            lines[at] = lines[at][2:]
        else:
            lines.insert(at, text)
    return "\n".join(lines) + "\n"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(EDIT, min_size=1, max_size=4))
def test_a_damaged_flow_gets_problems_at_path_line_col_never_a_crash(
    tmp_path: Path, edits: list[tuple[str, int, str]]
) -> None:
    root = write_root(tmp_path / "root", flows_diagnosis=edited(edits))
    loaded = load(root, TODAY)
    for problem in loaded.problems:
        shown = str(problem)
        found = PROBLEM.match(shown)
        assert found is not None, shown
        assert int(found["line"]) >= 1, shown
    if loaded.library is None:
        assert any(p.severity.name == "ERROR" for p in loaded.problems)
