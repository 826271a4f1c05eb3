"""Conversation scripts: every shipped script passes, and a wrong one says where and why."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot import cli
from bot.content.library import REPOSITORY, Library
from bot.core.model import LANGUAGES, TOP_LEVEL_FLOWS
from bot.core.state import Frame
from bot.staff import conversations
from bot.staff.conversations import Check, ContentChange, Expect, Script

SCRIPTS = REPOSITORY / "tests" / "conversations"
FILES = conversations.script_files(SCRIPTS)


def parsed(file: Path) -> Script:
    script, failures = conversations.parse(file.read_text(encoding="utf-8"), str(file))
    assert script is not None, "\n".join(map(str, failures))
    return script


def expectations(script: Script) -> list[Check]:
    """Every check of every `expect:` step of `script`."""
    return [c for step in script.steps if isinstance(step, Expect) for c in step.checks]


def line_of(text: str, part: str) -> int:
    """The 1-based line of `text` where `part` is written."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if part in line)


def run(library: Library, text: str) -> conversations.Outcome:
    return conversations.run_text(library, textwrap.dedent(text), "tests/conversations/x.yaml")


@pytest.mark.parametrize("file", FILES, ids=[file.name for file in FILES])
def test_shipped_script_passes(shipped: Library, file: Path) -> None:
    outcome = conversations.run_file(shipped, file)
    assert outcome.passed, "\n".join(map(str, outcome.failures))


def test_the_shipped_scripts_cover_every_journey_language_safety_role_and_content_change() -> None:
    scripts = [parsed(file) for file in FILES]
    assert len(scripts) >= 12
    assert all(script.about for script in scripts), "each script starts with a comment line"
    checks = [check for script in scripts for check in expectations(script)]
    flows = {Frame.parse(c.value).flow for c in checks if c.key == "node"}
    assert set(TOP_LEVEL_FLOWS) <= flows
    assert {"emergency", "crisis"} <= {c.value for c in checks if c.key == "safety"}
    spoken = {s.lang for s in scripts} | {c.value for c in checks if c.key == "lang"}
    assert set(LANGUAGES) <= spoken
    assert any(
        script.role == "patient"
        and any(c.answer == "role" and c.value == "family" for c in expectations(script))
        for script in scripts
    ), "a script changes role from patient to family"
    changes = [step for s in scripts for step in s.steps if isinstance(step, ContentChange)]
    assert any(change.rename for change in changes) and any(change.remove for change in changes)


def test_a_wrong_expectation_fails_at_its_line_with_what_was_expected_and_got(
    shipped: Library,
) -> None:
    text = """\
        # a wrong node
        lang: en
        role: patient
        steps:
          - user: {tap: "💊 Treatment options"}
          - expect:
              text_contains: "Here you can read about cancer treatments"
              node: treatment.chemo
          - expect: {node: diagnosis.intro}
        """
    outcome = run(shipped, text)
    assert not outcome.passed
    (failure,) = outcome.failures  # the script stops at its first miss
    assert failure.line == line_of(textwrap.dedent(text), "node: treatment.chemo")
    shown = str(failure)
    assert shown.startswith(
        f"tests/conversations/x.yaml:{failure.line}: expected the person on node"
        " 'treatment.chemo' (got 'treatment.intro')"
    )
    assert "the bot replied (the person is now at treatment.intro):" in shown
    assert "== Treatment options ==" in shown
    assert "[Types of treatment]" in shown


def test_a_tap_on_a_missing_label_fails_listing_the_buttons_shown(shipped: Library) -> None:
    text = """\
        # a missing button
        lang: en
        role: patient
        steps:
          - user: {tap: "💊 Treatment options"}
          - user: {tap: "Chemotherapie"}
        """
    (failure,) = run(shipped, text).failures
    assert failure.line == 6
    assert failure.message.startswith("no button labelled 'Chemotherapie' on screen; buttons")
    for label in ("Deciding together", "Types of treatment", "← Back", "🏠 Main menu"):
        assert f"'{label}'" in failure.message


def test_labels_match_without_emoji_or_case_and_text_without_case_or_line_breaks(
    shipped: Library,
) -> None:
    text = """\
        # loose matching
        lang: en
        role: patient
        steps:
          - user: {tap: "diagnosis and tests"}
          - user: {tap: "tests: what to expect"}
          - user: {tap: "Biopsy"}
          - user: {tap: "after the biopsy"}
          - expect:
              node: diagnosis.biopsy_after
              text_contains: "CALL 101 AT ONCE for bleeding that won't stop, trouble breathing,
                chest pain or fainting. The same day"
              buttons_include: ["← back", "main menu"]
        """
    outcome = run(shipped, text)
    assert outcome.passed, "\n".join(map(str, outcome.failures))


def test_a_missed_emergency_or_a_false_alarm_fails(shipped: Library) -> None:
    text = """\
        # safety
        lang: en
        role: patient
        steps:
          - user: "I have a fever of 38.5 on chemo"
          - expect: {safety: none}
        """
    (failure,) = run(shipped, text).failures
    assert failure.message.startswith("expected safety 'none' (got 'emergency')")
    assert "A fever of 38.0 °C or more" in failure.context


def test_text_and_button_checks_say_what_was_missing(shipped: Library) -> None:
    text = """\
        # text and buttons
        lang: en
        role: family
        steps:
          - user: {tap: "💊 Treatment options"}
          - expect:
              text_contains: "Your treatment plan is made for you"
              buttons_exclude: ["Helping during treatment"]
        """
    first, second = run(shipped, text).failures
    assert first.message == "expected the reply to contain 'Your treatment plan is made for you'"
    assert first.context == "", "the bot's reply is quoted once, under the last miss"
    assert second.message.startswith("expected no button labelled 'Helping during treatment';")
    assert "how to help your relative get ready" in second.context


def test_a_node_that_does_not_exist_is_named_with_the_closest_one(shipped: Library) -> None:
    text = """\
        # typo in a node id
        lang: en
        role: patient
        steps:
          - user: {tap: "💊 Treatment options"}
          - expect: {node: treatment.intor}
        """
    (failure,) = run(shipped, text).failures
    assert "there is no node 'treatment.intor' in the content; did you mean 'treatment.intro'?" in (
        failure.message
    )


def test_an_unknown_role_fails_at_the_role_line_listing_the_answers(shipped: Library) -> None:
    text = "# role\nlang: en\nrole: famly\nsteps:\n  - user: /menu\n"
    (failure,) = run(shipped, text).failures
    assert failure.line == 3
    assert failure.message == (
        "role 'famly' is not an answer to the welcome question; use one of: patient, family,"
        " professional"
    )


def test_mistakes_in_a_script_are_each_reported_at_their_line() -> None:
    text = textwrap.dedent(
        """\
        lang: fr
        stepz: []
        steps:
          - user: "/help"
          - expect: {nod: menu.main}
          - tap: "Biopsy"
          - expect: {safety: maybe}
          - content_change: {rename: {chemo: chemotherapy}}
        """
    )
    script, failures = conversations.parse(text, "s.yaml")
    assert script is None
    assert [str(f) for f in failures] == [
        "s.yaml:1: `lang:` must be one of he, ar, ru, en (got 'fr')",
        "s.yaml:2: unknown key 'stepz'; did you mean 'steps'? use one of: lang, role,"
        " staff_chat, steps",
        "s.yaml:4: unknown command '/help'; a script can type /start, /back, /menu, /restart,"
        " /language",
        "s.yaml:5: unknown key 'nod'; did you mean 'node'? use one of: text_contains,"
        " text_not_contains, buttons_include, buttons_exclude, node, flow, safety, lang, answers",
        "s.yaml:6: a step is exactly one of `user:`, `expect:`, `content_change:` (got tap)",
        "s.yaml:7: `safety:` is one of emergency, crisis, none (got 'maybe')",
        "s.yaml:8: a page is written flow.node, e.g. treatment.chemo (got 'chemo')",
    ]


def test_a_yaml_syntax_error_is_reported_at_its_line() -> None:
    script, failures = conversations.parse("lang: en\nsteps:\n  - user: [unclosed\n", "s.yaml")
    assert script is None
    (failure,) = failures
    assert failure.line >= 3 and "YAML syntax error" in failure.message


def test_renaming_keeps_the_old_id_as_an_alias_and_repoints_the_buttons(shipped: Library) -> None:
    content = shipped.content
    renamed = conversations.changed(content, {Frame("treatment", "chemo"): "chemotherapy"}, ())
    assert renamed.version != content.version
    assert renamed.node("treatment", "chemo") is None
    assert renamed.flows["treatment"].resolve("chemo") == "chemotherapy"
    types = renamed.node("treatment", "types")
    assert types is not None
    assert "chemotherapy" in {o.target.node for o in types.options if o.target}
    removed = conversations.changed(content, {}, (Frame("treatment", "chemo_home"),))
    chemo = removed.node("treatment", "chemo")
    assert chemo is not None and removed.node("treatment", "chemo_home") is None
    assert all(o.target is None or o.target.node != "chemo_home" for o in chemo.options)


def test_a_change_to_a_node_that_does_not_exist_fails_clearly(shipped: Library) -> None:
    text = """\
        # bad change
        lang: en
        role: patient
        steps:
          - content_change: {remove: [treatment.chemotherapy]}
        """
    (failure,) = run(shipped, text).failures
    assert str(failure) == (
        "tests/conversations/x.yaml:5: there is no node 'treatment.chemotherapy' to change;"
        " check the flow and node id"
    )


def test_the_command_prints_a_line_per_script_and_each_miss_then_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = "# finds the biopsy page\nlang: en\nrole: patient\nsteps:\n"
    good += '  - user: {tap: "Diagnosis and tests"}\n  - expect: {node: diagnosis.intro}\n'
    (tmp_path / "good.yaml").write_text(good, encoding="utf-8")
    bad = good.replace("diagnosis.intro", "diagnosis.tests").replace("finds", "misses")
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    assert cli.main(["test-conversations", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("FAIL  ") and out[0].endswith("bad.yaml  (misses the biopsy page)")
    assert out[1].endswith(
        "bad.yaml:6: expected the person on node 'diagnosis.tests' (got 'diagnosis.intro')"
    )
    assert any(line.startswith("pass  ") and "good.yaml" in line for line in out)
    assert cli.main(["test-conversations", str(tmp_path / "good.yaml")]) == 0
    assert cli.main(["test-conversations", str(tmp_path / "missing")]) == 1
