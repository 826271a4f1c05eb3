"""The safety check catches red flags and crises in every language, and not idioms."""

from __future__ import annotations

import pytest

from bot.content.library import Library
from bot.core.engine import step
from bot.core.events import Press, Typed
from bot.core.replies import ReplyKind
from bot.core.state import Frame
from bot.understand.readers import interpret, understander
from tests.core.test_engine import NOW, started


def kind_of(check, text: str) -> str | None:
    """The kind of alarm a text raises ("emergency", "crisis"), or None."""
    hit = check(text)
    return hit.kind if hit is not None else None


@pytest.fixture(scope="module")
def check(shipped: Library):
    safety = understander(shipped).safety
    assert safety is not None
    return safety.check


@pytest.mark.parametrize(
    "text",
    [
        "fever 38.5 after chemo",
        "38,5",
        "101F",
        "temp 39 degrees",
        "my mother is shivering after chemo",
        "חום 38.2 אחרי כימו",
        "לאבא שלי יש חום 39 מעלות",
        "יש לי חום",
        "температура 38,6 после химии",
        "у мужа жар",
        "u menya temperatura 39",
        "عندي حرارة ٣٨٫٥",
        "ابني عنده سخونة بعد الكيماوي",
        "I can't breathe",
        "my husband is coughing blood",
        "she fainted and is confused",
        "he suddenly can't feel his legs",
        "black stool since yesterday",
    ],
)
def test_emergencies_are_caught(check, text: str) -> None:
    assert kind_of(check, text) == "emergency", text


@pytest.mark.parametrize(
    "text",
    [
        "i want to die",
        "my husband says he wants to end his life",
        "אני לא רוצה לחיות יותר",
        "хочу покончить с собой",
        "بدي انتحر",
        "i want to kill myself",
    ],
)
def test_crises_are_caught_first_and_third_person(check, text: str) -> None:
    assert kind_of(check, text) == "crisis", text


@pytest.mark.parametrize(
    "text",
    [
        "this waiting is killing me",
        "I'm dying to know the results",
        "my boss will kill me",
        "its 39 degrees outside",
        "no fever today",
        "what is a biopsy",
        "thank you so much",
        "fever 37.4 this morning after chemo",
    ],
)
def test_idioms_and_harmless_messages_are_not_alarms(check, text: str) -> None:
    assert check(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "what temperature counts as a fever when you're on chemo",
        "איזה חום נחשב חום בכימותרפיה",
        "какая температура считается опасной при химии",
        "شو بتعتبر حرارة وقت الكيماوي",
        "מאיזה חום צריך להתקשר למחלקה כשמקבלים כימותרפיה?",
        "при какой температуре надо звонить в отделение, если идет химия?",
        "قديش الحرارة اللي بتعتبر خطر وقت الكيماوي؟",
    ],
)
def test_a_question_about_the_fever_threshold_gets_the_fever_reply_and_its_page(
    shipped: Library, text: str
) -> None:
    # Issue 9: a question about fever still gets the fever safety reply, and with it a button
    # to the page about fever; pressing it opens the page.
    content = shipped.content
    state = started(content)
    found = interpret(shipped, state, text)
    assert found.safety is not None and found.safety.rule_id == "fever", found
    result = step(content, state, Typed(found), NOW)
    assert result.replies[0].kind is ReplyKind.ALERT
    first = result.replies[0].buttons[0][0]
    opened = step(content, result.state, Press(first.action, state.here, content.version), NOW)
    assert opened.state.here == Frame("treatment", "red_flags")


@pytest.mark.parametrize(
    "text",
    [
        "what counts as a fever? my wife is shivering",
        "does 38.5 count as a fever? he is on chemo",
        "какая температура считается опасной? у мамы 38.3",
    ],
)
def test_a_fever_question_with_a_reading_or_a_symptom_still_alarms(check, text: str) -> None:
    assert kind_of(check, text) == "emergency", text


def test_a_fever_days_ago_that_was_treated_and_is_over_is_not_an_alarm(check) -> None:
    assert check("had a fever last week after chemo, got antibiotics, fine now") is None
    assert (
        check("на прошлой неделе была температура после химии, дали антибиотики, всё прошло")
        is None
    )


@pytest.mark.parametrize(
    "text",
    [
        "had a fever of 38.4 after chemo last week, got antibiotics, fine now",  # a reading
        "Chemo was last week. Nausea is better now. Fever 38.5 since the evening",
        "בשבוע שעבר כימו, עכשיו הוא בסדר אבל יש לו חום",  # 'last week' is the chemo's
        "what temperature counts as a fever, he is 38",
    ],
)
def test_a_reading_or_a_fever_now_is_never_explained_away(check, text: str) -> None:
    assert kind_of(check, text) == "emergency", text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'm so tried of living like this", "crisis"),  # a slip that makes another word
        ("I want to cut my writs", "crisis"),
        ("leg numbness and back pain, my hands are ok", "emergency"),  # hands: far from legs
        ("مش عارف اتنفس", "emergency"),  # "I don't know" is also "I can't" breathe
        ("у мамы какой-то бред после химии", "emergency"),  # delirium, not nonsense
        ("اتمنى اني اموت", "crisis"),
    ],
)
def test_alarms_found_in_review_are_caught(check, text: str, kind: str) -> None:
    assert kind_of(check, text) == kind, text


@pytest.mark.parametrize(
    "text",
    [
        "Two months ago my husband fainted in the kitchen, it turned out his blood pressure pills"
        " were too strong. He is on chemo for bowel cancer. Can he still drive to his"
        " appointments?",
        "Last year she coughed up blood and was admitted, it was treated and all clear on the last"
        " scan. Which vitamins are good after lung surgery?",
        "לפני חודשיים אבא התעלף בבית, התברר שזה מהתרופות ללחץ דם. מאז הוא בסדר. אפשר לקבל הסעה"
        " לטיפולים?",
        "לפני חצי שנה היה לה דם בשתן בזמן ההקרנות, טיפלו בזה ומאז הכל בסדר. מגיע לה החזר על"
        " נסיעות?",
        "قبل شهرين جوزي اغمي عليه بالبيت، طلع السبب انه ضغطه واطي من الدوا، وكل شي تمام هلأ. بيقدر"
        " يسوق للعلاج؟",
        "Полгода назад у мамы на химии была кровь в моче, вылечили, сейчас все хорошо. Положена ли"
        " ей льгота на такси?",
        "My dad is 75 and on warfarin. Last month he tripped and hit his head, the CT at A&E was"
        " normal and he is completely himself. Does enzalutamide interact with warfarin?",
    ],
)
def test_a_red_flag_weeks_back_that_was_dealt_with_is_not_an_alarm(check, text: str) -> None:
    assert check(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "Two months ago my husband fainted, it turned out to be his blood pressure pills. Today he"
        " fainted again in the shower.",
        "He had chemo last week, now he is fainting and confused, he was fine before.",
        "לפני חודשיים אבא התעלף, התברר שזה מהתרופות. היום הוא שוב התעלף במקלחת",
        "אבא היה בכימו בשבוע שעבר, עכשיו יש לו דם בשתן והרבה",
        "قبل شهرين جوزي اغمي عليه، طلع السبب الدوا. اليوم اغمي عليه مرة تانية",
        "Полгода назад у мамы была кровь в моче, вылечили. Сегодня опять кровь в моче",
        "Месяц назад была химия, сейчас рвота кровью",
        # what was dealt with is told before a new red flag, not after it
        "Last month she had a clot in her leg and it was treated, all healed, and she is coughing"
        " up blood",
        "two weeks ago he fainted, turned out to be dehydration, and he is confused and sleepy",
    ],
)
def test_a_red_flag_that_is_back_or_dates_only_the_treatment_still_alarms(check, text: str) -> None:
    assert kind_of(check, text) == "emergency", text


@pytest.mark.parametrize(
    "text",
    [
        "had a fever last week, got antibiotics, fine now, but today it is 38.3 again",
        "had a fever last week after chemo, it went down with paracetamol",
        "fever 38.6 yesterday after chemo, fine now",
    ],
)
def test_a_fever_that_is_back_or_only_hidden_by_paracetamol_still_alarms(check, text: str) -> None:
    assert kind_of(check, text) == "emergency", text


@pytest.mark.parametrize(
    "text",
    [
        "Dear doctor, I'm 50 and feel perfectly well, no chest pain, no headaches, and I cycle to"
        " work. Should I take a statin for my cholesterol?",
        "The scan showed a small nodule. I have no trouble swallowing or breathing and my voice is"
        " normal. Is it safe to wait a year?",
        "My mother is on chemo, cycle 3. She is well and has had no fevers so far. How long should"
        " my son with the flu keep away from her?",
        "The Doppler was normal. He has no pain in his legs and no breathlessness. Should he wear"
        " stockings?",
        "She is fine, no fever, cough or breathlessness, only tired. Can she travel next week?",
        "אחרי הניתוח אין לו קוצר נשימה ואין כאבים בחזה, רק עייפות. מתי מותר לו לנהוג?",
        "الحمد لله ما عنده حرارة ولا ضيق نفس، بس تعبان شوي. بيقدر يسافر؟",
        "Жалоб никаких, крови в моче нет, одышки нет. Нужна ли ему МРТ простаты?",
        "Маме лучше: нет одышки, нет боли в груди. Когда следующий курс?",
    ],
)
def test_a_red_flag_said_to_be_absent_is_not_an_alarm(check, text: str) -> None:
    assert check(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "he has chest pain and no fever",
        "No. He is coughing blood",
        "no stool for 5 days and vomiting, belly swollen",
        "אין לו נשימה",
        "ابوي ما في نفس",
        "он без сознания",
        "у него кровь в моче, нет сил встать",
        # a reading after words of having is a temperature: low in a short message, high in a
        # long one too
        "у него 35,4 после химии",
        "יש לה 35.6 אחרי הכימו",
        "Since yesterday afternoon he has 38,4 and now at night 38,7, he is very weak and sleeps"
        " most of the day. We have the appointment on Sunday for the next cycle anyway. My question"
        " is about the Creon, he takes it with every meal",
    ],
)
def test_a_red_flag_beside_a_negation_that_is_not_about_it_still_alarms(check, text: str) -> None:
    assert kind_of(check, text) == "emergency", text


@pytest.mark.parametrize(
    "text",
    [
        "I'm on bevacizumab; my blood pressure was 158/96 at the last visit, my temperature is"
        " normal. Should I measure it every day?",
        "I'm 35 and on BEP, cycle 2. I check my temperature twice a day and it's always between"
        " 36.4 and 36.8. Is swimming allowed with a port?",
    ],
)
def test_a_blood_pressure_or_an_age_is_not_a_low_temperature(check, text: str) -> None:
    assert check(text) is None, text


def test_no_will_to_live_is_a_crisis_not_an_absent_red_flag(check) -> None:
    assert kind_of(check, "I have no will to live anymore") == "crisis"


def test_numb_fingers_and_toes_are_nerve_damage_but_numb_legs_are_an_emergency(check) -> None:
    assert check("chemo ended a year ago and my fingers and toes are still numb") is None
    assert check("после химии онемение в пальцах ног, пройдет?") is None
    for text in (
        "his legs went numb this morning",
        "נימול ברגליים מהבוקר",
        "legs numb, can't walk",
    ):
        assert kind_of(check, text) == "emergency", text


def test_a_real_word_is_not_read_as_a_typo_of_an_alarming_one(check) -> None:
    assert check("שוכחת מילים, מאבדת מפתחות, זה כימו ברין?") is None  # loses, not kills herself
    assert check("в анализе онкомаркер повышен, это точно рак?") is None  # raised, not hang myself
    assert kind_of(check, "i keep thinking about suicde") == "crisis"  # a slip still counts


@pytest.mark.parametrize(
    "text",
    [
        "ما بدي أصحى بكرا، تعبت من كل اشي",
        "לפעמים אני מתפללת לא להתעורר בבוקר",
        "хочу уснуть и не проснуться",
        "everyone would be better off without me",
        "صرت افكر أأذي حالي",
        # a wish not to wake up, or to be taken in one's sleep
        "I wish I could just not wake up",
        "every night I pray God takes me in my sleep",
        "he wishes he could close his eyes and that would be the end",
        "כל לילה אני מבקשת לא לקום בבוקר",
        "בא לי להיעלם ולא לקום מחר",
        "كل ليلة بدعي ربنا ياخدني",
        "حابة نطيح من البالكون",
        "каждую ночь прошу, чтобы утром всё закончилось",
        "хочу закрыть глаза и больше не открывать",
    ],
)
def test_indirect_wishes_to_die_and_self_harm_are_crises(check, text: str) -> None:
    assert kind_of(check, text) == "crisis", text


def test_words_that_only_share_a_stem_with_a_red_flag_are_not_alarms(check) -> None:
    assert check("حدا بعتلي عن حمية بتقطع السكر، صحيح؟") is None  # diet, not fever
    assert check("كيف بحكي لولادي؟ ما بعرف من وين ابلش") is None  # I don't know
    assert check("подруга скинула про щелочную диету, правда или бред?") is None  # nonsense
    # she did not recognise me
    assert kind_of(check, "امي ما عرفتني اليوم وصارت تحكي كلام غريب") == "emergency"


def test_swollen_lips_during_an_infusion_in_levantine_arabic(check) -> None:
    assert kind_of(check, "وقت التسريب شفايفي ولساني بلشوا ينفخوا") == "emergency"


def test_every_rule_phrase_on_its_own_is_caught(shipped: Library, check) -> None:
    """No idiom, question frame or `unless` word may hide a rule's own phrase."""
    data = shipped.documents["content/safety.yaml"].data
    missed = []
    for rule in data["rules"]:
        needed = next(iter(rule.get("requires", {}).get("en", [])), "")
        for texts in rule["phrases"].values():
            for text in texts:
                if check(f"{text} {needed}".strip()) is None:
                    missed.append((rule["id"], text))
    assert not missed, missed[:20]


@pytest.mark.parametrize(
    "text",
    [
        "он уже знает как заполнить форму",
        "щас уже 8 месяцев как закончили все, чисто, слава богу. можно лететь?",
        "إذا ما أخد علاج كيماوي له، واكتفى بالمسكنات، شو بصير؟",
        "בבוקר היא לא רוצה לקום מהמיטה, עייפה",
        "I don't want to be around when they do the scan, it scares me",
    ],
)
def test_everyday_words_beside_the_wishes_not_to_wake_up_are_no_crisis(check, text: str) -> None:
    assert kind_of(check, text) != "crisis", text


def test_the_words_of_red_flags_said_to_be_absent_are_known_for_routing(shipped: Library) -> None:
    safety = understander(shipped).safety
    assert safety is not None
    text = "He is fine, no chest pain. Does he need a scan?"
    assert safety.denied_words(text) == frozenset({4, 5})  # "chest pain"
    assert safety.denied_words("he has chest pain") == frozenset()
