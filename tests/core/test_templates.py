"""Hospital settings fill their own lines; an empty one never shows inside advice."""

from __future__ import annotations

from bot.core.templates import fill, placeholders

TEXT = "Call 101 or your team's 24-hour line at once.\n\n📞 24-hour line: {{line}}\n\nKeep warm."


def test_a_filled_setting_appears_on_its_line() -> None:
    assert fill(TEXT, {"line": "03-1234567"}).splitlines()[2] == "📞 24-hour line: 03-1234567"


def test_an_empty_setting_drops_its_whole_line_and_the_text_still_reads_right() -> None:
    filled = fill(TEXT, {"line": ""})
    assert filled == "Call 101 or your team's 24-hour line at once.\n\nKeep warm."
    assert fill(TEXT, {}) == filled


def test_placeholders_are_listed_in_order() -> None:
    assert placeholders("{{a}} and {{ b }}") == ("a", "b")
