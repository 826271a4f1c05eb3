"""A tiny, safe condition language over stored answers, parsed once and evaluated purely.

Grammar (never ``eval``)::

    expr    := and ("or" and)*
    and     := unary ("and" unary)*
    unary   := "not" unary | "(" expr ")" | test
    test    := NAME [("==" | "!=") STRING | ["not"] "in" "(" STRING ("," STRING)* ")"]

A bare NAME is true when that answer has been given. Strings use single or double quotes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""\s*(?:(?P<str>"[^"]*"|'[^']*')|(?P<op>==|!=|[(),\[\]])|(?P<name>[A-Za-z_][A-Za-z0-9_]*))"""
)
_KEYWORDS = frozenset({"and", "or", "not", "in"})


class ConditionError(ValueError):
    """A condition that cannot be parsed; `column` is 1-based within the condition."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True, slots=True)
class IsSet:
    """True when the answer `key` has been given."""

    key: str


@dataclass(frozen=True, slots=True)
class OneOf:
    """True when the answer `key` is one of `values`."""

    key: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """Negation."""

    inner: Condition


@dataclass(frozen=True, slots=True)
class All:
    """Conjunction."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Disjunction."""

    parts: tuple[Condition, ...]


Condition = IsSet | OneOf | Not | All | AnyOf


def evaluate(condition: Condition, answers: Mapping[str, str]) -> bool:
    """Whether `condition` holds for these stored answers."""
    if isinstance(condition, IsSet):
        return condition.key in answers
    if isinstance(condition, OneOf):
        return answers.get(condition.key) in condition.values
    if isinstance(condition, Not):
        return not evaluate(condition.inner, answers)
    if isinstance(condition, All):
        return all(evaluate(part, answers) for part in condition.parts)
    return any(evaluate(part, answers) for part in condition.parts)


def answer_keys(condition: Condition) -> frozenset[str]:
    """Every answer key the condition reads."""
    if isinstance(condition, (IsSet, OneOf)):
        return frozenset({condition.key})
    if isinstance(condition, Not):
        return answer_keys(condition.inner)
    return frozenset().union(*(answer_keys(part) for part in condition.parts))


def parse(source: str) -> Condition:
    """Parse `source` into a Condition, or raise ConditionError saying where and why."""
    return _Parser(source).parse()


class _Parser:
    """Recursive-descent parser over the tokens of one condition."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        while pos < len(source):
            if source[pos:].strip() == "":
                break
            match = _TOKEN.match(source, pos)
            if not match:
                column = pos + len(source[pos:]) - len(source[pos:].lstrip()) + 1
                raise ConditionError(f"unexpected character {source[column - 1]!r}", column)
            kind = match.lastgroup or ""
            value = match.group(kind)
            start = match.start(kind) + 1
            if kind == "name" and value in _KEYWORDS:
                kind = "kw"
            self.tokens.append((kind, value, start))
            pos = match.end()
        self.index = 0

    def parse(self) -> Condition:
        if not self.tokens:
            raise ConditionError('the condition is empty; write e.g. role == "family"', 1)
        condition = self._or()
        if self.index < len(self.tokens):
            _, value, column = self.tokens[self.index]
            raise ConditionError(f"unexpected {value!r}; expected 'and', 'or' or the end", column)
        return condition

    def _peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _accept(self, value: str) -> bool:
        token = self._peek()
        if token and token[1] == value and token[0] in ("kw", "op"):
            self.index += 1
            return True
        return False

    def _expect(self, kind: str, what: str) -> tuple[str, str, int]:
        token = self._peek()
        if token is None:
            raise ConditionError(f"expected {what} at the end", len(self.source) + 1)
        if token[0] != kind:
            raise ConditionError(f"expected {what}, got {token[1]!r}", token[2])
        self.index += 1
        return token

    def _or(self) -> Condition:
        parts = [self._and()]
        while self._accept("or"):
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def _and(self) -> Condition:
        parts = [self._unary()]
        while self._accept("and"):
            parts.append(self._unary())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def _unary(self) -> Condition:
        if self._accept("not"):
            return Not(self._unary())
        if self._accept("("):
            inner = self._or()
            self._expect_op(")")
            return inner
        return self._test()

    def _expect_op(self, value: str) -> None:
        if not self._accept(value):
            token = self._peek()
            column = token[2] if token else len(self.source) + 1
            got = repr(token[1]) if token else "the end"
            raise ConditionError(f"expected {value!r}, got {got}", column)

    def _test(self) -> Condition:
        _, key, _ = self._expect("name", "an answer name such as role")
        if self._accept("=="):
            return OneOf(key, (self._string(),))
        if self._accept("!="):
            return Not(OneOf(key, (self._string(),)))
        if self._accept("in"):
            return OneOf(key, self._string_list())
        if self._lookahead(("kw", "not"), ("kw", "in")):
            self.index += 2
            return Not(OneOf(key, self._string_list()))
        return IsSet(key)

    def _lookahead(self, *expected: tuple[str, str]) -> bool:
        upcoming = [token[:2] for token in self.tokens[self.index : self.index + len(expected)]]
        return upcoming == list(expected)

    def _string(self) -> str:
        _, value, _ = self._expect("str", 'a quoted value such as "family"')
        return value[1:-1]

    def _string_list(self) -> tuple[str, ...]:
        closing = ")" if self._accept("(") else "]" if self._accept("[") else ""
        if not closing:
            token = self._peek()
            raise ConditionError(
                'expected a list such as ("family", "friend") after \'in\'',
                token[2] if token else len(self.source) + 1,
            )
        values = [self._string()]
        while self._accept(","):
            values.append(self._string())
        self._expect_op(closing)
        return tuple(values)
