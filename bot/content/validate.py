"""Whole-graph checks over parsed content: targets, reachability, translations, limits (pure)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from bot.content.problems import Problem, Severity, suggestion
from bot.core import callback
from bot.core.conditions import answer_keys
from bot.core.model import (
    GLOSSARY_FLOW,
    HOME_NODE,
    LANGUAGES,
    MENU_FLOW,
    TOP_LEVEL_FLOWS,
    UI_KEYS,
    Content,
    Flow,
    Mark,
    Node,
    Text,
)
from bot.core.state import Frame
from bot.core.templates import placeholders

TEXT_LIMIT = 4096
"""Telegram's limit for one message; a node's text must fit in one."""


def check_graph(
    content: Content, ui_mark: Mark, extra_ui_keys: Iterable[str] = ()
) -> list[Problem]:
    """Every graph problem in `content`, in a stable order."""
    problems: list[Problem] = []
    problems += _required(content, ui_mark, (*UI_KEYS, *extra_ui_keys))
    for flow in content.flows.values():
        problems += _flow(content, flow)
    problems += _reachability(content)
    problems += _answers(content)
    problems += _translations(content, ui_mark)
    problems += _duplicate_titles(content)
    return problems


def _required(content: Content, ui_mark: Mark, ui_keys: Iterable[str]) -> Iterator[Problem]:
    for flow_id in (*TOP_LEVEL_FLOWS, MENU_FLOW):
        if flow_id not in content.flows:
            yield Problem(
                ui_mark, "E_MISSING_FLOW", f"flow '{flow_id}' is missing; add flows/{flow_id}.yaml"
            )
    menu = content.flows.get(MENU_FLOW)
    if menu and HOME_NODE not in menu.nodes:
        yield Problem(
            menu.mark, "E_MISSING_NODE", f"the menu flow needs a node '{HOME_NODE}' (the main menu)"
        )
    for key in ui_keys:
        if key not in content.ui:
            yield Problem(
                ui_mark, "E_UI_MISSING", f"UI string '{key}' is missing; add it under strings"
            )


def _flow(content: Content, flow: Flow) -> Iterator[Problem]:
    if flow.start not in flow.nodes:
        hint = suggestion(flow.start, flow.nodes, "name one of its nodes")
        yield Problem(
            flow.mark,
            "E_UNKNOWN_TARGET",
            f"start '{flow.start}' is not a node of flow '{flow.id}'; {hint}",
        )
    ids = set(flow.nodes)
    for node in flow.nodes.values():
        for alias in node.aliases:
            if alias in ids:
                yield Problem(
                    node.mark,
                    "E_ALIAS",
                    f"alias '{alias}' of '{node.id}' is also a node id; rename one",
                )
        yield from _node(content, flow, node)


def _node(content: Content, flow: Flow, node: Node) -> Iterator[Problem]:
    for option in node.options:
        target = option.target
        if target is None:
            yield Problem(option.mark, "E_NO_TARGET", "option leads nowhere; add goto: or flow:")
            continue
        other = content.flows.get(target.flow)
        if other is None:
            hint = suggestion(target.flow, content.flows, f"use one of {sorted(content.flows)}")
            yield Problem(
                option.mark, "E_UNKNOWN_TARGET", f"flow '{target.flow}' does not exist; {hint}"
            )
        elif target.node is not None and target.node not in other.nodes:
            hint = suggestion(target.node, other.nodes, "check the id")
            yield Problem(
                option.mark,
                "E_UNKNOWN_TARGET",
                f"node '{target.node}' does not exist in flow '{target.flow}'; {hint}",
            )
        if node.ask and option.value is None:
            yield Problem(
                option.mark, "E_ASK_VALUE", f"node asks '{node.ask}': give this option a value:"
            )
    glossary = content.flows.get(GLOSSARY_FLOW)
    for term in node.terms:
        if glossary is None or term not in glossary.nodes:
            hint = suggestion(term, glossary.nodes if glossary else (), "add it")
            yield Problem(
                node.mark,
                "E_UNKNOWN_TERM",
                f"term '{term}' is not in content/glossary.yaml; {hint}",
            )
    if not node.options and not node.terms and not node.back and not node.menu:
        yield Problem(
            node.mark,
            "E_DEAD_END",
            f"node '{node.id}' has no options and no Back or Main menu;"
            " add an option or back: true",
        )
    if node.variants[-1].when is not None:
        yield Problem(
            node.mark,
            "E_NO_DEFAULT",
            "the last text variant has a when:; add a last variant without when: (the default)",
        )
    size = callback.longest(Frame(flow.id, node.id), len(node.options), len(node.terms))
    if size > callback.MAX_BYTES:
        yield Problem(
            node.mark,
            "E_CALLBACK_TOO_LONG",
            f"buttons of '{flow.id}.{node.id}' need {size} bytes of callback data (Telegram allows"
            f" {callback.MAX_BYTES}); shorten the flow or node id",
        )
    for variant in node.variants:
        for lang, value in variant.text.by_lang.items():
            if len(value) > TEXT_LIMIT:
                yield Problem(
                    node.mark,
                    "E_TEXT_TOO_LONG",
                    f"{lang} text is {len(value)} characters;"
                    f" Telegram allows {TEXT_LIMIT}: split it",
                )
            for name in placeholders(value):
                if name not in content.settings:
                    hint = suggestion(name, content.settings, "add it or fix the name")
                    yield Problem(
                        node.mark,
                        "E_UNKNOWN_SETTING",
                        f"{{{{{name}}}}} is not in content/hospital.yaml; {hint}",
                    )
                elif not content.settings[name] and lang == "en":
                    yield Problem(
                        node.mark,
                        "W_SETTING_EMPTY",
                        f"hospital setting '{name}' is empty; the hospital should fill it in",
                        Severity.WARNING,
                    )


def edges(content: Content, flow: Flow, node: Node) -> Iterator[Frame]:
    """Every place a node's buttons lead to."""
    for option in node.options:
        target = option.target
        if target and target.flow in content.flows:
            other = content.flows[target.flow]
            yield Frame(other.id, target.node or other.start)
    for term in node.terms:
        yield Frame(GLOSSARY_FLOW, term)


def _reachability(content: Content) -> Iterator[Problem]:
    menu = content.flows.get(MENU_FLOW)
    if menu is None:
        return
    seen = {Frame(MENU_FLOW, menu.start), Frame(MENU_FLOW, HOME_NODE)}
    queue = deque(seen)
    while queue:
        here = queue.popleft()
        node = content.node(here.flow, here.node)
        if node is None:
            continue
        for nxt in edges(content, content.flows[here.flow], node):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    for flow in content.flows.values():
        for node in flow.nodes.values():
            if Frame(flow.id, node.id) not in seen:
                yield Problem(
                    node.mark,
                    "E_UNREACHABLE",
                    f"node '{flow.id}.{node.id}' cannot be reached from the main menu; link it"
                    " from an option or remove it",
                )


def _answers(content: Content) -> Iterator[Problem]:
    asked = {n.ask for f in content.flows.values() for n in f.nodes.values() if n.ask}
    for flow in content.flows.values():
        for node in flow.nodes.values():
            conditions = [v.when for v in node.variants] + [o.when for o in node.options]
            for cond in conditions:
                for key in sorted(answer_keys(cond) if cond else ()):
                    if key not in asked:
                        hint = suggestion(
                            key, asked, f"add ask: {key} to a question or fix the name"
                        )
                        yield Problem(
                            node.mark,
                            "E_UNSET_ANSWER",
                            f"condition reads answer '{key}' but no node asks it; {hint}",
                        )


def _translations(content: Content, ui_mark: Mark) -> Iterator[Problem]:
    for flow in content.flows.values():
        yield from _missing(flow.title, flow.mark, f"title of flow '{flow.id}'")
        for node in flow.nodes.values():
            yield from _missing(node.title, node.mark, f"title of '{node.id}'")
            for variant in node.variants:
                yield from _missing(variant.text, node.mark, f"text of '{node.id}'")
            for option in node.options:
                yield from _missing(option.label, option.mark, f"option label in '{node.id}'")
    for key, value in content.ui.items():
        yield from _missing(value, ui_mark, f"UI string '{key}'")
    for kind, value in content.safety_replies.items():
        yield from _missing(value, ui_mark, f"safety reply '{kind}'")


def _duplicate_titles(content: Content) -> Iterator[Problem]:
    for flow in content.flows.values():
        seen: dict[tuple[str, str], str] = {}
        for node in flow.nodes.values():
            same: dict[str, list[str]] = {}
            for lang, value in node.title.by_lang.items():
                first = seen.setdefault((lang, " ".join(value.casefold().split())), node.id)
                if first != node.id:
                    same.setdefault(first, []).append(lang)
            for first, langs in same.items():
                yield Problem(
                    node.mark,
                    "W_DUPLICATE_TITLE",
                    f"the title of '{node.id}' is also the title of '{first}' in flow"
                    f" '{flow.id}' ({', '.join(langs)}: {node.title.get(langs[0])!r}); people"
                    " cannot tell the two apart on suggestion buttons: give each its own title",
                    Severity.WARNING,
                )


def _missing(text: Text, mark: Mark, what: str) -> Iterator[Problem]:
    absent = [lang for lang in LANGUAGES if not text.by_lang.get(lang, "").strip()]
    if absent:
        yield Problem(mark, "E_MISSING_TRANSLATION", f"{what} has no {', '.join(absent)}; write it")
