"""`python bot.py ask --json` follows the contract, one object per line from stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bot.content.library import REPOSITORY

KEYS = {
    "text",
    "lang",
    "safety",
    "flow",
    "node",
    "score",
    "suggestions",
    "reply",
    "scope",
    "about",
    "wants",
}


def run_ask(*args: str, stdin: str = "", seed: str | None = None) -> list[dict[str, object]]:
    env = {**os.environ, "PYTHONHASHSEED": seed} if seed is not None else None
    result = subprocess.run(
        [sys.executable, str(REPOSITORY / "bot.py"), "ask", *args, "--json"],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_one_message_gives_one_contract_object() -> None:
    (answer,) = run_ask("what does stage 3 mean")
    assert set(answer) >= KEYS
    assert answer["lang"] == "en" and answer["safety"] is None
    assert answer["flow"] == "diagnosis" and 0 <= answer["score"] <= 100  # type: ignore[operator]
    assert answer["reply"]


def test_stdin_gives_one_object_per_line_with_safety_first() -> None:
    answers = run_ask(stdin="fever 39 after chemo\nאני לא רוצה לחיות\nhello\n")
    assert [a["safety"] for a in answers] == ["emergency", "crisis", None]
    assert answers[1]["lang"] == "he" and answers[0]["flow"] is None
    assert "101" in str(answers[0]["reply"]) and "1201" in str(answers[1]["reply"])
    assert all(isinstance(a["suggestions"], list) for a in answers)


def test_lang_option_sets_the_reply_language() -> None:
    (answer,) = run_ask("chemo", "--lang", "ru")
    assert answer["lang"] == "ru"


def test_scope_about_and_wants_say_what_was_read() -> None:
    (treatment, other) = run_ask(
        stdin="My mother has AML. What are the treatment options?\n"
        "How do I lower my cholesterol without statins?\n"
    )
    assert treatment["scope"] == "in" and treatment["wants"] == "options"
    assert {"kind": "cancer", "id": "aml"} in treatment["about"]  # type: ignore[operator]
    assert other["scope"] == "out" and other["flow"] is None and other["about"] == []


def test_the_answer_does_not_depend_on_the_order_of_a_set() -> None:
    """Python orders sets differently in each process (PYTHONHASHSEED); sums of floats then
    differ in the last digit. Under seed 3 "what are the symptoms of bowel cancer?" once fell
    a hair short of the lead it needs and came back "not sure"."""
    question = "מה הסימנים של סרטן המעי הגס?\nWhat are the symptoms of ovarian cancer?\n"
    answers = [run_ask(stdin=question, seed=seed) for seed in ("0", "3")]
    assert answers[0] == answers[1]
    assert all(a["score"] >= 75 for a in answers[1])  # type: ignore[operator]
