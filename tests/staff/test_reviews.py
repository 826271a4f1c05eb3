"""`reviews` lists every page's owner, reviewer and dates, the soonest due first."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

from bot.content.library import REPOSITORY, Library
from bot.staff.reviews import print_rows, rows
from tests.inline import REVIEW, TODAY, flow, load_root, write_root

OWN_REVIEW = """\
    review:
      owner: "Breast care nurses"
      reviewed_by: "Dr. A. Levi"
      reviewed_at: 2026-01-15
      review_due: 2026-12-01
"""


def library(tmp_path: Path) -> Library:
    """Inline content where treatment's review is due first, then diagnosis.details's own
    review, then the other flows; the menu has no review."""
    treatment = flow("treatment").replace(
        REVIEW, REVIEW.replace("review_due: 2027-10-31", "review_due: 2026-12-20")
    )
    diagnosis = flow("diagnosis").replace(
        '    sources: ["Test source"]\n', '    sources: ["Test source"]\n' + OWN_REVIEW, 1
    )
    return load_root(write_root(tmp_path, flows_treatment=treatment, flows_diagnosis=diagnosis))


def test_rows_come_soonest_due_first_and_a_page_s_own_review_wins(tmp_path: Path) -> None:
    found = rows(library(tmp_path).documents)
    assert found[0].page == "diagnosis.details"
    assert (found[0].owner, found[0].reviewed_by) == ("Breast care nurses", "Dr. A. Levi")
    assert (found[0].reviewed_at, found[0].review_due) == ("2026-01-15", dt.date(2026, 12, 1))
    assert [row.page for row in found[1:4]] == [
        "treatment.deeper",
        "treatment.details",
        "treatment.intro",
    ]
    dues = [row.review_due for row in found if row.review_due is not None]
    assert dues == sorted(dues)
    assert [row.page for row in found if row.review_due is None] == ["menu.main", "menu.welcome"]
    assert found[-1].page == "menu.welcome" and found[-1].owner == "—"


def test_every_page_and_every_glossary_term_is_listed(tmp_path: Path) -> None:
    lib = library(tmp_path)
    pages = {row.page for row in rows(lib.documents)}
    expected = {
        f"{flow_id}.{node_id}"
        for flow_id, flow_ in lib.content.flows.items()
        for node_id in flow_.nodes
        if node_id != "index"
    }
    assert pages == expected


def test_the_table_marks_overdue_and_due_soon_reviews(tmp_path: Path) -> None:
    out = io.StringIO()
    print_rows(rows(library(tmp_path).documents), TODAY, out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["due", "reviewed", "page", "owner", "reviewed", "by", "where"]
    first = lines[1]
    assert first.startswith("2026-12-01  2026-01-15  diagnosis.details")
    assert "Dr. A. Levi" in first and "flows/diagnosis.yaml:" in first
    assert first.endswith("due soon")  # 8 days after TODAY
    later = io.StringIO()
    print_rows(rows(library(tmp_path).documents), dt.date(2026, 12, 10), later)
    assert later.getvalue().splitlines()[1].endswith("overdue")
    assert lines[-1].endswith("no review")


def test_the_reviews_command_lists_the_shipped_content() -> None:
    result = subprocess.run(
        [sys.executable, str(REPOSITORY / "bot.py"), "reviews"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPOSITORY,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(" safety rules " in line for line in lines)
    assert any(" diagnosis.biopsy " in line and "flows/diagnosis.yaml:" in line for line in lines)
    assert len(lines) > 200
