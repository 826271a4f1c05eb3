"""Folding copes with Hebrew prefixes, the Arabic article, Russian endings and digits."""

from __future__ import annotations

from bot.understand.normalize import fold, forms, language_of, without_words, words


def shares_a_form(a: str, b: str) -> bool:
    return bool(set(forms(words(a)[0])) & set(forms(words(b)[0])))


def test_hebrew_prefixes_and_niqqud_are_folded() -> None:
    assert shares_a_form("והביופסיה", "ביופסיה")
    assert shares_a_form("בכימותרפיה", "כימותרפיה")
    assert words("שָׁלוֹם") == ["שלומ"]


def test_arabic_article_clitics_and_letter_variants_are_folded() -> None:
    assert shares_a_form("والعلاج", "علاج")
    assert shares_a_form("بالكيماوي", "كيماوي")
    assert fold("أمي إلى") == fold("امي الي")


def test_russian_and_english_endings_are_stemmed() -> None:
    assert shares_a_form("химиотерапии", "химиотерапия")
    assert shares_a_form("облучения", "облучение")
    assert shares_a_form("breathing", "breathe")


def test_arabic_indic_digits_and_decimal_separator_become_ascii() -> None:
    assert fold("٣٨٫٥") == "38.5"


def test_language_is_guessed_from_the_script() -> None:
    assert language_of("יש לי שאלה") == "he"
    assert language_of("عندي سؤال") == "ar"
    assert language_of("у меня вопрос") == "ru"
    assert language_of("i have a question") == "en"
    assert language_of("38.5") is None


def test_spoken_arabic_on_the_written_onto_a_word_is_read_both_ways() -> None:
    assert "كيماوي" in forms("عالكيماوي")  # "on the chemo"
    assert "عالكيماوي" in forms("عالكيماوي")
    assert forms("عالمية")[0] == "عالم"  # a word of its own: too short a rest to strip


def test_a_prefix_written_onto_a_latin_word_is_dropped() -> None:
    assert words("מסביב לpicc כל היד אדומה") == ["מסביב", "picc", "כל", "היד", "אדומה"]
    assert words("אני מטופלת בDVD") == ["אני", "מטופלת", "dvd"]
    assert words("الPICC اللي بايدي") == ["picc", "اللي", "بايدي"]
    assert words("والCT") == ["ct"]
    assert words("מסביבpicc") == ["מסביבpicc"]  # a whole word before it is no prefix


def test_words_left_out_by_position_keep_the_rest_and_its_punctuation() -> None:
    text = "No headaches, no vomiting. Does it interact?"
    assert without_words(text, frozenset({1, 3})) == "no , no . does it interact?"
