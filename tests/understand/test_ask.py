"""`python bot.py ask --json` follows the contract, one object per line from stdin."""

from __future__ import annotations

import json
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


def run_ask(*args: str, stdin: str = "") -> list[dict[str, object]]:
    result = subprocess.run(
        [sys.executable, str(REPOSITORY / "bot.py"), "ask", *args, "--json"],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
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
