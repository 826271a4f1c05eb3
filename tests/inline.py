"""Small inline content for tests: a content root written to a temporary folder."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

from bot.content.library import REPOSITORY, Library, load
from bot.core.model import TOP_LEVEL_FLOWS

TODAY = dt.date(2026, 11, 23)


def t(word: str) -> str:
    """An inline four-language text."""
    return f'{{he: "{word} he", ar: "{word} ar", ru: "{word} ru", en: "{word} en"}}'


MENU = (
    f"""\
id: menu
title: {t("Menu")}
start: welcome
nodes:
  - id: welcome
    title: {t("Who")}
    text: {t("Who are you")}
    ask: role
    back: false
    menu: false
    options:
      - {{label: {t("Patient")}, value: patient, goto: main}}
      - {{label: {t("Family")}, value: family, goto: main}}
  - id: main
    title: {t("Main")}
    text: {t("Main menu")}
    back: false
    options:
"""
    + "".join(f"      - {{label: {t(f)}, flow: {f}}}\n" for f in TOP_LEVEL_FLOWS)
    + f"""\
      - {{label: {t("Glossary")}, flow: glossary}}
"""
)


REVIEW = """\
review:
  owner: "Test owner"
  reviewed_by: "Test reviewer"
  reviewed_at: 2026-11-01
  review_due: 2027-10-31
"""


def flow(flow_id: str) -> str:
    """A small valid flow: intro -> details -> deeper, with a family variant and a term."""
    return f"""\
id: {flow_id}
title: {t(flow_id)}
start: intro
{REVIEW}nodes:
  - id: intro
    title: {t(flow_id + " intro")}
    text:
      - when: role == "family"
        he: "family he"
        ar: "family ar"
        ru: "family ru"
        en: "family en"
      - {t("patient")}
    match: {{en: ["{flow_id} words"]}}
    options:
      - {{label: {t("Details")}, goto: details}}
      - {{label: {t("Family only")}, goto: deeper, when: role == "family"}}
  - id: details
    title: {t("Details")}
    text: {t("Details text")}
    medical: true
    sources: ["Test source"]
    terms: [biopsy]
    options:
      - {{label: {t("Deeper")}, goto: deeper}}
  - id: deeper
    title: {t("Deeper")}
    text: {t("Deeper text")}
"""


GLOSSARY = f"""\
title: {t("Glossary")}
review:
  owner: "Test owner"
  reviewed_by: "Test reviewer"
  reviewed_at: 2026-11-01
  review_due: 2027-10-31
  sources: ["Test source"]
terms:
  - id: biopsy
    term: {t("Biopsy")}
    text: {t("A sample of tissue")}
    sources: ["Test source"]
"""


def write_root(root: Path, **overrides: str) -> Path:
    """A valid content root in `root`; `overrides` replace files, e.g. flows_diagnosis=..."""
    (root / "flows").mkdir(parents=True, exist_ok=True)
    (root / "content").mkdir(parents=True, exist_ok=True)
    files = {"flows/menu.yaml": MENU, "content/glossary.yaml": GLOSSARY}
    files.update({f"flows/{f}.yaml": flow(f) for f in TOP_LEVEL_FLOWS})
    for key, text in overrides.items():
        folder, _, name = key.partition("_")
        files[f"{folder}/{name}.yaml"] = textwrap.dedent(text)
    for name in ("ui.yaml", "hospital.yaml"):
        shutil.copy(REPOSITORY / "content" / name, root / "content" / name)
    for relative, text in files.items():
        (root / relative).write_text(text, encoding="utf-8")
    return root


def load_root(root: Path) -> Library:
    """Load a root that must be valid."""
    loaded = load(root, TODAY)
    assert loaded.library is not None, "\n".join(map(str, loaded.problems))
    return loaded.library
