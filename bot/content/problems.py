"""Problems found in content: a place, a code, a message that says how to fix it (pure)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

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
