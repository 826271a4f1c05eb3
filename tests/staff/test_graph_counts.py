"""Each page's visits and the visits that ended there, read from a database filled by the
real runner."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content.library import Library
from bot.core.state import Frame
from bot.staff import graph_counts
from bot.staff.graph_counts import PageCounts
from bot.staff.report_data import Window
from bot.store.sqlite import SqliteStore
from tests.staff.conftest import Month
from tests.staff.few_visits import DEEPER, DETAILS, INTRO, MAIN, OLD, WINDOW, seed
from tests.staff.month_of_traffic import LAST_DAY


@pytest.fixture
async def store(small_library: Library, tmp_path: Path) -> AsyncIterator[SqliteStore]:
    path = tmp_path / "bot.sqlite3"
    await seed(path, small_library)
    store = await SqliteStore.open(path)
    yield store
    await store.close()


async def test_visits_and_ended_visits_per_page(store: SqliteStore) -> None:
    traffic = await graph_counts.collect(store, WINDOW)
    assert traffic.window == WINDOW
    assert traffic.at(INTRO) == PageCounts(visits=3, ended=1)
    assert traffic.at(DETAILS) == PageCounts(visits=1, ended=1)
    assert traffic.at(DEEPER) == PageCounts(visits=1, ended=0)
    assert traffic.at(MAIN).ended == 1
    assert traffic.at(Frame("treatment", "intro")) == PageCounts(0, 0)
    assert sum(c.ended for c in traffic.pages.values()) == 3, "the person from before is not"


async def test_a_person_active_after_the_window_is_not_counted_as_ended_in_it(
    store: SqliteStore,
) -> None:
    traffic = await graph_counts.collect(store, Window.ending(OLD.date(), 7))
    assert traffic.at(DETAILS) == PageCounts(visits=1, ended=1)
    assert traffic.at(INTRO) == PageCounts(visits=2, ended=0), (
        "the family member came back later: where they stand now is not where they stopped"
    )


def test_ended_share_is_a_percentage_of_the_visits() -> None:
    assert PageCounts(3, 1).ended_share == "33%"
    assert PageCounts(0, 0).ended_share == "-"


async def test_over_a_month_everyone_active_ended_somewhere(month: Month) -> None:
    store = await SqliteStore.open(month.path)
    try:
        traffic = await graph_counts.collect(store, Window.ending(LAST_DAY, 30))
    finally:
        await store.close()
    assert sum(c.ended for c in traffic.pages.values()) == len(month.expected.people)
    for page, counts in traffic.pages.items():
        assert counts.visits >= counts.ended, page
