"""The conversation engine: ``step(content, state, event, now)`` and nothing else (pure).

Rules, in the order they apply to every event:

1. The state is first reconciled with the content: positions on nodes that were renamed
   follow their aliases; positions on removed nodes move to the nearest node that still
   exists, with a short notice.
2. Safety comes before everything: typed text that the understanding layer flagged as an
   emergency or a crisis is answered with the safety reply at once, in every state, and
   the person can continue where they were.
3. A pressed button acts only if it was shown on the node where the person is now and
   was built from the current content; anything else (an old message, a double tap, a
   forged button) is answered by showing where the person is now. Main menu and
   language buttons are safe from anywhere and always act, but for a Main menu tap on
   another screen that finds the person at the main menu already (a double tap): nothing
   more is shown.
4. Back pops one frame and never fails; Main menu clears the stack to the main menu.
5. A stack never holds the same frame twice: going to a place already on the stack
   returns to it, so Back always leads somewhere the person came from.
6. An option may be a red flag (`alert`): choosing it is answered like typed text that the
   safety rule fires on, and leads on to where the option goes.
7. Reminders and check-ins follow bot/core/reminders.py: their own buttons (pause, resume,
   cancel) and /reminders act from anywhere, like Main menu.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core import reminders
from bot.core.events import (
    Action,
    ChooseGroup,
    ChooseLanguage,
    ChooseOffer,
    ChooseOption,
    ChooseRole,
    ChooseTerm,
    Command,
    Due,
    DueKind,
    Event,
    ManagePlan,
    Nav,
    Navigate,
    PickDay,
    Press,
    SafetyHit,
    ShowMonth,
    StaffClose,
    StaffReply,
    Start,
    Typed,
    Understanding,
)
from bot.core.model import GLOSSARY_FLOW, LANGUAGES, MENU_FLOW, Content, Target
from bot.core.reconcile import reconcile
from bot.core.replies import (
    Button,
    Effect,
    RecordAlert,
    RecordAnswer,
    RecordMiss,
    RecordVisit,
    Reply,
    ReplyKind,
    Transition,
)
from bot.core.screens import (
    HOME,
    glossary_group_screen,
    language_of,
    language_picker,
    node_screen,
    notice,
    role_question,
    visible_options,
    way_in_question,
)
from bot.core.state import Frame, State, Ticket
from bot.core.templates import fill
from bot.core.tickets import ask, from_staff, to_team

_ALWAYS_SAFE = (Nav.MENU, Nav.LANGUAGE)
OWN_SCRIPT = ("he", "ar", "ru")
"""Languages whose letters name them: a safety hit typed in them is answered in them."""


def step(content: Content, state: State, event: Event, now: dt.datetime) -> Transition:
    """Apply one event to one person's state; return the new state, replies and effects."""
    state, moved = reconcile(content, state)
    prefix: tuple[Reply, ...] = ()
    if moved:
        prefix = (notice(content, state, "content_moved"),)
    if isinstance(event, Due) and event.kind is DueKind.PLAN:
        result = _plan_due(content, state, event, now)
    elif isinstance(event, StaffReply | StaffClose | Due):
        result = from_staff(content, state, event, now)
    elif isinstance(event, Typed) and state.ticket is not Ticket.NONE:
        result = _typed_to_team(content, state, event, now)
    elif isinstance(event, Typed) and event.understanding.safety is not None:
        result = _safety(content, state, event.understanding, now)
    elif state.ticket is Ticket.ASKING and not isinstance(event, Typed):
        # A tap or a command instead of the message for the team cancels the request.
        result = step(content, replace(state, ticket=Ticket.NONE), event, now)
    elif isinstance(event, Start):
        result = _start(content, state, event.lang_hint)
    elif isinstance(event, Command):
        result = _navigate(content, state, event.nav, now)
    elif isinstance(event, Press):
        result = _press(content, state, event, now)
    else:
        result = _typed(content, state, event.understanding, now)
    hit = event.understanding.safety if isinstance(event, Typed) else None
    alert = (hit.kind, hit.rule_id) if hit else ()
    if result.state.alert != alert:
        result = replace(result, state=replace(result.state, alert=alert))
    return replace(result, replies=prefix + result.replies)


def entry_frame(content: Content) -> Frame:
    """Where a new person's journey starts: the start of the menu flow."""
    return Frame(MENU_FLOW, content.flows[MENU_FLOW].start)


def _show(content: Content, state: State, now: dt.datetime, *before: Reply) -> Transition:
    """Show where the person is now (the main menu when they have no place yet)."""
    if not state.stack:
        state = replace(state, stack=(entry_frame(content),))
    here = state.stack[-1]
    effects: tuple[Effect, ...] = (RecordVisit(here, now),)
    screen = node_screen(content, state, here)
    if reminders.awaits_date(content, state):
        screen = reminders.with_calendar(content, state, screen, now)
    return Transition(state, (*before, screen), effects)


def _go(
    content: Content, state: State, target: Frame, now: dt.datetime, *before: Reply
) -> Transition:
    """Move to `target`: back to it if it is on the stack, else on top of the stack."""
    if target == HOME:
        stack: tuple[Frame, ...] = (HOME,)
    elif target in state.stack:
        stack = state.stack[: state.stack.index(target) + 1]
    else:
        stack = (*state.stack, target)
    return _show(content, replace(state, stack=stack, offers=()), now, *before)


def _start(content: Content, state: State, lang_hint: str | None) -> Transition:
    """/start: welcome a new person with the language choice, or welcome someone back."""
    if state.chosen_lang is None:
        # Before a language is chosen, the one the person types in wins over the default the
        # welcome was shown in: a Russian speaker who types is answered in Russian.
        lang = (lang_hint if lang_hint in LANGUAGES else None) or state.lang
        state = replace(state, lang=lang or content.default_language, stack=(), offers=())
        return Transition(state, (language_picker(content, state, "welcome"),))
    lang = language_of(content, state)
    here_node = content.node(state.here.flow, state.here.node) if state.here else None
    title = here_node.title.get(lang) if here_node else ""
    buttons = (
        (Button(content.ui_text("resume", lang).replace("{title}", title), Navigate(Nav.RESUME)),),
        (Button(content.ui_text("menu", lang), Navigate(Nav.MENU)),),
        (Button(content.ui_text("change_language", lang), Navigate(Nav.LANGUAGE)),),
    )
    text = content.ui_text("welcome_back", lang) + "\n\n" + content.ui_text("disclaimer", lang)
    return Transition(state, (Reply(text=text, buttons=buttons, at=state.here),))


def _navigate(content: Content, state: State, nav: Nav, now: dt.datetime) -> Transition:
    """Back, Main menu, Continue, Restart, language choice or a request for a person."""
    if nav is Nav.LANGUAGE:
        return Transition(state, (language_picker(content, state, "choose_language"),))
    if state.lang is None:
        return _start(content, state, None)
    if nav is Nav.BACK:
        stack = state.stack[:-1] if len(state.stack) > 1 else state.stack
        return _show(content, replace(state, stack=stack, offers=()), now)
    if nav is Nav.MENU:
        return _go(content, state, HOME, now)
    if nav is Nav.RESTART:
        fresh = replace(state, stack=(entry_frame(content),), answers=(), offers=())
        return _show(content, fresh, now, notice(content, fresh, "restarted"))
    if nav is Nav.HANDOFF and not content.handoff:
        return _show(content, state, now, notice(content, state, "handoff_unavailable"))
    if nav is Nav.HANDOFF:
        return ask(content, state, now)
    if nav is Nav.REMINDERS:
        return reminders.listing(content, state)
    if nav is Nav.CONFIRM:
        kept = reminders.confirm(content, state, now)
        if kept is None:
            return _stale(content, state, now)
        if kept.state.draft is not None or not kept.effects:  # too soon after all: asked again
            return kept
        stack = kept.state.stack[:-1] if len(kept.state.stack) > 1 else kept.state.stack
        shown = _show(content, replace(kept.state, stack=stack, offers=()), now, *kept.replies)
        return replace(shown, effects=kept.effects + shown.effects)
    return _show(content, replace(state, offers=()), now)


def _press(content: Content, state: State, press: Press, now: dt.datetime) -> Transition:
    """A button press: act if it belongs to the current screen, else re-show the screen."""
    action = press.action
    if isinstance(action, ChooseLanguage):
        return _choose_language(content, state, action.lang, now)
    if isinstance(action, ChooseRole):
        return _choose_role(content, state, action.index, now)
    if isinstance(action, Navigate) and action.nav in _ALWAYS_SAFE:
        if action.nav is Nav.MENU and _menu_again(state, press):
            return Transition(state, ())
        return _navigate(content, state, action.nav, now)
    if isinstance(action, ManagePlan) and state.lang is not None:
        managed = reminders.manage(content, state, action, now)
        return managed if managed is not None else reminders.listing(content, state)
    current = press.version == content.version and press.at == state.here
    transition = _act(content, state, action, now) if current else None
    if transition is None:
        return _stale(content, state, now)
    return transition


def _menu_again(state: State, press: Press) -> bool:
    """Whether a Main menu tap on another screen finds the person at the main menu already:
    the second of a double tap (the first already sent the menu), or a tap on an old
    message while the menu is the newest. Another copy of the menu would only push the one
    they are using up the chat, and could arrive after their next tap."""
    return (
        state.chosen_lang is not None
        and state.stack == (HOME,)
        and press.at is not None
        and press.at != HOME
    )


def _stale(content: Content, state: State, now: dt.datetime) -> Transition:
    """An outdated or unknown button: say so kindly and show where the person is."""
    if state.chosen_lang is None:
        return _start(content, state, None)
    return _show(content, state, now, notice(content, state, "stale_button"))


def _act(content: Content, state: State, action: Action, now: dt.datetime) -> Transition | None:
    """Carry out a current button's action; None when the button does not exist."""
    if isinstance(action, Navigate):
        return _navigate(content, state, action.nav, now)
    if isinstance(action, ChooseOffer):
        if 0 <= action.index < len(state.offers):
            return _go(content, state, state.offers[action.index], now)
        return None
    if isinstance(action, ChooseGroup):
        group = glossary_group_screen(content, state, action.index)
        return Transition(state, (group,)) if group is not None else None
    if isinstance(action, PickDay | ShowMonth):
        return _calendar(content, state, action, now)
    here = state.here
    node = content.node(here.flow, here.node) if here else None
    if node is None:
        return None
    if isinstance(action, ChooseTerm):
        if 0 <= action.index < len(node.terms):
            return _go(content, state, Frame(GLOSSARY_FLOW, node.terms[action.index]), now)
        return None
    if not isinstance(action, ChooseOption):
        return None
    if action.index not in visible_options(content, state, node):
        return None
    return _choose(content, state, node.ask, action.index, now)


def _choose(
    content: Content, state: State, ask: str | None, index: int, now: dt.datetime
) -> Transition:
    """Take option `index` of the current node: store its answer, go where it leads."""
    here = state.stack[-1]
    node = content.flows[here.flow].nodes[here.node]
    option = node.options[index]
    effects: tuple[Effect, ...] = ()
    said: tuple[Reply, ...] = ()
    if ask and option.value is not None:
        state = state.with_answer(ask, option.value)
        effects = (RecordAnswer(ask, option.value),)
    if node.schedule == reminders.CHECKIN and option.value and option.target is not None:
        planned = reminders.schedule_checkin(
            content, state, option.value, _frame(content, option.target), now
        )
        state, said, effects = planned.state, planned.replies, effects + planned.effects
    if option.target is None:
        result = _show(content, state, now, *said)
    else:
        result = _go(content, state, _frame(content, option.target), now, *said)
    if option.alert is not None:
        hit = SafetyHit(option.alert.kind, option.alert.rule)
        alarm = _safety(content, result.state, Understanding(safety=hit), now)
        result = replace(alarm, effects=result.effects + alarm.effects)
    return replace(result, effects=effects + result.effects)


def _choose_role(content: Content, state: State, index: int, now: dt.datetime) -> Transition:
    """An answer to the way-in question asked after a typed first question: keep it and
    show where the person is, now in the wording for them."""
    entry = way_in_question(content)
    if state.lang is None or entry is None or entry.ask is None:
        return _stale(content, state, now)
    if index not in visible_options(content, state, entry) or entry.options[index].value is None:
        return _stale(content, state, now)
    value = str(entry.options[index].value)
    result = _show(content, state.with_answer(entry.ask, value), now)
    return replace(result, effects=(RecordAnswer(entry.ask, value), *result.effects))


def _ask_role_once(content: Content, result: Transition) -> Transition:
    """After the first answer to a person who typed before saying who they are, ask once."""
    state = result.state
    entry = way_in_question(content)
    if entry is None or entry.ask is None or entry.ask in (*state.answer_map, *state.asked):
        return result
    question = role_question(content, state)
    if question is None:
        return result
    asked = replace(state, asked=(*state.asked, entry.ask))
    return replace(result, state=asked, replies=(*result.replies, question))


def _choose_language(content: Content, state: State, lang: str, now: dt.datetime) -> Transition:
    """Set the language; a new person then sees the disclaimer and their first screen."""
    if lang not in LANGUAGES:
        return _stale(content, state, now)
    first_time = not state.stack
    state = replace(state, lang=lang)
    if first_time:
        return _show(content, state, now, notice(content, state, "disclaimer"))
    return _show(content, state, now)


def _calendar(
    content: Content, state: State, action: PickDay | ShowMonth, now: dt.datetime
) -> Transition | None:
    """A tap on the calendar: a day proposes the reminder, an arrow shows another month."""
    if not reminders.awaits_date(content, state):
        return None
    if isinstance(action, PickDay):
        return reminders.on_date(content, state, action.day, now)
    here = state.stack[-1]
    screen = reminders.with_calendar(content, state, node_screen(content, state, here), now, action)
    return Transition(state, (screen,))


def _plan_due(content: Content, state: State, due: Due, now: dt.datetime) -> Transition:
    """A reminder or check-in that may be due; a check-in takes the person to its start."""
    result, start = reminders.due(content, state, due, now)
    if start is None:
        return result
    shown = _go(content, result.state, start, now, *result.replies)
    return replace(shown, effects=result.effects + shown.effects)


def _typed_to_team(content: Content, state: State, typed: Typed, now: dt.datetime) -> Transition:
    """Typed text for the staff team (a ticket asked for or open): no routing and no menus;
    a safety hit is still answered first, and the ticket hears of it."""
    hit = typed.understanding.safety
    said = _safety(content, state, typed.understanding, now) if hit else Transition(state, ())
    return to_team(content, state, said, typed.text, hit.kind if hit else None, now)


def _safety(
    content: Content, state: State, understood: Understanding, now: dt.datetime
) -> Transition:
    """Answer a safety hit first, in the person's language, then offer to go on.

    The reply says what to do about what the person wrote (breathing, bleeding, a fever),
    then the general lines for its kind; a rule may offer a page ("what counts as a fever"),
    and a long story's question its page (`target`), as buttons after the alarm.
    """
    hit = understood.safety
    assert hit is not None
    chosen = state.chosen_lang  # before choosing: the language typed
    # Typed in another language's own letters ("بدي موت" with English chosen): answered in
    # it, so a frightened person, or whoever took the phone, can read it. Latin letters say
    # nothing (English, or Arabic and Hebrew written in Latin letters): the choice stands.
    typed = understood.lang if understood.lang in OWN_SCRIPT else None
    lang = typed or chosen or understood.lang or state.lang or content.default_language
    speaking = replace(state, lang=chosen or lang)
    text = _safety_text(content, hit, lang)
    offer_person = content.handoff and state.ticket is Ticket.NONE
    if hit.kind == "crisis" and offer_person:
        text = f"{text}\n{content.ui_text('crisis_talk_to_person', lang)}"
    if hit.kind == "emergency" and content.settings.get("oncology_line_24h"):
        line = fill(content.ui_text("oncology_line", lang), content.settings)
        text = f"{text}\n\n{line}"
    buttons: list[tuple[Button, ...]] = []
    if hit.kind == "crisis" and offer_person:
        buttons.append((Button(content.ui_text("talk_to_person", lang), Navigate(Nav.HANDOFF)),))
    # Only pages the content has: a reading made before a reload may name one that is gone.
    found = (_safety_page(content, hit), understood.target)
    pages = tuple(dict.fromkeys(p for p in found if p is not None and content.node(*_pair(p))))
    if pages:
        speaking = replace(speaking, offers=pages)
        buttons += [
            (Button(_title(content, page, lang), ChooseOffer(index)),)
            for index, page in enumerate(pages)
        ]
    if state.stack:
        buttons.append((Button(content.ui_text("continue", lang), Navigate(Nav.STAY)),))
    buttons.append((Button(content.ui_text("menu", lang), Navigate(Nav.MENU)),))
    reply = Reply(text=text, buttons=tuple(buttons), at=state.here, kind=ReplyKind.ALERT)
    return Transition(speaking, (reply,), (RecordAlert(hit.kind, hit.rule_id, lang, now),))


def _safety_text(content: Content, hit: SafetyHit, lang: str) -> str:
    """The rule's own lines, then the general lines for its kind.

    A crisis is answered in one voice, the general crisis reply (a crisis rule's own lines
    would repeat ERAN and 101); an emergency beside it (an overdose) is said first.
    """
    general = content.safety_replies.get(hit.kind)
    rules = hit.also if hit.kind == "crisis" and general else (hit.rule_id,)
    own = [text for rule in rules if (text := _rule_text(content, rule, lang)) is not None]
    parts = [*own, general.get(lang)] if general else own
    return "\n\n".join(parts) if parts else content.ui_text("safety_fallback", lang)


def _caution(content: Content, state: State, hit: SafetyHit, typed: str | None) -> Reply:
    """A red flag of cancer treatment in a message about another matter: "if the person is
    on cancer treatment", then the rule's own lines, in the language typed."""
    lang = typed if typed in LANGUAGES else language_of(content, state)
    advice = _rule_text(content, hit.rule_id, lang) or content.ui_text("safety_fallback", lang)
    return Reply(
        f"{content.ui_text('caution_on_treatment', lang)}\n{advice}", kind=ReplyKind.NOTICE
    )


def _rule_text(content: Content, rule: str, lang: str) -> str | None:
    """A safety rule's own lines ("Breathing trouble can be serious: call 101 now.")."""
    own = content.safety_replies.get(f"rule:{rule}")
    return own.get(lang) if own is not None else None


def _safety_page(content: Content, hit: SafetyHit) -> Frame | None:
    """The page a rule offers, when it exists."""
    target = content.safety_pages.get(hit.rule_id)
    if target is None or target.flow not in content.flows:
        return None
    page = _frame(content, target)
    return page if content.node(page.flow, page.node) else None


def _frame(content: Content, target: Target) -> Frame:
    """Where a target leads: its node, or its flow's start."""
    return Frame(target.flow, target.node or content.flows[target.flow].start)


def _typed(
    content: Content, state: State, understood: Understanding, now: dt.datetime
) -> Transition:
    """Typed text that is not a safety hit: a button, a place, suggestions or a kind miss.

    A distressed person gets one kind sentence first; what was understood (a cancer type, a
    medicine) is named on the first line, so a wrong guess shows at once.
    """
    if understood.caution is not None:
        answered = _typed(content, state, replace(understood, caution=None), now)
        warned = _caution(content, answered.state, understood.caution, understood.lang)
        return replace(answered, replies=(*answered.replies, warned))
    if state.chosen_lang is None:
        lang = understood.lang
        if lang not in LANGUAGES or (understood.target is None and not understood.suggestions):
            return _start(content, state, lang)
        # A first message the bot understood ("I found a lump, could it be cancer?") is not
        # lost behind the language choice: the language it was typed in is chosen, the
        # disclaimer comes first, then the answer (the language can be changed at any time).
        chosen = replace(state, lang=lang, stack=(entry_frame(content),), offers=())
        answered = _typed(content, chosen, understood, now)
        disclaimer = notice(content, chosen, "disclaimer")
        return replace(answered, replies=(disclaimer, *answered.replies))
    if reminders.awaits_date(content, state):
        if understood.date is not None:
            return reminders.on_date(content, state, understood.date, now)
        if understood.target is None:
            return reminders.ask_again(content, state, now)
    if understood.option is not None:
        node = content.node(state.stack[-1].flow, state.stack[-1].node)
        if node and understood.option in visible_options(content, state, node):
            return _choose(content, state, node.ask, understood.option, now)
    lang = language_of(content, state)
    before = _understood(content, state, understood)
    if understood.target is not None and content.node(*_pair(understood.target)):
        return _ask_role_once(content, _go(content, state, understood.target, now, *before))
    nav = (
        Button(content.ui_text("continue", lang), Navigate(Nav.STAY)),
        Button(content.ui_text("menu", lang), Navigate(Nav.MENU)),
    )
    effects: tuple[Effect, ...] = ()
    if understood.miss:
        effects = (RecordMiss(understood.miss, understood.lang or lang, now),)
    if understood.outside:
        reply = Reply(
            content.ui_text("out_of_scope", lang),
            buttons=(nav, *_person(content, lang)),
            at=state.here,
        )
        return Transition(state, (*before, reply), effects)
    offers = tuple(f for f in understood.suggestions if content.node(*_pair(f)))[:3]
    if offers:
        offered = replace(state, offers=offers)
        rows = tuple(
            (Button(_title(content, f, lang), ChooseOffer(i)),) for i, f in enumerate(offers)
        )
        # After the kind sentence, choices are offered as help, not as a guess.
        key = "support_offer" if understood.distress else "did_you_mean"
        reply = Reply(
            content.ui_text(key, lang),
            buttons=(*rows, *_person(content, lang), nav),
            at=state.here,
        )
        return Transition(offered, (*before, reply))
    if understood.smalltalk:
        key = f"smalltalk_{understood.smalltalk}"
        reply = Reply(content.ui_text(key, lang), buttons=(nav,), at=state.here)
        return Transition(state, (reply,))
    reply = Reply(
        content.ui_text("not_understood", lang),
        buttons=(nav, *_person(content, lang)),
        at=state.here,
    )
    return Transition(state, (*before, reply), effects)


def _understood(content: Content, state: State, understood: Understanding) -> tuple[Reply, ...]:
    """The lines said before the answer: a kind word, and what the bot understood."""
    lines: list[Reply] = []
    if understood.distress:
        lines.append(notice(content, state, "distress_kind"))
    if understood.about and not understood.outside:
        key = "understood_general" if understood.general else "understood_about"
        lines.append(notice(content, state, key, about=understood.about))
    return tuple(lines)


def _person(content: Content, lang: str) -> tuple[tuple[Button, ...], ...]:
    """A "talk to a person" row, only when a staff chat can answer."""
    if not content.handoff:
        return ()
    return ((Button(content.ui_text("talk_to_person", lang), Navigate(Nav.HANDOFF)),),)


def _pair(frame: Frame) -> tuple[str, str]:
    return frame.flow, frame.node


def _title(content: Content, frame: Frame, lang: str) -> str:
    node = content.node(frame.flow, frame.node)
    flow = content.flows[frame.flow]
    if node is None:
        return flow.title.get(lang)
    if frame.flow == GLOSSARY_FLOW or node.id == flow.start:
        return node.title.get(lang)
    return f"{flow.title.get(lang)}: {node.title.get(lang)}"
