"""The command line: parse arguments and hand each command to its module (does I/O)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bot import app
from bot import settings as settings_module
from bot.content import library
from bot.content.problems import Severity
from bot.content.release import release_problems
from bot.staff import graph, stats
from bot.store.sqlite import SqliteStore
from bot.understand.ask import ask


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bot.py", description="Patient journey bot")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="the Telegram bot (long polling)")
    chat = commands.add_parser("chat", help="the same bot in the terminal")
    chat.add_argument("--user", default="console", help="who you are (keeps your place)")
    chat.add_argument("--lang", choices=("he", "ar", "ru", "en"), help="your language")
    validate = commands.add_parser("validate", help="check flows and content")
    validate.add_argument("--root", type=Path, default=None, help="folder with flows/ and content/")
    validate.add_argument(
        "--release",
        action="store_true",
        help="also fail on empty required hospital settings and unsigned reviews (go-live check)",
    )
    ask = commands.add_parser("ask", help="what the bot understands from one message")
    ask.add_argument("text", nargs="?", help="the message; without it, one per line from stdin")
    ask.add_argument("--lang", choices=("he", "ar", "ru", "en"), default=None)
    ask.add_argument("--json", action="store_true", help="print JSON (one object per message)")
    graph = commands.add_parser("graph", help="the flows as a diagram")
    graph.add_argument("flow", nargs="?", help="one flow id (default: all)")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    commands.add_parser("stats", help="the staff report from the database")
    return parser


def validate(root: Path | None, release: bool = False) -> int:
    """Print every problem as ``path:line:col: CODE message``; 0 when there are no errors.

    With `release`, also what stops the content going live (bot/content/release.py).
    """
    loaded = library.load(root or library.REPOSITORY)
    problems = list(loaded.problems)
    if release and loaded.library is not None:
        problems += release_problems(loaded.library.documents)
    for problem in problems:
        print(problem)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    summary = f"{errors} error(s), {warnings} warning(s)"
    print(summary if problems else "content is valid: 0 errors, 0 warnings", file=sys.stderr)
    return 1 if errors else 0


def ask_command(text: str | None, lang: str | None) -> int:
    """Print one JSON object per message: TEXT, or each line of stdin."""
    loaded = _library()
    if loaded is None:
        return 1
    lines = [text] if text is not None else (line.rstrip("\n") for line in sys.stdin)
    for line in lines:
        if line.strip():
            print(json.dumps(ask(loaded, line, lang), ensure_ascii=False), flush=True)
    return 0


def _library() -> library.Library | None:
    loaded = library.load(library.REPOSITORY)
    for problem in loaded.problems if loaded.library is None else ():
        print(problem, file=sys.stderr)
    return loaded.library


def graph_command(flow: str | None, fmt: str) -> int:
    """Print the flows (or one flow) as a Mermaid or DOT diagram."""
    content = _library()
    if content is None:
        return 1
    try:
        print(graph.render(content.content, flow, fmt), end="")
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    return 0


def stats_command(config: settings_module.Settings) -> int:
    """Print the staff report for the configured database."""
    content = _library()
    if not config.database_path.exists():
        print(f"no database at {config.database_path} yet: nothing to report", file=sys.stderr)
        return 1

    async def build() -> str:
        store = await SqliteStore.open(config.database_path)
        try:
            return await stats.report(store, content=content.content if content else None)
        finally:
            await store.close()

    print(asyncio.run(build()), end="")
    return 0


def main(argv: list[str]) -> int:
    """Run one command; return the exit code."""
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.root, args.release)
    if args.command == "ask":
        return ask_command(args.text, args.lang)
    if args.command == "graph":
        return graph_command(args.flow, args.format)
    try:
        config = settings_module.load()
    except settings_module.SettingsError as error:
        print(f"settings: {error}", file=sys.stderr)
        return 2
    command = args.command
    if command is None:
        if config.telegram_token:
            command = "run"
        else:
            print(
                "No TELEGRAM_BOT_TOKEN set: starting the terminal chat."
                " To go live, put your token in .env (see .env.example) and run again.",
                file=sys.stderr,
            )
            return app.chat(config, "console", None)
    if command == "chat":
        return app.chat(config, args.user, args.lang)
    if command == "run":
        return app.run(config)
    if command == "stats":
        return stats_command(config)
    print(f"not yet: {args.command}", file=sys.stderr)
    return 2
