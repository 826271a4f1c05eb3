"""Recognising cancer types, medicines, tests, symptoms and services in typed text."""

from __future__ import annotations

import pytest

from bot.content.library import Library
from bot.core.state import Frame
from bot.understand.about import AboutReader
from bot.understand.readers import understander


@pytest.fixture(scope="module")
def about(shipped: Library) -> AboutReader:
    return understander(shipped).about


def ids(about: AboutReader, text: str) -> list[str]:
    return [named.entry.id for named in about.find(text)]


@pytest.mark.parametrize(
    ("text", "kind", "entry"),
    [
        ("my father was diagnosed with AML", "cancer", "aml"),
        ("אמא שלי חולה בסרטן שד", "cancer", "breast"),
        ("у мамы рак молочной железы", "cancer", "breast"),
        ("امي عندها سرطان الثدي", "cancer", "breast"),
        ("she has stage 4 NSCLC", "cancer", "lung"),
        ("mesothelioma from asbestos", "cancer", "mesothelioma"),
        ("is capecitabine chemo?", "medicine", "capecitabine"),
        ("my wife takes anastrozole", "medicine", "anastrozole"),
        ("בעלי מקבל קיטרודה", "medicine", "pembrolizumab"),
        ("what does PD-L1 mean on the report", "test", "pd_l1"),
        ("אבא שלי התחיל טיפול VRD", "medicine", "myeloma_regimen"),
        ("у папы схема VRD, слабость", "medicine", "myeloma_regimen"),
    ],
)
def test_names_are_recognised_in_four_languages(about, text, kind, entry) -> None:
    found = {(n.entry.kind, n.entry.id) for n in about.find(text)}
    assert (kind, entry) in found


def test_a_name_inside_a_longer_name_is_not_a_second_type(about) -> None:
    assert ids(about, "non-small cell lung cancer") == ["lung"]
    assert ids(about, "acute myeloid leukaemia") == ["aml"]


def test_an_abbreviation_that_is_an_everyday_word_counts_only_in_capitals(about) -> None:
    assert ids(about, "we tried all treatments") == []
    assert ids(about, "my son has ALL") == ["all"]


def test_a_medicine_leads_to_the_page_about_its_kind(about) -> None:
    (named,) = about.find("anastrozole")
    assert named.entry.page == Frame("treatment", "hormone")
    (named,) = about.find("pembrolizumab")
    assert named.entry.page == Frame("treatment", "immunotherapy")
    assert named.entry.side_effects == Frame("treatment", "immuno_side_effects")
