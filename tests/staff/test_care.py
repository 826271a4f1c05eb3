"""The report's care lines: how fast staff answered tickets, and the check-in distress trend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.replies import QUIET_TIME, CloseTicket, OpenTicket, RecordAnswer, TicketAnswered
from bot.core.state import State
from bot.staff import report_data
from bot.staff.stats import text
from bot.store.sqlite import SqliteStore

MONDAY = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


async def test_tickets_and_distress_are_counted_without_naming_anyone(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "bot.sqlite3")
    state = State(lang="he")
    hour = dt.timedelta(hours=1)
    # Three tickets: answered in 30 min and closed by staff; answered in 2 h and closed by
    # the quiet time; never answered, still open.
    await store.save("1", state, (OpenTicket("he", MONDAY, "patient", "diagnosis.intro"),), MONDAY)
    await store.save("1", state, (TicketAnswered(MONDAY + hour / 2),), MONDAY + hour / 2)
    await store.save("1", state, (CloseTicket("555", MONDAY + hour),), MONDAY + hour)
    await store.save("2", state, (OpenTicket("ar", MONDAY),), MONDAY)
    await store.save("2", state, (TicketAnswered(MONDAY + 2 * hour),), MONDAY + 2 * hour)
    await store.save("2", state, (CloseTicket(QUIET_TIME, MONDAY + 26 * hour),), MONDAY + 26 * hour)
    await store.save("3", state, (OpenTicket("ru", MONDAY),), MONDAY)
    # Check-ins: two in the first week (2 and 8), one in the next (5).
    await store.save("1", state, (RecordAnswer("checkin_distress", "2"),), MONDAY)
    await store.save("2", state, (RecordAnswer("checkin_distress", "8"),), MONDAY)
    later = MONDAY + dt.timedelta(days=7)
    await store.save("3", state, (RecordAnswer("checkin_distress", "5"),), later)

    report = await report_data.collect(store, 30, today=dt.date(2026, 11, 20))
    tickets = report.tickets
    assert (tickets.opened, tickets.answered, tickets.still_open) == (3, 2, 1)
    assert (tickets.closed_by_staff, tickets.closed_by_quiet) == (1, 1)
    assert tickets.median_hours_to_answer == 1.25
    assert tickets.median_hours_to_close == 13.5
    assert [(w.start, w.bands) for w in report.distress] == [
        (dt.date(2026, 11, 1), (1, 0, 1)),
        (dt.date(2026, 11, 8), (0, 1, 0)),
    ]
    shown = text(report)
    assert "3 opened in this period" in shown and "median time to the first answer: 1.2 h" in shown
    assert "2026-11-01" in shown and "555" not in shown  # who closed it is not shown
    await store.close()
