"""Red flags told in words no phrase holds alarm through the described alarm, in four languages;
short messages, distress, dying, the weather and other health matters are left to the phrases."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.content.library import Library
from bot.core.state import State
from bot.understand.ask import ask
from bot.understand.described import described_alarm
from bot.understand.readers import understander

# From the held-out seventh probe round: no phrase in content/safety.yaml catches them.
TOLD_IN_OWN_WORDS = [
    (
        "en",
        "his left calf is double the right one, red and hot, hurts to walk. and he got out of air"
        " just going to the toilet",
    ),
    (
        "ar",
        "شفايف سيدي صار لونهم زي لون الباذنجان واظافره كمان وهو قاعد عالكرسي مش عم يرد عليي منيح",
    ),
    (
        "he",
        "אח שלי פשוט התקפל במטבח ונפל על הרצפה, אחרי דקה פתח עיניים ולא זוכר כלום. הוא באמצע"
        " טיפול ביולוגי",
    ),
    ("ru", "муж на иммунотерапии кейтруда, с утра уже 8 раз водой в туалет и живот крутит жутко"),
]


@pytest.mark.parametrize(("lang", "text"), TOLD_IN_OWN_WORDS)
def test_a_red_flag_no_phrase_holds_gets_the_emergency_reply(
    shipped: Library, lang: str, text: str
) -> None:
    reader = understander(shipped)
    assert reader.safety is not None and reader.safety.check(text) is None  # no phrase has it
    found = ask(shipped, text, lang)
    assert found["safety"] == "emergency", found
    own = shipped.content.safety_replies["rule:described"].get(lang)
    general = shipped.content.safety_replies["emergency"].get(lang)
    assert own and general and found["reply"].startswith(own) and general in found["reply"]
    assert "101" in found["reply"]


def test_a_crisis_told_without_its_words_gets_the_crisis_reply(shipped: Library) -> None:
    text = (
        "my husband keeps saying soon you wont have to worry about me, and he gave his watch to"
        " our son yesterday"
    )
    found = ask(shipped, text, "en")
    assert found["safety"] == "crisis", found
    assert "1201" in found["reply"]


def test_a_short_message_is_left_to_the_phrases(shipped: Library) -> None:
    alarm = understander(shipped).described
    assert alarm is not None
    text = "picc arm puffy and theres a red line going up toward the elbow"
    assert alarm.read(text) is not None
    assert replace(alarm, min_words=20).read(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # Distress, which gets a kind sentence and the support pages.
        "не могу больше, плачу каждую ночь, мама на химии и я не справляюсь, муж не помогает",
        # Dying, which gets the pages about the last days.
        "he is not eating or drinking and sleeping all day since the hospice nurse came, is this"
        " the end?",
        # The weather.
        "на улице 39 градусов, мама после химии лежит под кондиционером и пьёт много воды",
        # Everyday questions about treatment.
        "Dad has lung cancer and the chemo didn't work, what else is there for him now?",
        "mum finished her radiotherapy last month and is still very tired, is that normal?",
    ],
)
def test_calm_messages_stay_quiet(shipped: Library, text: str) -> None:
    assert ask(shipped, text)["safety"] is None


def test_content_without_a_described_block_has_no_described_alarm(shipped: Library) -> None:
    examples = shipped.documents["content/safety_examples.yaml"].data
    assert described_alarm(None, examples, None, None) is None
    settings = {"belief": 0.85, "min_words": 12}
    assert described_alarm(settings, {"red_flags": {}}, None, None) is None


def test_a_short_question_after_a_described_alarm_hears_it_again(shipped: Library) -> None:
    reader = understander(shipped)
    state = State(lang="en", alert=("emergency", "described"))
    found = reader.read(state, "what do we do now?").understanding
    assert found.safety is not None and found.safety.rule_id == "described"
