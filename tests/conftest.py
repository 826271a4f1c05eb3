"""Shared fixtures: the shipped content, small inline content and a throwaway PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.library import Library
from bot.core.model import Content
from bot.understand.snapshot import prepared
from tests.inline import load_root, write_root

pytest_plugins = ["tests.postgres"]  # postgres_server, postgres_url: a throwaway PostgreSQL


@pytest.fixture(scope="session")
def shipped() -> Library:
    """The content the repository ships (from a snapshot when it has not changed)."""
    loaded = prepared()
    assert loaded.library is not None, "\n".join(map(str, loaded.problems))
    return loaded.library


@pytest.fixture(scope="session")
def small_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """A small valid content set written inline."""
    return load_root(write_root(tmp_path_factory.mktemp("small")))


@pytest.fixture(scope="session")
def small(small_library: Library) -> Content:
    """The small content set's Content."""
    return small_library.content


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A fresh valid content root to break."""
    return write_root(tmp_path / "root")
