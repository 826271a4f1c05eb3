"""Word frequencies tell a slip of the finger from a real word of its own."""

from __future__ import annotations

from bot.understand.vocabulary import frequency, informativeness, may_be_typo_of


def test_everyday_words_say_less_than_medical_words_in_every_language() -> None:
    for everyday, medical in [
        ("the", "biopsy"),
        ("של", "ביופסיה"),
        ("это", "биопсия"),
        ("في", "خزعة"),
    ]:
        assert informativeness(everyday) < informativeness(medical), (everyday, medical)


def test_a_misspelling_may_be_a_slip_but_a_real_word_is_not() -> None:
    fever = frequency("fever")
    assert may_be_typo_of("feaver", fever)
    assert may_be_typo_of("fevr", fever)
    assert not may_be_typo_of("fewer", fever)
    assert not may_be_typo_of("never", fever)


def test_folded_hebrew_and_arabic_words_are_found_under_their_written_spelling() -> None:
    assert frequency("חומ") > 3  # חום, folded to a plain final letter
    assert frequency("سخونه") > 2  # سخونة, folded ة → ه
