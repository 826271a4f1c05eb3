"""Turn checked YAML data into the engine's frozen models (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from bot.content.loader import Document
from bot.content.problems import Problem
from bot.core.conditions import Condition, ConditionError, parse
from bot.core.model import (
    GLOSSARY_FLOW,
    Alert,
    Flow,
    Mark,
    Node,
    Option,
    Target,
    Text,
    Variant,
)

GLOSSARY_INDEX = "index"


def text(raw: Mapping[str, Any]) -> Text:
    """A localized text from a mapping of language codes to strings."""
    return Text(MappingProxyType({k: str(v) for k, v in raw.items() if k != "when"}))


def phrases(raw: Mapping[str, Any] | None) -> Mapping[str, tuple[str, ...]]:
    """Per-language match phrases."""
    return MappingProxyType({k: tuple(v) for k, v in (raw or {}).items()})


def condition(
    doc: Document, source: str | None, keys: tuple[str | int, ...], problems: list[Problem]
) -> Condition | None:
    """Parse a `when:` condition; record a problem at its column when it is malformed."""
    if source is None:
        return None
    try:
        return parse(source)
    except ConditionError as error:
        mark = doc.mark(*keys)
        where = Mark(mark.path, mark.line, mark.col + error.column - 1)
        problems.append(
            Problem(where, "E_CONDITION", f"condition {source!r}: {error}; see README: conditions")
        )
        return None


def flow(doc: Document, problems: list[Problem]) -> Flow:
    """A flow from a file that passed the flow schema."""
    data = doc.data
    nodes: dict[str, Node] = {}
    for index, raw in enumerate(data["nodes"]):
        node = _node(doc, data["id"], raw, ("nodes", index), problems)
        nodes.setdefault(node.id, node)
    return Flow(
        id=data["id"],
        title=text(data["title"]),
        start=data["start"],
        nodes=MappingProxyType(nodes),
        mark=doc.mark(),
    )


def _node(
    doc: Document,
    flow_id: str,
    raw: Mapping[str, Any],
    keys: tuple[str | int, ...],
    problems: list[Problem],
) -> Node:
    raw_text = raw["text"]
    if isinstance(raw_text, list):
        variants = tuple(
            Variant(text(v), condition(doc, v.get("when"), (*keys, "text", i, "when"), problems))
            for i, v in enumerate(raw_text)
        )
    else:
        variants = (Variant(text(raw_text)),)
    options = tuple(
        _option(doc, flow_id, o, (*keys, "options", i), problems)
        for i, o in enumerate(raw.get("options", ()))
    )
    return Node(
        id=raw["id"],
        title=text(raw["title"]),
        variants=variants,
        options=options,
        terms=tuple(raw.get("terms", ())),
        ask=raw.get("ask"),
        medical=bool(raw.get("medical", False)),
        back=bool(raw.get("back", True)),
        menu=bool(raw.get("menu", True)),
        aliases=tuple(raw.get("aliases", ())),
        match=phrases(raw.get("match")),
        mark=doc.mark(*keys),
        columns=int(raw.get("columns", 1)),
        schedule=raw.get("schedule"),
    )


def _option(
    doc: Document,
    flow_id: str,
    raw: Mapping[str, Any],
    keys: tuple[str | int, ...],
    problems: list[Problem],
) -> Option:
    target: Target | None = None
    if "goto" in raw:
        target = Target(flow_id, raw["goto"])
    elif "flow" in raw:
        target = Target(raw["flow"], raw.get("node"))
    return Option(
        label=text(raw["label"]),
        target=target,
        value=raw.get("value"),
        when=condition(doc, raw.get("when"), (*keys, "when"), problems),
        mark=doc.mark(*keys),
        alert=Alert(raw["alert"]["kind"], raw["alert"]["rule"]) if "alert" in raw else None,
    )


def glossary(doc: Document) -> Flow:
    """The glossary as a flow: an index node listing every term, and one node per term."""
    data = doc.data
    terms: dict[str, Node] = {}
    for index, raw in enumerate(data["terms"]):
        terms.setdefault(
            raw["id"],
            Node(
                id=raw["id"],
                title=text(raw["term"]),
                variants=(Variant(text(raw["text"])),),
                medical=True,
                aliases=tuple(raw.get("aliases", ())),
                match=phrases(raw.get("match")),
                mark=doc.mark("terms", index),
            ),
        )
    intro = text(data.get("intro") or data["title"])
    index_node = Node(
        id=GLOSSARY_INDEX,
        title=text(data["title"]),
        variants=(Variant(intro),),
        terms=tuple(terms),
        mark=doc.mark("terms"),
    )
    return Flow(
        id=GLOSSARY_FLOW,
        title=text(data["title"]),
        start=GLOSSARY_INDEX,
        nodes=MappingProxyType({GLOSSARY_INDEX: index_node, **terms}),
        mark=doc.mark(),
    )


def ui_strings(doc: Document) -> Mapping[str, Text]:
    """The bot's own words by key."""
    return MappingProxyType({k: text(v) for k, v in doc.data["strings"].items()})


def settings(doc: Document) -> Mapping[str, str]:
    """Hospital settings by name (empty strings until filled in)."""
    return MappingProxyType({k: str(v["value"]) for k, v in doc.data["settings"].items()})
