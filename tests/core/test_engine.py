"""The engine walks people through flows purely: no mocks, no event loop."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from bot.core.engine import step
from bot.core.events import (
    ChooseLanguage,
    ChooseOffer,
    ChooseOption,
    ChooseTerm,
    Command,
    Nav,
    Navigate,
    Press,
    SafetyHit,
    Start,
    Typed,
    Understanding,
)
from bot.core.model import Content
from bot.core.replies import OpenTicket, RecordAlert, RecordAnswer, RecordMiss, ReplyKind
from bot.core.state import Frame, State, Ticket

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
HOME = Frame("menu", "main")


def press(content: Content, state: State, action: object) -> State:
    """Press a button on the current screen and return the new state."""
    return step(content, state, Press(action, state.here, content.version), NOW).state  # type: ignore[arg-type]


def started(content: Content, lang: str = "en", role: int = 0) -> State:
    """A person who chose a language and answered who they are."""
    state = step(content, State(), Start(lang_hint=lang), NOW).state
    state = step(content, state, Press(ChooseLanguage(lang), None, ""), NOW).state
    return press(content, state, ChooseOption(role))


def test_a_new_person_is_welcomed_in_their_apps_language_and_asked_to_confirm(
    small: Content,
) -> None:
    result = step(small, State(), Start(lang_hint="ru"), NOW)
    assert result.state.lang == "ru"
    (reply,) = result.replies
    assert reply.text == small.ui_text("welcome", "ru")
    labels = [b.label for row in reply.buttons for b in row]
    assert labels == ["עברית", "العربية", "✓ Русский", "English"]


def test_typing_in_another_language_at_the_welcome_asks_again_in_that_language(
    small: Content,
) -> None:
    """Welcomed in the default (Hebrew), a Russian speaker types instead of tapping."""
    welcomed = step(small, State(), Start(lang_hint=None), NOW).state
    result = step(small, welcomed, Typed(Understanding(lang="ru"), "что дальше?"), NOW)
    assert result.state.lang == "ru"
    (reply,) = result.replies
    assert reply.text == small.ui_text("welcome", "ru")


def test_an_unsupported_app_language_falls_back_to_the_default(small: Content) -> None:
    assert step(small, State(), Start(lang_hint="fr"), NOW).state.lang == "he"


def test_choosing_a_language_shows_the_disclaimer_then_the_first_question(small: Content) -> None:
    state = step(small, State(), Start(lang_hint="en"), NOW).state
    result = step(small, state, Press(ChooseLanguage("ar"), None, ""), NOW)
    assert result.state.lang == "ar"
    assert result.replies[0].text == small.ui_text("disclaimer", "ar")
    assert result.replies[1].title == "Who ar"
    assert result.state.here == Frame("menu", "welcome")


def test_a_question_stores_the_answer_and_text_adapts_to_it(small: Content) -> None:
    family = started(small, role=1)
    assert family.answer_map == {"role": "family"}
    result = step(small, family, Press(ChooseOption(0), HOME, small.version), NOW)
    assert result.replies[-1].text == "family en"
    patient = started(small, role=0)
    result = step(small, patient, Press(ChooseOption(0), HOME, small.version), NOW)
    assert result.replies[-1].text == "patient en"


def test_the_answer_is_reported_as_an_effect(small: Content) -> None:
    state = step(small, State(), Start(lang_hint="en"), NOW).state
    state = step(small, state, Press(ChooseLanguage("en"), None, ""), NOW).state
    result = step(small, state, Press(ChooseOption(1), state.here, small.version), NOW)
    assert RecordAnswer("role", "family") in result.effects


def test_options_with_conditions_show_only_when_they_hold(small: Content) -> None:
    patient = press(small, started(small, role=0), ChooseOption(0))
    family = press(small, started(small, role=1), ChooseOption(0))
    patient_screen = step(small, patient, Command(Nav.STAY), NOW).replies[-1]
    family_screen = step(small, family, Command(Nav.STAY), NOW).replies[-1]
    assert len(patient_screen.buttons) < len(family_screen.buttons)
    hidden = press(small, patient, ChooseOption(1))
    assert hidden.here == patient.here, "a hidden option must not act"


def test_back_returns_step_by_step_and_never_fails_at_the_root(small: Content) -> None:
    state = press(small, press(small, started(small), ChooseOption(0)), ChooseOption(0))
    assert state.here == Frame("diagnosis", "details")
    state = step(small, state, Command(Nav.BACK), NOW).state
    assert state.here == Frame("diagnosis", "intro")
    state = step(small, state, Command(Nav.BACK), NOW).state
    assert state.here == HOME
    again = step(small, state, Command(Nav.BACK), NOW)
    assert again.state.here == HOME and again.replies


def test_every_screen_offers_back_and_main_menu(small: Content) -> None:
    state = press(small, press(small, started(small), ChooseOption(0)), ChooseOption(0))
    reply = step(small, state, Command(Nav.STAY), NOW).replies[-1]
    labels = [b.label for b in reply.buttons[-1]]
    assert labels == [small.ui_text("back", "en"), small.ui_text("menu", "en")]


def test_main_menu_clears_the_path(small: Content) -> None:
    state = press(small, press(small, started(small), ChooseOption(0)), ChooseOption(0))
    state = step(small, state, Command(Nav.MENU), NOW).state
    assert state.stack == (HOME,)


def test_medical_nodes_end_with_the_care_team_footer(small: Content) -> None:
    state = press(small, started(small), ChooseOption(0))
    reply = step(small, state, Press(ChooseOption(0), state.here, small.version), NOW).replies[-1]
    assert reply.text.endswith(small.ui_text("medical_footer", "en"))


def test_glossary_terms_open_and_back_returns(small: Content) -> None:
    details = press(small, press(small, started(small), ChooseOption(0)), ChooseOption(0))
    term = press(small, details, ChooseTerm(0))
    assert term.here == Frame("glossary", "biopsy")
    assert step(small, term, Command(Nav.BACK), NOW).state.here == details.here


def test_a_button_from_an_older_screen_does_not_act(small: Content) -> None:
    intro = press(small, started(small), ChooseOption(0))
    details = press(small, intro, ChooseOption(0))
    old = step(small, details, Press(ChooseOption(0), intro.here, small.version), NOW)
    assert old.state.here == details.here
    assert old.replies[0].text == small.ui_text("stale_button", "en")
    assert old.replies[-1].at == details.here


def test_a_double_tap_acts_once(small: Content) -> None:
    intro = press(small, started(small), ChooseOption(0))
    tap = Press(ChooseOption(0), intro.here, small.version)
    once = step(small, intro, tap, NOW).state
    twice = step(small, once, tap, NOW).state
    assert twice.stack == once.stack


def test_a_button_from_other_content_does_not_act(small: Content) -> None:
    intro = press(small, started(small), ChooseOption(0))
    result = step(small, intro, Press(ChooseOption(0), intro.here, "000000"), NOW)
    assert result.state.here == intro.here
    assert result.replies[0].text == small.ui_text("stale_button", "en")


def test_a_forged_option_index_does_not_act(small: Content) -> None:
    intro = press(small, started(small), ChooseOption(0))
    for action in (ChooseOption(99), ChooseTerm(7), ChooseOffer(3), ChooseLanguage("xx")):
        result = step(small, intro, Press(action, intro.here, small.version), NOW)
        assert result.state.here == intro.here


def test_main_menu_from_an_old_message_still_goes_home(small: Content) -> None:
    intro = press(small, started(small), ChooseOption(0))
    result = step(small, intro, Press(Navigate(Nav.MENU), Frame("x", "y"), "000000"), NOW)
    assert result.state.here == HOME


def test_a_double_tap_on_main_menu_sends_one_menu(small: Content) -> None:
    """The second tap finds the person at the main menu: no second copy pushes the first
    up the chat (or arrives after their next tap)."""
    details = press(small, press(small, started(small), ChooseOption(0)), ChooseOption(0))
    tap = Press(Navigate(Nav.MENU), details.here, small.version)
    once = step(small, details, tap, NOW)
    assert once.state.here == HOME and once.replies[-1].at == HOME
    twice = step(small, once.state, tap, NOW)
    assert twice.replies == () and twice.state == once.state
    # On the menu itself, Main menu shows it again (it may have scrolled away).
    again = step(small, once.state, Press(Navigate(Nav.MENU), HOME, small.version), NOW)
    assert again.replies[-1].at == HOME


def test_safety_comes_first_in_every_state(small: Content) -> None:
    hit = Typed(Understanding(safety=SafetyHit("emergency", "fever"), option=0, lang="ru"))
    for state in (State(), started(small), press(small, started(small), ChooseOption(0))):
        result = step(small, state, hit, NOW)
        assert result.replies[0].kind is ReplyKind.ALERT
        assert result.state.stack == state.stack, "a safety reply must not move the person"
        assert any(isinstance(e, RecordAlert) and e.rule_id == "fever" for e in result.effects)


def test_safety_before_a_language_is_chosen_answers_in_the_language_typed(small: Content) -> None:
    hit = Typed(Understanding(safety=SafetyHit("crisis", "suicide"), lang="ar"))
    result = step(replace(small, handoff=True), State(), hit, NOW)
    assert result.state.lang == "ar"
    labels = [b.label for row in result.replies[0].buttons for b in row]
    assert small.ui_text("talk_to_person", "ar") in labels
    assert small.ui_text("crisis_talk_to_person", "ar") in result.replies[0].text


def test_without_staff_a_crisis_reply_promises_no_person(small: Content) -> None:
    hit = Typed(Understanding(safety=SafetyHit("crisis", "suicide"), lang="en"))
    result = step(small, State(), hit, NOW)
    labels = [b.label for row in result.replies[0].buttons for b in row]
    assert small.ui_text("talk_to_person", "en") not in labels
    assert small.ui_text("crisis_talk_to_person", "en") not in result.replies[0].text


def test_after_a_safety_reply_the_person_can_carry_on(small: Content) -> None:
    intro = press(small, started(small), ChooseOption(0))
    alert = step(small, intro, Typed(Understanding(safety=SafetyHit("emergency", "x"))), NOW)
    carry_on = alert.replies[0].buttons[0][0]
    result = step(small, alert.state, Press(carry_on.action, intro.here, small.version), NOW)
    assert result.state.here == intro.here and result.replies[-1].at == intro.here


def test_an_alert_is_remembered_for_the_next_message_only(small: Content) -> None:
    intro = press(small, started(small), ChooseOption(0))
    alert = step(small, intro, Typed(Understanding(safety=SafetyHit("emergency", "stroke"))), NOW)
    assert alert.state.alert == ("emergency", "stroke")
    assert State.from_dict(alert.state.to_dict()) == alert.state  # kept across a restart
    after = step(small, alert.state, Typed(Understanding(lang="en"), "ok"), NOW)
    assert after.state.alert == ()
    carry_on = alert.replies[0].buttons[0][0]
    tapped = step(small, alert.state, Press(carry_on.action, intro.here, small.version), NOW)
    assert tapped.state.alert == ()


def test_a_safety_reply_offers_no_page_the_content_does_not_have(small: Content) -> None:
    """A reading made before a reload may name a page that is gone: the alert still comes."""
    gone = Frame("nowhere", "gone")
    hit = Typed(Understanding(safety=SafetyHit("emergency", "fever"), target=gone, lang="en"))
    result = step(small, started(small), hit, NOW)
    assert result.replies[0].kind is ReplyKind.ALERT
    assert gone not in result.state.offers


def test_typed_text_that_names_a_button_presses_it(small: Content) -> None:
    intro = press(small, started(small), ChooseOption(0))
    result = step(small, intro, Typed(Understanding(option=0)), NOW)
    assert result.state.here == Frame("diagnosis", "details")


def test_suggestions_become_buttons_and_a_person_to_talk_to(small: Content) -> None:
    home = started(small)
    places = (Frame("treatment", "intro"), Frame("diagnosis", "details"))
    result = step(small, home, Typed(Understanding(suggestions=places)), NOW)
    assert result.state.offers == places
    chosen = step(small, result.state, Press(ChooseOffer(1), home.here, small.version), NOW)
    assert chosen.state.here == places[1]
    staffed = replace(small, handoff=True)
    handoff = step(staffed, home, Press(Navigate(Nav.HANDOFF), home.here, small.version), NOW)
    assert handoff.state.ticket is Ticket.ASKING
    opened = step(staffed, handoff.state, Typed(Understanding(), "hello"), NOW)
    assert any(isinstance(e, OpenTicket) for e in opened.effects)


def test_without_staff_a_request_for_a_person_says_so_and_opens_nothing(small: Content) -> None:
    home = started(small)
    result = step(small, home, Press(Navigate(Nav.HANDOFF), home.here, small.version), NOW)
    assert result.replies[0].text == small.ui_text("handoff_unavailable", "en")
    assert result.state.ticket is Ticket.NONE


def test_a_miss_is_said_honestly_and_kept_for_staff(small: Content) -> None:
    result = step(small, started(small), Typed(Understanding(miss="[scrubbed]", lang="en")), NOW)
    assert result.replies[0].text == small.ui_text("not_understood", "en")
    assert RecordMiss("[scrubbed]", "en", NOW) in result.effects


def test_greetings_get_a_friendly_answer(small: Content) -> None:
    result = step(small, started(small), Typed(Understanding(smalltalk="thanks")), NOW)
    assert result.replies[0].text == small.ui_text("smalltalk_thanks", "en")


def test_someone_returning_is_welcomed_back_and_can_continue(small: Content) -> None:
    details = press(small, press(small, started(small), ChooseOption(0)), ChooseOption(0))
    result = step(small, details, Start(lang_hint="he"), NOW)
    assert result.state == details
    assert result.replies[0].text.startswith(small.ui_text("welcome_back", "en"))
    resume = result.replies[0].buttons[0][0]
    assert "Details en" in resume.label
    again = step(small, details, Press(resume.action, details.here, small.version), NOW)
    assert again.state.here == details.here


def test_restart_clears_answers_and_starts_from_the_first_question(small: Content) -> None:
    state = step(small, started(small, role=1), Command(Nav.RESTART), NOW).state
    assert state.answers == () and state.here == Frame("menu", "welcome")


def test_changing_language_keeps_the_place(small: Content) -> None:
    intro = press(small, started(small), ChooseOption(0))
    result = step(small, intro, Press(ChooseLanguage("he"), intro.here, small.version), NOW)
    assert result.state.here == intro.here and result.state.lang == "he"
    assert result.replies[-1].title == "diagnosis intro he"


def test_a_position_on_a_removed_node_moves_to_the_flow_start_with_a_notice(small: Content) -> None:
    gone = replace(started(small), stack=(HOME, Frame("diagnosis", "removed")), version="old")
    result = step(small, gone, Command(Nav.STAY), NOW)
    assert result.state.here == Frame("diagnosis", "intro")
    assert result.replies[0].text == small.ui_text("content_moved", "en")


def test_a_position_in_a_removed_flow_falls_back_to_the_menu(small: Content) -> None:
    gone = replace(started(small), stack=(HOME, Frame("gone", "x")), version="old")
    assert step(small, gone, Command(Nav.BACK), NOW).state.here == HOME


def test_before_choosing_a_language_safety_answers_in_the_language_typed(small: Content) -> None:
    greeted = step(small, State(), Start(lang_hint="he"), NOW).state  # the app says Hebrew
    hit = Typed(Understanding(safety=SafetyHit("emergency", "breathing"), lang="ar"))
    assert step(small, greeted, hit, NOW).state.lang == "ar"


@pytest.mark.parametrize(
    ("chosen", "typed", "answered"),
    [
        ("en", "ar", "ar"),  # English chosen, a crisis typed in Arabic letters: Arabic
        ("ar", "en", "ar"),  # Latin letters ("ana ta3bana ktir", or English): the choice
    ],
)
def test_a_safety_hit_is_answered_in_the_letters_it_was_typed_in(
    small: Content, chosen: str, typed: str, answered: str
) -> None:
    """A script of its own names the language; the chosen language stays for what follows."""
    person = replace(press(small, started(small), ChooseOption(0)), lang=chosen)
    hit = Typed(Understanding(safety=SafetyHit("crisis", "suicide"), lang=typed))
    result = step(replace(small, handoff=True), person, hit, NOW)
    assert small.ui_text("crisis_talk_to_person", answered) in result.replies[0].text
    assert result.state.lang == chosen


def test_a_first_question_understood_before_choosing_a_language_is_answered(
    small: Content,
) -> None:
    """Typed before the language choice: not lost; its language is chosen, disclaimer first."""
    page = press(small, started(small), ChooseOption(0)).here
    greeted = step(small, State(), Start(lang_hint="he"), NOW).state
    result = step(small, greeted, Typed(Understanding(target=page, lang="ru")), NOW)
    assert result.state.lang == "ru"
    assert result.replies[0].text == small.ui_text("disclaimer", "ru")
    assert result.replies[-1].at == page and result.state.here == page


def test_text_not_understood_before_choosing_a_language_shows_the_choice_again(
    small: Content,
) -> None:
    greeted = step(small, State(), Start(lang_hint="he"), NOW).state
    result = step(small, greeted, Typed(Understanding(miss="blah", lang="en")), NOW)
    (reply,) = result.replies
    assert reply.text == small.ui_text("welcome", "en") and not result.state.stack
