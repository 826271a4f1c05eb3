"""Options that raise a safety alert must name a rule the safety check has (pure)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bot.content.loader import Document
from bot.content.problems import Problem, suggestion
from bot.core.model import Content

FEVER_RULES = ("fever", "fever_high")
"""What the fever block of content/safety.yaml raises, besides its listed rules."""


def check_alerts(content: Content, docs: Mapping[str, Document]) -> Iterator[Problem]:
    """An error for an option whose `alert` names an unknown rule or the wrong kind."""
    safety = docs.get("content/safety.yaml")
    rules = safety.data.get("rules", []) if safety is not None else []
    kinds = {str(rule["id"]): str(rule["kind"]) for rule in rules if isinstance(rule, dict)}
    if safety is not None and "fever" in safety.data:
        kinds.update(dict.fromkeys(FEVER_RULES, "emergency"))
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
