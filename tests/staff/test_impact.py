"""`validate --impact` counts people on removed and renamed places, and where the bot puts them."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path

import pytest

from bot import cli
from bot.core.engine import step
from bot.core.events import Command, Nav
from bot.core.model import Content
from bot.core.state import Frame, State
from bot.staff.impact import Change, Move, impact, lines, stored_states
from bot.store.sqlite import SqliteStore
from tests.inline import REVIEW, flow, load_root, t, write_root

NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
MAIN = Frame("menu", "main")
D_INTRO, D_DETAILS = Frame("diagnosis", "intro"), Frame("diagnosis", "details")
T_INTRO, T_DETAILS, T_DEEPER = (Frame("treatment", n) for n in ("intro", "details", "deeper"))

RENAMED_DIAGNOSIS = (
    flow("diagnosis")
    .replace("- id: details", "- id: facts\n    aliases: [details]")
    .replace("goto: details", "goto: facts")
)
TREATMENT_WITHOUT_DEEPER = f"""\
id: treatment
title: {t("treatment")}
start: intro
{REVIEW}nodes:
  - id: intro
    title: {t("treatment intro")}
    text: {t("patient")}
    options:
      - {{label: {t("Details")}, goto: details}}
  - id: details
    title: {t("Details")}
    text: {t("Details text")}
    medical: true
    sources: ["Test source"]
"""

SEEDED: dict[str, State] = {
    # three on a page the new content removes, deep in the treatment journey
    **{f"tg:{n}": State(lang="en", stack=(MAIN, T_INTRO, T_DETAILS, T_DEEPER)) for n in (1, 2, 3)},
    # two on a page the new content renames (it keeps the old id as an alias)
    **{f"tg:{n}": State(lang="he", stack=(MAIN, D_INTRO, D_DETAILS)) for n in (4, 5)},
    # one on a flow that no longer exists at all
    "tg:6": State(lang="ru", stack=(MAIN, Frame("old_flow", "page"))),
    # four on places that stay
    **{f"tg:{n}": State(lang="ar", stack=(MAIN, T_DETAILS)) for n in (7, 8)},
    "tg:9": State(lang="en", stack=(MAIN, D_INTRO)),
    "tg:10": State(lang="en", stack=(MAIN,)),
    # one who only chose a language: no place to move
    "tg:11": State(lang="en"),
}
EXPECTED = (
    (Move(T_DEEPER, Change.REMOVED, T_INTRO), 3),
    (Move(D_DETAILS, Change.RENAMED, Frame("diagnosis", "facts")), 2),
    (Move(Frame("old_flow", "page"), Change.REMOVED, MAIN), 1),
)


@pytest.fixture(scope="module")
def new_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the content where diagnosis.details is renamed and treatment.deeper removed."""
    return write_root(
        tmp_path_factory.mktemp("new"),
        flows_diagnosis=RENAMED_DIAGNOSIS,
        flows_treatment=TREATMENT_WITHOUT_DEEPER,
    )


@pytest.fixture(scope="module")
def new(new_root: Path) -> Content:
    return load_root(new_root).content


def test_groups_people_by_place_and_landing_largest_first(new: Content) -> None:
    result = impact(new, SEEDED.values())
    assert result.moves == EXPECTED
    assert (result.moved, result.placed) == (6, 10)
    assert (result.count(Change.REMOVED), result.count(Change.RENAMED)) == (4, 2)


def test_the_report_says_where_the_bot_really_puts_each_person(new: Content) -> None:
    result = impact(new, SEEDED.values())
    landing = {move.place: move.lands for move, _ in result.moves}
    for state in SEEDED.values():
        if state.here in landing:
            after = step(new, state, Command(Nav.STAY), NOW).state
            assert after.here == landing[state.here], state.here


def test_one_line_per_group_then_the_total(new: Content) -> None:
    assert lines(impact(new, SEEDED.values())) == [
        "3 people on treatment.deeper (removed) -> treatment.intro",
        "2 people on diagnosis.details (renamed) -> diagnosis.facts",
        "1 person on old_flow.page (removed) -> menu.main",
        "total: 6 people of 10 with a kept place would move"
        " (4 on removed places, 2 on renamed ones)",
    ]


def test_content_that_moves_nobody_says_so(new: Content) -> None:
    assert lines(impact(new, [State(stack=(MAIN, D_INTRO)), State()])) == [
        "total: nobody stands on a place this content removes or renames"
        " (1 person with a kept place)"
    ]


async def seed(database: Path) -> None:
    store = await SqliteStore.open(database)
    try:
        for person, state in SEEDED.items():
            await store.save(person, state, (), NOW)
    finally:
        await store.close()


def fingerprint(database: Path) -> str:
    return hashlib.sha256(database.read_bytes()).hexdigest()


def test_the_cli_reads_the_database_without_changing_it(
    new_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = tmp_path / "bot.sqlite3"
    asyncio.run(seed(database))
    before = fingerprint(database)
    monkeypatch.chdir(tmp_path)  # no .env of the repository
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    code = cli.main(["validate", "--root", str(new_root), "--impact"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[-4:] == lines(impact(load_root(new_root).content, SEEDED.values()))
    assert out[-4].startswith("3 people on treatment.deeper (removed) -> treatment.intro")
    assert fingerprint(database) == before
    assert Counter(asyncio.run(stored_states(database))) == Counter(SEEDED.values())


def test_the_cli_exits_1_on_content_with_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write_root(tmp_path / "broken", flows_treatment=TREATMENT_WITHOUT_DEEPER + "  - id\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert cli.main(["validate", "--root", str(broken), "--impact"]) == 1
    captured = capsys.readouterr()
    assert "treatment.yaml:" in captured.out and "people on" not in captured.out


def test_without_a_database_nobody_moves_and_none_is_created(
    new_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///data/bot.sqlite3")
    assert cli.main(["validate", "--root", str(new_root), "--impact"]) == 0
    assert "nobody has a place to move" in capsys.readouterr().out
    assert not (tmp_path / "data").exists()
