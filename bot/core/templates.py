"""Fill ``{{setting}}`` placeholders in staff-written text from hospital settings (pure)."""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def placeholders(text: str) -> tuple[str, ...]:
    """The setting names `text` refers to, in order."""
    return tuple(match.group(1) for match in PLACEHOLDER.finditer(text))


def fill(text: str, settings: Mapping[str, str], missing: str) -> str:
    """`text` with each placeholder replaced by its setting, or `missing` when empty."""
    return PLACEHOLDER.sub(lambda match: settings.get(match.group(1)) or missing, text)
