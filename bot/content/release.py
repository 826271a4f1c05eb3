"""The go-live check: what a hospital must fill in and who must sign off first (pure).

`python bot.py validate --release` adds these to the ordinary checks: a required hospital
setting that is empty, a review still marked as a draft awaiting sign-off, a review that is
overdue on `today` (only a warning in the ordinary check, so the bot keeps running), and a
safety rule that no clinician has signed off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from bot.content.governance import due_date, reviews
from bot.content.loader import Document
from bot.content.problems import Problem

UNSIGNED = ("draft", "awaiting")
"""Words in `reviewed_by` that mean nobody has signed the review yet."""


def release_problems(
    documents: Mapping[str, Document], today: dt.date | None = None
) -> list[Problem]:
    """Everything that stops the content going live, one line each, in file order.

    Reviews overdue on `today` are among them; without `today` review dates are not checked.
    """
    problems: list[Problem] = []
    for key, doc in sorted(documents.items()):
        if key == "content/hospital.yaml":
            problems += _settings(doc)
        problems += _reviews(doc, today)
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


def _reviews(doc: Document, today: dt.date | None) -> Iterator[Problem]:
    for keys, review in reviews(doc):
        signer = str(review.get("reviewed_by", ""))
        if any(word in signer.casefold() for word in UNSIGNED):
            yield Problem(
                doc.mark(*keys, "reviewed_by"),
                "E_RELEASE_UNSIGNED",
                f"review is not signed ('{signer}'); a clinician reviews it and writes their"
                " name in reviewed_by",
            )
        due = due_date(review)
        if today is not None and due is not None and due < today:
            yield Problem(
                doc.mark(*keys, "review_due"),
                "E_RELEASE_OVERDUE",
                f"review was due on {due}; a clinician reviews the content again and updates"
                " reviewed_at and review_due",
            )


def _rules(doc: Document) -> Iterator[Problem]:
    for index, rule in enumerate(doc.data.get("rules", [])):
        if not rule.get("signed_off_by"):
            yield Problem(
                doc.mark("rules", index, "id"),
                "E_RELEASE_RULE",
                f"safety rule '{rule['id']}' awaits a clinician's sign-off; add signed_off_by",
            )
