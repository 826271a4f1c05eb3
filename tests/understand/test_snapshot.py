"""Content snapshots: the second start reads one; any change to the files builds afresh."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from bot.content.library import REPOSITORY, Library, load
from bot.understand import snapshot, stories
from bot.understand.ask import ask
from bot.understand.readers import understander
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


EXAMPLES = """\
sources:
  - {id: w, name: "written for this test", where: "here", licence: "same as the repository"}
examples:
  - {lang: en, journey: diagnosis, source: w, text: "they found a lump, I wait for the biopsy"}
  - {lang: en, journey: diagnosis, source: w, text: "what does her biopsy result mean"}
  - {lang: en, journey: treatment, source: w, text: "my chemo starts, I fear the nausea"}
  - {lang: en, journey: treatment, source: w, text: "side effects of radiotherapy on the skin"}
"""


def test_a_change_to_the_pages_keeps_the_story_model_it_learned(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload or a new day in a new process does not spend seconds learning it again."""
    root = write_root(tmp_path / "root", content_examples=EXAMPLES)
    snapshot.prepared(root, TODAY)
    (kept,) = cache.glob("stories-*.pickle")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    after = edit_pages_in_a_new_process(root, monkeypatch)
    assert after is not None
    assert ask(after, "waiting for the biopsy result of the lump")["text"]


def edit_pages_in_a_new_process(root: Path, monkeypatch: pytest.MonkeyPatch) -> Library | None:
    """Change a page and prepare the content again, as a new process would, failing if any
    model is learned again."""
    monkeypatch.setattr(stories, "_learned", {})

    def no_learning(*args: object) -> None:
        raise AssertionError("a model was learned again")

    monkeypatch.setattr(stories.StoryModel, "__init__", no_learning)
    edited = root / "flows" / "diagnosis.yaml"
    edited.write_text(edited.read_text().replace("Details text", "New words"))
    return snapshot.prepared(root, TODAY).library


SAFETY_EXAMPLES = """\
review:
  owner: "Test owner"
  reviewed_by: "Test reviewer"
  reviewed_at: 2026-11-01
  review_due: 2027-04-30
  sources: ["written for this test"]
red_flags:
  en:
    - {rule: breathing, text: "his lips went a funny grey colour and he is gulping like a fish"}
    - {rule: breathing, text: "she cannot finish a sentence, every word is a gasp for air now"}
harmless:
  en:
    - {about: treatment, text: "his lips are dry from the chemo, which balm is good"}
    - {about: treatment, text: "she gets out of breath on the stairs since surgery, is it normal"}
"""


def test_a_change_to_the_pages_keeps_the_described_alarms_model_too(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The shipped rules, without the pages their replies offer (this content has other pages).
    rules = (REPOSITORY / "content" / "safety.yaml").read_text(encoding="utf-8")
    rules = re.sub(r"(?m)^ +page: .*\n", "", rules)
    root = write_root(
        tmp_path / "root",
        content_examples=EXAMPLES,
        content_safety=rules,
        content_safety_examples=SAFETY_EXAMPLES,
    )
    first = snapshot.prepared(root, TODAY).library
    assert first is not None and understander(first).described is not None
    assert len(list(cache.glob("stories-*.pickle"))) == 2  # the story model and the alarm's
    after = edit_pages_in_a_new_process(root, monkeypatch)
    assert after is not None and understander(after).described is not None


def test_a_start_from_the_snapshot_then_a_page_change_learns_nothing_again(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bot started from a snapshot whose staff then reload changed pages: the models the
    snapshot brought are reused, not learned again for seconds of the bot's time."""
    root = write_root(
        tmp_path / "root",
        content_examples=EXAMPLES,
        content_safety_examples=SAFETY_EXAMPLES,
    )
    snapshot.prepared(root, TODAY)
    monkeypatch.setattr(stories, "_learned", {})  # a new process ...
    started = snapshot.prepared(root, TODAY).library  # ... starts from the snapshot
    assert started is not None

    def no_learning(*args: object) -> None:
        raise AssertionError("a model was learned again")

    monkeypatch.setattr(stories.StoryModel, "__init__", no_learning)
    for model in cache.glob("stories-*.pickle"):
        model.unlink()  # not read back from disk: the process already has them
    edited = root / "flows" / "diagnosis.yaml"
    edited.write_text(edited.read_text().replace("Details text", "New words"))
    reloaded = load(root, TODAY).library  # as /reload does: load, then build the understanding
    assert reloaded is not None
    assert understander(reloaded).stories is understander(started).stories
