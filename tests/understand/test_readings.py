"""Temperatures as people type them are read; ages, blood pressures and lab values are not."""

from __future__ import annotations

import pytest

from bot.understand.normalize import fold
from bot.understand.readings import read_temperatures, told_after_having


def values(text: str) -> list[float]:
    return [value for value, _, _ in read_temperatures(fold(text))]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("38,5", 38.5),
        ("temp 101F", 101.0),
        ("almost 39", 39.0),
        ("38 and a half", 38.5),
        ("у него 38,4", 38.4),
    ],
)
def test_a_reading_as_people_type_it_is_read(text: str, value: float) -> None:
    assert value in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "my blood pressure was 158/96 at the last visit",
        "the appointment is on 12/05",
        "I'm 35 and on BEP, cycle 2",
        "היא בת 36 ועושה הקרנות",
        "she weighs 38 kg now",
    ],
)
def test_a_blood_pressure_a_date_an_age_or_a_weight_is_not_a_reading(text: str) -> None:
    assert values(text) == []


def test_a_decimal_after_words_of_having_now_is_a_reading_in_a_long_letter() -> None:
    letter = (
        "Dear doctor, my husband is on FOLFIRINOX for pancreatic cancer and the pump came off on"
        " Friday. Since yesterday afternoon he has 38,4 and he is very weak. My question is about"
        " the Creon dose with meals."
    )
    found = read_temperatures(fold(letter))
    assert [marked for value, _, marked in found if value == 38.4] == [True]
    assert told_after_having([35.4], "у него 35,4 после химии")
    assert not told_after_having([35.4], "у него альбумин 35,4")
    assert not told_after_having([38.5], "كان عنده 38.5 الشهر الماضي")
