"""The safety check catches red flags and crises in every language, and not idioms."""

from __future__ import annotations

import pytest

from bot.content.library import Library
from bot.understand.interpret import understander


@pytest.fixture(scope="module")
def check(shipped: Library):
    safety = understander(shipped).safety
    assert safety is not None
    return safety.check


@pytest.mark.parametrize(
    "text",
    [
        "fever 38.5 after chemo",
        "38,5",
        "101F",
        "temp 39 degrees",
        "my mother is shivering after chemo",
        "חום 38.2 אחרי כימו",
        "לאבא שלי יש חום 39 מעלות",
        "יש לי חום",
        "температура 38,6 после химии",
        "у мужа жар",
        "u menya temperatura 39",
        "عندي حرارة ٣٨٫٥",
        "ابني عنده سخونة بعد الكيماوي",
        "I can't breathe",
        "my husband is coughing blood",
        "she fainted and is confused",
        "he suddenly can't feel his legs",
        "black stool since yesterday",
    ],
)
def test_emergencies_are_caught(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "emergency", text


@pytest.mark.parametrize(
    "text",
    [
        "i want to die",
        "my husband says he wants to end his life",
        "אני לא רוצה לחיות יותר",
        "хочу покончить с собой",
        "بدي انتحر",
        "i want to kill myself",
    ],
)
def test_crises_are_caught_first_and_third_person(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "crisis", text


@pytest.mark.parametrize(
    "text",
    [
        "this waiting is killing me",
        "I'm dying to know the results",
        "my boss will kill me",
        "its 39 degrees outside",
        "no fever today",
        "what is a biopsy",
        "thank you so much",
        "fever 37.4 this morning after chemo",
    ],
)
def test_idioms_and_harmless_messages_are_not_alarms(check, text: str) -> None:
    assert check(text) is None, text
