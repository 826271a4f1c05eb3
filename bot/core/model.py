"""Typed, frozen content models the engine walks: flows, nodes, options, UI strings (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.core.conditions import Condition
from bot.core.hours import WEEKDAYS, WorkingHours
from bot.core.quiet import QuietHours

LANGUAGES: tuple[str, ...] = ("he", "ar", "ru", "en")
"""Every text a person can see exists in each of these languages."""

MENU_FLOW = "menu"
HOME_NODE = "main"
GLOSSARY_FLOW = "glossary"
TOP_LEVEL_FLOWS: tuple[str, ...] = (
    "diagnosis",
    "treatment",
    "integrative",
    "survivorship",
    "family_support",
    "centers",
)

UI_KEYS: tuple[str, ...] = (
    "welcome",
    "disclaimer",
    "choose_language",
    "welcome_back",
    "resume",
    "change_language",
    "back",
    "menu",
    "continue",
    "content_moved",
    "stale_button",
    "restarted",
    "handoff_unavailable",
    "ticket_ask",
    "ticket_opened",
    "ticket_already_open",
    "ticket_after_hours",
    "ticket_no_hours",
    "ticket_closed",
    "ticket_closed_quiet",
    "from_team",
    *(f"day_{day}" for day in WEEKDAYS),
    "crisis_talk_to_person",
    "talk_to_person",
    "did_you_mean",
    "support_offer",
    "not_understood",
    "out_of_scope",
    "distress_kind",
    "understood_about",
    "understood_general",
    "role_question",
    "glossary_group",
    "glossary_letters",
    "smalltalk_greeting",
    "smalltalk_thanks",
    "smalltalk_bot",
    "smalltalk_privacy",
    "caution_on_treatment",
    "medical_footer",
    "safety_fallback",
    *(f"month_{month}" for month in range(1, 13)),
    "date_format",
    "calendar_weekdays",
    "reminder_ask_again",
    "reminder_too_soon",
    "reminder_confirm",
    "reminder_yes",
    "reminder_other_day",
    "reminder_set",
    "reminder_due",
    "checkin_set",
    "checkin_due",
    "reminders_title",
    "reminders_none",
    "reminders_appointment",
    "reminders_checkin",
    "reminders_paused",
    "reminders_new_appointment",
    "reminders_new_checkin",
    "reminders_pause",
    "reminders_resume",
    "reminders_cancel",
)
"""UI strings the engine uses; adapters add their own to this list where they define them."""


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a piece of content was written: file, line and column (1-based)."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


NO_MARK = Mark("<memory>", 1, 1)


@dataclass(frozen=True, slots=True)
class Text:
    """One text in every language, keyed by language code."""

    by_lang: Mapping[str, str]

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to English, then to any language present."""
        return (
            self.by_lang.get(lang)
            or self.by_lang.get("en")
            or next(iter(self.by_lang.values()), "")
        )

    @staticmethod
    def of(**by_lang: str) -> Text:
        """Build a Text from keyword arguments, e.g. ``Text.of(en="Hi", he="שלום")``."""
        return Text(MappingProxyType(dict(by_lang)))


@dataclass(frozen=True, slots=True)
class Variant:
    """A text shown when its condition holds (no condition: always)."""

    text: Text
    when: Condition | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """Where an option leads: a node in a flow (node None means the flow's start)."""

    flow: str
    node: str | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    """An answer that is a red flag: it gets the same reply as typed text that the safety
    rule `rule` (of kind "emergency" or "crisis") fires on."""

    kind: str
    rule: str


@dataclass(frozen=True, slots=True)
class Option:
    """A button on a node: a label, where it leads, and what answer it stores; `alert`
    makes choosing it a safety alert."""

    label: Text
    target: Target | None
    value: str | None = None
    when: Condition | None = None
    mark: Mark = NO_MARK
    alert: Alert | None = None


@dataclass(frozen=True, slots=True)
class Review:
    """Governance of medical content: who owns it, who reviewed it, when, from what sources."""

    owner: str
    reviewed_by: str
    reviewed_at: dt.date
    review_due: dt.date
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Node:
    """One screen of a flow: a title, text variants, options and navigation."""

    id: str
    title: Text
    variants: tuple[Variant, ...]
    options: tuple[Option, ...] = ()
    terms: tuple[str, ...] = ()
    ask: str | None = None
    medical: bool = False
    back: bool = True
    menu: bool = True
    aliases: tuple[str, ...] = ()
    match: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    review: Review | None = None
    mark: Mark = NO_MARK
    columns: int = 1
    """Options side by side in each row (a 0-10 scale: short buttons, several a row)."""
    schedule: str | None = None
    """What the node sets up: "appointment" (it asks for an appointment's day, typed or on
    a calendar, and reminds the day before) or "checkin" (its answer is how many days
    apart regular check-ins come; they start at the chosen option's target)."""


SCHEDULES: tuple[str, ...] = ("appointment", "checkin")
"""What a node's `schedule` may set up."""


@dataclass(frozen=True, slots=True)
class Flow:
    """A conversation: an id, a title, a start node and its nodes by id."""

    id: str
    title: Text
    start: str
    nodes: Mapping[str, Node]
    mark: Mark = NO_MARK

    def resolve(self, node_id: str) -> str | None:
        """The id of the node called `node_id` now, following aliases of renamed nodes."""
        if node_id in self.nodes:
            return node_id
        for node in self.nodes.values():
            if node_id in node.aliases:
                return node.id
        return None


@dataclass(frozen=True, slots=True)
class Content:
    """Everything the engine needs: flows, UI strings, hospital settings, safety replies."""

    version: str
    flows: Mapping[str, Flow]
    ui: Mapping[str, Text]
    settings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    safety_replies: Mapping[str, Text] = field(default_factory=lambda: MappingProxyType({}))
    """General replies by kind ("emergency", "crisis"); a rule's own as "rule:<id>"."""
    safety_pages: Mapping[str, Target] = field(default_factory=lambda: MappingProxyType({}))
    """The page a rule's reply offers ("what counts as a fever")."""
    default_language: str = "he"
    handoff: bool = False
    """Whether a staff chat receives requests to talk to a person (STAFF_CHAT_ID is set)."""
    hours: WorkingHours | None = None
    """When the staff team answers (content/hours.yaml); None: no hours are given."""
    quiet: QuietHours = field(default_factory=QuietHours)
    """When reminders and check-ins wait: nights, Shabbat, holidays (content/hours.yaml)."""
    remind_at: dt.time = dt.time(10, 0)
    """The local time of day reminders and check-ins go out (content/hours.yaml)."""

    def node(self, flow_id: str, node_id: str) -> Node | None:
        """The node, or None when the flow or node does not exist."""
        flow = self.flows.get(flow_id)
        return flow.nodes.get(node_id) if flow else None

    def ui_text(self, key: str, lang: str) -> str:
        """A UI string in `lang`; the key itself if staff have not written it."""
        text = self.ui.get(key)
        return text.get(lang) if text else key
