"""The flow diagram draws every node and every option, in Mermaid and in DOT."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.content.library import Library
from bot.core.model import Content
from bot.core.state import Frame
from bot.staff import graph
from tests.inline import REVIEW, load_root, t, write_root

EDGE = re.compile(r"^\s+(\w+) (-->|-\.->|->)[ |]", re.MULTILINE)


def option_edges(content: Content, flow: str | None = None) -> int:
    """Options of the drawn flows that lead to an existing flow."""
    flows = [content.flows[flow]] if flow else content.flows.values()
    return sum(
        1
        for f in flows
        for node in f.nodes.values()
        for option in node.options
        if option.target and option.target.flow in content.flows
    )


@pytest.mark.parametrize("fmt", graph.FORMATS)
def test_every_node_appears_with_its_title(small: Content, fmt: str) -> None:
    drawn = graph.render(small, None, fmt)
    for flow in small.flows.values():
        for node in flow.nodes.values():
            assert f"{flow.id}__{node.id}[" in drawn or f"{flow.id}__{node.id} [" in drawn
            assert node.title.get("en") in drawn


@pytest.mark.parametrize("fmt", graph.FORMATS)
def test_one_edge_per_option_and_no_glossary_edges_by_default(small: Content, fmt: str) -> None:
    drawn = graph.render(small, None, fmt)
    assert len(EDGE.findall(drawn)) == option_edges(small)
    assert "-.->" not in drawn and "dashed]" not in drawn


def test_terms_are_drawn_dashed_when_asked(small: Content) -> None:
    terms = sum(len(n.terms) for f in small.flows.values() for n in f.nodes.values())
    mermaid = graph.render(small, None, "mermaid", terms=True)
    assert mermaid.count("-.->") == terms
    dot = graph.render(small, None, "dot", terms=True)
    assert dot.count("[style=dashed];") == terms


def test_mermaid_and_dot_have_their_headers_and_one_group_per_flow(small: Content) -> None:
    mermaid = graph.render(small, None, "mermaid")
    assert mermaid.startswith("flowchart TD\n")
    assert mermaid.count("subgraph ") == len(small.flows)
    assert mermaid.count("\n    end\n") == len(small.flows)
    dot = graph.render(small, None, "dot")
    assert dot.startswith("digraph flows {\n") and dot.endswith("}\n")
    assert dot.count("subgraph cluster_") == len(small.flows)


def test_edges_are_labelled_with_option_labels_in_the_language(small: Content) -> None:
    drawn = graph.render(small, "menu", "mermaid", lang="ru")
    assert 'menu__welcome -->|"Patient ru"| menu__main' in drawn
    assert 'diagnosis__intro["diagnosis.intro"]' in drawn


@pytest.mark.parametrize("fmt", graph.FORMATS)
def test_one_flow_shows_its_nodes_and_its_exits_to_other_flows(small: Content, fmt: str) -> None:
    drawn = graph.render(small, "menu", fmt)
    assert len(EDGE.findall(drawn)) == option_edges(small, "menu")
    assert "menu__main" in drawn and "diagnosis__intro" in drawn
    assert "diagnosis.intro" in drawn  # the exit, named other_flow.node
    assert "diagnosis__details" not in drawn  # the other flow's own nodes are not drawn
    assert drawn.count("subgraph ") == 1


def test_unknown_flow_names_the_known_ones(small: Content) -> None:
    with pytest.raises(KeyError, match="diagnosis") as caught:
        graph.render(small, "nope", "mermaid")
    assert "nope" in str(caught.value)


def test_unknown_format_is_refused(small: Content) -> None:
    with pytest.raises(ValueError, match="mermaid"):
        graph.render(small, None, "svg")


def test_escaping_helpers() -> None:
    tricky = 'Say "hi" [now] (or #1 <b>|x</b>)\nnext'
    mermaid = graph.mermaid_text(tricky)
    assert mermaid == ("Say #quot;hi#quot; [now] (or #35;1 #lt;b#gt;#124;x#lt;/b#gt;)<br>next")
    assert '"' not in mermaid and "\n" not in mermaid
    assert graph.dot_text('a "b" [c] \\ d\ne') == 'a \\"b\\" [c] \\\\ d\\ne'


def test_labels_with_quotes_and_brackets_are_escaped(tmp_path: Path) -> None:
    title = '{he: "x he", ar: "x ar", ru: "x ru", en: "Say \\"yes\\" [or] no"}'
    diagnosis = (
        f"id: diagnosis\ntitle: {t('Diagnosis')}\nstart: intro\n{REVIEW}nodes:\n"
        f"  - id: intro\n    title: {title}\n    text: {t('Intro')}\n    options:\n"
        f"      - {{label: {title}, goto: intro}}\n"
    )
    content = load_root(write_root(tmp_path, flows_diagnosis=diagnosis)).content
    mermaid = graph.render(content, "diagnosis", "mermaid")
    assert 'diagnosis__intro["Say #quot;yes#quot; [or] no"]' in mermaid
    assert '-->|"Say #quot;yes#quot; [or] no"| diagnosis__intro' in mermaid
    dot = graph.render(content, "diagnosis", "dot")
    assert 'diagnosis__intro [label="Say \\"yes\\" [or] no", peripheries=2];' in dot


def test_node_ids_are_safe_identifiers() -> None:
    assert graph.node_id(Frame("diagnosis", "intro")) == "diagnosis__intro"
    assert graph.node_id(Frame("a-b", "c.d e")) == "a_b__c_d_e"


@pytest.mark.parametrize("fmt", graph.FORMATS)
def test_shipped_content_renders_for_every_flow(shipped: Library, fmt: str) -> None:
    content = shipped.content
    terms = sum(len(n.terms) for f in content.flows.values() for n in f.nodes.values())
    whole = graph.render(content, None, fmt, lang="he", terms=True)
    assert len(EDGE.findall(whole)) == option_edges(content) + terms
    for flow in content.flows:
        drawn = graph.render(content, flow, fmt)
        assert len(EDGE.findall(drawn)) == option_edges(content, flow)
