"""Build the reply that shows a node, the language picker or the welcome (pure)."""

from __future__ import annotations

from bot.core.conditions import evaluate
from bot.core.events import (
    ChooseGroup,
    ChooseLanguage,
    ChooseOption,
    ChooseRole,
    ChooseTerm,
    Nav,
    Navigate,
)
from bot.core.model import GLOSSARY_FLOW, HOME_NODE, LANGUAGES, MENU_FLOW, Content, Node
from bot.core.replies import Button, Reply, ReplyKind
from bot.core.state import Frame, State
from bot.core.templates import fill

LANGUAGE_NAMES: dict[str, str] = {"he": "עברית", "ar": "العربية", "ru": "Русский", "en": "English"}
"""Each language named in itself, as a person looks for it."""

HOME = Frame(MENU_FLOW, HOME_NODE)
TOPIC_BUTTONS = 8
"""At most this many topic buttons on one screen (options and glossary terms)."""


def language_of(content: Content, state: State) -> str:
    """The language to speak to this person in."""
    return state.lang or content.default_language


def node_text(content: Content, state: State, node: Node) -> str:
    """The first text variant whose condition holds, with settings filled in."""
    lang = language_of(content, state)
    answers = state.answer_map
    chosen = next(
        (v for v in node.variants if v.when is None or evaluate(v.when, answers)),
        node.variants[-1],
    )
    text = fill(chosen.text.get(lang), content.settings)
    if node.medical:
        text = f"{text}\n\n{content.ui_text('medical_footer', lang)}"
    return text


def visible_options(content: Content, state: State, node: Node) -> tuple[int, ...]:
    """Indexes of the node's options whose conditions hold."""
    answers = state.answer_map
    return tuple(
        index
        for index, option in enumerate(node.options)
        if option.when is None or evaluate(option.when, answers)
    )


def nav_row(content: Content, state: State, node: Node | None) -> tuple[Button, ...]:
    """Back and Main menu, where they make sense."""
    lang = language_of(content, state)
    row: list[Button] = []
    if len(state.stack) > 1 and (node is None or node.back):
        row.append(Button(content.ui_text("back", lang), Navigate(Nav.BACK)))
    if state.here != HOME and (node is None or node.menu):
        row.append(Button(content.ui_text("menu", lang), Navigate(Nav.MENU)))
    return tuple(row)


def node_screen(content: Content, state: State, frame: Frame) -> Reply:
    """The screen for `frame`: its title, text, options, glossary terms and navigation."""
    node = content.node(frame.flow, frame.node)
    if node is None:  # reconcile() makes this unreachable; keep the person safe anyway
        return home_fallback(content, state)
    lang = language_of(content, state)
    buttons = [
        Button(node.options[i].label.get(lang), ChooseOption(i))
        for i in visible_options(content, state, node)
    ]
    width = max(node.columns, 1)
    rows: list[tuple[Button, ...]] = [
        tuple(buttons[i : i + width]) for i in range(0, len(buttons), width)
    ]
    glossary = content.flows.get(GLOSSARY_FLOW)
    if frame.flow == GLOSSARY_FLOW and len(node.terms) > TOPIC_BUTTONS:
        groups = glossary_groups(content, lang)
        rows.extend(
            (Button(_group_label(content, g, lang), ChooseGroup(i)),) for i, g in enumerate(groups)
        )
        term_buttons: list[Button] = []
    else:
        shown = " ".join(button.label.casefold() for button in buttons)
        term_buttons = [
            Button("📖 " + glossary.nodes[term].title.get(lang), ChooseTerm(i))
            for i, term in enumerate(node.terms)
            if glossary
            and term in glossary.nodes
            and glossary.nodes[term].title.get(lang).casefold() not in shown
        ]
    rows.extend(tuple(term_buttons[i : i + 2]) for i in range(0, len(term_buttons), 2))
    if content.handoff and rows:  # every menu offers a person when a staff chat answers
        rows.append((Button(content.ui_text("talk_to_person", lang), Navigate(Nav.HANDOFF)),))
    nav = nav_row(content, state, node)
    if nav:
        rows.append(nav)
    return Reply(
        text=node_text(content, state, node),
        title=node.title.get(lang),
        buttons=tuple(rows),
        at=frame,
    )


def home_fallback(content: Content, state: State) -> Reply:
    """The main menu, used when a position cannot be shown."""
    return node_screen(content, state, HOME)


def notice(content: Content, state: State, key: str, **values: str) -> Reply:
    """A short message from the UI strings, with ``{name}`` values filled in."""
    text = content.ui_text(key, language_of(content, state))
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return Reply(text=text, kind=ReplyKind.NOTICE)


def language_picker(content: Content, state: State, key: str) -> Reply:
    """A message (`key` from the UI strings) with one button per language."""
    lang = language_of(content, state)
    buttons = tuple(
        (Button(("✓ " if code == lang else "") + LANGUAGE_NAMES[code], ChooseLanguage(code)),)
        for code in LANGUAGES
    )
    return Reply(text=content.ui_text(key, lang), buttons=buttons, at=state.here)


def glossary_groups(content: Content, lang: str) -> list[list[int]]:
    """The glossary's terms (indexes in the index node) in alphabetical order, in groups of
    at most TOPIC_BUTTONS, so the glossary opens by letter."""
    glossary = content.flows[GLOSSARY_FLOW]
    index = glossary.nodes[glossary.start]

    def order(i: int) -> tuple[bool, str]:
        # Words in the person's own alphabet first, then Latin ones ("HER2", "PET-CT").
        title = glossary.nodes[index.terms[i]].title.get(lang).casefold()
        first = next((char for char in title if char.isalpha()), "")
        return (lang != "en" and first.isascii(), title)

    ordered = sorted(range(len(index.terms)), key=order)
    count = -(-len(ordered) // TOPIC_BUTTONS)
    size = -(-len(ordered) // count) if count else 0
    return [ordered[i : i + size] for i in range(0, len(ordered), size or 1)]


def _initial(content: Content, term_index: int, lang: str) -> str:
    glossary = content.flows[GLOSSARY_FLOW]
    title = glossary.nodes[glossary.nodes[glossary.start].terms[term_index]].title.get(lang)
    return next((char.upper() for char in title if char.isalpha()), title[:1])


def _group_label(content: Content, group: list[int], lang: str) -> str:
    first, last = _initial(content, group[0], lang), _initial(content, group[-1], lang)
    return f"🔤 {first}" if first == last else f"🔤 {first} – {last}"


def glossary_group_screen(content: Content, state: State, group: int) -> Reply | None:
    """The terms of one letter group, as buttons on the glossary index; None if no such group."""
    lang = language_of(content, state)
    groups = glossary_groups(content, lang)
    if not 0 <= group < len(groups):
        return None
    glossary = content.flows[GLOSSARY_FLOW]
    index = glossary.nodes[glossary.start]
    buttons = [
        Button("📖 " + glossary.nodes[index.terms[i]].title.get(lang), ChooseTerm(i))
        for i in groups[group]
    ]
    rows: list[tuple[Button, ...]] = [tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]
    rows.append((Button(content.ui_text("glossary_letters", lang), Navigate(Nav.STAY)),))
    nav = nav_row(content, state, index)
    if nav:
        rows.append(nav)
    return Reply(
        text=content.ui_text("glossary_group", lang),
        title=f"{index.title.get(lang)}: {_group_label(content, groups[group], lang)[2:]}",
        buttons=tuple(rows),
        at=state.here,
    )


def way_in_question(content: Content) -> Node | None:
    """The question the menu flow starts with (who the person is), if it asks one."""
    menu = content.flows.get(MENU_FLOW)
    entry = menu.nodes.get(menu.start) if menu else None
    return entry if entry is not None and entry.ask is not None else None


def role_question(content: Content, state: State) -> Reply | None:
    """The way-in question (who the person is), briefly, as buttons; None without one."""
    entry = way_in_question(content)
    if entry is None:
        return None
    lang = language_of(content, state)
    rows = tuple(
        (Button(entry.options[i].label.get(lang), ChooseRole(i)),)
        for i in visible_options(content, state, entry)
        if entry.options[i].value is not None
    )
    return Reply(text=content.ui_text("role_question", lang), buttons=rows, at=state.here)
