"""Engine step time over the shipped flows and over a generated 500-node flow.

Run: ``python -m bench.engine``. The baseline, measured in the same run, is a bare
dataclasses.replace of the state (the least a step can cost), so the ratio is stable on a
noisy machine.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import shutil
import tempfile
import time
from pathlib import Path

from bench.stats import summary
from bot.content.library import REPOSITORY, load
from bot.core.engine import step
from bot.core.events import ChooseLanguage, ChooseOption, Command, Event, Nav, Press, Start
from bot.core.model import Content
from bot.core.state import State

NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def text(word: str) -> str:
    """A four-language inline text."""
    return f'{{he: "{word}", ar: "{word}", ru: "{word}", en: "{word}"}}'


def generated_root(folder: Path, size: int = 500) -> Path:
    """The shipped content plus a diagnosis flow of `size` nodes, each with 3 options."""
    shutil.copytree(REPOSITORY / "content", folder / "content")
    shutil.copytree(REPOSITORY / "flows", folder / "flows")
    lines = [f"id: diagnosis\ntitle: {text('Big')}\nstart: n0\nnodes:"]
    for i in range(size):
        lines.append(f"  - id: n{i}\n    title: {text(f'Node {i}')}\n    text: {text(f'Text {i}')}")
        targets = [(2 * i + 1) % size, (2 * i + 2) % size, (i + 7) % size]
        lines.append("    options:")
        lines += [f"      - {{label: {text(f'to {t}')}, goto: n{t}}}" for t in targets]
    (folder / "flows" / "diagnosis.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def walk(content: Content, steps: int, seed: int = 1) -> tuple[list[float], list[float]]:
    """Time `steps` random presses (and the baseline) over `content`."""
    rng = random.Random(seed)
    state = step(content, State(), Start("en"), NOW).state
    state = step(content, state, Press(ChooseLanguage("en"), None, ""), NOW).state
    timings: list[float] = []
    baseline: list[float] = []
    for _ in range(steps):
        here = state.here
        event: Event
        node = content.node(here.flow, here.node) if here else None
        if node and node.options and rng.random() < 0.9:
            event = Press(ChooseOption(rng.randrange(len(node.options))), here, content.version)
        else:
            event = Command(rng.choice([Nav.BACK, Nav.MENU]))
        start = time.perf_counter()
        result = step(content, state, event, NOW)
        timings.append(time.perf_counter() - start)
        start = time.perf_counter()
        dataclasses.replace(state, offers=())
        baseline.append(time.perf_counter() - start)
        state = result.state
    return timings, baseline


def main() -> None:
    """Print the figures."""
    shipped = load(REPOSITORY).library
    assert shipped is not None
    with tempfile.TemporaryDirectory() as folder:
        big = load(generated_root(Path(folder))).library
    assert big is not None
    for name, content in (("shipped flows", shipped.content), ("500-node flow", big.content)):
        timings, baseline = walk(content, 20_000)
        print(summary(f"engine step, {name}", timings))
        print(summary(f"  baseline (dataclasses.replace), {name}", baseline))
        ratio = sorted(timings)[len(timings) // 2] / sorted(baseline)[len(baseline) // 2]
        print(f"  median step / median baseline: {ratio:.1f}x")


if __name__ == "__main__":
    main()
