"""A red flag of cancer treatment in a message about another health matter ("my son has the
flu, fever 39") is a caution after the honest answer, not an alarm; words of amount ("a lot
of blood") never break a red flag."""

from __future__ import annotations

import pytest

from bot.content.library import Library
from bot.understand.ask import ask

ANOTHER_MATTER = [
    "הבת שלי עם שפעת וחום 40 מאתמול, אפשר לתת נורופן ואקמול לסירוגין?",
    "بنتي عمرها 5 سنين عندها انفلونزا وحرارتها 39 من 3 ايام، شو اعطيها؟",
    "У ребенка 2 года температура 39 второй день, в садике грипп у всех. Чем сбивать?",
    "toddler 2 yrs had fever 3 days, 38.5 to 39, pediatrician said viral. what should we do?",
    'אבן בכליה 6 מ"מ, כאבים מטורפים בצד ימין. כמה זמן לוקח לה לצאת לבד??',
    "У меня пневмония, дали антибиотик, температура 38.2 третий день. Это нормально?",
    "у ребенка 2 года температура 38.9 сопли кашель третий день, чем сбивать?",
]


@pytest.mark.parametrize("text", ANOTHER_MATTER)
def test_a_symptom_put_down_to_another_matter_gets_the_honest_answer_and_the_caution(
    shipped: Library, text: str
) -> None:
    found = ask(shipped, text)
    assert found["safety"] is None and found["scope"] == "out", found
    # The advice for someone on cancer treatment still follows, with 101 in it.
    assert "101" in found["reply"], found["reply"]


@pytest.mark.parametrize(
    "text",
    [
        "my son has the flu, fever 39, he is on chemo",
        "הבת שלי עם שפעת וחום 40, היא בטיפול כימותרפי",
        "dad is on treatment and has the flu, fever 39",
        "у мамы грипп и температура 38.7, она проходит химию",
        "ابوي عنده انفلونزا وحرارته 39 وهو عم ياخد كيماوي",
        # A pharmacy question names no cause: the alarm stands.
        "האנטיביוטיקה לא עושה כלום, חום 38.5 ורעידות",
        # Breathing is an emergency whatever the cause.
        "I have asthma and I can't breathe right now",
    ],
)
def test_cancer_treatment_or_a_general_red_flag_keeps_the_alarm(
    shipped: Library, text: str
) -> None:
    assert ask(shipped, text)["safety"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "my dad with lung cancer is coughing up a lot of blood right now",
        "mom is vomiting a lot of blood",
        "he threw up so much blood just now",
        "אבא משתעל המון דם",
        "папа кашляет с большим количеством крови",
        "يكح كمية كبيرة من الدم",
    ],
)
def test_words_of_amount_inside_a_red_flag_do_not_hide_it(shipped: Library, text: str) -> None:
    assert ask(shipped, text)["safety"] == "emergency"


def test_words_of_amount_never_make_a_crisis(shipped: Library) -> None:
    text = "I feel that tamoxifen is taking so much from my quality of life."
    assert ask(shipped, text)["safety"] is None
