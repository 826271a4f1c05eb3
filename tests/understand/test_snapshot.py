"""Content snapshots: the second start reads one; any change to the files builds afresh."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.understand import snapshot
from bot.understand.ask import ask
from tests.inline import TODAY, write_root


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PJB_CACHE", str(folder))
    return folder


def test_the_second_start_reads_the_snapshot_instead_of_the_yaml(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_root(tmp_path / "root")
    first = snapshot.prepared(root, TODAY)
    assert first.library is not None
    (saved,) = cache.glob("content-*.pickle")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600

    def no_yaml(*args: object) -> None:
        raise AssertionError("the YAML was read again")

    monkeypatch.setattr(snapshot, "load", no_yaml)
    second = snapshot.prepared(root, TODAY)
    assert second.library is not None
    assert second.library.content.version == first.library.content.version
    assert ask(second.library, "chemo")["text"] == "chemo"  # its understanding works


def test_a_changed_file_is_read_afresh(tmp_path: Path, cache: Path) -> None:
    root = write_root(tmp_path / "root")
    before = snapshot.prepared(root, TODAY).library
    edited = root / "flows" / "diagnosis.yaml"
    edited.write_text(edited.read_text().replace("Details text", "New words"))
    after = snapshot.prepared(root, TODAY).library
    assert before is not None and after is not None
    details = after.content.flows["diagnosis"].nodes["details"]
    assert "New words en" in str(details.variants)
    assert before.content.flows["diagnosis"].nodes["details"] != details


def test_a_damaged_snapshot_is_built_again(tmp_path: Path, cache: Path) -> None:
    root = write_root(tmp_path / "root")
    snapshot.prepared(root, TODAY)
    (saved,) = cache.glob("content-*.pickle")
    saved.write_bytes(b"not a pickle")
    again = snapshot.prepared(root, TODAY)
    assert again.library is not None
