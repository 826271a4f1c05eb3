"""Real people's messages: stories, greetings, named cancers and medicines, scope, distress."""

from __future__ import annotations

from typing import Any

import pytest

from bot.content.library import Library
from bot.core.screens import HOME
from bot.core.state import Frame, State
from bot.understand.ask import ask
from bot.understand.interpret import CONFIDENT
from bot.understand.readers import interpret
from tests.understand.test_realworld import REALWORLD, load_set


@pytest.fixture(scope="module")
def answer(shipped: Library):
    def run(text: str, lang: str | None = None) -> dict[str, Any]:
        return ask(shipped, text, lang)

    return run


def ui(shipped: Library, key: str, lang: str = "en") -> str:
    return shipped.content.ui_text(key, lang)


def test_a_greeting_and_a_name_before_numbered_questions_do_not_swallow_them(answer) -> None:
    found = answer(
        "Hi, my name is Miriam and I live in Haifa. My husband was just diagnosed with "
        "colon cancer. I have a few questions: 1) what tests will he need before treatment "
        "2) what is staging 3) how long do biopsy results take 4) who explains the results?"
    )
    assert found["flow"] == "diagnosis" and found["safety"] is None
    assert "How can I help" not in found["reply"]


def test_a_six_sentence_story_routes_by_its_question_not_an_incidental_word(answer) -> None:
    found = answer(
        "My dad is 67. Last month he had surgery to remove part of his colon. "
        "The surgeon said they got it all but found it in two lymph nodes. "
        "He hates needles and the blood tests every week upset him. "
        "His heart is fine and he walks every day. "
        "What treatment options does he have now?"
    )
    assert found["flow"] == "treatment"
    assert found["node"] not in ("acupuncture", "heart", "first_days")


@pytest.mark.parametrize(
    ("text", "flow", "node"),
    [
        ("My wife was prescribed anastrozole. What is it?", "treatment", "hormone"),
        ("what are the side effects of keytruda", "treatment", "immuno_side_effects"),
        ("my father has stage 4 pancreatic cancer, how long does he have?", "diagnosis", "outlook"),
        ("is stage 4 breast cancer curable", "diagnosis", "outlook"),
        (
            "my mother and aunt both had ovarian cancer, is it hereditary? should I be tested?",
            "diagnosis",
            "inherited",
        ),
    ],
)
def test_what_the_person_wants_decides_the_page(answer, text, flow, node) -> None:
    found = answer(text)
    # the page or one of its steps ("inherited", "inherited_genes")
    assert found["flow"] == flow and found["node"].startswith(node), found["suggestions"]


@pytest.mark.parametrize(
    ("text", "page", "named"),
    [
        ("I have a stoma after bowel surgery, can I swim?", "survivorship.stoma", "stoma"),
        ("אחרי ניתוח במעי יש לי סטומה, מותר לשחות?", "survivorship.stoma", "stoma"),
        ("بعد عملية القولون عملولي ستوما، شو لازم آكل؟", "survivorship.stoma", "stoma"),
        ("была операция, вывели стому, можно ли плавать?", "survivorship.stoma", "stoma"),
        (
            "I had a mastectomy last year and now I am thinking about reconstruction, "
            "implant or DIEP?",
            "survivorship.reconstruction",
            "breast_reconstruction",
        ),
        (
            "אחרי כריתת שד, מתי אפשר לעשות שחזור?",
            "survivorship.reconstruction",
            "breast_reconstruction",
        ),
        (
            "بعد استئصال الثدي هل ممكن اعمل ترميم بنفس العملية؟",
            "survivorship.reconstruction",
            "breast_reconstruction",
        ),
        (
            "после мастэктомии можно ли сделать реконструкцию груди?",
            "survivorship.reconstruction",
            "breast_reconstruction",
        ),
        (
            "my brother has AML and needs a bone marrow transplant, can I be the donor?",
            "treatment.transplant",
            "stem_cell_transplant",
        ),
        (
            "אבא שלי עם מיאלומה, אמרו לו השתלה עצמית. מה זה אומר?",
            "treatment.transplant",
            "stem_cell_transplant",
        ),
        (
            "ابني عندو لوكيميا والدكتور حكى عن زراعة نخاع، كيف بتصير؟",
            "treatment.transplant",
            "stem_cell_transplant",
        ),
        (
            "мужу с лимфомой предлагают аутотрансплантацию стволовых клеток, как это проходит?",
            "treatment.transplant",
            "stem_cell_transplant",
        ),
        ("Can I fly abroad during chemotherapy?", "treatment.travel", None),
        ('מותר לטוס לחו"ל בזמן כימותרפיה?', "treatment.travel", None),
        ("هل بقدر سافر بالطيارة وانا باخد كيماوي؟", "treatment.travel", None),
        ("Можно ли лететь на самолёте во время химиотерапии?", "treatment.travel", None),
        ("My platelets are low, will I need a blood transfusion?", "treatment.blood_counts", None),
        ("הטסיות נמוכות אחרי הכימו, מה עושים?", "treatment.blood_counts", "low_platelets"),
        ("الصفائح الدموية نازلة بعد الكيماوي، شو يعني؟", "treatment.blood_counts", None),
        ("после химии упал гемоглобин, нужно ли переливание?", "treatment.blood_counts", None),
    ],
)
def test_common_questions_without_a_page_before_have_their_own_page(
    answer, text, page, named
) -> None:
    """Common questions of people after bowel surgery, a mastectomy, before a transplant or
    a holiday, or with low blood counts («стома» is not «стоматит», mouth sores; a flight is
    not a vaccine or faith; low platelets are not a question about massage)."""
    found = answer(text)
    assert f"{found['flow']}.{found['node']}" == page, found["suggestions"]
    assert named is None or named in [item["id"] for item in found["about"]]


def test_the_first_line_names_the_cancer_type_that_was_understood(answer, shipped) -> None:
    found = answer("My brother has mesothelioma. What treatments are there?")
    label = next(n for n in found["about"] if n["kind"] == "cancer")
    assert label == {"kind": "cancer", "id": "mesothelioma"}
    first_line = found["reply"].splitlines()[0]
    assert "mesothelioma" in first_line.casefold()
    assert "general information" in first_line  # no page only about mesothelioma


@pytest.mark.parametrize(
    "text",
    [
        "What is the best diet for type 2 diabetes?",
        "my son has asthma, which inhaler is better",
        "מה עושים נגד כאבי מיגרנה?",
        "у меня повышенный холестерин, что делать",
        "عندي سكري وضغط، شو لازم آكل؟",
        "ابني عمره 6 سنين وصار يبول بالفراش كل ليلة من شهرين، شو ممكن نعمل؟",
        "How effective is a morning after pill if she was ovulating?",
        "Постинор можно пить через три дня?",
        "عندي حساسية من الغبار وعطس كتير شو الحل",
        "I'm allergic to dust and keep sneezing, what can I take?",
        "knee hurts going down stairs what is it",
        "колено болит после бега уже 2 недели, к ортопеду или подождать",
        "shingles vaccine is it in the basket for over 60",
        "cant sleep for weeks is melatonin safe long term",
        "геморрой после родов, что помогает",
        "heartburn every night and omeprazole does not help",
        "عندي تكيس على المبايض والدكتورة قالت لازم انزل وزن، هل بيمنع الحمل؟",
        "גוש שומן בגב, באולטרסאונד אמרו ליפומה, צריך להוציא?",
        "my son has chickenpox, can he go back to kindergarten?",
        "I take Cipralex and feel tired all day, should I switch?",
        "عندي فتق بالبطن، لازم عملية؟",
        "بنتي عندها التهاب بالاذن من يومين",
        "יש לי פיברומיאלגיה וכאבים בכל הגוף, מה עוזר?",
        "הבן שלי עם דלקת אוזניים, לתת אנטיביוטיקה?",
        "у меня эндометриоз, можно ли забеременеть?",
        "у ребенка глисты, какое средство лучше?",
    ],
)
def test_another_disease_gets_the_honest_out_of_scope_answer(answer, shipped, text) -> None:
    found = answer(text)
    assert found["scope"] == "out" and found["flow"] is None
    assert ui(shipped, "out_of_scope", found["lang"]) in found["reply"]
    assert "1-800-599-995" in found["reply"]


@pytest.mark.parametrize(
    "text",
    [
        "Hi everyone, I'm a nursing student writing my thesis on how families cope when a parent"
        " has cancer. Would anyone be willing to fill out a short questionnaire?",
        "مرحبا، أنا طالبة تمريض وأعمل بحث تخرج عن مرضى السرطان وعائلاتهم، هل يمكنكم تعبئة"
        " الاستبيان؟",
        "Здравствуйте, пишу диплом об онкологических пациентах, помогите заполнить анкету",
        "שלום, אני סטודנטית לסיעוד וכותבת עבודה סמינריונית על חולי סרטן, אשמח אם תמלאו שאלון קצר",
    ],
)
def test_a_survey_about_cancer_is_outside_what_the_bot_answers(answer, shipped, text) -> None:
    # Not a person's own question, whatever cancer words it uses: the honest answer.
    found = answer(text)
    assert found["scope"] == "out" and found["flow"] is None, found
    assert ui(shipped, "out_of_scope", found["lang"]) in found["reply"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I can't sleep at night from fear, I cry all the time", "en"),
        ("אני לא ישנה בלילות מרוב פחד ובוכה כל הזמן", "he"),
        ("не могу спать по ночам от страха, всё время плачу", "ru"),
        ("ما بقدر انام بالليل من الخوف وبضل ابكي", "ar"),
        ("مش قادرة اوقف تفكير فيه", "ar"),
        ("I can't stop thinking about it since the scan", "en"),
        ("לא מפסיקה לחשוב על זה מאז האבחנה", "he"),
        ("не могу перестать думать о маминой болезни", "ru"),
        ("ابوي عملولو ستوما وهو زعلان كتير وما بدو يطلع من البيت", "ar"),
    ],
)
def test_a_distressed_message_gets_a_kind_sentence_first(answer, shipped, text, lang) -> None:
    found = answer(text, lang)
    assert found["safety"] is None
    assert found["reply"].startswith(ui(shipped, "distress_kind", lang))
    assert found["suggestions"] or found["flow"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I'm tired of fighting", "en"),
        ("נמאס לי להילחם", "he"),
        ("не хочу больше бороться", "ru"),
        ("تعبت من المقاومة", "ar"),
        ("I'm so tired of all this. Every day is a fight and nobody understands.", "en"),
        ("אני עייפה מהכל, כל יום מלחמה ואף אחד לא מבין", "he"),
        ("Я так устала от всего, каждый день борьба", "ru"),
        ("تعبت من كل شي، كل يوم معركة وما حدا فاهمني", "ar"),
    ],
)
def test_a_message_that_only_says_how_the_person_feels_is_offered_support(
    answer, shipped, text, lang
) -> None:
    found = answer(text, lang)
    assert found["safety"] is None and found["scope"] == "in"
    assert found["reply"].startswith(ui(shipped, "distress_kind", lang))
    assert ui(shipped, "support_offer", lang) in found["reply"]
    assert (found["flow"], found["node"]) == ("family_support", "psycho_onc")
    assert found["score"] < CONFIDENT  # offered, not a page chosen for them


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("не могу больше, плачу каждую ночь, мама на химии и я не справляюсь", "ru"),
        ("تعبت كتير، ما بنام الليل من الخوف وبضل ابكي", "ar"),
        ("אני כבר לא יכולה יותר, אני בוכה כל הלילה", "he"),
    ],
)
def test_choices_after_a_kind_sentence_start_with_emotional_support(
    answer, shipped, text, lang
) -> None:
    found = answer(text, lang)
    assert found["reply"].startswith(ui(shipped, "distress_kind", lang))
    assert ui(shipped, "support_offer", lang) in found["reply"]
    state = State(lang=lang, stack=(HOME,), version=shipped.content.version)
    offered = interpret(shipped, state, text).suggestions
    assert offered[0] == Frame("family_support", "psycho_onc"), offered
    assert Frame("family_support", "dying_home") not in offered
    # `ask --json` reports what the person is offered first, not a page they never see.
    first = found["suggestions"][0]
    assert (first["flow"], first["node"]) == ("family_support", "psycho_onc"), found
    assert (found["flow"], found["node"]) == ("family_support", "psycho_onc"), found


def test_distress_with_a_topic_still_goes_to_that_topic(answer, shipped) -> None:
    found = answer("I'm so scared of the chemo tomorrow, what is the first treatment like?")
    assert found["reply"].startswith(ui(shipped, "distress_kind"))
    assert found["flow"] == "treatment"


def test_distress_about_another_disease_is_kind_and_honest(answer, shipped) -> None:
    found = answer("I'm so scared and I cry all the time, my diabetes is out of control")
    assert found["scope"] == "out" and found["flow"] is None
    assert found["reply"].startswith(ui(shipped, "distress_kind"))
    assert ui(shipped, "out_of_scope") in found["reply"]


@pytest.mark.parametrize(
    "text",
    [
        "For someone on chemotherapy, what meals should they eat and what should they avoid?",
        "что нельзя есть во время химии",
        "מה אסור לאכול בזמן כימו",
    ],
)
def test_what_to_eat_during_treatment_leads_to_a_page_about_eating(answer, text) -> None:
    """Not to the questions to ask before treatment, which only lists "what should I eat?"."""
    found = answer(text)
    eating = {("integrative", "nutrition"), ("treatment", "eating")}
    assert (found["flow"], found["node"]) in eating, found["suggestions"]


DEATH_PAGES = {"after_death", "last_days", "death_home", "death_hospital", "burial", "grief"}


def test_a_story_that_asks_will_she_die_is_offered_the_outlook_page_first(answer) -> None:
    found = answer(
        "My mum was diagnosed with breast cancer last week. I'm 16 and my dad won't tell me"
        " anything. She keeps saying she is fine but I heard her crying on the phone. I looked"
        " it up online and now I can't stop thinking about it. Does this mean she will most"
        " likely die?"
    )
    assert (found["flow"], found["node"]) == ("diagnosis", "outlook"), found["suggestions"]


def test_a_family_story_with_no_page_of_its_own_opens_the_journeys_first_page(answer) -> None:
    """Not a page that shares a word or two with it, such as the page after a death."""
    found = answer(
        "My father is 70 and was diagnosed with lung cancer last month. We are a big family and"
        " everyone has an opinion, my brothers argue about everything, and my mother is"
        " exhausted from driving him around. I live abroad and feel guilty all the time. What"
        " can we do as a family?"
    )
    assert (found["flow"], found["node"]) == ("family_support", "intro"), found["suggestions"]
    assert not DEATH_PAGES & {s["node"] for s in found["suggestions"]}


def test_every_not_sure_answer_names_who_could_answer(shipped) -> None:
    for lang in ("he", "ar", "ru", "en"):
        assert "1-800-599-995" in ui(shipped, "not_understood", lang)
        assert "1-800-599-995" in ui(shipped, "out_of_scope", lang)


def test_the_medicine_named_last_is_the_one_the_question_asks_about(answer) -> None:
    found = answer(
        "My mother finished six rounds of carboplatin and paclitaxel for ovarian cancer. "
        "Now the doctor offers olaparib. What is it and what are the side effects?"
    )
    assert (found["flow"], found["node"]) == ("treatment", "side_effects"), found["node"]


def test_choices_are_never_introduced_as_general_information(answer, shipped) -> None:
    offered = 0
    for path in REALWORLD:
        for message in load_set(path):
            found = answer(message["text"])
            if found["suggestions"] and found["score"] < CONFIDENT and found["safety"] is None:
                offered += 1
                lang = found["lang"]
                general = ui(shipped, "understood_general", lang).split("{about}")[1][:20]
                assert general not in found["reply"], message["text"][:80]
    assert offered > 20


def test_the_right_side_is_not_a_question_about_rights(answer) -> None:
    found = answer("I have had a dull pain in my right armpit for weeks. Should I get it checked?")
    assert found["wants"] != "rights"
    assert answer("what rights do I have at work during chemo")["wants"] == "rights"


@pytest.mark.parametrize(
    "text",
    [
        "האם כדאי לחפש מוטציה נוספת בביופסיה נוזלית אצל אבא, שיש לו מוטציה ב EGFR?",
        "у отца в опухоли мутация EGFR, что это значит?",
        "ما معنى طفرة EGFR في ورم الرئة عند ابي؟",
    ],
)
def test_a_tumours_mutation_is_not_a_question_about_heredity(answer, text) -> None:
    assert answer(text)["wants"] != "heredity"


@pytest.mark.parametrize(
    "text",
    [
        "My husband has had a benign tumour in his brain for two years and takes three pills a day"
        " now. The headaches are getting worse at night. Which painkiller is safe with his pills?",
        "לבעלי יש גידול שפיר במוח כבר שנתיים והוא לוקח שלושה כדורים ביום. כאבי הראש מחמירים"
        " בלילה. איזה משכך כאבים בטוח עם הכדורים שלו?",
    ],
)
def test_a_benign_tumour_is_not_taken_for_cancer(answer, text) -> None:
    found = answer(text)
    assert found["scope"] == "out" and found["flow"] is None, found


@pytest.mark.parametrize(
    "text",
    [
        "I have a breast lump that has been found to be non-cancerous. I need a hospital to have"
        " it removed, not a teaching hospital. Can you suggest one?",
        "عندي كتلة بالثدي وطلعت حميدة بالفحص، بدي مستشفى خاص رخيص يعملولي العملية لازالتها",
    ],
)
def test_a_lump_found_benign_is_outside_what_the_bot_covers(answer, text) -> None:
    found = answer(text)
    assert found["scope"] == "out" and found["flow"] is None, found


@pytest.mark.parametrize(
    "text",
    [
        "They found a growth in my mother's womb and took a sample to know whether it is benign"
        " or malignant. All her blood tests were normal: can it still be malignant?",
        "وجدوا عند امي ورم بالرحم واخذوا عينة ليعرفوا اذا هو حميد ام خبيث، كل التحاليل سليمة،"
        " هل ممكن يكون خبيث؟",
    ],
)
def test_benign_or_malignant_asked_is_a_question_the_bot_covers(answer, text) -> None:
    found = answer(text)
    assert found["scope"] != "out" and found["flow"] == "diagnosis", found


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        (
            "I found a lump in my breast two weeks ago and the ultrasound showed nothing because"
            " my tissue is dense. The MRI is on Friday and I am so anxious, I took Advil for the"
            " pain but it does not help much. What happens after the MRI if they still see"
            " something?",
            "diagnosis",
        ),
        (
            "My doctor at Clalit got me a licence for medical cannabis for pain and sleep during"
            " treatment. I never used it in my life and I'm 67. Oil or flowers, what's better for"
            " a beginner? Does it mix badly with the oxycodone I'm already taking?",
            "integrative",
        ),
    ],
)
def test_a_story_of_ours_is_not_put_outside_by_a_painkiller_it_mentions(answer, text, flow) -> None:
    found = answer(text)
    assert found["scope"] != "out" and found["flow"] == flow, found


@pytest.mark.parametrize(
    "text",
    [
        "My mum was just diagnosed with pancreatic cancer and the doctor said it has spread to"
        " the liver. How long does she have?",
        "Маме только что поставили рак поджелудочной железы, врач сказал, что есть метастазы в"
        " печени. Сколько ей осталось?",
    ],
)
def test_outlook_asked_outright_after_a_story_goes_to_the_outlook_page(answer, text) -> None:
    """Not "I'm not sure I understood" beside it: the question said what it wants."""
    found = answer(text)
    assert (found["flow"], found["node"]) == ("diagnosis", "outlook"), found
    assert found["score"] >= CONFIDENT


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("הרופא אמר שיש לי BRCA2, האם הילדים שלי צריכים להיבדק?", "he"),
        ("I tested positive for BRCA1, should my kids be tested?", "en"),
    ],
)
def test_a_brca_result_is_about_cancer_and_its_heredity(answer, text, lang) -> None:
    found = answer(text, lang)
    assert found["scope"] == "in" and found["wants"] == "heredity", found
    assert found["flow"] == "diagnosis" and found["node"].startswith("inherited"), found


@pytest.mark.parametrize(
    "text",
    [
        "בעלי עם סרטן לבלב, הוא לא אוכל כלום כבר שבוע ומאבד משקל. מה אפשר לעשות?",
        "My husband has pancreatic cancer and he has stopped eating, he is losing weight. What"
        " can be done?",
    ],
)
def test_what_can_be_done_about_a_symptom_leads_to_the_symptoms_page(answer, text) -> None:
    found = answer(text)
    first = found["suggestions"][0]
    assert (first["flow"], first["node"]) == ("integrative", "nutrition"), found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("אמא שלי עם סרטן ריאות גרורתי, מה האפשרויות לטיפול אחרי שהכימו לא עבד?", "he"),
        ("у мамы рак яичников, химия не помогла, что дальше?", "ru"),
        ("ابوي عنده سرطان رئة والكيماوي ما نفع، شو في خيارات؟", "ar"),
        ("Dad has lung cancer and the chemo didn't work, what else is there?", "en"),
    ],
)
def test_a_treatment_that_did_not_work_asks_for_the_options(answer, text, lang) -> None:
    assert answer(text, lang)["wants"] == "options"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Мама закончила четвёртый курс химии на прошлой неделе. Она очень слабая и почти не"
            " ест. Можно ли ей пить травы?",
            "ru",
        ),
        (
            "אמא סיימה את הסבב הרביעי של הכימו בשבוע שעבר. היא חלשה מאוד וכמעט לא אוכלת. מותר לה"
            " לשתות צמחי מרפא?",
            "he",
        ),
        (
            "امي خلصت الجلسة الرابعة من الكيماوي الاسبوع الماضي. هي تعبانة كتير وتقريبا ما"
            " بتاكل. بتقدر تشرب اعشاب؟",
            "ar",
        ),
    ],
)
def test_a_question_that_names_its_subject_is_answered_after_the_story(answer, text, lang) -> None:
    """The story is about weakness after chemo; the question asks about herbs. (In English
    the story model still reads this story as the last days: see the closing note.)"""
    nodes = [(s["flow"], s["node"]) for s in answer(text, lang)["suggestions"]]
    assert ("integrative", "supplements") in nodes[:2], nodes


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("My 8 year old asks if mommy will die. What do I tell him?", "en"),
        ("הבן שלי בן 7 שואל אם אמא תמות, מה אני אומרת לו?", "he"),
        ("ابني عمره 8 سنين بيسألني اذا ماما رح تموت، شو بجاوبه؟", "ar"),
        ("сыну 8 лет, он спрашивает, умрет ли мама. Что ему сказать?", "ru"),
    ],
)
def test_a_child_asking_if_a_parent_will_die_leads_to_talking_with_children(
    answer, text, lang
) -> None:
    """Not the page about what to do after a death."""
    found = answer(text, lang)
    assert (found["flow"], found["node"]) == ("family_support", "talk_children"), found


def test_working_during_treatment_is_about_work(answer) -> None:
    found = answer("Can I still work while getting radiation? My boss is asking me to come back.")
    assert found["flow"] == "survivorship" and found["node"].startswith("work"), found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("What are the symptoms of ovarian cancer?", "en"),
        ("what is leukemia", "en"),
        ("מה הסימנים של סרטן המעי הגס?", "he"),
        ("Какие симптомы рака яичников?", "ru"),
        ("شو اعراض سرطان المبيض؟", "ar"),
    ],
)
def test_a_short_question_about_a_cancer_with_no_page_gives_the_general_page_and_says_so(
    answer, shipped, text, lang
) -> None:
    """Not "I couldn't find that", and not a page that only shares the word "symptoms"."""
    found = answer(text, lang)
    assert (found["flow"], found["node"]) == ("diagnosis", "intro"), found
    assert found["score"] >= CONFIDENT
    assert found["about"] and found["about"][0]["kind"] == "cancer"
    general = ui(shipped, "understood_general", lang).split("{about}")[1][:20]
    assert general in found["reply"].splitlines()[0]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I have health anxiety, every headache makes me sure I have a brain tumour.", "en"),
        ("יש לי חרדת בריאות, כל כאב ראש אני בטוחה שיש לי גידול במוח", "he"),
        ("у меня канцерофобия, постоянно ищу у себя опухоли, что делать?", "ru"),
        ("عندي وسواس السرطان، كل يوم بفحص حالي وبخاف كتير", "ar"),
    ],
)
def test_the_fear_of_cancer_as_a_condition_is_outside_and_points_to_the_family_doctor(
    answer, shipped, text, lang
) -> None:
    """The person has no cancer journey to be guided through, though they say "tumour"; living
    in that fear is hard, so the kind sentence comes first."""
    found = answer(text, lang)
    assert found["scope"] == "out" and found["flow"] is None and found["safety"] is None
    assert found["reply"].startswith(ui(shipped, "distress_kind", lang))
    assert ui(shipped, "out_of_scope", lang) in found["reply"]


def test_an_everyday_dialect_word_is_not_stretched_into_a_medicines_name(answer) -> None:
    """«هالاشي» ("this thing") was read as Halaven (eribulin)."""
    found = answer("في فيزيوتيرابيا مختصة بهالاشي بكلاليت؟", "ar")
    assert "eribulin" not in {n["id"] for n in found["about"]}, found["about"]


def test_lowering_the_chance_it_comes_back_is_not_a_question_about_outlook(answer) -> None:
    found = answer(
        "Finished chemo and rads for breast cancer in March, now on tamoxifen for 5 years. I"
        " gained 8 kilos and feel like a different person. What should I eat and how much"
        " exercise to lower the chance it comes back? Is wine totally forbidden now?"
    )
    assert found["node"] != "outlook" and found["flow"] == "survivorship", found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("صحيح السكر بغذي السرطان؟ لازم امي تقطع الحلو نهائي", "ar"),
        ("does sugar feed cancer? should mom stop all sweets", "en"),
    ],
)
def test_does_sugar_feed_cancer_opens_the_page_on_cancer_diets(answer, text, lang) -> None:
    found = answer(text, lang)
    assert (found["flow"], found["node"]) == ("integrative", "cancer_diets"), found


@pytest.mark.parametrize(
    ("text", "lang", "node"),
    [
        (
            "здравствуйте, у мужа рак кишечника 3 стадия, после операции назначили кселоду."
            " сколько курсов обычно и как она переносится?",
            "ru",
            "chemo",
        ),
        (
            "My husband has prostate cancer and the urologist wants to start hormone therapy."
            " What does it do?",
            "en",
            "hormone",
        ),
    ],
)
def test_a_general_page_that_names_a_type_in_passing_is_not_held_back_for_other_types(
    answer, text, lang, node
) -> None:
    """The chemotherapy page names leukaemia once, hormone therapy breast cancer once: neither
    is a page about another cancer for a man with bowel or prostate cancer."""
    found = answer(text, lang)
    first = found["suggestions"][0]
    assert (first["flow"], first["node"]) == ("treatment", node), found


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("What is immunotherapy for melanoma?", "immunotherapy"),
        ("what is a biopsy for lung cancer", "biopsy"),
    ],
)
def test_a_short_question_about_a_treatment_or_test_for_a_cancer_is_about_that_term(
    answer, text, node
) -> None:
    """Not the diagnosis journey's first page: the question names what it asks about."""
    found = answer(text)
    assert found["node"] == node, found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("My mother has stage 4 lung cancer, what treatment options are there?", "en"),
        ("אמא שלי עם סרטן ריאות שלב 4, אילו אפשרויות טיפול יש?", "he"),
        ("у мамы рак легких 4 стадии, какие есть варианты лечения?", "ru"),
        ("امي عندها سرطان رئة مرحلة رابعة، شو خيارات العلاج؟", "ar"),
    ],
)
def test_the_options_asked_past_a_named_stage_are_the_treatment_options(answer, text, lang) -> None:
    found = answer(text)
    assert found["flow"] == "treatment" and found["score"] >= CONFIDENT, found
    assert {"kind": "cancer", "id": "lung"} in found["about"]  # still named on the first line


def test_a_named_test_still_leads_to_its_page_when_not_asked_past(answer) -> None:
    found = answer("what is a PET-CT and how do I prepare for it?")
    assert (found["flow"], found["node"]) != ("treatment", "types"), found
    assert found["flow"] == "diagnosis", found


def test_a_story_goes_to_its_page_when_what_its_question_wants_agrees(answer) -> None:
    # The story reads only fairly as family support; its question asks about money: both agree.
    found = answer(
        "My husband has stage 4 bowel cancer and stopped working in the summer. I also cut my"
        " hours so I can drive him to chemo at Ichilov. Is there any money from Bituach Leumi"
        " for him, or for me?"
    )
    assert found["wants"] == "rights"
    assert found["flow"] == "family_support" and found["score"] >= CONFIDENT, found


def test_living_with_the_fear_of_recurrence_is_not_a_question_about_outlook(answer) -> None:
    found = answer(
        "I finished treatment for breast cancer two years ago and I'm terrified it will come"
        " back. Every ache makes me panic. How do people live with this fear?"
    )
    assert found["wants"] != "outlook" and found["node"] != "outlook", found
    assert found["flow"] == "survivorship", found


def test_a_cancer_that_came_back_and_a_question_about_treatment_is_about_treatment(answer) -> None:
    found = answer(
        "My father has had lung cancer for a year. He had chemo and radiation and was fine for"
        " a few months. Now the scan shows new spots in the liver. The oncologist wants to talk"
        " about next steps next week. What other treatments can they offer him now?"
    )
    assert found["flow"] == "treatment", found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I found a lump in my breast, could it be cancer?", "en"),
        ("מצאתי גוש בשד, זה יכול להיות סרטן?", "he"),
        ("нащупала уплотнение в груди, это может быть рак?", "ru"),
        ("لقيت كتلة بصدري، ممكن تكون سرطان؟", "ar"),
    ],
)
def test_a_lump_that_might_be_cancer_gets_the_page_on_a_worrying_change(answer, text, lang) -> None:
    """Someone with no diagnosis yet: not the shock of a diagnosis, not life after treatment."""
    found = answer(text, lang)
    assert (found["flow"], found["node"]) == ("diagnosis", "symptom_worry"), found
    assert found["score"] >= CONFIDENT


def test_what_do_we_do_for_a_living_mother_is_not_the_page_after_a_death(answer) -> None:
    """'شو نعمل' (what do we do) matched 'شو نعمل بعد الوفاة' (what to do after the death)."""
    found = answer("أمي بعد الكيماوي ضعفانة وما بتاكل، شو نعمل؟", "ar")
    offered = [found["node"], *(s["node"] for s in found["suggestions"])]
    assert not {"after_death", "death_home"} & set(offered), found


@pytest.mark.parametrize(
    ("text", "page"),
    [
        (
            "The spot on my scan is not showing on the second scan they did. It is a small dark"
            " area near my ribs. Now I am just waiting for the doctor to phone me back and I"
            " cannot think of anything else. What now?",
            ("diagnosis", "waiting"),
        ),
        (
            "Did anyone here manage the months of treatment while self employed? I had to stop"
            " working and the bills keep coming. How did you deal with the money side of it"
            " all? Any advice is welcome.",
            ("family_support", "work_rights"),
        ),
    ],
)
def test_a_story_that_names_no_cancer_but_is_surely_ours_goes_to_its_page(
    answer, text, page
) -> None:
    """No cancer named, no page's phrases match well, but it reads plainly as one of ours:
    the page, not "I'm not sure" with choices."""
    found = answer(text)
    assert found["scope"] == "in", found
    assert (found["flow"], found["node"]) == page and found["score"] >= CONFIDENT, found


@pytest.mark.parametrize(
    ("text", "lang", "cancer"),
    [
        ("what is the treatment for small cell lung cancer", "en", "small_cell_lung"),
        ("מה הטיפול לסרטן הלבלב?", "he", "pancreatic"),
        ("ما هو علاج سرطان الرئة ذو الخلايا الصغيرة؟", "ar", "small_cell_lung"),
        ("как лечат рак поджелудочной железы?", "ru", "pancreatic"),
        ("can stage 4 ovarian cancer be treated?", "en", "ovarian"),
    ],
)
def test_a_short_question_about_treating_a_named_cancer_is_about_treatment(
    answer, text, lang, cancer
) -> None:
    """Not the staging page, nor follow-up after that cancer, whose phrases name it."""
    found = answer(text, lang)
    assert found["wants"] == "options", found
    assert found["flow"] == "treatment" and found["score"] >= CONFIDENT, found
    assert {"kind": "cancer", "id": cancer} in found["about"], found


def test_which_hospital_for_treating_a_cancer_is_still_about_centres(answer) -> None:
    found = answer("какая больница лучше для лечения лейкоза", "ru")
    assert found["flow"] == "centers", found


def test_a_cancer_named_after_the_lymph_nodes_is_not_the_lymph_nodes_page(answer) -> None:
    """'سرطان الغدد الليمفاوية' (cancer of the lymph nodes) is lymphoma: what it is."""
    found = answer("ما هو سرطان الغدد الليمفاوية؟", "ar")
    assert {"kind": "cancer", "id": "lymphoma"} in found["about"], found
    assert (found["flow"], found["node"]) == ("diagnosis", "intro"), found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ما هي أعراض عودة سرطان الثدي؟", "ar"),
        ("what are the signs of breast cancer coming back?", "en"),
    ],
)
def test_signs_of_a_cancer_coming_back_are_not_the_diagnosis_journey(answer, text, lang) -> None:
    found = answer(text, lang)
    assert found["flow"] == "survivorship", found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("والدي مصاب بسرطان الرئة وتوقف عن الأكل ماذا نفعل؟", "ar"),
        ("אבא שלי עם סרטן ריאות והוא הפסיק לאכול, מה עושים?", "he"),
        # "and" written onto a short word: "وما عم ياكل" (and he is not eating).
        ("أبوي عنده سرطان رئة وما عم ياكل شي من أسبوع، شو نعمل؟", "ar"),
    ],
)
def test_a_named_symptom_and_what_do_we_do_opens_the_symptoms_page(answer, text, lang) -> None:
    found = answer(text, lang)
    assert (found["flow"], found["node"]) == ("integrative", "nutrition"), found
    assert found["score"] >= CONFIDENT, found


def test_what_kind_of_medicine_is_this_is_not_a_question_about_heredity(answer) -> None:
    """'что это за лекарство' (what medicine is this) matched 'за что' (why me?)."""
    found = answer("папе назначили кейтруду при раке легкого, что это за лекарство", "ru")
    assert found["wants"] != "heredity", found
    assert found["flow"] == "treatment", found


@pytest.mark.parametrize(
    ("text", "lang"),
    [("לספר למנהל שלי שיש לי סרטן או לא?", "he"), ("should I tell my boss I have cancer?", "en")],
)
def test_telling_the_boss_is_about_work_not_about_children(answer, text, lang) -> None:
    found = answer(text, lang)
    assert (found["flow"], found["node"]) == ("survivorship", "work_telling"), found


def test_how_long_he_has_asks_about_outlook(answer) -> None:
    found = answer("Nobody will tell us how long he has with this lung cancer")
    assert found["wants"] == "outlook", found


@pytest.mark.parametrize(
    ("text", "page"),
    [
        ("איך מגיעים לאיכלוב בתחבורה ציבורית", ("centers", "contacts")),
        ("هل لازم آخد رأي طبي تاني قبل ما أبلش العلاج؟", ("diagnosis", "second_opinion")),
    ],
)
def test_a_short_question_that_leads_clearly_goes_to_its_page(answer, text, page) -> None:
    """A short message's few words are all its own: a lead of SHORT_MARGIN is enough."""
    found = answer(text)
    assert (found["flow"], found["node"]) == page and found["score"] >= CONFIDENT, found


@pytest.mark.parametrize(
    "text", ["мама очень слабая", "мама не ест уже неделю после химии и очень слабая"]
)
def test_a_very_weak_mother_is_a_side_effect_not_grief_or_infection(answer, text) -> None:
    """'слабая' (weak) matched 'слабый иммунитет' (infection) and then the grief page."""
    found = answer(text, "ru")
    assert found["node"] not in {"grief", "after_death", "chemo_infection"}, found
    assert found["flow"] == "treatment", found


@pytest.mark.parametrize(
    "text",
    [
        "קיבלתי תוצאות של אמא: Kappa flc 24.1, Flc ratio 1.74, ובאימונופיקסציה נמצאו פסי השקעה."
        " מה זה אומר?",
        "У папы нашли М-градиент и повышены свободные легкие цепи, что это значит?",
        "My dad's blood test shows an M-spike and a high kappa lambda ratio. What does it mean?",
    ],
)
def test_myeloma_test_results_that_name_no_cancer_are_about_cancer(answer, text: str) -> None:
    """Light chains and immunofixation are read for one disease: not "outside what I cover"."""
    found = answer(text)
    assert found["scope"] == "in" and found["flow"] == "diagnosis", found
    assert {"kind": "test", "id": "light_chains"} in found["about"]


@pytest.mark.parametrize(
    "text",
    [
        "what do you keep about me?",
        "איך אני מוחקת את מה ששמרת עליי?",
        "كيف امسح معلوماتي؟",
        "как удалить мои данные?",
    ],
)
def test_a_question_about_what_is_kept_points_to_privacy_and_delete(answer, text: str) -> None:
    found = answer(text)
    assert "/privacy" in found["reply"] and "/delete" in found["reply"], found["reply"]


@pytest.mark.parametrize(
    "text", ["what else should we do?", "מה עוד לעשות?", "и что теперь?", "so what now"]
)
def test_a_message_of_everyday_words_is_not_called_outside_what_the_bot_covers(
    answer, shipped, text: str
) -> None:
    """It names no subject to be outside of: the bot is unsure and says so."""
    found = answer(text)
    assert found["scope"] == "unsure"
    assert ui(shipped, "out_of_scope", found["lang"]) not in found["reply"]


def test_a_word_for_now_at_the_end_is_not_a_greeting(answer, shipped) -> None:
    """«هلأ» (now) folds to the greeting «هلا»: a greeting opens a message."""
    found = answer("شو لازم نعمل هلأ؟")
    assert not found["reply"].startswith(ui(shipped, "smalltalk_greeting", "ar"))


@pytest.mark.parametrize(
    "text",
    [
        "my dad is not eating, what can he eat?",
        "папа не ест, что ему можно есть?",
        "ابوي ما عم ياكل، شو ممكن ياكل؟",
        "ابوي ما بياكل",
    ],
)
def test_a_parent_who_is_not_eating_is_not_sent_to_the_last_days(answer, text: str) -> None:
    """Not eating is common on treatment: the page on food, never the one on dying."""
    found = answer(text)
    assert found["node"] not in DEATH_PAGES and found["flow"] == "integrative", found


@pytest.mark.parametrize(
    "text",
    [
        "mom sleeps all day after chemo, is that normal?",
        "мама спит целыми днями после химии, это нормально?",
        "امي نايمة طول النهار بعد الكيماوي، طبيعي؟",
        "how long is left until the end of treatment?",
        "כמה זמן נשאר עד סוף הטיפולים?",
    ],
)
def test_a_page_about_dying_needs_the_message_to_speak_of_it(answer, text: str) -> None:
    found = answer(text)
    assert found["node"] not in DEATH_PAGES, found
    assert not DEATH_PAGES & {s["node"] for s in found["suggestions"][:1]}, found


@pytest.mark.parametrize(
    "text",
    [
        "he is not eating or drinking and sleeping all day, is this the end?",
        "папа не ест и не пьёт, спит целыми днями, это конец?",
        "ابوي ما بياكل ولا بيشرب ونايم طول النهار، هل هاي النهاية؟",
        "אבא לא אוכל ולא שותה וישן כל היום, זה הסוף?",
        "my mother passed away last week, what do we do now?",
    ],
)
def test_a_message_that_speaks_of_the_end_still_reaches_those_pages(answer, text: str) -> None:
    found = answer(text)
    assert found["flow"] == "family_support", found


@pytest.mark.parametrize("text", ["ما بعرف", "مش عارفة", "مش عارف", "не знаю", "I don't know"])
def test_i_dont_know_is_neither_a_page_nor_outside(answer, text: str) -> None:
    """A person answering "I don't know" is not sent to treatment decisions, nor told the
    matter is outside what the bot covers."""
    found = answer(text)
    assert found["scope"] == "unsure" and found["flow"] is None, found


def test_a_story_naming_a_cancer_medicine_is_not_taken_for_another_health_matter(answer) -> None:
    # Other pills from the family doctor read like people's questions outside cancer care; the
    # cancer medicine says whose question it is: the page on hormone therapy, straight.
    found = answer(
        "Здравствуйте, я принимаю летрозол уже год. Терапевт назначил мне аторвастатин и"
        " омепразол. Можно ли их пить вместе с летрозолом, не снизят ли они его действие?"
    )
    assert found["flow"] == "treatment" and found["score"] >= CONFIDENT, found


def test_symptoms_a_letter_says_are_absent_do_not_draw_it_to_their_pages(answer) -> None:
    # "No headaches, no vomiting" lists what the person does not have: no alarm, and no page on
    # nausea and vomiting offered for a question about a drug interaction.
    found = answer(
        "Hello, my dad is 75 on enzalutamide. Last month he tripped and hit his head, the CT at"
        " A&E was normal and he is completely himself. No headaches, no vomiting. Does"
        " enzalutamide interact with warfarin?"
    )
    assert found["safety"] is None, found
    pages = [(s["flow"], s["node"]) for s in found["suggestions"]]
    assert ("treatment", "nausea") not in pages and found["node"] != "nausea", found
