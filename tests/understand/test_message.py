"""Reading a message as a person would: sentences, the question, and the filler around it."""

from __future__ import annotations

from bot.understand.message import read_message


def greeting(sentence: str) -> bool:
    return sentence.casefold().startswith(("hi", "hello", "thank", "שלום", "спасибо"))


def test_the_question_of_a_story_is_its_focus_and_greetings_and_names_are_dropped() -> None:
    message = read_message(
        "Hi! My name is Dana. My mother was diagnosed last week. The doctor used a needle "
        "for the biopsy. What are the treatment options? Thank you so much.",
        greeting,
    )
    assert message.focus == "What are the treatment options?"
    assert "Dana" not in message.body and "Thank" not in message.body
    assert message.body.startswith("My mother")


def test_numbered_questions_are_all_kept_as_the_focus() -> None:
    message = read_message(
        "Hello, I have questions. 1) what is a biopsy 2) how long do results take 3) does it hurt",
        greeting,
    )
    assert "what is a biopsy" in message.focus and "does it hurt" in message.focus
    assert "I have questions" not in message.focus


def test_questions_are_found_in_every_language_without_a_question_mark() -> None:
    for text in (
        "אמא שלי חולה בסרטן שד. עשו לה ניתוח. מה האפשרויות עכשיו",
        "Маме поставили диагноз. Сделали операцию. Какие есть варианты лечения",
        "امي عندها سرطان. عملولها عملية. شو الخيارات هلأ",
    ):
        message = read_message(text, greeting)
        assert message.has_focus and message.focus == message.sentences[-1]


def test_a_short_message_is_its_own_focus() -> None:
    message = read_message("what is a biopsy", greeting)
    assert message.focus == message.body == "what is a biopsy" and not message.has_focus


def test_a_message_that_is_only_a_greeting_is_kept_whole() -> None:
    assert read_message("Hello!", greeting).body == "Hello!"


def test_a_long_question_sentence_is_focused_on_the_clause_that_asks() -> None:
    message = read_message(
        "мама после второго курса химии очень слабая, почти ничего не ест и много спит,"
        " можно ли ей пить травы?",
        greeting,
    )
    assert message.focus == "можно ли ей пить травы?"


def test_a_short_question_sentence_keeps_its_story_words() -> None:
    """A question asked in a few words keeps them: fasting on chemo, not fasting alone."""
    message = read_message("I'm on chemo, is it safe for me to fast for Ramadan?", greeting)
    assert message.focus == message.body and not message.has_focus


def test_a_subject_line_is_read_as_part_of_the_question() -> None:
    found = read_message(
        "Subject: herceptin and heart  Dear sir, I am starting Herceptin for breast cancer."
        " The nurse said I need an echo every 3 months. Why?",
        lambda sentence: False,
    )
    assert found.focus.startswith("herceptin and heart")
    assert "Subject" not in found.body and "Dear sir" in found.body
    assert read_message("Subject: hair", lambda sentence: False).body == "hair"
