"""Phrases found in typed text: in order, with gaps, and as runs."""

from __future__ import annotations

from bot.understand.phrases import list_index


def _runs(phrases: list[str], text: str, inside: int = 0) -> list[tuple[str, int, int]]:
    index = list_index({"en": phrases}, "time", as_written=True)
    assert index is not None
    return [
        (found.text, start, end) for found, start, end in index.find_runs(index.read(text), inside)
    ]


def test_a_run_is_its_words_side_by_side_in_order() -> None:
    assert _runs(["years ago"], "two years ago he fainted") == [("years ago", 1, 2)]
    assert _runs(["years ago"], "years went by, ago") == []
    assert _runs(["years ago"], "ago years") == []


def test_a_run_may_hold_as_many_other_words_as_allowed() -> None:
    assert _runs(["לפני שנים"], "לפני 3 שנים הוא התעלף") == []
    assert _runs(["לפני שנים"], "לפני 3 שנים הוא התעלף", inside=1) == [("לפני שנים", 0, 2)]
    assert _runs(["قبل سنوات"], "قبل ثلاث سنوات اغمي عليه", inside=1) == [("قبل سنوات", 0, 2)]
    assert _runs(["לפני שנים"], "לפני הרבה הרבה שנים", inside=1) == []
    assert _runs(["a b c"], "a x b y c", inside=1) == []
    assert _runs(["a b c"], "a x b c", inside=1) == [("a b c", 0, 3)]
