"""A database filled with a simulated month of traffic, made once for the staff tests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.content.library import Library
from tests.staff.month_of_traffic import Expected, simulate


@dataclass(frozen=True)
class Month:
    """The month's database and what the simulation did."""

    path: Path
    expected: Expected


@pytest.fixture(scope="session")
def month(shipped: Library, tmp_path_factory: pytest.TempPathFactory) -> Month:
    """A month of traffic through the real runner, on the shipped content."""
    path = tmp_path_factory.mktemp("month") / "bot.sqlite3"
    return Month(path, asyncio.run(simulate(path, shipped)))
