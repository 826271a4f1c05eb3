"""Safety alerts of options, and red flags taught by example, name a rule the check has (pure)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bot.content.loader import Document
from bot.content.problems import Problem, suggestion
from bot.core.model import Content

FEVER_RULES = ("fever", "fever_high")
"""What the fever block of content/safety.yaml raises, besides its listed rules."""
DESCRIBED = "described"
DESCRIBED_CRISIS = "described_crisis"
DESCRIBED_RULES = {DESCRIBED: "emergency", DESCRIBED_CRISIS: "crisis"}
"""What the `described` block of content/safety.yaml raises (a red flag no phrase holds, read by
a model learned from content/safety_examples.yaml), with each one's kind."""


def check_alerts(content: Content, docs: Mapping[str, Document]) -> Iterator[Problem]:
    """An error for an option whose `alert` names an unknown rule or the wrong kind."""
    safety = docs.get("content/safety.yaml")
    kinds = _rule_kinds(safety)
    if safety is not None and "described" in safety.data:
        kinds.update(DESCRIBED_RULES)
    for flow in content.flows.values():
        for node in flow.nodes.values():
            for option in node.options:
                alert = option.alert
                if alert is None:
                    continue
                if alert.rule not in kinds:
                    hint = suggestion(alert.rule, kinds, "use a rule id from content/safety.yaml")
                    yield Problem(
                        option.mark,
                        "E_UNKNOWN_RULE",
                        f"alert rule '{alert.rule}' is not a rule in content/safety.yaml; {hint}",
                    )
                elif kinds[alert.rule] != alert.kind:
                    yield Problem(
                        option.mark,
                        "E_ALERT_KIND",
                        f"alert kind '{alert.kind}' does not match rule '{alert.rule}'"
                        f" (a {kinds[alert.rule]} rule); write kind: {kinds[alert.rule]}",
                    )


def check_example_rules(docs: Mapping[str, Document]) -> Iterator[Problem]:
    """An error for a red flag in content/safety_examples.yaml whose `rule` is unknown."""
    examples = docs.get("content/safety_examples.yaml")
    safety = docs.get("content/safety.yaml")
    if examples is None or safety is None:
        return
    rules = set(_rule_kinds(safety))
    for lang, items in examples.data.get("red_flags", {}).items():
        for index, item in enumerate(items):
            if item["rule"] not in rules:
                hint = suggestion(item["rule"], rules, "use a rule id from content/safety.yaml")
                yield Problem(
                    examples.mark("red_flags", lang, index, "rule"),
                    "E_UNKNOWN_RULE",
                    f"red flag rule '{item['rule']}' is not a rule in content/safety.yaml; {hint}",
                )


def _rule_kinds(safety: Document | None) -> dict[str, str]:
    """Each rule of content/safety.yaml with its kind, the fever block's among them."""
    rules = safety.data.get("rules", []) if safety is not None else []
    kinds = {str(rule["id"]): str(rule["kind"]) for rule in rules if isinstance(rule, dict)}
    if safety is not None and "fever" in safety.data:
        kinds.update(dict.fromkeys(FEVER_RULES, "emergency"))
    return kinds
