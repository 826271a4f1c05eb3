"""The staff report counts people, places, visits and alerts, and never names anyone."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import cli
from bot.content.library import Library
from bot.core.model import Content
from bot.core.replies import Effect, OpenTicket, RecordAlert, RecordMiss, RecordVisit
from bot.core.state import Frame, State
from bot.staff import report_data, stats, usage
from bot.store.sqlite import SqliteStore
from tests.staff.conftest import Month
from tests.staff.month_of_traffic import DAYS, LAST_DAY, SECRETS

NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
OLD = NOW - dt.timedelta(days=40)
TODAY = NOW.date()
MENU = Frame("menu", "main")
INTRO, DETAILS, DEEPER = (Frame("diagnosis", n) for n in ("intro", "details", "deeper"))
SECRET = "my number is 050-1234567, I am Dana"
UNPLACED_TITLE = "Unplaced messages, scrubbed (add match phrases or examples like them)"


def visits(frame: Frame, count: int, at: dt.datetime = NOW) -> tuple[Effect, ...]:
    return tuple(RecordVisit(frame, at) for _ in range(count))


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    store = await SqliteStore.open(tmp_path / "bot.sqlite3")
    yield store
    await store.close()


async def fill(store: SqliteStore) -> None:
    await store.save(
        "tg:7771",
        State(lang="ru", stack=(MENU, INTRO)),
        (*visits(INTRO, 4), OpenTicket("ru", NOW), RecordMiss(SECRET, "en", NOW)),
        NOW,
    )
    await store.save(
        "tg:8882",
        State(lang="he", stack=(MENU,)),
        (RecordAlert("emergency", "fever", "he", NOW), RecordMiss("שלום לכם", "he", NOW)),
        NOW,
    )
    await store.save(
        "tg:9993",
        State(lang="he", stack=(MENU, INTRO, DETAILS)),
        (
            *visits(DETAILS, 2),
            *visits(DEEPER, 1),
            RecordAlert("emergency", "fever", "he", NOW),
            RecordAlert("distress", "self_harm", "en", NOW),
        ),
        NOW,
    )
    await store.save(  # outside the window: not counted
        "tg:6664",
        State(),
        (*visits(INTRO, 9, OLD), RecordAlert("emergency", "chest", "he", OLD)),
        OLD,
    )
    await store.set_active("tg:8882", False)


def sections(text: str) -> dict[str, list[str]]:
    """Each section's lines (whitespace squeezed), keyed by its first line."""
    found: dict[str, list[str]] = {}
    for block in text.strip().split("\n\n"):
        title, *rows = block.split("\n")
        found[title] = [" ".join(row.split()) for row in rows]
    return found


async def test_report_counts_people_places_visits_and_alerts(
    store: SqliteStore, small: Content
) -> None:
    await fill(store)
    text = await stats.report(store, 30, content=small, today=TODAY)
    got = sections(text)
    assert got["People"] == ["total 4", "active 3", "inactive (blocked the bot) 1"]
    assert got["People by language"] == ["he 2", "(not chosen) 1", "ru 1"]
    assert got["People by current flow"] == ["diagnosis 2", "(not started) 1", "menu 1"]
    assert got["Top 10 nodes by visits"] == [
        "diagnosis.intro 4",
        "diagnosis.details 2",
        "diagnosis.deeper 1",
    ]
    assert got["Drop-off (visits of each node vs the flow's start node)"] == [
        "diagnosis (start: intro, 4 visit(s))",
        "intro 4 100%",
        "details 2 50%",
        "deeper 1 25%",
    ]
    assert got["Safety alerts by kind and rule"] == ["emergency fever 2", "distress self_harm 1"]
    assert "Open hand-offs: 1" in got
    assert got["Unanswered messages by language"] == ["en 1", "he 1"]
    assert "2026-10-25 to 2026-11-23" in text


async def test_report_never_names_a_person_or_repeats_what_they_typed(
    store: SqliteStore, small: Content
) -> None:
    await fill(store)
    text = await stats.report(store, 365, content=small, today=TODAY)
    for person in ("tg:", "7771", "8882", "9993", "6664"):
        assert person not in text
    for typed in (SECRET, "050", "Dana"):
        assert typed not in text
    unplaced = sections(text)[UNPLACED_TITLE]
    assert unplaced == ["1 en my number is [number], I am [name]", "1 he שלום לכם"]
    assert text.count("שלום") == 1, "typed text shows only in the list of unplaced messages"


async def test_a_longer_window_counts_older_records(store: SqliteStore) -> None:
    await fill(store)
    got = sections(await stats.report(store, 60, today=TODAY))
    assert got["Top 10 nodes by visits"][0] == "diagnosis.intro 13"
    assert "emergency chest 1" in got["Safety alerts by kind and rule"]


async def test_drop_off_needs_the_content(store: SqliteStore) -> None:
    await fill(store)
    got = sections(await stats.report(store, today=TODAY))
    assert got["Drop-off (visits of each node vs the flow's start node)"] == [
        "(needs the content to know each flow's start node)"
    ]


async def test_an_empty_database_gives_an_empty_report(store: SqliteStore, small: Content) -> None:
    got = sections(await stats.report(store, content=small, today=TODAY))
    assert got["People"] == ["total 0", "active 0", "inactive (blocked the bot) 0"]
    for title in (
        "People by language",
        "Top 10 nodes by visits",
        "Safety alerts by kind and rule",
        "Unanswered messages by language",
    ):
        assert got[title] == ["(none)"]
    assert "Open hand-offs: 0" in got


async def test_unreadable_state_is_counted_not_fatal(store: SqliteStore) -> None:
    await store.save("tg:5", State(lang="en", stack=(MENU,)), (), NOW)
    await store.fetch("UPDATE people SET state = '{broken' WHERE person = 'tg:5'")
    got = sections(await stats.report(store, today=TODAY))
    assert got["People by language"] == ["(not chosen) 1"]
    assert got["People by current flow"] == ["(not started) 1"]


async def test_days_must_be_positive(store: SqliteStore) -> None:
    with pytest.raises(ValueError, match="days"):
        await stats.report(store, 0)


def test_percent_and_table_helpers() -> None:
    assert stats.percent(1, 3) == "33%"
    assert stats.percent(5, 0) == "-"
    assert stats.table([("a", "1"), ("long", "22")]) == ["  a      1", "  long  22"]
    assert stats.table([]) == ["  (none)"]


# A simulated month through the real runner (tests/staff/month_of_traffic.py).

UNTIL = LAST_DAY.isoformat()


async def month_report(month: Month, library: Library, lang: str = "en") -> report_data.Report:
    store = await SqliteStore.open(month.path)
    try:
        return await report_data.collect(
            store, DAYS, content=library.content, lang=lang, today=LAST_DAY
        )
    finally:
        await store.close()


async def test_the_funnel_of_each_journey_counts_what_was_simulated(
    month: Month, shipped: Library
) -> None:
    data = await month_report(month, shipped)
    assert data.funnels is not None
    assert {f.flow for f in data.funnels} == set(usage.journeys(shipped.content))
    for funnel in data.funnels:
        wanted = [(step, month.expected.funnels[(funnel.flow, step)]) for step in usage.STEPS]
        assert list(funnel.steps) == wanted, funnel.flow
        assert funnel.opened > funnel.completed > funnel.count("pages:3") > 0


async def test_active_people_per_day_week_and_month_are_distinct_people(
    month: Month, shipped: Library
) -> None:
    data = await month_report(month, shipped)
    active = month.expected.active
    assert [(d.start, d.total) for d in data.daily] == [
        (day, len(active.get(day, ()))) for day in (d.start for d in data.daily)
    ]
    for week in data.weekly:
        days = [week.start + dt.timedelta(days=n) for n in range(7)]
        assert week.total == len(set().union(*(active.get(day, set()) for day in days)))
    assert [m.total for m in data.monthly] == [len(month.expected.people)]
    (november,) = data.monthly
    assert sum(n for _, n in november.by_lang) == sum(n for _, n in november.by_role) == 160
    assert all(n > 0 for lang, n in november.by_lang if lang in ("he", "ar", "ru", "en"))
    roles = dict(november.by_role)
    assert roles["patient"] > roles["family"] > roles["(not said)"] > 0


async def test_alerts_and_the_messages_staff_should_teach_are_listed(
    month: Month, shipped: Library
) -> None:
    data = await month_report(month, shipped, "he")
    assert {a.rule: a.count for a in data.alerts} == dict(month.expected.alerts)
    assert {m.lang: m.count for m in data.unplaced} == dict(month.expected.unplaced)
    half = {(m.lang, Frame.parse(m.guess)): m.count for m in data.unsure}
    assert half == dict(month.expected.unsure)
    assert {m.guess_title for m in data.unsure} == {
        "אפשרויות טיפול: לאכול ולשתות עם בחילה",
        "טיפולים משלימים: תזונה בזמן טיפול",
    }


def test_the_text_report_of_the_month_names_no_one_and_repeats_only_scrubbed_text(
    month: Month, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{month.path}")
    assert cli.main(["stats", "--until", UNTIL]) == 0
    text = capsys.readouterr().out
    got = sections(text)
    assert got["Journeys: visits opened and completed (reached a topic page)"][0] == (
        "journey opened completed rate"
    )
    for person in month.expected.people:
        assert person not in text and person.removeprefix("tg:") not in text
    assert "tg:" not in text
    for secret in SECRETS:
        assert secret not in text
    taught = {
        *got[UNPLACED_TITLE],
        *got["Half understood: offered a menu, with the bot's first guess (add match phrases)"],
    }
    ids = {"Top 10 nodes by visits", "Drop-off (visits of each node vs the flow's start node)"}
    lines = [line for title, rows in got.items() if title not in ids for line in rows]
    for typed in month.expected.typed:  # page ids such as survivorship.fatigue aside
        assert all(line in taught for line in lines if typed in line), typed
    assert "[name]" in text and "[number]" in text
