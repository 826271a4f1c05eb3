"""content/hours.yaml: read into working hours, and each mistake shown at its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.content.library import load
from tests.inline import TODAY, load_root, write_root

WEEK = """\
    timezone: {zone}
    week:
      sunday: {{opens: "08:00", closes: "16:00"}}
      monday: {{opens: "08:00", closes: "16:00"}}
      tuesday: {{opens: "08:00", closes: "16:00"}}
      wednesday: {{opens: "08:00", closes: "16:00"}}
      thursday: {{opens: "08:00", closes: "{thursday}"}}
      friday: {{opens: "08:00", closes: "12:00"}}
      saturday: closed
    closed_on: ["2026-12-13"]
"""


def hours_root(tmp_path: Path, zone: str = "Asia/Jerusalem", thursday: str = "16:00") -> Path:
    return write_root(tmp_path / "root", content_hours=WEEK.format(zone=zone, thursday=thursday))


def test_the_shipped_week_is_an_israeli_week(shipped) -> None:  # type: ignore[no-untyped-def]
    hours = shipped.content.hours
    assert hours is not None and hours.zone == ZoneInfo("Asia/Jerusalem")
    assert hours.week["saturday"] is None and hours.week["friday"] is not None
    assert hours.week["friday"].closes < hours.week["sunday"].closes  # Friday is short


def test_hours_are_read_with_their_closed_dates(tmp_path: Path) -> None:
    hours = load_root(hours_root(tmp_path)).content.hours
    assert hours is not None and dt.date(2026, 12, 13) in hours.closed_on


def test_without_the_file_there_are_no_hours(tmp_path: Path) -> None:
    assert load_root(write_root(tmp_path / "root")).content.hours is None


def test_an_unknown_time_zone_is_an_error_at_its_line(tmp_path: Path) -> None:
    loaded = load(hours_root(tmp_path, zone="Asia/Jerusalim"), TODAY)
    assert loaded.library is None
    (problem,) = [p for p in loaded.problems if p.code == "E_HOURS_TIMEZONE"]
    assert str(problem).startswith(f"{problem.mark.path}:1:") and "Asia/Jerusalim" in str(problem)


def test_a_day_that_closes_before_it_opens_is_an_error_at_its_line(tmp_path: Path) -> None:
    loaded = load(hours_root(tmp_path, thursday="07:00"), TODAY)
    (problem,) = [p for p in loaded.problems if p.code == "E_HOURS_ORDER"]
    assert problem.mark.line == 7 and "thursday" in problem.message


def test_a_badly_written_time_is_a_schema_error(tmp_path: Path) -> None:
    loaded = load(hours_root(tmp_path, thursday="4pm"), TODAY)
    assert any(p.code == "E_SCHEMA" and "HH:MM" in p.message for p in loaded.problems)
