"""Conditions compare an answer only with values its question can give (pure).

`role == "famly"` parses, but never holds: no option of the role question has the value
"famly". Each such value is an error at its own column in the `when:`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bot.content.loader import Document
from bot.content.problems import Problem, suggestion
from bot.core.conditions import All, AnyOf, Condition, ConditionError, Not, OneOf, parse
from bot.core.model import Content, Mark

Keys = tuple[str | int, ...]


def check_answers(content: Content, docs: Mapping[str, Document]) -> list[Problem]:
    """An error for every value a condition compares with that its question never gives."""
    answers = possible_answers(content)
    problems: list[Problem] = []
    for key, doc in sorted(docs.items()):
        if key.startswith("flows/"):
            for keys, source in _conditions(doc.data, ()):
                problems += _values(doc.mark(*keys), source, answers)
    return problems


def possible_answers(content: Content) -> dict[str, frozenset[str]]:
    """Each question's name and the values its options give."""
    found: dict[str, set[str]] = {}
    for flow in content.flows.values():
        for node in flow.nodes.values():
            if node.ask:
                values = found.setdefault(node.ask, set())
                values.update(o.value for o in node.options if o.value is not None)
    return {ask: frozenset(values) for ask, values in found.items()}


def _conditions(data: Any, keys: Keys) -> Iterator[tuple[Keys, str]]:
    """Every `when:` under `data`, with the keys that lead to it."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "when" and isinstance(value, str):
                yield (*keys, key), value
            else:
                yield from _conditions(value, (*keys, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _conditions(item, (*keys, index))


def _values(where: Mark, source: str, answers: Mapping[str, frozenset[str]]) -> Iterator[Problem]:
    try:
        condition = parse(source)
    except ConditionError:
        return  # reported as E_CONDITION when the flow is parsed
    for key, value in _compared(condition):
        given = answers.get(key)
        if given is None or value in given:
            continue  # an answer nobody asks is E_UNSET_ANSWER
        column = _column(source, value)
        hint = suggestion(value, given, "use one of the question's values or add an option")
        yield Problem(
            Mark(where.path, where.line, where.col + column),
            "E_UNKNOWN_VALUE",
            f"condition {source!r}: '{value}' is not an answer to '{key}' (answers:"
            f" {', '.join(sorted(given))}); {hint}",
        )


def _compared(condition: Condition) -> Iterator[tuple[str, str]]:
    """(answer, value) for every value the condition compares an answer with."""
    if isinstance(condition, OneOf):
        yield from ((condition.key, value) for value in condition.values)
    elif isinstance(condition, Not):
        yield from _compared(condition.inner)
    elif isinstance(condition, (All, AnyOf)):
        for part in condition.parts:
            yield from _compared(part)


def _column(source: str, value: str) -> int:
    """The 0-based column of the quoted `value` in the condition (of the condition if not found)."""
    for quote in ('"', "'"):
        index = source.find(f"{quote}{value}{quote}")
        if index >= 0:
            return index
    return 0
