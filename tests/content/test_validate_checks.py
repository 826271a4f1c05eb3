"""The checks for what staff get wrong: each fires at the line and column a person must fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import validate
from bot.content.library import load
from bot.content.problems import Problem, Severity
from tests.inline import GLOSSARY, REVIEW, TODAY, t, write_root


def diagnosis(nodes: str, review: str = REVIEW) -> str:
    """A diagnosis flow whose nodes are `nodes` (YAML list items, 2-space indented)."""
    return f"id: diagnosis\ntitle: {t('D')}\nstart: intro\n{review}nodes:\n{nodes}"


def intro(text: str = t("Intro"), rest: str = "") -> str:
    """The intro node with this `text`, and `rest` (more of its keys, or more nodes)."""
    return f"  - id: intro\n    title: {t('Intro')}\n    text: {text}\n{rest}"


def option(label: str, extra: str = "") -> str:
    """An options list with one option to intro (`extra`: more keys of the option)."""
    return f"    options:\n      - label: {label}\n        goto: intro\n{extra}"


LONG_AR = "تجميد البويضات أو الأجنة أو الحيوانات المنوية"  # 45 characters


# name: (file key, text with a '# <-' marker on the expected line, code, text at the column)
CASES: dict[str, tuple[str, str, str, str]] = {
    "a condition value that is not an answer": (
        "flows_diagnosis",
        diagnosis(intro(rest=option(t("x"), '        when: role == "famly"  # <-\n'))),
        "E_UNKNOWN_VALUE",
        '"famly"',
    ),
    "a condition value in a text variant": (
        "flows_diagnosis",
        diagnosis(
            intro(
                "\n"
                '      - when: role in ("patient", "familly")  # <-\n'
                '        he: "a"\n        ar: "b"\n        ru: "c"\n        en: "d"\n'
                f"      - {t('default')}\n"
            )
        ),
        "E_UNKNOWN_VALUE",
        '"familly"',
    ),
    "an invented phone number": (
        "flows_diagnosis",
        diagnosis(intro('{he: "א", ar: "ب", ru: "б", en: "Call 03-5551234 today"}  # <-\n')),
        "E_UNSOURCED_NUMBER",
        '"Call 03',
    ),
    "a price": (
        "flows_diagnosis",
        diagnosis(intro('{he: "העלות 300 ₪", ar: "ب", ru: "б", en: "a"}  # <-\n')),
        "E_UNSOURCED_NUMBER",
        '"העלות',
    ),
    "a percentage": (
        "flows_diagnosis",
        diagnosis(intro('{he: "א", ar: "ب", ru: "Помогает в 30% случаев", en: "a"}  # <-\n')),
        "E_UNSOURCED_NUMBER",
        '"Помогает',
    ),
    "an opening hour": (
        "flows_diagnosis",
        diagnosis(intro('{he: "א", ar: "ب", ru: "б", en: "Open 8:00 to 16:00"}  # <-\n')),
        "E_UNSOURCED_NUMBER",
        '"Open',
    ),
    "a node's own review without reviewed_by": (
        "flows_diagnosis",
        diagnosis(
            intro(
                rest="    review:\n"
                '      owner: "Test owner"  # <-\n'
                "      reviewed_at: 2026-11-01\n"
                "      review_due: 2027-10-31\n"
            )
        ),
        "E_NODE_REVIEWER",
        "owner",
    ),
}

WARNINGS: dict[str, tuple[str, str, str, str]] = {
    "English prose under he:": (
        "flows_diagnosis",
        diagnosis(
            intro(
                '{he: "The biopsy takes a sample", ar: "خزعة", ru: "Биопсия", en: "Biopsy"}  # <-\n'
            )
        ),
        "W_WRONG_SCRIPT",
        '"The biopsy',
    ),
    "Hebrew under ar:": (
        "flows_diagnosis",
        diagnosis(
            intro('{he: "ביופסיה", ar: "ביופסיה היא בדיקה", ru: "Биопсия", en: "Biopsy"}  # <-\n')
        ),
        "W_WRONG_SCRIPT",
        '"ביופסיה היא',
    ),
    "an option label too long for a phone": (
        "flows_diagnosis",
        diagnosis(
            intro(
                rest=option(
                    f'{{he: "הקפאה", ar: "{LONG_AR}", ru: "Заморозка", en: "Freezing"}}  # <-'
                )
            )
        ),
        "W_LABEL_TOO_LONG",
        f'"{LONG_AR}',
    ),
    "a glossary term too long for its 📖 button": (
        "content_glossary",
        GLOSSARY.replace(
            f"term: {t('Biopsy')}",
            'term: {he: "ביופסיה", ar: "خزعة", ru: "Биопсия",'
            ' en: "Biopsy, a small sample of tissue, taken"}  # <-',
        ),
        "W_LABEL_TOO_LONG",
        '"Biopsy, a small',
    ),
    "two pages of a flow with one title": (
        "flows_diagnosis",
        diagnosis(
            intro(rest=option(t("Twin")).replace("goto: intro", "goto: twin"))
            + f"  - id: twin  # <-\n    title: {t('Intro')}\n    text: {t('Twin')}\n"
        ),
        "W_DUPLICATE_TITLE",
        "id: twin",
    ),
    "an overdue review": (
        "flows_diagnosis",
        diagnosis(
            intro(),
            review=REVIEW.replace("reviewed_at: 2026-11-01", "reviewed_at: 2025-06-01").replace(
                "review_due: 2027-10-31", "review_due: 2026-05-31  # <-"
            ),
        ),
        "W_REVIEW_OVERDUE",
        "2026-05-31",
    ),
}


def place(text: str, anchor: str) -> tuple[int, int]:
    """The 1-based line with the '# <-' marker, and the column of `anchor` on it."""
    number, line = next((i, line) for i, line in enumerate(text.splitlines(), 1) if "# <-" in line)
    assert anchor in line, f"{anchor!r} is not on the marked line {line!r}"
    return number, line.index(anchor) + 1


def found(tmp_path: Path, key: str, text: str, code: str) -> tuple[list[Problem], bool]:
    loaded = load(write_root(tmp_path, **{key: text}), TODAY)
    return [p for p in loaded.problems if p.code == code], loaded.library is not None


def assert_at(problems: list[Problem], key: str, text: str, anchor: str) -> None:
    file = key.replace("_", "/", 1) + ".yaml"
    line, col = place(text, anchor)
    assert any(
        p.mark.path.endswith(file) and (p.mark.line, p.mark.col) == (line, col) for p in problems
    ), f"expected {file}:{line}:{col}, got {[str(p) for p in problems]}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_new_error_is_reported_at_its_line_and_column(tmp_path: Path, name: str) -> None:
    key, text, code, anchor = CASES[name]
    problems, accepted = found(tmp_path, key, text, code)
    assert problems, f"{name}: no {code}"
    assert not accepted, f"{name}: content with {code} was accepted"
    assert all(p.severity is Severity.ERROR for p in problems)
    assert_at(problems, key, text, anchor)


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_each_new_warning_is_reported_and_the_content_still_loads(
    tmp_path: Path, name: str
) -> None:
    key, text, code, anchor = WARNINGS[name]
    problems, accepted = found(tmp_path, key, text, code)
    assert problems, f"{name}: no {code}"
    assert accepted, f"{name}: a warning stopped the content loading"
    assert all(p.severity is Severity.WARNING for p in problems)
    assert_at(problems, key, text, anchor)


def test_a_misspelt_value_is_named_with_its_question_and_a_suggestion(tmp_path: Path) -> None:
    key, text, code, _ = CASES["a condition value that is not an answer"]
    problems, _ = found(tmp_path, key, text, code)
    assert "'famly' is not an answer to 'role'" in problems[0].message
    assert "did you mean 'family'?" in problems[0].message


def test_a_value_far_from_every_answer_lists_the_answers_instead(tmp_path: Path) -> None:
    text = diagnosis(intro(rest=option(t("x"), '        when: role == "doctor"\n')))
    problems, _ = found(tmp_path, "flows_diagnosis", text, "E_UNKNOWN_VALUE")
    assert "answers: family, patient" in problems[0].message
    assert "did you mean" not in problems[0].message


SUGGESTIONS = {
    "a misspelt node id": (option(t("x")).replace("goto: intro", "goto: intor"), "'intro'"),
    "a misspelt flow id": (
        option(t("x")).replace("goto: intro", "flow: treatmnt"),
        "'treatment'",
    ),
    "a misspelt glossary term": ("    terms: [biopsi]\n", "'biopsy'"),
    "a misspelt answer": (option(t("x"), '        when: rol == "family"\n'), "'role'"),
}


@pytest.mark.parametrize("name", sorted(SUGGESTIONS))
def test_an_unknown_id_is_answered_with_the_nearest_one(tmp_path: Path, name: str) -> None:
    rest, expected = SUGGESTIONS[name]
    loaded = load(write_root(tmp_path, flows_diagnosis=diagnosis(intro(rest=rest))), TODAY)
    messages = [p.message for p in loaded.problems if p.code.startswith("E_")]
    assert any(f"did you mean {expected}?" in message for message in messages), messages


def test_a_misspelt_setting_is_answered_with_the_nearest_setting(tmp_path: Path) -> None:
    text = diagnosis(intro('{he: "א", ar: "ب", ru: "б", en: "{{oncology_line_24}}"}\n'))
    loaded = load(write_root(tmp_path, flows_diagnosis=text), TODAY)
    messages = [p.message for p in loaded.problems if p.code == "E_UNKNOWN_SETTING"]
    assert messages and "did you mean 'oncology_line_24h'?" in messages[0], messages


def test_repeated_warnings_print_as_one_line_per_setting_at_the_first_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = '{he: "א", ar: "ب", ru: "б", en: "Line:\\n{{oncology_line_24h}}"}'
    root = write_root(
        tmp_path,
        flows_diagnosis=diagnosis(intro(empty + "\n")),
        flows_treatment=diagnosis(intro(empty + "\n")).replace("id: diagnosis", "id: treatment"),
    )
    assert validate(root) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "W_SETTING_EMPTY" in line]
    assert len(lines) == 1, lines
    node_line, col = place(
        diagnosis(intro(empty + "\n")).replace("- id: intro", "- id: intro # <-"), "id"
    )
    first = f"flows/diagnosis.yaml:{node_line}:{col}:"  # the node that uses the setting first
    assert first in lines[0] and "'oncology_line_24h'" in lines[0] and "(2 places" in lines[0]
