"""The go-live check: what a hospital must fill in and who must sign off first (pure).

`python bot.py validate --release` adds these to the ordinary checks: a required hospital
setting that is empty, a review still marked as a draft awaiting sign-off, and a safety rule
that no clinician has signed off. Overdue reviews are already errors in every check.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bot.content.loader import Document
from bot.content.problems import Problem

UNSIGNED = ("draft", "awaiting")
"""Words in `reviewed_by` that mean nobody has signed the review yet."""


def release_problems(documents: Mapping[str, Document]) -> list[Problem]:
    """Everything that stops the content going live, one line each, in file order."""
    problems: list[Problem] = []
    for key, doc in sorted(documents.items()):
        if key == "content/hospital.yaml":
            problems += _settings(doc)
        problems += _reviews(doc)
        if key == "content/safety.yaml":
            problems += _rules(doc)
    return problems


def _settings(doc: Document) -> Iterator[Problem]:
    for name, setting in doc.data["settings"].items():
        if setting.get("required") and not str(setting["value"]).strip():
            yield Problem(
                doc.mark("settings", name, "value"),
                "E_RELEASE_SETTING",
                f"required hospital setting '{name}' is empty; the hospital fills it in"
                f" ({setting['description']})",
            )


def _reviews(doc: Document) -> Iterator[Problem]:
    reviews: list[tuple[tuple[str | int, ...], Mapping[str, Any]]] = []
    if isinstance(doc.data.get("review"), dict):
        reviews.append((("review",), doc.data["review"]))
    for index, node in enumerate(doc.data.get("nodes", [])):
        if isinstance(node, dict) and isinstance(node.get("review"), dict):
            reviews.append((("nodes", index, "review"), node["review"]))
    for keys, review in reviews:
        signer = str(review.get("reviewed_by", ""))
        if any(word in signer.casefold() for word in UNSIGNED):
            yield Problem(
                doc.mark(*keys, "reviewed_by"),
                "E_RELEASE_UNSIGNED",
                f"review is not signed ('{signer}'); a clinician reviews it and writes their"
                " name in reviewed_by",
            )


def _rules(doc: Document) -> Iterator[Problem]:
    for index, rule in enumerate(doc.data.get("rules", [])):
        if not rule.get("signed_off_by"):
            yield Problem(
                doc.mark("rules", index, "id"),
                "E_RELEASE_RULE",
                f"safety rule '{rule['id']}' awaits a clinician's sign-off; add signed_off_by",
            )
