"""Problems found in content: a place, a code, a message that says how to fix it (pure)."""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace

from bot.core.model import Mark


class Severity(enum.Enum):
    """Errors stop the bot from starting; warnings are shown but do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, printed as ``path:line:col: CODE message``."""

    mark: Mark
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.mark}: {self.code} {self.message}"


def has_errors(problems: list[Problem]) -> bool:
    """Whether any problem is an error."""
    return any(p.severity is Severity.ERROR for p in problems)


def suggestion(word: str, choices: Iterable[str], otherwise: str) -> str:
    """A "did you mean 'x'?" naming the choice closest to a misspelt `word`, else `otherwise`."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else otherwise


def grouped(problems: Iterable[Problem]) -> list[Problem]:
    """Warnings that repeat one code and message become one line, at the first place, that
    counts the places; errors stay one line each, as each must be fixed where it is."""
    problems = list(problems)
    counts: dict[tuple[str, str], int] = {}
    for problem in problems:
        if problem.severity is Severity.WARNING:
            key = (problem.code, problem.message)
            counts[key] = counts.get(key, 0) + 1
    shown: list[Problem] = []
    done: set[tuple[str, str]] = set()
    for problem in problems:
        key = (problem.code, problem.message)
        if problem.severity is Severity.ERROR or counts[key] == 1:
            shown.append(problem)
        elif key not in done:
            done.add(key)
            message = f"{problem.message} ({counts[key]} places; this is the first)"
            shown.append(replace(problem, message=message))
    return shown
