"""Red flags described as frightened people describe them, without the medical word (a third
round of written probes, 2026-12-07), and the everyday sentences beside them that stay quiet."""

from __future__ import annotations

import pytest

from bot.content.library import Library
from bot.understand.readers import understander


@pytest.fixture(scope="module")
def check(shipped: Library):
    safety = understander(shipped).safety
    assert safety is not None
    return safety.check


DESCRIBED = [
    # diarrhoea counted the way people count it
    ("diarrhoea_severe", "runny stools 6 times since morning, cycle 2 of chemo"),
    ("diarrhoea_severe", "diarrhea 5x today, im on irinotecan"),
    ("diarrhoea_severe", "у мужа после химии жидкий стул раз 6 за день"),
    ("diarrhoea_severe", "אמא עם שלשולים מהלילה כבר פעם חמישית, היא אחרי פולפוקס"),
    ("diarrhoea_severe", "ابوي بالكيماوي وعنده اسهال للمرة الخامسة اليوم"),
    # a fall with low platelets, the number given without the word "low"
    ("head_injury", "dad fell and hit his head on the floor, his platelets were 15 on monday"),
    ("head_injury", "мама стукнулась головой об шкаф а у нее тромбоциты 20 вчера были"),
    # a low reading taken by hand, even when the person hopes it means "no fever"
    ("low_temperature", "מדדתי לאבא 35.8 הוא בכימו, זה טוב שאין חום נכון?"),
    ("low_temperature", "у мамы 35.6 мерили несколько раз она на химии"),
    # what a person sees
    ("bleeding", "pee is bright red this morning, im on cyclophosphamide"),
    ("bleeding", "ابوي استفرغ شي متل القهوة المطحونة وهو دايخ"),
    ("bleeding", "البراز عند امي صار اسود متل الزفت وهي ضعيفة"),
    ("bleeding", "u mamy kakashki chernye i golova kruzhitsya"),
    ("breathing", "הפנים של אבא אפורות כאלה והציפורניים כחלחלות"),
    ("fainting_confusion", "at the bus stop her legs folded and she was gone for a bit"),
    ("fainting_confusion", "وقفت من التخت وصحيت ع الارض"),
    ("fainting_confusion", "she is mumbling and not answering me"),
    ("stroke", "مرتي بتقول تمي مايل ولساني تقيل شوي"),
    ("spinal_cord", "my legs feel like jelly and i cant feel my feet, bone mets in my spine"),
    ("spinal_cord", "ابوي فجأة بلل حالو مرتين اليوم ورجليه تقال"),
    ("spinal_cord", "не чувствую когда хочу в туалет все само выходит со вчера"),
    ("spinal_cord", "мама говорит ноги как чужие"),
    ("port_line", "מסביב לpicc כל היד אדומה"),
    ("port_line", "вокруг пикка все красное"),
    ("pain_uncontrolled", "לקחתי oxycontin והכאב בגב 10 מתוך 10"),
    ("pain_uncontrolled", "اخدت المورفين والوجع لسا ١٠ من ١٠"),
    ("mouth_sores", "дочка совсем не пьет рот весь в ранках после химии"),
    ("bowel_obstruction", "у папы 4 дня не было стула живот раздуло как барабан и начал рвать"),
    ("poison", "i took all my tablets an hour ago"),
    ("poison", "ابني لقيته ماسك علبة حبوب الكيماوي وما بعرف اذا بلعهم"),
    # a fourth round, written to avoid the textbook words: the body in people's own images
    ("fever_high", "38 8 now. was 38 2 at midnight. she had chemo on tuesday"),
    ("fever_high", "38 8 עכשו. כימו היה ביום ראשון. לנסוע?"),
    ("breathing", "my nan looks grey round her mouth and her fingernails have gone bluey"),
    ("breathing", "папа дышит будто стометровку пробежал говорит как через соломинку"),
    ("breathing", "ابو … مش قادر يكمل جملة، كل كلمتين بوقف وبسحب هوا"),
    ("chest_pain", "it feels like someone is sitting on his chest and it goes into his left jaw"),
    ("chest_pain", "امي بتقول في اشي قاعد على صدرها زي الحجر وبيمتد لايدها الشمال"),
    ("coughing_blood", "кашляет и в платке сгустки красные"),
    ("bleeding", "her motions have gone black as pitch the last two days"),
    ("bleeding", "писает красным как морс сегодня с утра"),
    ("bleeding", "اختي بالكيمو وقالتلي انو الحمام كله دم احمر"),
    ("bleeding", "אף של הבת שלי מדמם כבר 40 דקות, טסיות נמוכות"),
    ("bowel_obstruction", "he hasnt done a poo in 5 days, now hes bringing up green stuff"),
    ("fainting_confusion", "she stood up and her legs vanished, came round after a few seconds"),
    ("fainting_confusion", "نحاول نصحيه وبيحكي عن ناس مش موجودين بالغرفة"),
    ("fainting_confusion", "היא החליקה מהכיסא ולא ענתה כמה שניות"),
    ("stroke", "one side of dads mouth is hanging down and his words are coming out mashed"),
    ("stroke", "אמא פתאום לא מצליחה להחזיק את הכוס ביד ימין"),
    ("spinal_cord", "ابوي فجأة رجليه ما بيشيلوه وما بيحس اذا بدو يعمل بول"),
    ("infusion_reaction", "my lips feel fat, its like im swallowing round a golf ball"),
    ("infusion_reaction", "мама пишет с капельницы язык как чужой толстый"),
    ("blood_clot", "his left calf is hot and fat, and he gets winded just walking to the kitchen"),
    ("immunotherapy_jaundice", "the whites of her eyes are the colour of a banana"),
    ("diarrhoea_severe", "on keytruda, 8 runny ones since breakfast"),
    ("mouth_sores", "her mouth is full of white sores, she cant even get water down"),
    ("mouth_sores", "بنتي بالكيماوي تمها كلو جروح بيض وما بترضى تشرب"),
    ("port_line", "the pick line arm is swollen up to the elbow with red streaks going up"),
    ("pain_uncontrolled", "gave him the oxy, his hip is a 10, nothings touching it"),
    ("pain_uncontrolled", "боль такая что стенку царапаю ничего не берёт"),
    ("head_injury", "dad whacked his head on the tiles, hes on apixaban"),
    ("poison", "внучка вроде съела таблетки кселода"),
    # a fifth round, by other writers in the same way
    (
        "fainting_confusion",
        "cant get mum to wake up properly, she opens her eyes and goes straight back under",
    ),
    (
        "fainting_confusion",
        "his arm was going jerk jerk jerk and theres blood where he bit his tongue",
    ),
    ("fainting_confusion", "ستي عيونها لفوق وطلع زبد من تمها"),
    ("fainting_confusion", "مي ولات ما كتعرفنيش، كتقول ليا شكون نتي"),
    ("fever_high", "almost 39 after carboplatin, the panadol brought it down so can i wait"),
    ("fever_high", "у апашки почти 39 уже, она кселоду пьет"),
    ("fever_high", "ابني قربات ل39 وهو عالكيماوي"),
    ("fever_high", "אבא 38 ומשהו אחרי הכימו"),
    ("fever_high", "у мамы 38 с чем-то после химии"),
    ("fever_high", "ابني 38 وشوي وهو عالكيماوي"),
    ("low_temperature", "35 4 три раза перемеряла муж холодный химия 6 дней назад"),
    ("low_temperature", "جوزي اخد الجلسة امبارح، الترمومتر بيقول 35 وهو نعسان"),
    ("breathing", "lips have gone dusky and she has to stop and pull air"),
    ("breathing", "дышит часто и плечами себе помогает"),
    ("chest_pain", "a strap tight round her ribs and it's going up into her jaw"),
    ("chest_pain", "אבא אמר שיש לו כאילו פיל יושב לו על החזה"),
    ("bleeding", "my dads nose has been pouring for two hours, platelets were 18"),
    ("bleeding", "البول لونه زي عصير الرمان وهو ع الكيمو"),
    ("bleeding", "הפיפי של בעלי בצבע מיץ פטל כהה"),
    ("bleeding", "у мамы кровь из носа уже 40 минут второе полотенце все красное"),
    (
        "bowel_obstruction",
        "belly swollen and hard, nothing out the back since friday, been sick 4 times",
    ),
    ("diarrhoea_severe", "on nivolumab, 8 watery goes since this morning"),
    ("spinal_cord", "رجلي الثنتين صارو زي القطن وبلشت ابل حالي"),
    ("spinal_cord", "כל המכנסיים רטובים והרגל כבדה כמו שק חול"),
    ("stroke", "סבא יוצא לו ג'יבריש וחצי מהפנים שלו כאילו נמס"),
    ("infusion_reaction", "באמצע הטיפול הקול שלה נהיה צרוד כאילו משהו סוגר לה"),
    ("blood_clot", "икра справа толще левой горячая и болит наступать"),
    ("port_line", "рука где пик стоит опухла и красная полоса вверх к плечу"),
    ("mouth_sores", "her mouth is like raw mince, ulcers everywhere, she cant even sip water"),
    ("pain_uncontrolled", "הפנטניל לא עושה כלום, כמו סכינים בעצמות"),
    ("poison", "my toddler got into grandma's handbag, 2 tablets popped out and i cant find them"),
    ("poison", "جدي حط لزقة الفنتانيل ولقيتلو تلات لزقات على ضهرو"),
    # a sixth round, by other writers again
    (
        "fainting_confusion",
        "she's talkin to my aunt who's been gone ten years, cant hardly get her up",
    ),
    ("fainting_confusion", "his arm started jerking on its own and then his whole body went stiff"),
    ("fainting_confusion", "тетя встала с дивана и упала как мешок"),
    ("fainting_confusion", "סבתא פותחת עיניים אומרת משהו לא קשור ונרדמת שוב"),
    ("breathing", "mi mudda lips dem gone kinda blue an she a pull fi air"),
    ("breathing", "муж как ляжет сразу воздуха нет"),
    ("stroke", "my mums smile has gone lopsided and her words are coming out mushy"),
    ("stroke", "חצי פה שלה נפל פתאום והמילים יוצאות לה מרוחות"),
    ("coughing_blood", "кашляет и плюет ржавым с красным"),
    ("bleeding", "в унитазе вся вода красная после него"),
    ("bleeding", "بابا من البارح كيخرج كحل بحال الزفت"),
    ("diarrhoea_severe", "на кселоде 6 раз сегодня жидко"),
    ("diarrhoea_severe", "על קייטרודה, 8 פעמים היום מים"),
    ("blood_clot", "my left calf is twice the size of the right and i'm puffed out just walking"),
    ("infusion_reaction", "הלשון שלו עבה כמו ספוג והוא לא מצליח לבלוע את הרוק"),
    ("port_line", "יש פס אדום לאורך כל הזרוע מהפיק"),
    ("pain_uncontrolled", "oramorph isnt touching it, he says its a 10"),
    ("pain_uncontrolled", "מורפיום ועדיין היא מתפתלת ובוכה"),
    ("poison", "my 3 yr old had the chemo tablets in his mouth, 2 are missing from the strip"),
    ("stroke", "אבא מהבוקר חצי פנים שלו כאילו נפלו והיד הימנית לא מחזיקה כוס"),
    ("stroke", "my coworker at the meeting just now, half her face kind of slid down"),
]


@pytest.mark.parametrize(("rule", "text"), DESCRIBED)
def test_a_red_flag_described_without_its_medical_word_alarms(check, rule: str, text: str) -> None:
    hit = check(text)
    assert hit is not None and rule in (hit.rule_id, *hit.also), (text, hit)


@pytest.mark.parametrize(
    "text",
    [
        "theyd all be better off if i wasnt here",
        "whats the point carrying on. ive written letters for my kids",
        "mum gave me her jewellery and said shes going to go to sleep and not come back",
        "بطلت بدي اصحى الصبح، كل ليلة بتمنى مااصحى",
        "جوزي قلي انو بدو يخلص من حالو",
        "נמאסלי אני רוצהלמות באמת",
        "אני רוצה לגמור את החיים שלי",
        "היא אמרה שנהיה יותר טובים בלעדיה",
        "муж сказал что хочет покончить с этим всем",
        "нехочу больше просыпаться по утрам",
        "папа раздал свои вещи и сказал что скоро всем станет легче",
        "ive been putting away one of my night tablets every night, theres quite a stash now",
        "grandad gave me his watch and said i wont be needing it",
        "she wants to go to sleep and be done",
        "kak bystree vse zakonchit ustal ot himii",
        "ябы уже ушла с этого света чем быть гирей на шее у детей",
        "муж написал в семейный чат прощаюсь всех люблю",
        "كل ليلة ادعي ماگعد الصبح",
        "جدي كاتب على ورقة سامحوني ومابدي اكون حمل على حدا",
        "סבא אמר זהו מותק אני סוגר את הבסטה",
        "אני פשוט עומדת על הגג כבר שעה ומסתכלת למטה",
        "everyone would have a much easier time w/o me",
        "ive been putting my sleeping tablets aside in a jam jar",
        "he said hes going to go for a long drive and not come back",
        "عم بجمع حبه حبه من المورفين بعلبة",
        "جدي بدو ينام وما يفيق، ووزع الساعه والخاتم علينا",
        "снотворное не пью складываю в баночку",
        "муж сказал если вернется рак он выйдет с балкона",
        "איןטעם.נמאסלי להיותנטל על כולם",
        "עליתי לגג ועמדתי ליד הקצה שעה",
        "he's not waiting for the cancer to finish him off",
        "since the diagnosis I am thinking to finish myself",
        "סבא אוסף את כדורי השינה במגירה כבר חודש",
        "כל לילה אני מתפלל לא לפקוח עיניים בבוקר",
        "صرت افكر انه لو نمت وما فقت بكون ريحتهم",
        "مابقيتش باغية نفيق الصباح",
        "набралось таблеток от сна, складываю",
        "каждый вечер прошу бога чтоб утром глаза не открылись",
        "сижу у детей на шее как камень, без меня им легче",
    ],
)
def test_crisis_said_indirectly_or_joined_is_a_crisis(check, text: str) -> None:
    hit = check(text)
    assert hit is not None and hit.kind == "crisis", (text, hit)


@pytest.mark.parametrize(
    "text",
    [
        "the swelling just went down after the ice pack",
        "her hair has gone kind of grey since chemo, will it come back dark?",
        "he stepped out for a minute and missed the nurse",
        "الوضع زي الزفت مع التأمين الوطني",
        "мне до смерти надоела эта жара",
        "после маммографии побаливает грудь там где сжимали",
        "מדדתי לו 36.6, הכל תקין",
        "we measured the lump, 38 mm on the scan",
        "it wasn't her fault, the nurse said",
        "since chemo i keep mixing up words, is that chemo brain?",
        "she is 38 5 months after surgery",
        "mum is almost 39, can she freeze eggs before chemo please tell me",
        "маме почти 39 лечится химией что можно есть",
        "אני בת 38 ומשהו ואובחנתי עם סרטן שד מה עכשיו",
        "I'm 38 and something, newly diagnosed, what are my options",
        "הירידה במשקל לא נעצרת, מה עושים?",
        "אחרי הטיפול אני כבר לא מפחד יותר",
        "врач сказал больше ждать не будет и назначил операцию",
        "у папы тест на скрытую кровь в кале положительный, как готовиться к колоноскопии?",
        "из за жары мне до смерти надоело ждать",
        "بلشت الكيماوي وانا تعبان كتير، مفيش اي سخونية والتحاليل كويسة",
        "8 месяцев как закончил всё хорошо, можно лететь?",
        "my son didnt answer me for two days, typical teenager",
        "ابني ما بيرد علي عالتلفون من الصبح",
        "врач сам все решит на консилиуме",
        "выпила 2 раза кофе и не могу уснуть",
        "достала таблетки в аптеке без рецепта",
        "מחר אני אסדר את זה עם הקופה",
        "my head is exploding from all the forms",
        "الراتب بدي اعرف اذا بكفو للعلاج",
        "his mouth is a bit dry on the chemo, not sore, drinking fine",
        "my mum nearly had a fit when she saw the parking price",
        "в комнате воздуха нет, можно открыть окно?",
        "он ест хорошо, не знаю сколько съел конфет",
        "בת כמה שותה מים נטו כל היום",
        "بشرب ماء صافي كتير",
        "אכלתי 5 פעמים היום, זה בסדר בכימו?",
        "my son dropped the cup and it broke lol",
        "my tongue is heavy after the mouthwash, normal?",
        "he came home from the bar talking like hes drunk lol",
        "sorry let me finish the story, the doctor then said we wait for the biopsy",
        "he wrote letters to the kids from the hospital, so sweet",
        "we all have luggage everyone has to carry on the plane",
        "эти справки из купы как мертвому припарка",
        "התינוק עוד לא מחזיק כוס לבד, מתי זה קורה?",
        "I found a rope swing for the kids at the park",
        "the swelling goes into my left arm since the lymph node surgery",
        "I don't know who to call about the bill",
        "the swelling is not going down at all, is that normal after surgery?",
        "думала выпить всё вино на празднике, а потом передумала",
        "выпил кофе два раза подряд и не могу уснуть",
        "в аптеке рецепты вообще не берут без печати",
        "الدكتور مش رح يكون موجود بكرا، مين بيشوفنا؟",
        "ana ta3ban mn el shoghol, ma 3ad fini",
        "מגיע לה החזר על הנסיעות לטיפולים?",
    ],
)
def test_everyday_sentences_beside_the_new_phrases_stay_quiet(check, text: str) -> None:
    assert check(text) is None, text


def test_a_crushing_chest_pain_near_a_mammogram_word_is_still_heard_elsewhere(check) -> None:
    # The mammogram word quiets only the phrase beside it: chest pain told apart still alarms.
    hit = check("I had a mammogram last month. Tonight my chest pain is crushing and I'm sweating")
    assert hit is not None and hit.rule_id == "chest_pain"
