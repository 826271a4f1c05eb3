"""Draw the flows as a Mermaid or Graphviz DOT diagram for staff (pure).

Pages are drawn with their titles in one language (their ids are the diagram's node ids);
a button shown only when a condition holds (an option's ``when:``) is a dashed arrow
labelled with the condition. Given a page's counts (`graph_counts.Traffic`), each page
also shows its visits and how many visits ended there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from bot.content.validate import edges
from bot.core.conditions import All, AnyOf, Condition, IsSet, Not, OneOf
from bot.core.model import Content, Flow
from bot.core.state import Frame
from bot.staff.graph_counts import PageCounts, Traffic

FORMATS: tuple[str, ...] = ("mermaid", "dot")
"""The diagram formats `render` writes."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_INDENT = "    "


@dataclass(frozen=True, slots=True)
class Edge:
    """One arrow: from a node to where one of its buttons leads; `when` is the condition
    the button is shown under ("" for a button always shown)."""

    source: Frame
    target: Frame
    label: str
    dashed: bool = False
    when: str = ""


@dataclass(frozen=True, slots=True)
class Diagram:
    """What to draw, independent of the format: `titles` names every drawn node in `lang`,
    `exits` every page in another flow that a button leads to ("Flow: page"); `traffic`,
    when given, counts each page's visits."""

    flows: tuple[Flow, ...]
    edges: tuple[Edge, ...]
    outside: tuple[Frame, ...]
    lang: str
    titles: Mapping[Frame, str] = field(default_factory=dict)
    exits: Mapping[Frame, str] = field(default_factory=dict)
    traffic: Traffic | None = None

    def title(self, frame: Frame) -> str:
        """The node's title in the diagram's language (its id when it has none)."""
        return self.titles.get(frame) or str(frame)

    def exit_title(self, frame: Frame) -> str:
        """A page of another flow as a button leads there: "Flow: page"."""
        return self.exits.get(frame) or self.title(frame)

    def counts(self, frame: Frame) -> PageCounts | None:
        """The page's counts, or None when the diagram has no counts or the page is in
        another flow (its visits did not come from the flows drawn)."""
        if self.traffic is None or frame in self.outside:
            return None
        return self.traffic.at(frame)

    def label(self, frame: Frame) -> str:
        """The node's text: its title, and its counts on a second line when known."""
        counts = self.counts(frame)
        title = self.title(frame)
        return title if counts is None else f"{title}\n{counts_text(counts)}"


def render(
    content: Content,
    flow: str | None,
    fmt: str,
    lang: str = "en",
    *,
    terms: bool = False,
    traffic: Traffic | None = None,
) -> str:
    """The flows (all, or only `flow` and its exits) as a `fmt` diagram ("mermaid" or "dot").

    Every node is drawn with its title in `lang`; every option is an edge labelled with the
    option's label, dashed and labelled with its condition too when it has a ``when:``.
    Glossary links (a node's ``terms``) are omitted by default: they would tie most nodes
    to the glossary (and the whole shipped diagram already has more edges than Mermaid's
    default limit of 500); ``terms=True`` draws them as dashed, unlabelled edges. With
    `flow` given, only its nodes are drawn, and the places its buttons lead to in other
    flows are drawn as dashed nodes titled "Other flow: page". With `traffic`, each drawn
    page of the flows shows its visits and the visits that ended there.
    Raises KeyError for an unknown flow id and ValueError for an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    diagram = build(content, flow, lang, terms=terms, traffic=traffic)
    return mermaid(diagram) if fmt == "mermaid" else dot(diagram)


def build(
    content: Content,
    flow: str | None,
    lang: str = "en",
    *,
    terms: bool = False,
    traffic: Traffic | None = None,
) -> Diagram:
    """The nodes and edges to draw for all flows, or for `flow` only."""
    flows = selected(content, flow)
    arrows = tuple(edge for f in flows for edge in flow_edges(content, f, lang, terms=terms))
    drawn = {Frame(f.id, node_id) for f in flows for node_id in f.nodes}
    outside = sorted(
        {edge.target for edge in arrows if edge.target not in drawn},
        key=lambda frame: (frame.flow, frame.node),
    )
    exits = {
        edge.target: page_title(content, edge.target, lang, with_flow=True)
        for edge in arrows
        if edge.target.flow != edge.source.flow
    }
    titles = {frame: page_title(content, frame, lang) for frame in drawn}
    titles.update({frame: exits[frame] for frame in outside if frame in exits})
    return Diagram(flows, arrows, tuple(outside), lang, titles, exits, traffic)


def page_title(content: Content, frame: Frame, lang: str, *, with_flow: bool = False) -> str:
    """A page's title in `lang`; `with_flow` puts its flow's title first ("Flow: page")
    unless it is the flow's start. The id ``flow.node`` when the page does not exist."""
    flow = content.flows.get(frame.flow)
    node = content.node(frame.flow, frame.node) if flow is not None else None
    if flow is None or node is None:
        return str(frame)
    if with_flow and node.id != flow.start:
        return f"{flow.title.get(lang)}: {node.title.get(lang)}"
    return node.title.get(lang)


def selected(content: Content, flow: str | None) -> tuple[Flow, ...]:
    """Every flow, or only `flow`; KeyError naming the known ids when it does not exist."""
    if flow is None:
        return tuple(content.flows.values())
    if flow not in content.flows:
        known = ", ".join(sorted(content.flows))
        raise KeyError(f"unknown flow {flow!r}; the flows are: {known}")
    return (content.flows[flow],)


def flow_edges(content: Content, flow: Flow, lang: str, *, terms: bool = False) -> Iterator[Edge]:
    """Every option of every node of `flow` as a labelled edge (and term links when asked).

    The targets come from `validate.edges`, asked about one option (or the terms) at a
    time so each edge keeps its own label (and its condition, when it has one).
    """
    for node in flow.nodes.values():
        here = Frame(flow.id, node.id)
        for option in node.options:
            alone = replace(node, options=(option,), terms=())
            when = condition_text(option.when) if option.when is not None else ""
            for there in edges(content, flow, alone):
                yield Edge(here, there, option.label.get(lang), when=when)
        if terms:
            for there in edges(content, flow, replace(node, options=())):
                yield Edge(here, there, "", dashed=True)


def condition_text(condition: Condition) -> str:
    """A condition written as in the YAML, e.g. ``role == "family"``."""
    if isinstance(condition, IsSet):
        return condition.key
    if isinstance(condition, OneOf):
        return _one_of(condition, "==", "in")
    if isinstance(condition, Not):
        inner = condition.inner
        if isinstance(inner, OneOf):
            return _one_of(inner, "!=", "not in")
        return f"not {_grouped(inner)}"
    joiner = " and " if isinstance(condition, All) else " or "
    return joiner.join(_grouped(part) for part in condition.parts)


def _one_of(condition: OneOf, single: str, several: str) -> str:
    values = [f'"{value}"' for value in condition.values]
    if len(values) == 1:
        return f"{condition.key} {single} {values[0]}"
    return f"{condition.key} {several} ({', '.join(values)})"


def _grouped(condition: Condition) -> str:
    """A part of a larger condition, in parentheses when it joins several parts."""
    text = condition_text(condition)
    return f"({text})" if isinstance(condition, All | AnyOf) else text


def edge_label(edge: Edge) -> str:
    """An edge's text: the button's label, and the condition it is shown under."""
    return f"{edge.label}\nwhen {edge.when}" if edge.when else edge.label


def counts_text(counts: PageCounts) -> str:
    """A page's counts in a few words, e.g. ``120 visits, 30 ended here (25%)``."""
    return f"{visits_text(counts.visits)}, {counts.ended} ended here ({counts.ended_share})"


def visits_text(count: int) -> str:
    """``1 visit``, ``2 visits``."""
    return f"{count} visit" if count == 1 else f"{count} visits"


def node_id(frame: Frame) -> str:
    """A safe identifier for a node in either format, e.g. ``diagnosis__intro``."""
    return f"{_UNSAFE.sub('_', frame.flow)}__{_UNSAFE.sub('_', frame.node)}"


def cluster_id(flow_id: str) -> str:
    """A safe identifier for a flow's subgraph (never equal to a node identifier)."""
    return f"flow_{_UNSAFE.sub('_', flow_id)}"


def mermaid_text(text: str) -> str:
    """`text` ready to sit between the quotes of a Mermaid label (``["..."]``)."""
    escaped = text.replace("#", "#35;")  # first: the other escapes add '#'
    for char, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("|", "#124;")):
        escaped = escaped.replace(char, code)
    return _one_line(escaped, "<br>")


def dot_text(text: str) -> str:
    """`text` ready to sit between the quotes of a DOT string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return _one_line(escaped, "\\n")


def _one_line(text: str, newline: str) -> str:
    return newline.join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def mermaid(diagram: Diagram) -> str:
    """The diagram as a Mermaid flowchart, one subgraph per flow."""
    lines = ["flowchart TD", *(f"{_INDENT}%% {line}" for line in _about(diagram))]
    for flow in diagram.flows:
        lines += _mermaid_flow(flow, diagram)
    lines += [f'{_INDENT}{node_id(f)}["{mermaid_text(diagram.label(f))}"]' for f in diagram.outside]
    lines += [_mermaid_edge(edge) for edge in diagram.edges]
    lines += _mermaid_classes(diagram)
    return "\n".join(lines) + "\n"


def _about(diagram: Diagram) -> Iterator[str]:
    """Comment lines that say what the counts are, when the diagram has them."""
    if diagram.traffic is not None:
        window = diagram.traffic.window
        yield f"visits from {window.first} to {window.last} (UTC, {window.days} days);"
        yield "ended here: people last active then whose latest visit stopped on the page"


def _mermaid_flow(flow: Flow, diagram: Diagram) -> Iterator[str]:
    title = mermaid_text(flow.title.get(diagram.lang))
    yield f'{_INDENT}subgraph {cluster_id(flow.id)} ["{title}"]'
    for node in flow.nodes.values():
        frame = Frame(flow.id, node.id)
        yield f'{_INDENT * 2}{node_id(frame)}["{mermaid_text(diagram.label(frame))}"]'
    yield f"{_INDENT}end"


def _mermaid_edge(edge: Edge) -> str:
    source, target = node_id(edge.source), node_id(edge.target)
    if edge.dashed:
        return f"{_INDENT}{source} -.-> {target}"
    arrow = "-.->" if edge.when else "-->"
    return f'{_INDENT}{source} {arrow}|"{mermaid_text(edge_label(edge))}"| {target}'


def _mermaid_classes(diagram: Diagram) -> Iterator[str]:
    starts = [node_id(Frame(f.id, f.start)) for f in diagram.flows if f.start in f.nodes]
    if starts:
        yield f"{_INDENT}classDef entry stroke-width:3px"
        yield f"{_INDENT}class {','.join(starts)} entry"
    if diagram.outside:
        yield f"{_INDENT}classDef outside stroke-dasharray:5 5"
        yield f"{_INDENT}class {','.join(node_id(f) for f in diagram.outside)} outside"


def dot(diagram: Diagram) -> str:
    """The diagram as Graphviz DOT, one cluster per flow."""
    lines = [
        "digraph flows {",
        *(f"{_INDENT}// {line}" for line in _about(diagram)),
        f"{_INDENT}newrank=true;",  # Graphviz's old ranking fails on many cross-cluster edges
        f"{_INDENT}node [shape=box, style=rounded];",
    ]
    for flow in diagram.flows:
        lines += _dot_flow(flow, diagram)
    lines += [
        f'{_INDENT}{node_id(f)} [label="{dot_text(diagram.label(f))}", style="rounded,dashed"];'
        for f in diagram.outside
    ]
    lines += [_dot_edge(edge) for edge in diagram.edges]
    return "\n".join([*lines, "}"]) + "\n"


def _dot_flow(flow: Flow, diagram: Diagram) -> Iterator[str]:
    yield f"{_INDENT}subgraph cluster_{cluster_id(flow.id)} {{"
    yield f'{_INDENT * 2}label="{dot_text(flow.title.get(diagram.lang))}";'
    for node in flow.nodes.values():
        extra = ", peripheries=2" if node.id == flow.start else ""
        frame = Frame(flow.id, node.id)
        yield f'{_INDENT * 2}{node_id(frame)} [label="{dot_text(diagram.label(frame))}"{extra}];'
    yield f"{_INDENT}}}"


def _dot_edge(edge: Edge) -> str:
    source, target = node_id(edge.source), node_id(edge.target)
    if edge.dashed:
        return f"{_INDENT}{source} -> {target} [style=dashed];"
    style = ", style=dashed" if edge.when else ""
    return f'{_INDENT}{source} -> {target} [label="{dot_text(edge_label(edge))}"{style}];'
