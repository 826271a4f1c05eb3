"""Each broken file is reported with its own code, at the line a person must fix."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.content.library import REPOSITORY, load
from tests.inline import MENU, REVIEW, TODAY, flow, t, write_root


def diagnosis(nodes: str, review: str = REVIEW) -> str:
    """A diagnosis flow whose nodes are `nodes` (YAML list items, 2-space indented)."""
    return f"id: diagnosis\ntitle: {t('D')}\nstart: intro\n{review}nodes:\n{nodes}"


INTRO = f"""\
  - id: intro
    title: {t("Intro")}
    text: {t("Intro")}
"""

CASES: dict[str, tuple[str, str, str]] = {
    # name: (file key, text with a '# <-' marker on the expected line, code)
    "yaml syntax": (
        "flows_diagnosis",
        diagnosis(INTRO + '    back: "yes" please  # <-\n'),
        "E_YAML",
    ),
    "unknown yaml tag": (
        "flows_diagnosis",
        diagnosis(INTRO + "    medical: !0  # <-\n"),
        "E_YAML",
    ),
    "schema: misspelt key": (
        "flows_diagnosis",
        diagnosis(INTRO + f"    options:\n      - lable: {t('x')}  # <-\n        goto: intro\n"),
        "E_SCHEMA",
    ),
    "duplicate node id": (
        "flows_diagnosis",
        diagnosis(INTRO + f"  - id: intro  # <-\n    title: {t('B')}\n    text: {t('B')}\n"),
        "E_DUPLICATE_ID",
    ),
    "duplicate key": (
        "flows_diagnosis",
        diagnosis(INTRO + f"    title: {t('again')}  # <-\n"),
        "E_DUPLICATE_KEY",
    ),
    "unknown target": (
        "flows_diagnosis",
        diagnosis(INTRO + f"    options:\n      - label: {t('x')}  # <-\n        goto: nowhere\n"),
        "E_UNKNOWN_TARGET",
    ),
    "unreachable node": (
        "flows_diagnosis",
        diagnosis(INTRO + f"  - id: island  # <-\n    title: {t('I')}\n    text: {t('I')}\n"),
        "E_UNREACHABLE",
    ),
    "dead end": (
        "flows_diagnosis",
        diagnosis(
            f"  - id: intro  # <-\n    title: {t('I')}\n    text: {t('I')}\n"
            "    back: false\n    menu: false\n"
        ),
        "E_DEAD_END",
    ),
    "missing translation": (
        "flows_diagnosis",
        diagnosis(
            f'  - id: intro  # <-\n    title: {t("I")}\n    text: {{he: "a", ru: "b", en: "c"}}\n'
        ),
        "E_MISSING_TRANSLATION",
    ),
    "callback data over 64 bytes": (
        "flows_diagnosis",
        diagnosis(
            INTRO
            + f"    options:\n      - label: {t('x')}\n        goto: {'a' * 50}\n"
            + f"  - id: {'a' * 50}  # <-\n    title: {t('L')}\n    text: {t('L')}\n"
        ),
        "E_CALLBACK_TOO_LONG",
    ),
    "words.yaml: a synonym of two words": (
        "content_words",
        'common:\n  en: [what, is]\nsynonyms:\n  - [chemo, "chemo therapy"]  # <-\n',
        "E_SCHEMA",
    ),
    "safety.yaml: an unless phrase in a language the bot does not speak": (
        "content_safety",
        (REPOSITORY / "content" / "safety.yaml")
        .read_text(encoding="utf-8")
        .replace("    unless:\n", "    unless:\n      de: [Finger]  # <-\n", 1),
        "E_SCHEMA",
    ),
    "scope.yaml: a support page that does not exist": (
        "content_scope",
        "cancer_words: {en: [cancer]}\noutside: []\n"
        "support_pages: [diagnosis.intro, diagnosis.nowhere]  # <-\n",
        "E_UNKNOWN_TARGET",
    ),
    "safety.yaml: the oxygen reading raises a rule that does not exist": (
        "content_safety",
        (REPOSITORY / "content" / "safety.yaml")
        .read_text(encoding="utf-8")
        .replace("  rule: breathing\n", "  rule: breathless  # <-\n", 1),
        "E_UNKNOWN_RULE",
    ),
    "condition on an answer nothing sets": (
        "flows_diagnosis",
        diagnosis(
            f"  - id: intro  # <-\n    title: {t('I')}\n    text:\n"
            f'      - {{when: stage == "4", he: "a", ar: "b", ru: "c", en: "d"}}\n'
            f"      - {t('default')}\n"
        ),
        "E_UNSET_ANSWER",
    ),
    "malformed condition": (
        "flows_diagnosis",
        diagnosis(
            INTRO + f"    options:\n      - label: {t('x')}\n        goto: intro\n"
            '        when: role = "family"  # <-\n'
        ),
        "E_CONDITION",
    ),
    "no default text variant": (
        "flows_diagnosis",
        diagnosis(
            f"  - id: intro  # <-\n    title: {t('I')}\n    text:\n"
            f'      - {{when: role == "family", he: "a", ar: "b", ru: "c", en: "d"}}\n'
        ),
        "E_NO_DEFAULT",
    ),
    "medical node without sources": (
        "flows_diagnosis",
        diagnosis(
            f"  - id: intro  # <-\n    title: {t('I')}\n    text: {t('I')}\n    medical: true\n"
        ),
        "E_GOVERNANCE",
    ),
    "unknown glossary term": (
        "flows_diagnosis",
        diagnosis(
            f"  - id: intro  # <-\n    title: {t('I')}\n    text: {t('I')}\n    terms: [nope]\n"
        ),
        "E_UNKNOWN_TERM",
    ),
    "flow id does not match its file": (
        "flows_diagnosis",
        flow("diagnosis").replace("id: diagnosis", "id: diagnosys  # <-", 1),
        "E_FLOW_ID",
    ),
    "question option without a value": (
        "flows_menu",
        MENU.replace(
            "      - {label: " + t("Family") + ", value: family, goto: main}",
            "      - {label: " + t("Family") + ", goto: main}  # <-",
        ),
        "E_ASK_VALUE",
    ),
}


def marked_line(text: str) -> int:
    """The 1-based line that carries the '# <-' marker."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if "# <-" in line)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_broken_file_reports_its_code_at_the_line_to_fix(tmp_path: Path, name: str) -> None:
    key, text, code = CASES[name]
    root = write_root(tmp_path, **{key: text})
    loaded = load(root, TODAY)
    assert loaded.library is None, f"{name}: content with a {code} problem was accepted"
    found = [p for p in loaded.problems if p.code == code]
    assert found, f"{name}: expected {code}, got {[str(p) for p in loaded.problems]}"
    file = key.replace("_", "/", 1) + ".yaml"
    assert any(p.mark.path.endswith(file) and p.mark.line == marked_line(text) for p in found), (
        f"{name}: expected {file}:{marked_line(text)}, got {[str(p) for p in found]}"
    )


def test_problem_lines_read_path_line_col_code_message(tmp_path: Path) -> None:
    key, text, _ = CASES["unknown target"]
    root = write_root(tmp_path, **{key: text})
    result = subprocess.run(
        [sys.executable, str(REPOSITORY / "bot.py"), "validate", "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "E_UNKNOWN_TARGET" in line)
    path, lineno, col, rest = line.split(":", 3)
    assert path.endswith("flows/diagnosis.yaml") and lineno.isdigit() and col.isdigit()
    assert "'nowhere'" in rest and "check the id" in rest


def test_missing_flow_is_reported(tmp_path: Path) -> None:
    root = write_root(tmp_path)
    (root / "flows" / "centers.yaml").unlink()
    loaded = load(root, TODAY)
    assert any(p.code == "E_MISSING_FLOW" and "centers" in p.message for p in loaded.problems)


def test_review_due_soon_is_a_warning_not_an_error(tmp_path: Path) -> None:
    soon = REVIEW.replace("review_due: 2027-10-31", "review_due: 2026-12-10")
    root = write_root(tmp_path, flows_diagnosis=flow("diagnosis").replace(REVIEW, soon))
    loaded = load(root, TODAY)
    assert loaded.library is not None
    assert [p.code for p in loaded.problems if "REVIEW" in p.code] == ["W_REVIEW_DUE_SOON"]


def test_shipped_content_validates_with_exit_0() -> None:
    result = subprocess.run(
        [sys.executable, str(REPOSITORY / "bot.py"), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


STYLE_CASES = [
    ("he", "לשאלות על מחקר קליני פנו לצוות.", "W_STYLE_TERM"),
    ("he", "הרופא/ה יסביר לכם.", "W_STYLE_SLASH"),
    ("he", "אם תרצו, אפשר לשאול. זה תלוי בך ובמה שלך.", "W_STYLE_ADDRESS"),
    ("ar", "العامل الاجتماعي يساعدكم.", "W_STYLE_TERM"),
    ("ru", "Это этап (survivorship) после лечения.", "W_STYLE_GLOSS"),
    ("en", "Ask about the tumor.", "W_STYLE_TERM"),
]


@pytest.mark.parametrize(("lang", "text", "code"), STYLE_CASES)
def test_each_style_check_reports_its_text_at_path_line_col(
    root: Path, lang: str, text: str, code: str
) -> None:
    flow_file = next(p for p in (root / "flows").glob("*.yaml") if p.stem != "menu")
    original = flow_file.read_text(encoding="utf-8")
    found_text = re.search(rf'{lang}: ("[^"]* {lang}")', original)
    assert found_text is not None
    line_no = original[: found_text.start()].count("\n") + 1
    flow_file.write_text(
        original[: found_text.start(1)]
        + json.dumps(text, ensure_ascii=False)
        + original[found_text.end(1) :],
        encoding="utf-8",
    )
    (root / "content" / "style.yaml").write_text(
        (REPOSITORY / "content" / "style.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    found = [p for p in load(root).problems if p.code == code]
    assert found, f"no {code} for {text!r}"
    assert found[0].mark.path.endswith(flow_file.name) and found[0].mark.line == line_no
    assert found[0].mark.col > 1


def test_a_glossary_text_is_checked_against_the_style_sheet_too(root: Path) -> None:
    glossary = root / "content" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace('en: "A sample of tissue en"', 'en: "A sample of the tumor"'))
    (root / "content" / "style.yaml").write_text(
        (REPOSITORY / "content" / "style.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    found = [p for p in load(root).problems if p.code == "W_STYLE_TERM"]
    assert found and found[0].mark.path.endswith("glossary.yaml"), found


def test_a_topic_in_not_causes_must_be_a_topic_scope_yaml_lists(tmp_path: Path) -> None:
    shipped = REPOSITORY / "content"
    safety = (shipped / "safety.yaml").read_text(encoding="utf-8")
    broken = safety.replace("not_causes: [pharmacy,", "not_causes: [pharmcy,", 1)
    assert broken != safety
    root = write_root(
        tmp_path,
        content_safety=broken,
        content_scope=(shipped / "scope.yaml").read_text(encoding="utf-8"),
    )
    loaded = load(root, TODAY)
    found = [p for p in loaded.problems if p.code == "E_UNKNOWN_TOPIC"]
    assert loaded.library is None and found, [str(p) for p in loaded.problems]
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "pharmcy" in text)
    assert found[0].mark.line == line and "'pharmcy'" in found[0].message
