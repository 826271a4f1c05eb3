"""Fill ``{{setting}}`` placeholders in staff-written text from hospital settings (pure).

A setting stands on a line of its own ("24-hour oncology line: {{oncology_line_24h}}"), and
a line whose setting is still empty is left out whole: an empty setting never shows inside
advice, and the text around it reads right with or without it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_BLANK_LINES = re.compile(r"\n{3,}")


def placeholders(text: str) -> tuple[str, ...]:
    """The setting names `text` refers to, in order."""
    return tuple(match.group(1) for match in PLACEHOLDER.finditer(text))


def fill(text: str, settings: Mapping[str, str]) -> str:
    """`text` with each placeholder replaced by its setting; lines with an empty one dropped."""
    kept = [
        PLACEHOLDER.sub(lambda match: settings[match.group(1)], line)
        for line in text.split("\n")
        if all(settings.get(name) for name in placeholders(line))
    ]
    return _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip("\n")
