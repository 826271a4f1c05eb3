"""A `content_change:` step: the content with nodes renamed or removed, as staff would publish
it with /reload (pure)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from types import MappingProxyType

from bot.content.library import structure_version
from bot.core.model import GLOSSARY_FLOW, Content, Flow, Node, Target
from bot.core.screens import HOME
from bot.core.state import Frame


def changed(content: Content, rename: Mapping[Frame, str], remove: Collection[Frame]) -> Content:
    """`content` with nodes renamed (the old id kept as an alias) and nodes removed, the
    buttons and glossary links to them updated or dropped, and a new content version."""

    def moved(frame: Frame) -> Frame | None:
        if frame in remove:
            return None
        return Frame(frame.flow, rename[frame]) if frame in rename else frame

    def target(old: Target | None) -> Target | None:
        if old is None or old.node is None:
            return old
        new = moved(Frame(old.flow, old.node))
        return Target(new.flow, new.node) if new else None

    def node(flow: Flow, old: Node) -> Node:
        options = tuple(
            replace(o, target=target(o.target))
            for o in old.options
            if o.target is None or o.target.node is None or target(o.target)
        )
        terms = tuple(new.node for term in old.terms if (new := moved(Frame(GLOSSARY_FLOW, term))))
        new_id = rename.get(Frame(flow.id, old.id))
        aliases = (*old.aliases, old.id) if new_id else old.aliases
        return replace(old, id=new_id or old.id, options=options, terms=terms, aliases=aliases)

    flows: dict[str, Flow] = {}
    for flow in content.flows.values():
        nodes = [node(flow, n) for n in flow.nodes.values() if Frame(flow.id, n.id) not in remove]
        start = rename.get(Frame(flow.id, flow.start), flow.start)
        flows[flow.id] = replace(
            flow, start=start, nodes=MappingProxyType({n.id: n for n in nodes})
        )
    pages = {rule: new for rule, page in content.safety_pages.items() if (new := target(page))}
    return replace(
        content,
        version=structure_version(flows),
        flows=MappingProxyType(flows),
        safety_pages=MappingProxyType(pages),
    )


def change_problem(
    content: Content, rename: Mapping[Frame, str], remove: Collection[Frame]
) -> str | None:
    """Why a content change cannot be made, or None."""
    for frame in (*rename, *remove):
        if content.node(frame.flow, frame.node) is None:
            return f"there is no node '{frame}' to change; check the flow and node id"
    for frame, new_id in rename.items():
        if content.node(frame.flow, new_id) is not None:
            return f"cannot rename '{frame}' to '{new_id}': flow '{frame.flow}' has that id"
    for frame in remove:
        if frame == HOME or frame.node == content.flows[frame.flow].start:
            return f"cannot remove '{frame}': a flow's start and the main menu must stay"
    return None
