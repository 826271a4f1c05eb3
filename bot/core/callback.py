"""Compact, versioned button codes that fit Telegram's 64-byte callback data (pure).

A code is ``VERSION|FLOW|NODE|ACTION``: the content version the button was built from,
the node it was shown on (empty when none), and the action (``o3`` option 3, ``t1`` term
1, ``f0`` offer 0, ``g2`` glossary letter group 2, ``a1`` way-in answer 1, ``len``
language, ``nb`` a navigation button; ``d9cx`` a calendar day and ``k8b`` a calendar month,
in base 36 since 2000-01-01; ``pp12`` pause, resume or cancel the person's plan, its
number in base 36). Anything that does not decode is treated as a forged or broken button.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core.events import (
    Action,
    ChooseGroup,
    ChooseLanguage,
    ChooseOffer,
    ChooseOption,
    ChooseRole,
    ChooseTerm,
    ManagePlan,
    Nav,
    Navigate,
    PickDay,
    PlanOp,
    ShowMonth,
)
from bot.core.state import Frame

MAX_BYTES = 64
VERSION_LENGTH = 6
_CODE = re.compile(r"^([0-9a-f]{6})\|([a-z0-9_]*)\|([a-z0-9_]*)\|([a-z])([a-z0-9]{1,4})$")
_NAVS = {nav.value: nav for nav in Nav}
_OPS = {op.value: op for op in PlanOp}
EPOCH = dt.date(2000, 1, 1)
"""Calendar days and months are counted from here."""


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
    if isinstance(action, PickDay):
        return f"d{_base36((action.day - EPOCH).days)}"
    if isinstance(action, ShowMonth):
        return f"k{_base36((action.year - EPOCH.year) * 12 + action.month - 1)}"
    if isinstance(action, ManagePlan):
        return f"p{action.op.value}{_base36(action.id)}"
    return f"n{action.nav.value}"


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if not number:
            return text


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
    elif kind in "dkp":
        decoded = _calendar_or_plan(kind, arg)
        if decoded is None:
            return None
        action = decoded
    else:
        return None
    return version, at, action


def _calendar_or_plan(kind: str, arg: str) -> PickDay | ShowMonth | ManagePlan | None:
    """A calendar day or month, or a plan's button; None when out of range."""
    if kind == "p":
        if arg[0] not in _OPS or len(arg) < 2:
            return None
        return ManagePlan(_OPS[arg[0]], int(arg[1:], 36))
    number = int(arg, 36)
    if kind == "d":
        try:
            return PickDay(EPOCH + dt.timedelta(days=number))
        except OverflowError:
            return None
    year, month = divmod(number, 12)
    return ShowMonth(EPOCH.year + year, month + 1)


def longest(at: Frame, options: int, terms: int) -> int:
    """The byte length of the longest code a node with these buttons can produce (a plan's
    buttons in /reminders, shown wherever the person is, included)."""
    widest = max(options, terms, 1) - 1
    codes = (
        encode("0" * VERSION_LENGTH, at, ChooseOption(widest)),
        encode("0" * VERSION_LENGTH, at, ManagePlan(PlanOp.CANCEL, 36**3 - 1)),
    )
    return max(len(code.encode("utf-8")) for code in codes)
