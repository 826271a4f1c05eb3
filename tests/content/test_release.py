"""The go-live check lists exactly what a hospital must fill in and who must sign off."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.cli import validate
from bot.content.library import REPOSITORY


def copy_content(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    for folder in ("flows", "content"):
        shutil.copytree(REPOSITORY / folder, root / folder)
    return root


def release_lines(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = validate(root, release=True)
    return code, [line for line in capsys.readouterr().out.splitlines() if "E_RELEASE" in line]


def test_the_shipped_content_is_not_ready_and_says_exactly_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = release_lines(copy_content(tmp_path), capsys)
    assert code == 1
    assert any("E_RELEASE_SETTING" in line and "oncology_line_24h" in line for line in lines)
    assert any("E_RELEASE_RULE" in line and "'fever_chills'" in line for line in lines)
    assert any(
        line.startswith("flows/treatment.yaml:") or "treatment.yaml" in line for line in lines
    )
    assert validate(REPOSITORY) == 0, "the ordinary check passes; only the release check fails"


def test_filled_in_and_signed_off_content_passes_the_release_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_content(tmp_path)
    hospital = root / "content" / "hospital.yaml"
    hospital.write_text(
        hospital.read_text(encoding="utf-8").replace('value: ""', 'value: "03-5551234"'),
        encoding="utf-8",
    )
    for path in [*root.glob("flows/*.yaml"), *root.glob("content/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'reviewed_by: "[^"]*awaiting[^"]*"', 'reviewed_by: "Dr. N. Cohen"', text)
        if path.name == "safety.yaml":
            text = re.sub(
                r"^(  - id: \w+)$",
                r'\1\n    signed_off_by: "Dr. N. Cohen, 2026-12-01"',
                text,
                flags=re.MULTILINE,
            )
        path.write_text(text, encoding="utf-8")
    code, lines = release_lines(root, capsys)
    assert lines == [] and code == 0
