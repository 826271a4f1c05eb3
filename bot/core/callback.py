"""Compact, versioned button codes that fit Telegram's 64-byte callback data (pure).

A code is ``VERSION|FLOW|NODE|ACTION``: the content version the button was built from,
the node it was shown on (empty when none), and the action (``o3`` option 3, ``t1`` term
1, ``f0`` offer 0, ``g2`` glossary letter group 2, ``a1`` way-in answer 1, ``len``
language, ``nb`` a navigation button). Anything that does not
decode is treated as a forged or broken button.
"""

from __future__ import annotations

import re

from bot.core.events import (
    Action,
    ChooseGroup,
    ChooseLanguage,
    ChooseOffer,
    ChooseOption,
    ChooseRole,
    ChooseTerm,
    Nav,
    Navigate,
)
from bot.core.state import Frame

MAX_BYTES = 64
VERSION_LENGTH = 6
_CODE = re.compile(r"^([0-9a-f]{6})\|([a-z0-9_]*)\|([a-z0-9_]*)\|([a-z])([a-z0-9]{1,3})$")
_NAVS = {nav.value: nav for nav in Nav}


def encode(version: str, at: Frame | None, action: Action) -> str:
    """The callback data for a button."""
    flow, node = (at.flow, at.node) if at else ("", "")
    return f"{version}|{flow}|{node}|{_action_code(action)}"


def _action_code(action: Action) -> str:
    if isinstance(action, ChooseOption):
        return f"o{action.index}"
    if isinstance(action, ChooseTerm):
        return f"t{action.index}"
    if isinstance(action, ChooseOffer):
        return f"f{action.index}"
    if isinstance(action, ChooseLanguage):
        return f"l{action.lang}"
    if isinstance(action, ChooseGroup):
        return f"g{action.index}"
    if isinstance(action, ChooseRole):
        return f"a{action.index}"
    return f"n{action.nav.value}"


def decode(data: str) -> tuple[str, Frame | None, Action] | None:
    """Version, node and action of a button, or None when the data is not ours."""
    match = _CODE.match(data)
    if not match:
        return None
    version, flow, node, kind, arg = match.groups()
    at = Frame(flow, node) if flow and node else None
    if (flow or node) and at is None:
        return None
    action: Action
    if kind in "otf" and arg.isdigit():
        index = int(arg)
        action = (
            ChooseOption(index)
            if kind == "o"
            else ChooseTerm(index)
            if kind == "t"
            else ChooseOffer(index)
        )
    elif kind == "g" and arg.isdigit():
        action = ChooseGroup(int(arg))
    elif kind == "a" and arg.isdigit():
        action = ChooseRole(int(arg))
    elif kind == "l" and len(arg) == 2:
        action = ChooseLanguage(arg)
    elif kind == "n" and arg in _NAVS:
        action = Navigate(_NAVS[arg])
    else:
        return None
    return version, at, action


def longest(at: Frame, options: int, terms: int) -> int:
    """The byte length of the longest code a node with these buttons can produce."""
    widest = max(options, terms, 1) - 1
    code = encode("0" * VERSION_LENGTH, at, ChooseOption(widest))
    return len(code.encode("utf-8"))
