"""The terminal chat: numbered buttons, commands, and continuing where one stopped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.content.library import REPOSITORY


def chat(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "TELEGRAM_BOT_TOKEN": "",
    }
    return subprocess.run(
        [sys.executable, str(REPOSITORY / "bot.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def test_a_second_run_continues_where_the_first_stopped(tmp_path: Path) -> None:
    first = chat(tmp_path, "4\n1\n1\n/back\n/menu\n1\n", "chat", "--user", "demo")
    assert first.returncode == 0, first.stderr
    assert "Choose a topic" in first.stdout  # English main menu after choosing English
    where = first.stdout.split("== ")[-1].split(" ==")[0]
    second = chat(tmp_path, "1\n", "chat", "--user", "demo")
    assert second.returncode == 0, second.stderr
    assert "Welcome back" in second.stdout
    assert f"== {where} ==" in second.stdout.split("> 1")[-1]


def test_no_token_starts_the_chat_with_a_notice_and_end_of_input_quits(tmp_path: Path) -> None:
    result = chat(
        tmp_path,
        "",
    )
    assert result.returncode == 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "עברית" in result.stdout


def test_lang_option_skips_the_language_question(tmp_path: Path) -> None:
    result = chat(tmp_path, "", "chat", "--user", "x", "--lang", "ru")
    assert "Кто вы?" in result.stdout


def test_lang_option_switches_a_returning_person_to_that_language(tmp_path: Path) -> None:
    first = chat(tmp_path, "", "chat", "--user", "x", "--lang", "ar")
    assert first.returncode == 0, first.stderr
    asked = "איך מספרים לילדים שיש לי סרטן?\n"
    second = chat(tmp_path, asked, "chat", "--user", "x", "--lang", "he")
    assert second.returncode == 0, second.stderr
    reply = second.stdout.split("> ")[-1]
    assert any("\u0590" <= ch <= "\u05ff" for ch in reply.split("\n", 1)[1]), reply
    assert not any("\u0600" <= ch <= "\u06ff" for ch in reply), reply


async def test_each_command_answers_in_each_language(shipped, tmp_path: Path) -> None:
    import io

    from bot.console import Console
    from tests.test_runner import make_runner

    for lang in ("he", "ar", "ru", "en"):
        runner = await make_runner(shipped, tmp_path / lang)
        out = io.StringIO()
        console = Console(runner, f"person-{lang}", out)
        await console.run(["/help", "/privacy", "/language", "/delete", "1", "/privacy"], lang=lang)
        said = out.getvalue()
        ui = shipped.content.ui_text
        for key in ("help", "choose_language", "delete_confirm", "deleted", "nothing_kept"):
            assert ui(key, lang).splitlines()[0] in said, (lang, key)
        privacy_first_line = ui("privacy", lang).splitlines()[0].split("{")[0]
        assert privacy_first_line in said, lang
        assert "not understood" not in said and ui("not_understood", lang) not in said
        await runner.store.close()
