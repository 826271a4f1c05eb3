"""What the bot makes of typed text over the shipped content: routes, small talk, honesty."""

from __future__ import annotations

import pytest

from bot.content.library import Library
from bot.core.state import State
from bot.understand.ask import ask
from bot.understand.readers import understander


@pytest.fixture(scope="module")
def read(shipped: Library):
    found = understander(shipped)
    return lambda text, lang="en": found.read(State(lang=lang), text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thanks so much, that really helped", "thanks"),
        ("спасибо большое, вы очень помогли", "thanks"),
        ("good morning!", "greeting"),
        ("are you a real person or a bot?", "bot"),
        ("ты робот?", "bot"),
    ],
)
def test_short_thanks_greetings_and_are_you_a_bot_are_answered_as_such(read, text, kind) -> None:
    assert read(text).understanding.smalltalk == kind


def test_a_greeting_before_a_question_does_not_hide_the_question(read) -> None:
    reading = read("hi, how long does it take to get biopsy results?")
    assert reading.understanding.smalltalk is None
    assert reading.routes[0].flow == "diagnosis"


def test_chit_chat_about_something_else_is_never_routed_confidently(read) -> None:
    for text in ("who won the game last night", "what's a good banana bread recipe"):
        reading = read(text)
        assert reading.understanding.target is None, text


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        ("ما هو العلاج الهرموني", "treatment"),  # "what is": common words, not the topic
        ("что такое интегративная анкология", "integrative"),  # a wrong first letter
        ("בדיקת PET-CT, צריך לצום?", "diagnosis"),
        ("как попасть в рамбам на второе мнение", "centers"),
    ],
)
def test_typed_questions_reach_their_journey(read, text, flow) -> None:
    assert read(text).routes[0].flow == flow, read(text).routes[:3]


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        ("what is chemotherapy", "treatment"),  # the page titled Chemotherapy, not the most uses
        ("what does remission mean", "survivorship"),  # declared: journey: survivorship
        ("what is neutropenia", "treatment"),
    ],
)
def test_a_question_about_a_glossary_word_belongs_to_the_journey_that_explains_it(
    read, text, flow
) -> None:
    assert read(text).routes[0].flow == flow, read(text).routes[:3]


STORY_WITH_AN_ALARM = (
    "My mom was diagnosed with breast cancer three years ago and had a double mastectomy and"
    " chemo. Since yesterday she has been coughing up blood, a little each time. What follow-up"
    " visits and scans does she need after breast cancer treatment?"
)


def test_a_long_story_with_an_alarm_in_it_keeps_the_alarm_and_offers_its_questions_page(
    read,
) -> None:
    understood = read(STORY_WITH_AN_ALARM).understanding
    assert understood.safety is not None and understood.safety.kind == "emergency"
    assert understood.target is not None and understood.target.flow == "survivorship"
    # The same story told of a year back, explained and over, is no alarm now.
    over = STORY_WITH_AN_ALARM.replace(
        "Since yesterday she has been coughing up blood, a little each time.",
        "A year ago she coughed up blood and it turned out to be pneumonia."
        " Her scans are clear now.",
    )
    assert read(over).understanding.safety is None


def test_a_short_alarm_or_a_crisis_in_a_story_offers_no_other_page(read) -> None:
    assert read("she is coughing up blood").understanding.target is None
    crisis = read(
        "I have read everything about my cancer and about the treatment options and the"
        " chemotherapy schedule, and honestly I want to kill myself, I can't go on with it"
    ).understanding
    assert crisis.safety is not None and crisis.safety.kind == "crisis"
    assert crisis.target is None


def test_typed_text_leads_only_to_journeys_never_into_the_check_in(read) -> None:
    for text in ("check-in question 1 of 6", "appointment reminder", "תזכורת לתור"):
        for route in read(text).routes:
            assert route.frame.flow != "checkin" and route.flow is not None, (text, route)


def test_before_the_language_is_chosen_what_was_understood_is_named_in_the_language_typed(
    shipped: Library,
) -> None:
    """The first message, typed before any choice, is answered in its own language
    (English here), so the cancer it names is not named in the default Hebrew."""
    before_choosing = State(lang="he")  # the default language is ticked, nothing chosen yet
    found = understander(shipped).read(
        before_choosing, "what is the treatment for pancreatic cancer?"
    )
    assert found.understanding.about == "pancreatic cancer", found.understanding


@pytest.mark.parametrize(
    "text",
    [
        "can i drink alcohol while taking augmentin",
        "ليزر ازالة الشعر امن بالحمل؟",
        "B12 יצא 170, רופאת המשפחה אמרה זריקות. תוך כמה זמן מרגישים שיפור בעייפות?",
        "аллергия на кошку у ребенка, есть уколы от аллергии в израиле?",
    ],
)
def test_a_short_question_about_another_health_matter_is_answered_as_outside(
    shipped: Library, text: str
) -> None:
    found = ask(shipped, text)
    assert found["scope"] == "out" and found["flow"] is None, found


@pytest.mark.parametrize(
    ("text", "journey"),
    [
        ("بدي اعمل رياضة وانا بالعلاج، شو مناسب؟ مشي بس؟", "integrative"),
        ("מי מחזיר כסף על הנסיעות? זה 3 פעמים בשבוע מבאר שבע", "family_support"),
    ],
)
def test_a_short_question_of_ours_that_names_no_cancer_stays_ours(
    shipped: Library, text: str, journey: str
) -> None:
    assert ask(shipped, text)["flow"] == journey


@pytest.mark.parametrize(
    ("text", "page"),
    [
        ("ערפל כימי שנתיים אחרי, זה נשאר לתמיד?", "survivorship.chemo_brain"),
        ("في يوغا او تأمل للمرضى اللي بتعالجوا؟ بدي اشي يهديني شوي", "integrative.mindfulness"),
        (
            "סיימתי טיפולים לפני שנה ועדיין כפות הרגליים נמלות זה יעבור פעם?",
            "survivorship.neuropathy",
        ),
    ],
)
def test_a_short_question_people_write_about_our_journeys_goes_to_its_page(
    shipped: Library, text: str, page: str
) -> None:
    """It names no cancer and the pages match it only fairly; people's own messages read it
    as that journey, so the bot goes to the page instead of offering choices."""
    found = ask(shipped, text)
    assert f"{found['flow']}.{found['node']}" == page and found["score"] >= 75, found


@pytest.mark.parametrize(
    ("text", "journey"),
    [
        ("Как оформить группу инвалидности после инсульта?", None),
        ("does medicare cover a knee replacement?", None),
        ("У мамы рак груди, как оформить группу инвалидности?", "family_support"),
    ],
)
def test_another_country_s_benefits_are_outside_unless_the_question_is_about_cancer(
    shipped: Library, text: str, journey: str | None
) -> None:
    found = ask(shipped, text)
    assert found["flow"] == journey and found["scope"] == ("out" if journey is None else "in")


@pytest.mark.parametrize(
    "text",
    [
        "what do I do now?",
        "should i call?",
        "he says he's fine",
        "שו بعمل هلأ؟",
        "מה עושים עכשיו",
        "что делать?",
        "дать акамоль?",
    ],
)
def test_a_short_question_just_after_an_alert_hears_the_alert_again(shipped, text) -> None:
    reader = understander(shipped)
    after = State(lang="en", alert=("emergency", "stroke"))
    hit = reader.read(after, text).understanding.safety
    assert hit is not None and hit.rule_id == "stroke", text
    assert reader.read(State(lang="en"), text).understanding.safety is None, text


@pytest.mark.parametrize(
    "text",
    [
        "thank you so much",
        "my mum has breast cancer, what is hormone therapy?",
        "what are the side effects of the chemo she had yesterday and will they pass soon?",
    ],
)
def test_thanks_or_a_question_of_its_own_after_an_alert_is_answered_as_usual(shipped, text) -> None:
    after = State(lang="en", alert=("emergency", "fever_high"))
    assert understander(shipped).read(after, text).understanding.safety is None, text


def test_an_alert_whose_rule_is_gone_after_a_reload_is_not_repeated(shipped) -> None:
    after = State(lang="en", alert=("emergency", "no_such_rule"))
    assert understander(shipped).read(after, "what now?").understanding.safety is None
