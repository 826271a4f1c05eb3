"""The shipped journeys: reachable, in each language's script, within limits, never a dead end."""

from __future__ import annotations

import re
from collections import deque

import pytest

from bot.content.library import Library
from bot.content.numbers import check_numbers
from bot.content.validate import edges
from bot.core.events import Nav, Navigate
from bot.core.model import GLOSSARY_FLOW, LANGUAGES, TOP_LEVEL_FLOWS, Content
from bot.core.screens import HOME, node_screen
from bot.core.state import Frame, State
from bot.telegram.render import LIMIT, split, to_html

SCRIPTS = {
    "he": re.compile(r"[\u0590-\u05ff]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "en": re.compile(r"[A-Za-z]"),
}
LETTERS = re.compile(r"[^\W\d_]")
ROLES = ("patient", "family", "professional")


def reachable(content: Content, start: Frame) -> list[Frame]:
    seen = [start]
    queue = deque(seen)
    while queue:
        here = queue.popleft()
        node = content.node(here.flow, here.node)
        assert node is not None
        for nxt in edges(content, content.flows[here.flow], node):
            if nxt not in seen:
                seen.append(nxt)
                queue.append(nxt)
    return seen


def in_own_script(text: str, lang: str) -> bool:
    """Most letters are in the language's script (drug names in Latin letters are fine)."""
    letters = LETTERS.findall(text)
    own = sum(1 for letter in letters if SCRIPTS[lang].match(letter))
    return bool(letters) and own / len(letters) >= 0.8


@pytest.mark.parametrize("flow", TOP_LEVEL_FLOWS)
def test_each_journey_has_at_least_ten_reachable_nodes(shipped: Library, flow: str) -> None:
    content = shipped.content
    start = Frame(flow, content.flows[flow].start)
    own = {f for f in reachable(content, start) if f.flow == flow}
    assert len(own) >= 10, f"{flow}: {len(own)} nodes"


def test_the_glossary_has_at_least_25_terms(shipped: Library) -> None:
    assert len(shipped.content.flows[GLOSSARY_FLOW].nodes) - 1 >= 25


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_reachable_screen_reads_in_its_language_fits_and_has_a_way_back(
    shipped: Library, lang: str
) -> None:
    content = shipped.content
    for frame in reachable(content, Frame("menu", content.flows["menu"].start)):
        for role in ROLES:
            state = State(lang=lang, stack=(HOME, frame), answers=(("role", role),))
            screen = node_screen(content, state, frame)
            assert in_own_script(screen.text, lang), f"{frame} {lang}: {screen.text[:80]}"
            acronym = re.fullmatch(
                r"[A-Z0-9 \-]+|[A-Za-z0-9\-]{2,8}", screen.title
            )  # "PET-CT", "Ki-67"
            assert SCRIPTS[lang].search(screen.title) or acronym, f"{frame} {lang}: {screen.title}"
            assert all(len(piece) <= LIMIT for piece in split(to_html(screen)))
            labels = [b.label for row in screen.buttons for b in row]
            assert all(0 < len(label.encode()) <= 200 for label in labels)
            # A label is in the person's language: its own script, or no letters at all;
            # marker names in Latin letters may stand beside the words ("HER2, Ki-67").
            assert all(
                in_own_script(label, lang)
                or SCRIPTS[lang].search(label)
                or not LETTERS.search(label)
                for label in labels[:1]
            )
            navigation = {b.action for row in screen.buttons for b in row}
            if frame not in (HOME, Frame("menu", "welcome")):
                assert Navigate(Nav.BACK) in navigation or Navigate(Nav.MENU) in navigation, frame


def test_no_phone_number_price_percentage_or_hour_that_is_not_in_content_md(
    shipped: Library,
) -> None:
    assert [str(p) for p in check_numbers(shipped.documents)] == []


def test_every_text_is_in_its_own_alphabet_and_every_button_fits_a_phone(
    shipped: Library,
) -> None:
    found = [str(p) for p in shipped.warnings if p.code in ("W_WRONG_SCRIPT", "W_LABEL_TOO_LONG")]
    assert found == []


def test_hospital_details_are_settings_left_for_the_hospital(shipped: Library) -> None:
    settings = shipped.content.settings
    assert {"sheba_oncology_phone", "hadassah_address", "oncology_line_24h"} <= set(settings)
    assert all(value == "" for value in settings.values())


def test_medical_nodes_all_carry_review_and_sources(shipped: Library) -> None:
    for key, doc in shipped.documents.items():
        if not key.startswith("flows/"):
            continue
        for node in doc.data["nodes"]:
            if node.get("medical"):
                assert node.get("sources"), f"{key}: {node['id']}"
        assert {"owner", "reviewed_by", "reviewed_at", "review_due"} <= set(
            doc.data.get("review", {})
        ) or not any(n.get("medical") for n in doc.data["nodes"]), key


def test_the_shipped_content_follows_the_style_sheet(shipped: Library) -> None:
    style = [str(p) for p in shipped.warnings if p.code.startswith("W_STYLE")]
    assert style == []
