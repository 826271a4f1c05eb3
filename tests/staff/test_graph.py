"""The flow diagram draws every node and every option, in Mermaid and in DOT: titles in the
chosen language, buttons shown only under a condition dashed, and each page's counts."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from bot import cli
from bot.content.library import Library
from bot.core import conditions
from bot.core.model import Content
from bot.core.state import Frame
from bot.staff import graph
from bot.staff.graph_counts import Traffic
from tests.inline import REVIEW, load_root, t, write_root
from tests.staff import few_visits
from tests.staff.conftest import Month
from tests.staff.month_of_traffic import LAST_DAY

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


def conditional_options(content: Content, flow: str | None = None) -> int:
    """Options of the drawn flows shown only when their condition holds."""
    flows = [content.flows[flow]] if flow else content.flows.values()
    return sum(1 for f in flows for node in f.nodes.values() for o in node.options if o.when)


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
    assert "-.-> " not in drawn and "[style=dashed]" not in drawn


@pytest.mark.parametrize("fmt", graph.FORMATS)
def test_only_options_with_a_condition_are_dashed(small: Content, fmt: str) -> None:
    drawn = graph.render(small, None, fmt)
    dashed = drawn.count("-.->|") if fmt == "mermaid" else drawn.count(", style=dashed];")
    assert dashed == conditional_options(small) > 0


def test_a_conditional_edge_is_labelled_with_its_condition(small: Content) -> None:
    mermaid = graph.render(small, "diagnosis", "mermaid")
    assert (
        '    diagnosis__intro -.->|"Family only en<br>when role == #quot;family#quot;"|'
        " diagnosis__deeper\n" in mermaid
    )
    assert '    diagnosis__intro -->|"Details en"| diagnosis__details\n' in mermaid
    dot = graph.render(small, "diagnosis", "dot")
    assert (
        '    diagnosis__intro -> diagnosis__deeper [label="Family only en\\nwhen role =='
        ' \\"family\\"", style=dashed];\n' in dot
    )


@pytest.mark.parametrize(
    "source",
    [
        'role == "family"',
        'role != "patient"',
        'role in ("family", "professional")',
        'role not in ("family", "professional")',
        "role",
        'not (role == "family" or stage)',
        'role == "family" and (stage or treatment != "chemo")',
    ],
)
def test_conditions_are_written_as_in_the_yaml(source: str) -> None:
    parsed = conditions.parse(source)
    assert graph.condition_text(parsed) == source
    assert conditions.parse(graph.condition_text(parsed)) == parsed


def test_terms_are_drawn_dashed_when_asked(small: Content) -> None:
    terms = sum(len(n.terms) for f in small.flows.values() for n in f.nodes.values())
    mermaid = graph.render(small, None, "mermaid", terms=True)
    assert mermaid.count("-.-> ") == terms
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
    assert 'diagnosis__intro["diagnosis intro ru"]' in drawn


@pytest.mark.parametrize("fmt", graph.FORMATS)
@pytest.mark.parametrize("lang", ["he", "ar", "ru", "en"])
def test_every_title_is_in_the_chosen_language(small: Content, fmt: str, lang: str) -> None:
    drawn = graph.render(small, None, fmt, lang=lang)
    for flow in small.flows.values():
        assert flow.title.get(lang) in drawn
        for node in flow.nodes.values():
            assert node.title.get(lang) in drawn
    others = [code for code in ("he", "ar", "ru", "en") if code != lang]
    assert not any(f"intro {code}" in drawn for code in others)


def test_a_page_in_another_flow_is_titled_with_its_flow(small: Content) -> None:
    drawn = graph.render(small, "diagnosis", "mermaid", terms=True)
    assert 'glossary__biopsy["Glossary en: Biopsy en"]' in drawn
    assert 'menu__main["Main en"]' not in drawn  # the menu is not a target of diagnosis
    drawn = graph.render(small, "menu", "mermaid")
    assert 'diagnosis__intro["diagnosis intro en"]' in drawn, "a flow's start: its own title"


@pytest.mark.parametrize("fmt", graph.FORMATS)
def test_one_flow_shows_its_nodes_and_its_exits_to_other_flows(small: Content, fmt: str) -> None:
    drawn = graph.render(small, "menu", fmt)
    assert len(EDGE.findall(drawn)) == option_edges(small, "menu")
    assert "menu__main" in drawn and "diagnosis__intro" in drawn
    assert "diagnosis intro en" in drawn  # the exit, by its title
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


@pytest.fixture(scope="module")
def traffic(small_library: Library, tmp_path_factory: pytest.TempPathFactory) -> Traffic:
    """The small content's counts after four people's known paths (tests/staff/few_visits.py)."""
    return asyncio.run(few_visits.traffic(tmp_path_factory.mktemp("few") / "db", small_library))


def test_each_page_shows_its_visits_and_the_visits_that_ended_there(
    small: Content, traffic: Traffic
) -> None:
    mermaid = graph.render(small, "diagnosis", "mermaid", traffic=traffic)
    assert 'diagnosis__intro["diagnosis intro en<br>3 visits, 1 ended here (33%)"]' in mermaid
    assert 'diagnosis__details["Details en<br>1 visit, 1 ended here (100%)"]' in mermaid
    assert 'diagnosis__deeper["Deeper en<br>1 visit, 0 ended here (0%)"]' in mermaid
    assert "%% visits from 2026-10-25 to 2026-11-23 (UTC, 30 days);" in mermaid
    dot = graph.render(small, "diagnosis", "dot", traffic=traffic)
    assert 'diagnosis__intro [label="diagnosis intro en\\n3 visits, 1 ended here (33%)"' in dot


def test_pages_of_other_flows_show_no_counts(small: Content, traffic: Traffic) -> None:
    menu = graph.render(small, "menu", "mermaid", traffic=traffic)
    assert 'diagnosis__intro["diagnosis intro en"]' in menu, "its visits came from anywhere"
    assert 'menu__main["Main en<br>' in menu
    whole = graph.render(small, None, "mermaid", traffic=traffic)
    assert 'diagnosis__intro["diagnosis intro en<br>3 visits' in whole


def test_the_command_counts_from_the_database_in_the_default_language(
    month: Month, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{month.path}")
    monkeypatch.setenv("DEFAULT_LANGUAGE", "ru")
    assert cli.main(["graph", "--stats", "--until", str(LAST_DAY)]) == 0
    drawn = capsys.readouterr().out
    assert 'menu__main["Главное меню<br>' in drawn
    ended = [int(n) for n in re.findall(r"visits?, (\d+) ended here", drawn)]
    assert sum(ended) == len(month.expected.people), "everyone active stopped somewhere"


def test_the_command_counts_nothing_without_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert cli.main(["graph", "menu", "--stats"]) == 1
    assert "no database" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()


def test_the_command_draws_in_the_language_asked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEFAULT_LANGUAGE", "ru")
    assert cli.main(["graph", "menu", "--lang", "ar", "--format", "dot"]) == 0
    drawn = capsys.readouterr().out
    assert 'menu__main [label="القائمة الرئيسية"];' in drawn
