"""The staff guide in docs/ names only commands, options, codes, files and links that exist."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from bot.cli import main
from bot.content.library import REPOSITORY

DOCS = sorted((REPOSITORY / "docs").glob("*.md"))
README = REPOSITORY / "README.md"
GUIDE = REPOSITORY / "docs" / "content-guide.md"

CODE = re.compile(r"```[^\n]*\n(.*?)```|`([^`\n]+)`", re.DOTALL)
"""A fenced block or an inline code span: where commands and paths are written."""
INVOCATION = re.compile(r"(?<![\w/.])bot\.py\b([^\n|;&]*)")
"""`bot.py` and what follows it on its line, up to a pipe or another shell command."""
TOKEN = re.compile(r'"[^"]*"|\'[^\']*\'|\S+')
COMMAND_WORD = re.compile(r"[a-z][a-z-]*")
OPTION = re.compile(r"--[a-z][a-z-]*")
PROBLEM_CODE = re.compile(r"\b[EW]_[A-Z][A-Z0-9_]*")
"""A problem code as docs write it; one ending in `_` (`E_RELEASE_…`) names a family."""
DEFINED_CODE = re.compile(r"[\"']([EW]_[A-Z][A-Z0-9_]*)[\"']")
REPOSITORY_PATH = re.compile(r"(?<![\w./-])((?:bot|content|flows|tests|docs)/[\w./*-]*)")
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def code_spans(text: str) -> list[str]:
    """The text of every fenced block and inline code span."""
    return [block or inline for block, inline in CODE.findall(text)]


def invocations(text: str) -> list[tuple[str, list[str]]]:
    """Each `bot.py COMMAND --option …` written in code: the command and its options."""
    found = []
    for span in code_spans(text):
        for match in INVOCATION.finditer(span):
            tokens = [token.strip("[]") for token in TOKEN.findall(match.group(1))]
            if tokens and COMMAND_WORD.fullmatch(tokens[0]):
                options = [t for t in tokens[1:] if OPTION.fullmatch(t.split("=")[0])]
                found.append((tokens[0], [option.split("=")[0] for option in options]))
    return found


@cache
def command_help(command: str) -> str | None:
    """What `python bot.py COMMAND --help` prints, or None when bot.py has no such command."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            main([command, "--help"])
    except SystemExit as exit_:
        return out.getvalue() if exit_.code == 0 else None
    return None


def command_problems(text: str) -> list[str]:
    """Every command or option in `text` that bot.py does not have."""
    problems = []
    for command, options in invocations(text):
        helped = command_help(command)
        if helped is None:
            problems.append(f"`python bot.py {command}`: bot.py has no command {command!r}")
            continue
        for option in options:
            if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", helped):
                problems.append(f"`python bot.py {command} {option}`: {command} has no {option}")
    return problems


@cache
def defined_codes() -> frozenset[str]:
    """Every problem code the bot package can report."""
    return frozenset(
        code
        for module in (REPOSITORY / "bot").rglob("*.py")
        for code in DEFINED_CODE.findall(module.read_text(encoding="utf-8"))
    )


def code_problems(text: str) -> list[str]:
    """Every problem code in `text` that nothing in bot/ reports."""
    codes = defined_codes()
    return [
        f"{named}: no check in bot/ reports it"
        for named in sorted(set(PROBLEM_CODE.findall(text)))
        if not (any(c.startswith(named) for c in codes) if named.endswith("_") else named in codes)
    ]


def path_problems(text: str) -> list[str]:
    """Every repository file or folder named in code in `text` that does not exist."""
    problems = []
    for span in code_spans(text):
        for named in REPOSITORY_PATH.findall(span):
            path = named.split(":")[0].rstrip(".,")
            if "*" not in path and not (REPOSITORY / path).exists():
                problems.append(f"{named}: no such file or folder in the repository")
    return problems


def anchors(file: Path) -> set[str]:
    """The link anchors of a Markdown file's headings, as GitHub makes them."""
    text = file.read_text(encoding="utf-8")
    return {
        re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        for heading in HEADING.findall(text)
    }


def link_problems(file: Path) -> list[str]:
    """Every relative link in a Markdown file that leads to no file or no heading."""
    problems = []
    for target in LINK.findall(file.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue  # a web address: not checked here (tests never reach the internet)
        name, _, anchor = target.partition("#")
        linked = (file.parent / name).resolve() if name else file
        if not linked.exists():
            problems.append(f"({target}): {name} does not exist")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            problems.append(f"({target}): {name or file.name} has no heading #{anchor}")
    return problems


def per_doc(check: Callable[[str], list[str]]) -> list[str]:
    """`check` over every page of docs/, each problem prefixed with its page."""
    return [
        f"docs/{doc.name}: {problem}"
        for doc in DOCS
        for problem in check(doc.read_text(encoding="utf-8"))
    ]


def test_the_guide_names_the_commands_and_codes_staff_use() -> None:
    guide = "\n".join(doc.read_text(encoding="utf-8") for doc in DOCS)
    named = {command for command, _ in invocations(guide)}
    assert {"validate", "ask", "reviews", "test-conversations"} <= named
    assert {"E_UNKNOWN_VALUE", "E_UNSOURCED_NUMBER", "E_RELEASE_RULE", "W_WRONG_SCRIPT"} <= set(
        PROBLEM_CODE.findall(guide)
    )


def test_every_command_and_option_the_guide_names_exists() -> None:
    assert per_doc(command_problems) == []


def test_every_problem_code_the_guide_names_is_reported_by_a_check() -> None:
    assert per_doc(code_problems) == []


def test_every_file_the_guide_names_exists() -> None:
    assert per_doc(path_problems) == []


def test_every_link_in_the_guide_and_the_readme_leads_to_a_page_and_heading() -> None:
    assert [f"{file.name}: {p}" for file in [*DOCS, README] for p in link_problems(file)] == []


def test_the_readme_sends_staff_to_the_guide_in_the_repository() -> None:
    readme = README.read_text(encoding="utf-8")
    assert "docs/content-guide.md" in {target.split("#")[0] for target in LINK.findall(readme)}
    assert "shared/CONTENT.md" not in readme, "a hospital cloning the repository lacks ../shared"
    assert GUIDE.exists()


def test_a_made_up_command_option_code_or_file_is_caught() -> None:
    text = (
        "Run `python bot.py publish`, then `python bot.py validate --strict`;"
        " it reports E_NOT_A_CHECK. See `content/nothing.yaml`. But `python bot.py validate"
        " --release` and E_RELEASE_… are real."
    )
    assert command_problems(text) == [
        "`python bot.py publish`: bot.py has no command 'publish'",
        "`python bot.py validate --strict`: validate has no --strict",
    ]
    assert code_problems(text) == ["E_NOT_A_CHECK: no check in bot/ reports it"]
    assert path_problems(text) == ["content/nothing.yaml: no such file or folder in the repository"]
