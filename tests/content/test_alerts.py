"""An option that raises a safety alert must name a real rule, of the right kind."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.content.library import REPOSITORY, load
from tests.inline import TODAY, t, write_root


def root_with_alert(tmp_path: Path, alert: str) -> Path:
    root = write_root(tmp_path / "root")
    shutil.copy(REPOSITORY / "content" / "safety.yaml", root / "content" / "safety.yaml")
    flow = root / "flows" / "diagnosis.yaml"
    text = flow.read_text(encoding="utf-8")
    old = f"      - {{label: {t('Details')}, goto: details}}"
    assert old in text
    new = f"      - {{label: {t('Details')}, goto: details, alert: {alert}}}"
    flow.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def codes(root: Path) -> list[str]:
    return [
        str(p)
        for p in load(root, TODAY).problems
        if "E_UNKNOWN_RULE" in str(p) or "E_ALERT_KIND" in str(p)
    ]


def test_a_misspelt_rule_is_an_error_at_the_option_with_a_suggestion(tmp_path: Path) -> None:
    (found,) = codes(root_with_alert(tmp_path, "{kind: emergency, rule: breathng}"))
    assert "flows/diagnosis.yaml:" in found
    assert "E_UNKNOWN_RULE" in found and "did you mean 'breathing'?" in found


def test_the_kind_must_be_the_rules_own(tmp_path: Path) -> None:
    (found,) = codes(root_with_alert(tmp_path, "{kind: crisis, rule: breathing}"))
    assert "E_ALERT_KIND" in found and "write kind: emergency" in found


def test_a_real_rule_and_the_fever_rule_pass(tmp_path: Path) -> None:
    assert codes(root_with_alert(tmp_path, "{kind: emergency, rule: fever}")) == []


def test_a_red_flag_taught_by_example_must_name_a_real_rule(tmp_path: Path) -> None:
    root = root_with_alert(tmp_path, "{kind: emergency, rule: fever}")
    examples = (REPOSITORY / "content" / "safety_examples.yaml").read_text(encoding="utf-8")
    wrong = examples.replace("- {rule: fever_high, text:", "- {rule: fevr_high, text:", 1)
    assert wrong != examples
    (root / "content" / "safety_examples.yaml").write_text(wrong, encoding="utf-8")
    (found,) = codes(root)
    assert "content/safety_examples.yaml:" in found
    assert "E_UNKNOWN_RULE" in found and "did you mean 'fever_high'?" in found
