"""`python bot.py reviews`: every page's owner, reviewer and review dates, soonest due first.

`rows` is pure (it reads the loaded documents); `print_rows` writes the table to a stream.
A page's review is its own `review:` when it has one, else its flow's (or its file's, for
the glossary and the safety rules); a page with neither is listed last, with dashes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from bot.content.governance import DUE_SOON, due_date
from bot.content.loader import Document
from bot.core.model import GLOSSARY_FLOW, Mark

SAFETY_PAGE = "safety rules"
"""How the clinician-owned safety rules (content/safety.yaml) are named in the list."""
HEADINGS = ("due", "reviewed", "page", "owner", "reviewed by", "where")
NONE = "—"


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One page and the review that covers it; `where` is that review's place."""

    page: str
    owner: str
    reviewed_by: str
    reviewed_at: str
    review_due: dt.date | None
    where: Mark

    def status(self, today: dt.date) -> str:
        """The status on `today`: "overdue", "due soon" (within 30 days), "no review" or ""."""
        if self.review_due is None:
            return "no review"
        if self.review_due < today:
            return "overdue"
        return "due soon" if self.review_due - today <= DUE_SOON else ""


def rows(documents: Mapping[str, Document]) -> list[ReviewRow]:
    """Every page's review, soonest due first; pages without a review date come last."""
    found: list[ReviewRow] = []
    for key, doc in sorted(documents.items()):
        if key.startswith("flows/"):
            found += _flow(doc)
        elif key == "content/glossary.yaml":
            found += [
                _row(f"{GLOSSARY_FLOW}.{term['id']}", doc, ("review",), doc.data.get("review"))
                for term in doc.data["terms"]
            ]
        elif key == "content/safety.yaml":
            found.append(_row(SAFETY_PAGE, doc, ("review",), doc.data.get("review")))
    return sorted(found, key=lambda row: (row.review_due or dt.date.max, row.page))


def print_rows(found: Iterable[ReviewRow], today: dt.date, out: TextIO) -> None:
    """Write the rows as an aligned table, with each row's status on `today`."""
    table = [(*HEADINGS, "")] + [
        (
            str(row.review_due or NONE),
            row.reviewed_at,
            row.page,
            row.owner,
            row.reviewed_by,
            f"{row.where.path}:{row.where.line}",
            row.status(today),
        )
        for row in found
    ]
    widths = [max(len(line[column]) for line in table) for column in range(len(HEADINGS))]
    for line in table:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        print("  ".join([*cells, line[-1]]).rstrip(), file=out)


def _flow(doc: Document) -> list[ReviewRow]:
    shared: Mapping[str, Any] = doc.data.get("review") or {}
    found = []
    for index, node in enumerate(doc.data["nodes"]):
        page = f"{doc.data['id']}.{node['id']}"
        own: Mapping[str, Any] = node.get("review") or {}
        if own:
            found.append(_row(page, doc, ("nodes", index, "review"), {**shared, **own}))
        else:
            found.append(_row(page, doc, ("review",), shared))
    return found


def _row(
    page: str, doc: Document, keys: tuple[str | int, ...], review: Mapping[str, Any] | None
) -> ReviewRow:
    review = review or {}
    return ReviewRow(
        page=page,
        owner=str(review.get("owner") or NONE),
        reviewed_by=str(review.get("reviewed_by") or NONE),
        reviewed_at=str(review.get("reviewed_at") or NONE),
        review_due=due_date(review),
        where=doc.mark(*keys),
    )
