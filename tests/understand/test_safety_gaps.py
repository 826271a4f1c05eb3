"""Safety gaps found in real people's messages and in reviews: new red flags, Arabic forms,
indirect crisis wording, false alarms that must stay quiet, and a reply for every rule."""

from __future__ import annotations

import re

import pytest

from bot.content.library import Library
from bot.understand.readers import understander

LANGS = ("he", "ar", "ru", "en")


@pytest.fixture(scope="module")
def check(shipped: Library):
    safety = understander(shipped).safety
    assert safety is not None
    return safety.check


@pytest.fixture(scope="module")
def safety_yaml(shipped: Library) -> dict:
    return shipped.documents["content/safety.yaml"].data


NEW_RULES = {
    "sepsis_unwell": [
        "לא מרגיש טוב בכלל מאז הכימו",
        "אבא מרגיש נורא מאז הכימו אתמול",
        "امي صار تعبانة كتير بعد الكيماوي ومش على بعضها",
        "после химии очень плохо",
        "I feel terrible since chemo yesterday",
        "mum is very drowsy and hard to wake after chemo",
    ],
    "diarrhoea_severe": [
        "שלשולים כל היום מאז הטיפול",
        "شلشول؟ لا، عندي اسهال طول اليوم بعد الكيماوي",
        "понос весь день после химии",
        "diarrhoea 6 times today on chemo",
        "he can't stop going to the toilet, diarrhea all day",
        "امي بتاخد كيماوي، صار معها اسهال اكتر من ست مرات اليوم",
        "אבא בכימו ויש לו שלשול יותר משש פעמים היום",
        "у мамы после химии понос больше шести раз за день",
        "my wife on chemo has had diarrhea more than 6 times today",
    ],
    "low_temperature": [
        "חום 35.5 אחרי כימו",
        "حرارته 35 بعد الكيماوي",
        "температура 35,8 после химии",
        "temperature 35.5 on chemo",
        "low temperature after chemo",
        "חום נמוך",
        "حرارة منخفضة",
        "низкая температура",
    ],
    "bowel_obstruction": [
        "אין יציאות כבר 4 ימים והוא מקיא",
        "ما عمل حمام من ٤ ايام وبيستفرغ وبطنه منفوخ",
        "запор четыре дня и рвота, живот вздут",
        "no stools for days and vomiting, swollen belly",
    ],
    "port_line": [
        "הפורט אדום ונפוח",
        "البورت احمر ومنفوخ",
        "порт покраснел и болит",
        "her port is red and swollen",
        "PICC line is red and hurts",
    ],
    "mouth_sores": [
        "פצעים בפה והוא לא יכול לאכול ולא לשתות",
        "تقرحات بالتم ومش قادر ياكل",
        "язвы во рту, не может есть",
        "mouth sores so bad he can't eat or drink",
    ],
    "pain_uncontrolled": [
        "כאבים בלתי נסבלים והמורפיום לא עוזר",
        "وجع ما بينحمل والمسكنات ما عم تفيد",
        "невыносимая боль, обезболивающие не помогают",
        "the painkillers are not working and the pain is unbearable",
        "אבא סובל מכאבים והמורפיום לא מספיק",
        "ابوي موجوع كتير والمورفين مش كافي",
        "у папы сильные боли, морфина не хватает",
        "he can't sleep because of the pain at night, the morphine isn't enough",
    ],
    "stroke": [
        "הפה עקום פתאום ודיבור מעורפל",
        "فجأة تمه مايل وثقل بالحكي",
        "лицо перекошено, язык заплетается",
        "his face is drooping and he has a weak arm",
    ],
    "head_injury": [
        "אמא נפלה וקיבלה מכה בראש, היא על קלקסן",
        "ابوي وقع على راسه وهو بياخد مميع دم",
        "папа ударился головой, он на клексане",
        "dad fell and hit his head, he is on blood thinners",
        "she banged her head and her platelets are low",
    ],
    "poison": [
        "הילד בלע כדורים של סבתא",
        "ابني بلع كلور",
        "ребенок проглотил таблетки",
        "my son swallowed bleach",
        "dad took too many pills by mistake",
        "I swallowed all of mom's pills",
        "לקחתי את כל הכדורים של אמא",
        "בלעתי את כל הכדורים",
    ],
}


@pytest.mark.parametrize(
    ("rule", "text"), [(rule, text) for rule, texts in NEW_RULES.items() for text in texts]
)
def test_each_new_red_flag_fires_in_every_language(check, rule: str, text: str) -> None:
    hit = check(text)
    assert hit is not None, (rule, text)
    # A swallowed overdose may also read as a crisis; the poisoning then rides along (`also`).
    assert hit.kind == "emergency" or rule in getattr(hit, "also", ()), (rule, text, hit)


def test_the_new_rules_exist_with_a_message_in_each_language(safety_yaml: dict) -> None:
    rules = {rule["id"]: rule for rule in safety_yaml["rules"]}
    for rule_id in NEW_RULES:
        assert rules[rule_id]["kind"] == "emergency", rule_id
        assert set(rules[rule_id]["phrases"]) == set(LANGS), rule_id


def test_a_swallowed_overdose_that_is_also_a_crisis_keeps_both(check) -> None:
    hit = check("he took all the pills")
    assert hit is not None and hit.kind == "crisis"
    if hasattr(hit, "also"):
        assert "poison" in hit.also, hit


@pytest.mark.parametrize(
    "text",
    [
        "وبدي اموت",
        "نفسي ما عاد فيني، وبدي موت",
        "нехочу жить",
        "не хочу больше жить так",
        "лучше бы меня не стало",
        "я всем в тягость",
        "עדיף שלא הייתי",
        "עדיף שלא אהיה",
        "he has had bad thoughts",
        "I'm a burden to everyone",
        "I don't want to live like this anymore",
        "حياتي ما إلها طعم",
        "ما في طعم للحياة",
        "думаю повеситься",
        "خلاص مبقتش شايفة أي لازمة ليا. كتبت جوابات وداع لولادي ووزعت حاجاتي",
        "انا مليش لازمة خلاص",
        "הוא מתאבד לי מול העיניים",
        "בא לי להתאבד, אין לי תקווה",
        "повесилась бы если бы не дети",
    ],
)
def test_indirect_and_misspelled_crisis_wording_is_a_crisis(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "crisis", (text, hit)


@pytest.mark.parametrize(
    "text",
    [
        "وما بقدر اتنفس",
        "اتقيأ دم",
        "بستفرغ دم",
        "نفسو ضيق",
        "نفسه ضيق",
        "ما عم يقدر ياخد نفس",
        "مش قادر يتنفس",
        "ضيقة نفس",
        "بيتنهج",
        "نهجان",
        "ازرق",
        "صار لونه ازرق",
        "لونه تغير وازرق",
        "صار يخربط بالحكي بعد الكيماوي",
        "مش قادر يحكي",
        "ما عاد يحكي",
        "امي مش عارفينا من امبارح",
        "امي ما بتعرفني",
        "ابوي مش عارفني من الصبح",
        "ابوي ما عرفني اليوم",
        "ابوي ما بقدر يوقف على رجليه",
        "احنا مش عارفين شو صار معه، فجأة صار ما بيعرفنا",
    ],
)
def test_arabic_dialect_red_flags_fire(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "emergency", (text, hit)


@pytest.mark.parametrize(
    "text",
    [
        "مش عارف شو اعمل",
        "مش عارفة شو اعمل",
        "امي عندها سرطان وانا مش عارفة شو اعمل",
        "ما عرفنا شو نعمل",
        "امبارح الدكتور قال لابويا عندك سرطان واحنا مش عارفين نبدأ منين، ايه الخطوة الأولى؟",
        # "I don't know" and "I can't stop" stem like "he doesn't recognise us", "can't stand"
        "ما بعرف",
        "ما بعرف اكمل هيك",
        "مش عارفه",
        "مش عارفة انام من القلق",
        "ما عرفنا نتصرف",
        "مش قادرة اوقف تفكير",
        "ما بقدر اوقف عن البكي",
        "مش قادر اوقف التدخين",
        "كتلة بالصدر",
        "ألم بالثدي",
        "حبة بالصدر",
        "عندي كتلة بالصدر بتوجعني",
        "وجع بالصدر وقت الرضاعة",
        "الم في الصدر حول الحلمة",
        "مش قادر احكي مع ولادي عن المرض",
        "היי, הרופא אמר שיש לי גוש בשד, כמה זמן לביופסיה?",
        "it's 35 degrees outside and the temperature 35 is too hot for me",
    ],
)
def test_false_alarms_found_in_review_stay_quiet(check, text: str) -> None:
    assert check(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "امي رفضت العملية، هل سيؤاخذ الله أولادها على تقصيرهم؟",
        "أخذ الجرعة الثانية في نفس اليوم مع الفحوصات",
        "بعد الجرعة الثانية حرارته مستقرة والحمد لله",
        "في جرح صغير بالخد لا ينزف ولا يؤلمني",
        "هل الحالة النفسية سبب في الجرح؟",
        "Обезболивающее помогает, но колоть приходится 4 раза в день, и потом ещё колоть ночью",
        "Папа после инсульта, можно ли ему химиотерапию?",
        "Инфарктов и инсультов не имел, операцию не предлагают из-за возраста",
        "врачи предостерегают от возможных тромбов после операции",
        "חמש שנים אחרי סרטן שד, סובלת מגלי חום והזעות",
        "the thought of losing my hair during chemo scares me",
        "I go to another room so as not to breathe the smell of cooking",
        "איזו תרופה מסוג חוסמי תעלות סידן לא גורמת לנפיחות?",
        # "PSA zero" is not yellowness; «بحكي» ("I talk") is not itching; tea that "cleanses
        # toxins" is no poisoning; sleeping badly is not feeling very unwell.
        "جوزي عمل عملية استئصال بروستاتا قبل سنة والحمدلله الPSA صفر. في علاج لمشكلة العلاقة؟",
        "تشخصت بسرطان ثدي ورح ابلش كيماوي الشهر الجاي. كيف بحكي مع اولادي؟",
        "השכנה אומרת לאמא לשתות תה צמחים כי זה מנקה רעלים, היא בכימו. מה אסור לשלב?",
        "Прохожу химию, очень тревожно и плохо сплю. Иглоукалывание поможет?",
        # Hot flashes on tamoxifen, in the Levantine word for fever («سخونة»).
        "امي بتاخد تاموكسيفين وعندها هبات سخونة، شو بساعد؟",
        # A disease named "fever", fainting at a blood test, life after a stroke, gums that
        # bleed when brushed, "no fever for long", heavy periods.
        "colchicine for FMF (familial mediterranean fever) gives me diarrhea, can I split it?",
        "he is terrified of needles, last time with a blood test he fainted. any tips?",
        "אבא שלי אחרי אירוע מוחי ולא מסוגל להתקלח לבד. איך מגישים לגמלת סיעוד?",
        "кровоточат десны когда чищу зубы это от чего",
        "Переболел ковидом месяц назад, температуры давно нет, но кашель остался",
        "יש לי מיומות ברחם. הן יכולות לגרום לדימום חזק במחזור?",
        "يعاني أبي من السكري، وقد تعرض لجلطة في المخ قبل سنوات، فهل يؤثر ذلك على علاجه؟",
        "ابوي ما عم يقدر يحكي مع حدا عن مرضه",
        # Not wanting to live in fear is wanting to live.
        "I don't want to live in fear of it coming back",
        "не хочу жить в страхе что рак вернется",
        "לא רוצה לחיות בפחד כל הזמן, איך מתמודדים?",
        "ما بدي عيش بخوف طول الوقت",
        "ни жить ни умереть не дают спокойно, такие очереди",
        # A lab finding of blood in urine is not bleeding.
        "urine test says blood trace but i was on my period, do i need to redo it",
        "בבדיקת שתן יצא דם אבל הייתי במחזור, צריך לחזור על הבדיקה?",
        # Fright is not fainting or confusion.
        "בצילום חזה ראו הצללה וכמעט התעלפתי מפחד. בסוף אמרו שזו דלקת ריאות",
        "На рентгене увидели затемнение, я чуть с ума не сошла. Оказалось пневмония",
        # Both legs swelling in the evening is not the one painful swollen leg of a clot.
        "הרגליים נפוחות בערב אחרי יום בישיבה, בבוקר זה יורד. גרבי לחץ עוזרות?",
        "איזו תרופה ללחץ דם לא גורמת לנפיחות ברגליים?",
    ],
)
def test_words_that_only_look_like_alarms_stay_quiet(check, text: str) -> None:
    assert check(text) is None, text


def test_a_long_story_does_not_read_real_words_as_slips(check) -> None:
    story = (
        "שלום, אני בן 30 ובארבעה החודשים האחרונים פעם בכמה שבועות יש לי כאב בטן עם תחושה של"
        " נפיחות, ואחרי יום או יומיים היציאות חוזרות להיות תקינות לגמרי. בדקתי רגישות למוצרי"
        " חלב ולגלוטן והכול יצא תקין, והרופאה אמרה שאין סיבה לדאגה. האם כדאי לעשות קולונוסקופיה"
        " בגיל שלי או לחכות?"
    )
    assert check(story) is None
    assert check("היציאות שחורות") is not None


@pytest.mark.parametrize(
    "text",
    [
        "папу колотит, знобит",
        "после химии колотит и температура",
        "وما بقدر اتنفس",
        "after a stroke last year, now his face is drooping and he can't speak",
        "сердце колотится и трудно дышать",
        "температуры нет, но после химии колотит и знобит",
        "heavy periods, and now the bleeding won't stop",
        "מחזור חזק, ועכשיו הדימום לא נעצר",
        # A stroke told as the past is quiet; speech lost now still alarms.
        "وقد تعرض لجلطة في المخ من سنة، واليوم فجأة صار ما يقدر يحكي",
        "I don't want to live anymore, I live in fear",
        "не хочу жить. живу в страхе",
        "мама чуть с ума не сошла, а теперь не узнает нас и путается",
        "urine test showed blood, and now he is peeing blood clots",
        "there's a trace of blood in his vomit",
    ],
)
def test_the_same_words_beside_a_real_alarm_still_alarm(check, text: str) -> None:
    assert check(text) is not None, text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("very sleepy and not making sense", "emergency"),
        ("weak and cold 5 days after chemo", "emergency"),
        ("my arm is swollen on the side of my PICC line", "emergency"),
        ("since chemo my heart is racing and I feel dizzy", "emergency"),
        ("نفسه ثقيل كتير", "emergency"),
        ("بطلع دم من تمي", "emergency"),
        ("كل شي بوكله برجعه", "emergency"),
        ("ما بقدر احرك ايدي", "emergency"),
        ("امي مش عم تعرفني", "emergency"),
        ("папа вдруг не может говорить", "emergency"),
        ("муж посинел", "emergency"),
        ("сердце щемит", "emergency"),
        ("не могу пописать с утра", "emergency"),
        ("маму еле добудились", "emergency"),
        ("не могу так больше", "crisis"),
    ],
)
def test_red_flags_still_missed_at_the_review_audit_fire(check, text: str, kind: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == kind, (text, hit)


@pytest.mark.parametrize(
    "text",
    [
        "папа не может говорить об этом",
        "врач сказал, что нет смысла продолжать химию",
        "بموت من الضحك",
        "بولي اصفر",
    ],
)
def test_everyday_words_near_the_audit_phrases_stay_quiet(check, text: str) -> None:
    assert check(text) is None, text


NUMBER = re.compile(r"(?<![\d.])(?:\+?\d[\d\- ]{5,}\d|\*\d{3,5}|1-800-\d{3}-\d{3})(?![\d])")
ALLOWED_NUMBERS = {"101", "100", "1201", "1-800-599-995"}


def test_every_rule_and_the_fever_have_a_reply_in_four_languages(safety_yaml: dict) -> None:
    specs = [("fever", safety_yaml["fever"])] + [(r["id"], r) for r in safety_yaml["rules"]]
    for rule_id, spec in specs:
        reply = spec.get("reply")
        assert reply and set(reply) == set(LANGS), rule_id
        for lang in LANGS:
            text = reply[lang].strip()
            assert text and len(text.splitlines()) <= 3, (rule_id, lang)
            assert "101" in text or "1201" in text, (rule_id, lang)
            for number in NUMBER.findall(text):
                assert number.strip() in ALLOWED_NUMBERS, (rule_id, lang, number)
        page = spec.get("page")
        assert page and re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*", page), rule_id


def test_every_page_a_reply_offers_exists(shipped: Library, safety_yaml: dict) -> None:
    flows = shipped.content.flows
    specs = [safety_yaml["fever"], *safety_yaml["rules"]]
    for spec in specs:
        flow, _, node = spec["page"].partition(".")
        assert flow in flows and node in flows[flow].nodes, spec["page"]


FEVER_WORDS = re.compile(
    r"38|fever|temperature|חום|טמפרטורה|حرارة|حمى|سخونة|температур|жар|озноб|shiver|צמרמורת|رجفة"
)


def test_the_general_emergency_reply_says_nothing_about_fever(safety_yaml: dict) -> None:
    general = safety_yaml["replies"]["emergency"]
    for lang in LANGS:
        assert not FEVER_WORDS.search(general[lang].lower()), lang
        assert "101" in general[lang], lang
    assert general["en"].lstrip().startswith("If someone is unconscious or not breathing")


def test_the_fever_reply_warns_against_hiding_a_fever(safety_yaml: dict) -> None:
    fever = safety_yaml["fever"]
    assert fever["page"] == "treatment.red_flags"
    hides = {"he": "אופטלגין", "ar": "أوبتالجين", "ru": "Оптальгин", "en": "Optalgin"}
    for spec in (fever, next(r for r in safety_yaml["rules"] if r["id"] == "fever_chills")):
        for lang, brand in hides.items():
            assert brand in spec["reply"][lang], lang


def test_hebrew_and_arabic_replies_address_the_reader_in_the_plural(safety_yaml: dict) -> None:
    specs = [safety_yaml["fever"], *safety_yaml["rules"]]
    for spec in specs:
        assert not re.search(r"(?<!ל)התקשר(?!ו)", spec["reply"]["he"]), spec["reply"]["he"]
        assert not re.search(r"اتصل(?!وا)", spec["reply"]["ar"]), spec["reply"]["ar"]


@pytest.mark.parametrize("text", ["chills on chemo", "she has chills tonight"])
def test_chills_on_treatment_in_english_is_an_emergency(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "emergency", text


def test_a_phrase_stands_in_one_sentence(check) -> None:
    across = "אני על קיטרודה כבר חודשיים ואני עייף. מאוד מודאג מהבדיקה הבאה"
    within = "אני על קיטרודה כבר חודשיים ואני עייף מאוד ומודאג מהבדיקה"
    assert check(across) is None
    assert check(within) is not None


# Realistic wording that the recall probe (frightened people typing, dialect, everyday words)
# found missing; each must raise an alarm of the right kind.
EVERYDAY_WORDING = {
    "coughing_blood": [
        "she coughed and there was bright red blood in the tissue this morning",
        "היא השתעלה והיה דם בטישו",
        "كحت وطلع دم",
        "кашлянула и была кровь на платке",
    ],
    "diarrhoea_severe": [
        "runs nonstop since the chemo, been on the loo like 8 times today",
        "שלשול כל שעה מאז הבוקר אחרי כימו",
        "اسهال كل ساعة من بعد الكيماوي",
        "понос каждый час после химии",
    ],
    "mouth_sores": [
        "יש לה פצעים בפה כל כך כואבים שהיא לא מסוגלת לשתות",
        "تمها كله تقرحات وما بتقدر تشرب ولا مي",
    ],
    "pain_uncontrolled": [
        "the pain is there even with the morphine",
        "הכאבים לא עוברים אפילו עם מורפיום",
        "الوجع ما بيروح حتى مع المورفين",
        "боль не проходит даже с морфином",
    ],
    "vomiting": ["بترجع كل حاجة من الصبح حتى المية"],
    "infusion_reaction_during": ["وانا عالمحلول فجأة طلعلي حبوب حمرا وحكة بكل جسمي"],
    "breathing": ["baba msh 2ader yetnaffas", "وابوي ومش قادر يتنفس"],
    "sepsis_unwell": [
        "he is peeing nothing since yesterday and very weak after chemo",
        "הוא כמעט לא עושה פיפי מאתמול וחלש מאוד אחרי הכימו",
        "ما عم يعمل بول من امبارح وتعبان كتير بعد الكيماوي",
        "почти не писает со вчерашнего дня и очень слабый после химии",
    ],
    "low_temperature": ["после химии у мамы 35.4 и она вся холодная"],
}


@pytest.mark.parametrize(
    ("rule", "text"),
    [(rule, text) for rule, texts in EVERYDAY_WORDING.items() for text in texts],
)
def test_everyday_wording_of_a_red_flag_fires(check, rule: str, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "emergency", (rule, text, hit)


@pytest.mark.parametrize(
    "text",
    [
        "С тех пор как узнал диагноз, муж почти не разговаривает. Вчера сказал, что нам без него "
        "будет лучше.",
        "he said we'd be better off without him",
        "устал быть обузой",
        "بدي ارتاح من هالدنيا",
    ],
)
def test_a_relative_reporting_indirect_crisis_wording_is_a_crisis(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "crisis", (text, hit)


@pytest.mark.parametrize(
    "text",
    [
        "A year ago I coughed up blood and was checked. It was an infection.",
        "לפני מספר שנים התחלתי לסבול מקוצר נשימה. עברתי בדיקות לב וריאות.",
        "Год назад была одышка, всё проверили.",
        "قبل سنتين كان عنده ضيق نفس. عمل فحوصات وطلع كل شي منيح.",
        "I have had shortness of breath for years. Is there another inhaler?",
        # a "now" in a later question does not bring the old symptom back
        "Two years ago, before the diagnosis, my dad coughed up blood and that is how they found"
        " the tumour. He has been in remission since last spring. How often should he have CT"
        " scans now?",
        "לפני שנתיים, עוד לפני האבחנה, אבא השתעל דם וככה גילו את הגידול. הוא ברמיסיה. כל כמה"
        " זמן צריך סי טי עכשיו?",
        # a fever told as history
        "Three years ago she had a fever and spent four nights in hospital. Is the flu jab safe"
        " for her this winter?",
        "Год назад у мамы была температура, лежала в больнице. Можно ли ей прививку от гриппа?",
        # a treatment framed by "during" is part of the time long ago
        "Four years ago, in the middle of chemo, I fainted in the supermarket queue. I am well"
        " and want to start running: anything to watch?",
        "Три года назад, во время химии, у мамы был тромб в ноге. Нужны ли компрессионные чулки?",
        # "now" in a long sentence after it speaks of that sentence only
        "Three years ago my mum coughed up blood. She is doing well now and asks how often she"
        " needs follow-up scans.",
        # "now" said only to say it is over
        "Last year he had a fever during chemo, but he's totally fine now",
        "בשנה שעברה היה לו חום גבוה בזמן הכימו, היום הוא כבר בסדר גמור",
        "السنة الماضية طلعت معه حرارة بالكيماوي، هلأ الحمد لله منيح",
        "В прошлом году у него была температура на химии, сейчас всё хорошо",
        # a time counted in words still opens its sentence
        "Eighteen months ago I coughed up blood at work and that's how the tumour was found."
        " Today was my final immunotherapy dose and I rang the bell!",
        "Полтора года назад я кашляла кровью прямо на работе, так и нашли опухоль в легком."
        " Сегодня последняя иммунотерапия!",
        # a reading told as history, and a short "today" that speaks of treatment
        "Last year my husband had a fever of 39.5 during his second chemo round and we spent"
        " four nights in hospital. Now he's finished treatment and doing great.",
        # a greeting before the time does not stop it opening its sentence
        "שלום, לפני חצי שנה היה לי כאב חזק בחזה ונסעתי למיון, בסוף התברר שזה התקף חרדה.",
        "Hi all, a year ago she coughed up blood and went to the doctor. It was pneumonia.",
        # a time that opens or closes a clause dates its own side of the comma
        "My dad, 68, had chest pain last year, and they put in two stents. Can he take ibuprofen?",
        "انا عندي 45 سنة، السنة اللي فاتت جالي الم في صدري. هلأ بدي اعرف عن دوا الكوليسترول",
        # a fever said to be absent
        "My right arm feels heavy in the evening and my ring is tight, no redness or fever.",
        "היד נפוחה קצת אחרי הניתוח, בלי אודם או חום. זו לימפדמה?",
        # a month "last" (or "past") is months back
        "Last August he coughed up blood and was checked. Can he fly to his grandchildren?",
        "באוגוסט האחרון היה לו קוצר נשימה ועשו לו סיטי. מותר לו לטוס?",
        "في آب الماضي كان عنده ضيق نفس وعمل صورة. بيقدر يسافر؟",
        "В августе прошлого года у него была одышка, сделали КТ. Можно ли ему лететь?",
        # "returned" home or to normal does not bring a red flag back
        "قبل سنتين كان عنده ضيق نفس. عمل فحوصات ورجع عالبيت بخير. بيقدر يسافر؟",
        "السنة اللي فاتت طلعت لامي جلطة برجلها، عطوها ابر مميع ورجلها رجعت طبيعية."
        " لازم تلبس جرابات؟",
        # a time with a count inside it
        "לפני 3 שנים היה לו כאב בחזה. עשו לו צנתור. מותר לו לטוס?",
        "לפני שלוש שנים היה לה קריש דם ברגל, קיבלה קלקסן. צריך גרבי לחץ בטיסה?",
        "قبل ثلاث سنين صارلي جلطة بالرجل وقت الكيماوي. لازم ألبس جرابات ضغط بالطيارة؟",
        "قبل 3 سنوات كان عنده ألم في الصدر وعملوا قسطرة. بيقدر يسافر؟",
    ],
)
def test_a_symptom_told_as_history_is_not_an_alarm(check, text: str) -> None:
    assert check(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "I had a DVT during treatment in 2021, should I wear compression socks when flying?",
        "היה לי קריש ברגל ב2022, לקחתי קלקסן חצי שנה וסיימתי. צריך משהו מיוחד לטיסה?",
        "Во время химии в 2021 году у меня поднималась температура, лежала четыре дня в больнице.",
        "وقت الكيماوي سنة 2021 صار معي حرارة ونمت بالمستشفى أربع ليالي بسبب نقص المناعة.",
    ],
)
def test_a_red_flag_in_a_year_before_this_one_is_history(check, text: str) -> None:
    assert check(text, year=2026) is None, text
    # Without a clock no year is known to be past.
    assert check(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "In 2026 he had a seizure",
        "in 2019 he had a seizure and today he had another one",
        "He took 2000 mg of paracetamol and now he is vomiting blood",
        "בשנת 2019 היה לו קוצר נשימה ועכשיו הוא לא נושם",
    ],
)
def test_this_year_a_dose_or_a_red_flag_brought_back_still_alarms(check, text: str) -> None:
    assert check(text, year=2026) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        # a time that dates a diagnosis or treatment, not the symptom
        "my dad was diagnosed with lung cancer 2 years ago he cant breathe what do i do",
        "he cant breathe diagnosed 2 years ago",
        "אבא אובחן לפני שנתיים והוא לא נושם",
        "папе поставили диагноз год назад он задыхается",
        "اكتشفنا المرض قبل سنة وهو مش قادر يتنفس",
        # brought back to now
        "A year ago she coughed up blood. Today she coughed blood again.",
        "לפני שנה היה לו קוצר נשימה ועכשיו הוא לא נושם",
        "Last year he had trouble breathing, now it is the same",
        "A year ago he coughed up blood. Today too.",
        "A year ago she had a fever on chemo. Tonight she has a fever too.",
        "Год назад была одышка. Сейчас опять задыхается.",
        # the same red flag again in a later sentence, and one whose words start earlier
        "A year ago he could not breathe. He cannot breathe.",
        "Doctor, he has chest pain now",
        "He has a high fever, a year ago he had pneumonia",
        "Last year he had 39.5 fever. Now he has 38.7",
        "A year ago he had a fever on chemo, now he is fine but tonight he can't breathe",
        "she almost fainted in the shower",
        "ابوي ما بيعرفنا من امبارح",
        "من أمس ما قدر يبول أبد، وبطنه تحت منتفخ ويتألم وايد. عنده سرطان بروستاتا",
        "הכאבים של אמא יצאו משליטה, היא צורחת כבר שעתיים, המורפיום לא עוזר בכלל",
        "Кровь из носа идет больше 40 минут и не останавливается. Тромбоциты были низкие",
        "عنده حرارة عالية، السنة الماضية كان عنده التهاب رئة",
        "Mom 72, a year ago she had a clot in her leg, her leg is swollen and painful",
        "לפני 3 ימים היה לו כאב בחזה והוא עדיין כואב",
        "יש לו נפיחות ברגל שמאל והיא כואבת",
        "قبل سنة كان عنده ضيق نفس ورجع تاني",
        "قبل سنة كان عنده ضيق نفس ورجع من جديد",
        "Hi, he coughed blood a year ago and again today",
        "no redness but fever of 38.5 since the morning",
        # every "now" and every treatment word counts, not only the first of each
        "What now? A year ago he coughed up blood, now it is very bad.",
        "Chemo was hard. A year ago, after chemo, she could not breathe and went to hospital.",
        # "during chemo" alone is no time long ago
        "During chemo he can't breathe",
        "diagnosed 2 years ago during chemo he cant breathe",
        "לפני שנה היה לו קריש דם ברגל. אותה רגל נפוחה וכואבת",
        # days and weeks are not history; a word that only looks like "in the past"
        "last week he fainted",
        "in the past hour he vomited everything",
        "ضيق نفس في الاسبوع الماضي",
        "קוצר נשימה שלא עבר",
        "הכאב בחזה לא עבר כבר שעה",
    ],
)
def test_a_red_flag_beside_an_older_time_still_alarms(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "emergency", (text, hit)


def test_a_crisis_told_with_a_time_long_ago_is_still_a_crisis(check) -> None:
    hit = check("A year ago he wanted to die")
    assert hit is not None and hit.kind == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "his sats are 88%",
        "SpO2 was 90.5 this morning",
        "сатурация 85",
        "у мамы сатурация 85/88, что делать",
        "הסטורציה ירדה ל 88",
        "نسبة الأكسجين ٨٥",
    ],
)
def test_a_low_oxygen_reading_is_a_breathing_emergency(check, text: str) -> None:
    """NHS pulse-oximeter advice: 92% or below needs urgent help (review ru #40)."""
    hit = check(text)
    assert hit is not None and (hit.kind, hit.rule_id) == ("emergency", "breathing"), hit


@pytest.mark.parametrize(
    "text",
    [
        "saturation 97, is that normal?",
        "my dad is 88 and on oxygen at home",
        "he is on oxygen 2 litres at night",
        "She sat 90 minutes in the waiting room",
    ],
)
def test_a_normal_reading_or_a_number_before_the_word_stays_quiet(check, text: str) -> None:
    assert check(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "he has chills and 39 fever after chemo",
        "רועד מקור ויש לו חום 38.7 אחרי כימו",
        "озноб и температура 38,5 после химии",
        "قشعريرة وحرارة ٣٩ بعد الكيماوي",
    ],
)
def test_shivering_with_a_stated_fever_gets_the_fever_reply(check, text: str) -> None:
    """The shivering reply says "even without a fever": not for a person who wrote 39."""
    hit = check(text)
    assert hit is not None and hit.rule_id in ("fever", "fever_high"), hit


def test_shivering_alone_keeps_its_own_reply(check) -> None:
    hit = check("he is shivering after chemo")
    assert hit is not None and hit.rule_id == "fever_chills", hit


@pytest.mark.parametrize(
    "text",
    [
        "she's on capecitabine, the toilet bowl is full of blood and stool and she goes dizzy",
        "i feel horrendous since my chemo yesterday, so weak i cant get off the sofa",
        "she went grey and just dropped to the floor in the kitchen, shes on chemo",
        "my husband took a whole strip of his sleeping pills plus his morphine",
        "בעלי סיים אימונו לפני 4 חודשים ועכשיו שותה בלי סוף ועושה פיפי כל רבע שעה",
        "הבת שלי בת 3 שתתה מהבקבוק של המורפיום של סבא",
        "מקאה מ3 בלילה כל חצי שעה, אפילו לגימה של מים חוזרת, היא אחרי ציספלטין",
        "baba nafaso ma32oud w byenhaj 3ala kel kelme",
        "ما بحس بالقعدة ولا بفخادي من جوا، عندي انتشار بالعمود الفقري",
        "كل شي تشربه يطلع، من الفجر وهي ترجّع، حتى الماي ما يثبت",
        "она упала как подкошенная и несколько секунд не реагировала",
        "Папа перенёс инсульт. Сейчас лицо поехало набок и говорит как пьяный",
        "рвёт с трёх ночи каждые полчаса, даже глоток воды обратно, после цисплатина",
        "bol ne snimaetsa nichem, morfin ne deistvuet, on voet",
    ],
)
def test_red_flags_in_a_red_team_probes_words_alarm(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "emergency", (text, hit)


@pytest.mark.parametrize(
    "text",
    [
        "if the scan is bad on thursday im not doing this anymore. i have a plan and im not telling"
        " anyone",
        "ما بدي اموت من المرض، بدي اخلص انا بايدي",
        "dochka nanosit sebe porezy, videla na bedrah",
    ],
)
def test_crisis_in_a_red_team_probes_words_is_a_crisis(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "crisis", (text, hit)


@pytest.mark.parametrize(
    "text",
    [
        "nearly had a heart attack, left my phone in the taxi. whats the best bus to Rambam?",
        "I'm my mother's carer and I feel like I'm choking on all the paperwork.",
        "כמעט קיבלתי התקף לב, שכחתי את הטלפון במונית. איזה אוטובוס לרמב״ם?",
        "أنا اللي بعتني بإمي وحاسة حالي مخنوقة من كل هالأوراق",
        "Я ухаживаю за мамой и просто задыхаюсь от всех этих бумаг.",
        # to hang a list on the fridge is not to hang oneself (both stem to one word)
        "Хочу распечатать список симптомов и повесить на холодильник",
        "повесил объявление в больнице, может кто-то поможет с переводом",
        # «תאבד», will lose, is what prefix folding leaves of «להתאבד», to kill oneself
        "איך לעשות שהיא לא תאבד את השיער בכימו?",
        "אני לא רוצה שאמא תאבד משקל, מה לתת לה לאכול?",
        "אל תאבד תקווה, אבא",
        "קשה לחיות בעייפות הזאת כל יום, מה עוזר?",
        "I just blocked out everything the doctor said after the word cancer",
        "What's the address of the fever clinic at Sheba?",
        "I choked on my coffee laughing at my granddaughter's video",
        "I can't breathe a word of this to my boss yet, how do others handle work?",
        "The soup was boiling hot and I burned my tongue haha",
        "Mom passed out flyers at the support group meeting and everyone loved them",
        "אבא קצת מבולבל עם האפליקציה של מכבי, איך מזמינים דרכה בדיקת דם?",
        "כמעט התעלפתי כשראיתי את החשבון מבית המרקחת, יש החזר מהקופה?",
        "وين عنوان عيادة الحرارة بمستشفى رمبام؟",
        "ما قدرت اوقف بالدور ساعتين، في طريقة احجز موعد اونلاين؟",
        "ما بقدر اوقف كتير بالمطبخ بعد الكيماوي، في وصفات سهلة؟",
        "جدي ما بيعرف يستعمل تطبيق الكوبات، كيف منحجزله فحص دم؟",
        "اتخنقت من الزحمة في العيادة بس الحمد لله خلصنا",
        "Не могу стоять в очереди в купат холим по два часа, можно записаться онлайн?",
        "No fever today, no chills, appetite is back. Third cycle of FOLFOX done!",
        "Температуры нет, озноба нет, аппетит вернулся. Четвертая химия позади",
        "Жарю маме котлеты каждый день, она после операции только их и ест.",
        "Задыхаюсь от этой бюрократии, каждую справку надо заверять отдельно.",
        "الاختناق المروري كل يوم الصبح في الطريق لهداسا بيخلّص على أعصابي",
        "المصاري مالوش لازمة، المهم صحتها",
        "התאבדתי על ארוחת שישי בשביל אבא, והוא אכל צלחת שלמה",
        "Anyone else have numbness under the arm months after the mastectomy?",
    ],
)
def test_everyday_idioms_with_alarming_words_stay_quiet(check, text: str) -> None:
    assert check(text) is None, text


@pytest.mark.parametrize("text", ["הוא נפל ולא נושם", "היא שוכבת ולא מגיבה", "הקיא ודם יצא"])
def test_hebrew_and_written_onto_a_short_word_is_read_without_it(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "emergency", (text, hit)


def test_hebrew_and_before_a_negated_wish_to_die_is_no_crisis(check) -> None:
    assert check("אני מפחדת ולא רוצה למות") is None


LONG_STORY = (
    "My mother is on chemo for breast cancer and she was tired all day, we had dinner and"
    " watched TV and then she went to bed early and I checked on her later and "
)


@pytest.mark.parametrize(
    "text",
    [LONG_STORY + "it was 38.1 under the arm", LONG_STORY + "мерили, 38,4 подмышкой"],
)
def test_a_reading_with_where_it_was_taken_is_a_temperature(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.rule_id == "fever_high", (text, hit)


def test_a_size_in_millimetres_is_no_temperature(check) -> None:
    assert check(LONG_STORY + "the node was 38 mm under the arm on the scan") is None


def test_arabic_so_written_onto_the_next_word_is_not_fahrenheit(check) -> None:
    hit = check("ابوي خلص الكيماوي قبل اسبوع، صار عنده حرارة 38.2 فعطيته بنادول")
    assert hit is not None and hit.rule_id == "fever_high", hit


@pytest.mark.parametrize(
    "text",
    [
        "عيونه صفرا من امبارح وهو عالكيماوي",
        "صار عنده صفرة بالعيون بعد المناعي",
        "جسمي بحكني كله وانا عالمحلول",
        "הוא בלע רעל עכברים",
    ],
)
def test_the_narrowed_phrases_still_catch_the_alarm(check, text: str) -> None:
    assert check(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "кровь из раны после операции по удалению опухоли не останавливается уже полчаса",
        "the dressing is soaked with blood since this morning",
        "הפצע מדמם ולא מפסיק מאז הניתוח",
        "الجرح بينزف وما بيوقف من الصبح",
    ],
)
def test_a_wound_that_keeps_bleeding_alarms(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.rule_id == "bleeding", (text, hit)


@pytest.mark.parametrize(
    "text",
    [
        "больше не хочу ничего ни химии ни жить. все равно конец",
        "I don't want chemo or to live anymore",
        "לא רוצה לא כימו ולא לחיות",
        "لا بدي كيماوي ولا بدي عيش",
    ],
)
def test_refusing_treatment_and_life_together_is_a_crisis(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "crisis", (text, hit)
