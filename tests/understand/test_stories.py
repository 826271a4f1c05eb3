"""Which journey a story belongs to, or none: learned from people's own messages."""

from __future__ import annotations

import re

from bot.content.library import Library
from bot.understand.readers import understander
from bot.understand.stories import OUT, StoryModel, learned
from tests.understand.test_realworld import REALWORLD, load_set

PROBE = 40
"""Characters of an example that must not appear in a held-out real-world message."""


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _shares(text: str, held_out: str) -> bool:
    """Whether any PROBE-character stretch of `text` (every 30 characters) is in `held_out`."""
    text = _squeezed(text)
    return any(text[i : i + PROBE] in held_out for i in range(0, len(text) - PROBE - 20, 30))


def test_examples_never_copy_the_held_out_real_world_sets(shipped: Library) -> None:
    held_out = " ".join(_squeezed(m["text"]) for path in REALWORLD for m in load_set(path))
    examples = shipped.documents["content/examples.yaml"].data["examples"]
    copied = [example["text"][:80] for example in examples if _shares(example["text"], held_out)]
    assert not copied, copied


def test_every_language_has_examples_for_out_and_the_journeys(shipped: Library) -> None:
    examples = shipped.documents["content/examples.yaml"].data["examples"]
    for lang in ("he", "ar", "ru", "en"):
        journeys = {e["journey"] for e in examples if e["lang"] == lang}
        assert {OUT, "diagnosis", "treatment", "survivorship"} <= journeys, lang


def test_an_example_staff_add_teaches_the_bot_a_new_word(shipped: Library) -> None:
    model = understander(shipped).stories
    text = "is the zorblax tea a good idea with my pills"
    # A tenth of the examples, so that learning twice takes seconds, not a minute.
    some = dict(model.examples or {})
    some["examples"] = some["examples"][::10]
    before = StoryModel(some)
    examples = dict(some)
    examples["examples"] = [
        *some["examples"],
        *(
            {"lang": "en", "journey": "integrative", "source": "written", "text": t}
            for t in ("can I drink zorblax tea during chemo", "zorblax tea instead of pills?")
        ),
    ]
    after = StoryModel(examples)
    assert after.belief(text)["integrative"] > before.belief(text).get("integrative", 0.0)
    assert max(after.belief(text).items(), key=lambda item: item[1])[0] == "integrative"


def test_a_story_about_another_health_matter_reads_as_out(shipped: Library) -> None:
    model = understander(shipped).stories
    for text in (
        "הבן שלי בן 15 ויש לו פצעונים על כל הפנים כבר שנה. ניסינו משחות מבית המרקחת ולא עוזר.",
        "ابني عمره 6 سنين وصار يبول بالفراش كل ليلة من شهرين، قبل كان منيح. شو ممكن نعمل؟",
    ):
        belief = model.belief(text)
        assert max(belief.items(), key=lambda item: item[1])[0] == OUT, (text, belief)


def test_the_same_examples_always_teach_the_same_model(shipped: Library) -> None:
    examples = dict(understander(shipped).stories.examples or {})
    examples["examples"] = examples["examples"][::9]
    text = "my mother finished chemo last year and is scared it will come back, what checks now?"
    assert StoryModel(examples).belief(text) == StoryModel(examples).belief(text)
    assert learned(examples) is learned(dict(examples)), "learned once per process"


def test_a_misspelt_or_joined_word_still_reads_like_its_examples(shipped: Library) -> None:
    model = understander(shipped).stories
    story = (
        "my husband started chemotherapy for bowel cancer two weeks ago and his hair is falling"
        " out and his mouth is full of sores, the oncologist said these are side effects, how"
        " long do they last?"
    )
    typed = (
        story.replace("chemotherapy", "chemoterapy")
        .replace("falling", "faling")
        .replace("side effects", "sideeffects")
    )
    for text in (story, typed):
        belief = model.belief(text)
        assert max(belief.items(), key=lambda item: item[1])[0] == "treatment", (text, belief)
