"""Draw the flows as a Mermaid or Graphviz DOT diagram for staff (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from bot.content.validate import edges
from bot.core.model import Content, Flow
from bot.core.state import Frame

FORMATS: tuple[str, ...] = ("mermaid", "dot")
"""The diagram formats `render` writes."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_INDENT = "    "


@dataclass(frozen=True, slots=True)
class Edge:
    """One arrow: from a node to where one of its buttons leads."""

    source: Frame
    target: Frame
    label: str
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Diagram:
    """What to draw, independent of the format."""

    flows: tuple[Flow, ...]
    edges: tuple[Edge, ...]
    outside: tuple[Frame, ...]
    lang: str


def render(
    content: Content, flow: str | None, fmt: str, lang: str = "en", *, terms: bool = False
) -> str:
    """The flows (all, or only `flow` and its exits) as a `fmt` diagram ("mermaid" or "dot").

    Every node is drawn with its title in `lang`; every option is an edge labelled with the
    option's label. Glossary links (a node's ``terms``) are omitted by default: they would
    tie most nodes to the glossary and push the whole shipped diagram past Mermaid's
    default limit of 500 edges; ``terms=True`` draws them as dashed, unlabelled edges.
    With `flow` given, only its nodes are drawn, and the places its buttons lead to in
    other flows (or missing nodes) are drawn as dashed nodes named ``other_flow.node``.
    Raises KeyError for an unknown flow id and ValueError for an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    diagram = build(content, flow, lang, terms=terms)
    return mermaid(diagram) if fmt == "mermaid" else dot(diagram)


def build(content: Content, flow: str | None, lang: str = "en", *, terms: bool = False) -> Diagram:
    """The nodes and edges to draw for all flows, or for `flow` only."""
    flows = selected(content, flow)
    arrows = tuple(edge for f in flows for edge in flow_edges(content, f, lang, terms=terms))
    drawn = {Frame(f.id, node_id) for f in flows for node_id in f.nodes}
    outside = sorted(
        {edge.target for edge in arrows if edge.target not in drawn},
        key=lambda frame: (frame.flow, frame.node),
    )
    return Diagram(flows, arrows, tuple(outside), lang)


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
    time so each edge keeps its own label.
    """
    for node in flow.nodes.values():
        here = Frame(flow.id, node.id)
        for option in node.options:
            alone = replace(node, options=(option,), terms=())
            for there in edges(content, flow, alone):
                yield Edge(here, there, option.label.get(lang))
        if terms:
            for there in edges(content, flow, replace(node, options=())):
                yield Edge(here, there, "", dashed=True)


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
    lines = ["flowchart TD"]
    for flow in diagram.flows:
        lines += _mermaid_flow(flow, diagram.lang)
    lines += [f'{_INDENT}{node_id(f)}["{mermaid_text(str(f))}"]' for f in diagram.outside]
    lines += [_mermaid_edge(edge) for edge in diagram.edges]
    lines += _mermaid_classes(diagram)
    return "\n".join(lines) + "\n"


def _mermaid_flow(flow: Flow, lang: str) -> Iterator[str]:
    yield f'{_INDENT}subgraph {cluster_id(flow.id)} ["{mermaid_text(flow.title.get(lang))}"]'
    for node in flow.nodes.values():
        name = node_id(Frame(flow.id, node.id))
        yield f'{_INDENT * 2}{name}["{mermaid_text(node.title.get(lang))}"]'
    yield f"{_INDENT}end"


def _mermaid_edge(edge: Edge) -> str:
    source, target = node_id(edge.source), node_id(edge.target)
    if edge.dashed:
        return f"{_INDENT}{source} -.-> {target}"
    return f'{_INDENT}{source} -->|"{mermaid_text(edge.label)}"| {target}'


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
        f"{_INDENT}newrank=true;",  # Graphviz's old ranking fails on many cross-cluster edges
        f"{_INDENT}node [shape=box, style=rounded];",
    ]
    for flow in diagram.flows:
        lines += _dot_flow(flow, diagram.lang)
    lines += [
        f'{_INDENT}{node_id(f)} [label="{dot_text(str(f))}", style="rounded,dashed"];'
        for f in diagram.outside
    ]
    lines += [_dot_edge(edge) for edge in diagram.edges]
    return "\n".join([*lines, "}"]) + "\n"


def _dot_flow(flow: Flow, lang: str) -> Iterator[str]:
    yield f"{_INDENT}subgraph cluster_{cluster_id(flow.id)} {{"
    yield f'{_INDENT * 2}label="{dot_text(flow.title.get(lang))}";'
    for node in flow.nodes.values():
        extra = ", peripheries=2" if node.id == flow.start else ""
        name = node_id(Frame(flow.id, node.id))
        yield f'{_INDENT * 2}{name} [label="{dot_text(node.title.get(lang))}"{extra}];'
    yield f"{_INDENT}}}"


def _dot_edge(edge: Edge) -> str:
    source, target = node_id(edge.source), node_id(edge.target)
    if edge.dashed:
        return f"{_INDENT}{source} -> {target} [style=dashed];"
    return f'{_INDENT}{source} -> {target} [label="{dot_text(edge.label)}"];'
