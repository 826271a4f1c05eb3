"""Governance checks on medical content: owner, reviewer, review dates and sources (pure).

`today` always comes from the caller. An overdue review is a warning here, so the bot keeps
running (a safety reply must never go dark because a date passed); the go-live check
(release.py) fails on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from bot.content.loader import Document
from bot.content.problems import Problem, Severity

FIELDS = ("owner", "reviewed_by", "reviewed_at", "review_due")
DUE_SOON = dt.timedelta(days=30)
LONGEST_INTERVAL = dt.timedelta(days=366)


Keys = tuple[str | int, ...]


def reviews(doc: Document) -> Iterator[tuple[Keys, Mapping[str, Any]]]:
    """Every review block of a file, with its keys: the file's own, then each node's."""
    if isinstance(doc.data.get("review"), dict):
        yield ("review",), doc.data["review"]
    for index, node in enumerate(doc.data.get("nodes", [])):
        if isinstance(node, dict) and isinstance(node.get("review"), dict):
            yield ("nodes", index, "review"), node["review"]


def due_date(review: Mapping[str, Any]) -> dt.date | None:
    """The review's `review_due`, or None when it is missing or not a date."""
    try:
        return dt.date.fromisoformat(str(review["review_due"]))
    except (KeyError, ValueError):
        return None


def check_flow(doc: Document, today: dt.date) -> Iterator[Problem]:
    """Every medical node of a flow has complete governance; reviews are dated and current."""
    flow_review: Mapping[str, Any] = doc.data.get("review") or {}
    if flow_review:
        yield from _dates(doc, flow_review, ("review",), today)
    for index, node in enumerate(doc.data["nodes"]):
        own: Mapping[str, Any] = node.get("review") or {}
        if own:
            yield from _dates(doc, own, ("nodes", index, "review"), today)
            if not own.get("reviewed_by"):
                yield Problem(
                    doc.mark("nodes", index, "review"),
                    "E_NODE_REVIEWER",
                    f"node '{node['id']}' has its own review: without reviewed_by; write who"
                    " reviewed this page (the flow's reviewer did not sign it)",
                )
        if not node.get("medical"):
            continue
        merged = {**flow_review, **own}
        missing = [name for name in FIELDS if not merged.get(name)]
        if not (node.get("sources") or own.get("sources")):
            missing.append("sources")
        if missing:
            yield Problem(
                doc.mark("nodes", index),
                "E_GOVERNANCE",
                f"medical node '{node['id']}' lacks {', '.join(missing)}; add them to the node"
                " (sources:) or to the flow's review:",
            )


def check_document(doc: Document, today: dt.date) -> Iterator[Problem]:
    """A file-level review block (glossary, safety rules) is complete and current."""
    review: Mapping[str, Any] = doc.data.get("review") or {}
    missing = [name for name in (*FIELDS, "sources") if not review.get(name)]
    if missing:
        yield Problem(
            doc.mark("review"),
            "E_GOVERNANCE",
            f"review: lacks {', '.join(missing)}; this file is medical content",
        )
    if review:
        yield from _dates(doc, review, ("review",), today)


def _dates(
    doc: Document, review: Mapping[str, Any], keys: Keys, today: dt.date
) -> Iterator[Problem]:
    try:
        reviewed = dt.date.fromisoformat(str(review["reviewed_at"]))
        due = dt.date.fromisoformat(str(review["review_due"]))
    except (KeyError, ValueError):
        return
    where = doc.mark(*keys, "review_due")
    if due - reviewed > LONGEST_INTERVAL:
        yield Problem(
            where,
            "E_REVIEW_INTERVAL",
            f"review_due {due} is more than 12 months after reviewed_at {reviewed};"
            " bring it forward",
        )
    if due < today:
        yield Problem(
            where,
            "W_REVIEW_OVERDUE",
            f"review was due on {due}; a clinician must review this content and update the"
            " dates (the bot keeps running; validate --release fails until then)",
            Severity.WARNING,
        )
    elif due - today <= DUE_SOON:
        yield Problem(
            where, "W_REVIEW_DUE_SOON", f"review is due on {due}; plan it", Severity.WARNING
        )
    if reviewed > today:
        yield Problem(
            doc.mark(*keys, "reviewed_at"),
            "E_REVIEW_DATE",
            f"reviewed_at {reviewed} is in the future; use the date of the review",
        )
