"""The command line: parse arguments and hand each command to its module (does I/O)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot import app
from bot import settings as settings_module
from bot.content import library
from bot.content.problems import Severity


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bot.py", description="Patient journey bot")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="the Telegram bot (long polling)")
    chat = commands.add_parser("chat", help="the same bot in the terminal")
    chat.add_argument("--user", default="console", help="who you are (keeps your place)")
    chat.add_argument("--lang", choices=("he", "ar", "ru", "en"), help="your language")
    validate = commands.add_parser("validate", help="check flows and content")
    validate.add_argument("--root", type=Path, default=None, help="folder with flows/ and content/")
    ask = commands.add_parser("ask", help="what the bot understands from one message")
    ask.add_argument("text", nargs="?", help="the message; without it, one per line from stdin")
    ask.add_argument("--lang", choices=("he", "ar", "ru", "en"), default=None)
    ask.add_argument("--json", action="store_true", help="print JSON (one object per message)")
    graph = commands.add_parser("graph", help="the flows as a diagram")
    graph.add_argument("flow", nargs="?", help="one flow id (default: all)")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    commands.add_parser("stats", help="the staff report from the database")
    return parser


def validate(root: Path | None) -> int:
    """Print every problem as ``path:line:col: CODE message``; 0 when there are no errors."""
    loaded = library.load(root or library.REPOSITORY)
    for problem in loaded.problems:
        print(problem)
    errors = sum(p.severity is Severity.ERROR for p in loaded.problems)
    warnings = len(loaded.problems) - errors
    summary = f"{errors} error(s), {warnings} warning(s)"
    print(summary if loaded.problems else "content is valid: 0 errors, 0 warnings", file=sys.stderr)
    return 1 if errors else 0


def main(argv: list[str]) -> int:
    """Run one command; return the exit code."""
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.root)
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
    print(f"not yet: {args.command}", file=sys.stderr)
    return 2
