"""The command line: parse arguments and hand each command to its module (does I/O)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from bot import app
from bot import settings as settings_module
from bot.content import library
from bot.content.problems import Severity, grouped
from bot.content.release import release_problems
from bot.core.model import LANGUAGES
from bot.store.base import ReportStore
from bot.store.opening import open_store
from bot.understand import snapshot

# The staff commands' modules are imported by their commands: `run` starts without them.

T = TypeVar("T")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bot.py", description="Patient journey bot")
    commands = parser.add_subparsers(dest="command")
    run = commands.add_parser("run", help="the Telegram bot (long polling, or webhooks)")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="serve Telegram's webhook at WEBHOOK_URL instead of long polling"
        " (also when WEBHOOK_URL is set); needs WEBHOOK_SECRET",
    )
    chat = commands.add_parser("chat", help="the same bot in the terminal")
    chat.add_argument("--user", default="console", help="who you are (keeps your place)")
    chat.add_argument("--lang", choices=LANGUAGES, help="your language")
    validate = commands.add_parser("validate", help="check flows and content")
    validate.add_argument("--root", type=Path, default=None, help="folder with flows/ and content/")
    validate.add_argument(
        "--release",
        action="store_true",
        help="also fail on empty required hospital settings, unsigned reviews and overdue"
        " reviews (go-live check)",
    )
    validate.add_argument(
        "--impact",
        action="store_true",
        help="how many people in the database stand on places this content removes or renames,"
        " and where they land (reads the database, never changes it)",
    )
    ask = commands.add_parser("ask", help="what the bot understands from one message")
    ask.add_argument("text", nargs="?", help="the message; without it, one per line from stdin")
    ask.add_argument("--lang", choices=LANGUAGES, default=None)
    ask.add_argument("--json", action="store_true", help="print JSON (one object per message)")
    graph = commands.add_parser("graph", help="the flows as a diagram")
    graph.add_argument("flow", nargs="?", help="one flow id (default: all)")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.add_argument(
        "--stats",
        action="store_true",
        help="put each page's visits and the visits that ended there on it (from the database)",
    )
    _page_options(graph, "the diagram as one self-contained HTML page that draws it")
    report = commands.add_parser("stats", help="the staff report from the database")
    _page_options(report, "the report as one self-contained HTML page with charts")
    commands.add_parser(
        "reviews", help="every page's owner, reviewer and review dates, soonest due first"
    )
    scripts = commands.add_parser(
        "test-conversations", help="run the staff-written conversation scripts"
    )
    scripts.add_argument(
        "path", nargs="?", type=Path, default=None, help="a script or a folder of scripts"
    )
    return parser


def _page_options(parser: argparse.ArgumentParser, page: str) -> None:
    """The options `graph` and `stats` share: titles' language, the days counted, a page."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the page titles (default: DEFAULT_LANGUAGE)",
    )
    parser.add_argument("--days", type=_positive, default=30, help="days counted (default 30)")
    parser.add_argument(
        "--until",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the last day counted (default: today, UTC)",
    )
    parser.add_argument("--html", type=Path, metavar="FILE", help=f"write {page} instead")


def validate(root: Path | None, release: bool = False) -> int:
    """Print every problem as ``path:line:col: CODE message``; 0 when there are no errors.

    With `release`, also what stops the content going live (bot/content/release.py).
    A warning repeated in many places is printed once, at its first place, with the count.
    """
    today = dt.date.today()
    loaded = library.load(root or library.REPOSITORY, today)
    problems = list(loaded.problems)
    if release and loaded.library is not None:
        problems += release_problems(loaded.library.documents, today)
    for problem in grouped(problems):
        print(problem)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    summary = f"{errors} error(s), {warnings} warning(s)"
    print(summary if problems else "content is valid: 0 errors, 0 warnings", file=sys.stderr)
    return 1 if errors else 0


def impact_command(root: Path | None) -> int:
    """Print where the people kept in DATABASE_URL would land under the content at `root`.

    Exit 1 when the content has errors (nothing to compare), 2 on a bad setting, else 0.
    """
    from bot.staff import impact

    loaded = library.load(root or library.REPOSITORY)
    if loaded.library is None:
        print("impact: the content has errors; fix them first", file=sys.stderr)
        return 1
    try:
        config = settings_module.load()
    except settings_module.SettingsError as error:
        print(f"settings: {error}", file=sys.stderr)
        return 2
    if _no_database(config):
        print(f"impact: no database at {_where(config)}: nobody has a place to move")
        return 0
    if config.postgres_url:
        states = asyncio.run(_reading(config, impact.states_in))
    else:
        states = asyncio.run(impact.stored_states(config.database_path))
    print(f"impact on the people kept in {_where(config)}:")
    for line in impact.lines(impact.impact(loaded.library.content, states)):
        print(line)
    return 0


def ask_command(text: str | None, lang: str | None) -> int:
    """Print one JSON object per message: TEXT, or each line of stdin."""
    from bot.understand.ask import ask

    loaded = _library()
    if loaded is None:
        return 1
    lines = [text] if text is not None else (line.rstrip("\n") for line in sys.stdin)
    for line in lines:
        if line.strip():
            print(json.dumps(ask(loaded, line, lang), ensure_ascii=False), flush=True)
    return 0


def _library() -> library.Library | None:
    loaded = snapshot.prepared(library.REPOSITORY)
    for problem in loaded.problems if loaded.library is None else ():
        print(problem, file=sys.stderr)
    return loaded.library


def graph_command(
    flow: str | None,
    fmt: str,
    *,
    lang: str | None = None,
    counts: bool = False,
    days: int = 30,
    until: dt.date | None = None,
    html: Path | None = None,
) -> int:
    """Print the flows (or one flow) as a Mermaid or DOT diagram, or write it to `html` as
    a page that draws it. Titles in `lang` (default: DEFAULT_LANGUAGE); with `counts`, each
    page's visits and drop-off over the `days` ending `until` (from the database)."""
    from bot.staff import graph, graph_counts, graph_html, report_data

    content = _library()
    if content is None:
        return 1
    try:
        config = settings_module.load()
    except settings_module.SettingsError as error:
        print(f"settings: {error}", file=sys.stderr)
        return 2
    traffic = None
    if counts:
        if _no_database(config):
            print(f"no database at {_where(config)} yet: nothing to count", file=sys.stderr)
            return 1
        window = report_data.Window.ending(until or dt.datetime.now(dt.UTC).date(), days)
        traffic = asyncio.run(_reading(config, partial(graph_counts.collect, window=window)))
    try:
        diagram = graph.build(
            content.content, flow, lang or config.default_language, traffic=traffic
        )
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    if html is None:
        print(graph.mermaid(diagram) if fmt == "mermaid" else graph.dot(diagram), end="")
        return 0
    return _write_page(html, graph_html.render(diagram), "the diagram")


def _no_database(config: settings_module.Settings) -> bool:
    """The SQLite file does not exist yet (PostgreSQL is always there to ask)."""
    return not config.postgres_url and not config.database_path.exists()


def _where(config: settings_module.Settings) -> str:
    """The database named for staff, without a password."""
    return settings_module.safe_url(config.postgres_url) or str(config.database_path)


async def _reading(
    config: settings_module.Settings, read: Callable[[ReportStore], Awaitable[T]]
) -> T:
    """Open the configured store, read from it for a report, and close it."""
    store = await open_store(config)
    try:
        return await read(store)
    finally:
        await store.close()


def conversations_command(path: Path | None) -> int:
    """Play each conversation script (default: tests/conversations/); print one line per
    script and each miss as ``path:line: message``; 0 when every script passes."""
    from bot.staff import conversations

    path = path or library.REPOSITORY / "tests" / "conversations"
    files = conversations.script_files(path)
    if not files:
        print(f"test-conversations: no scripts (*.yaml) at {path}", file=sys.stderr)
        return 1
    content = _library()
    if content is None:
        return 1
    outcomes = [conversations.run_file(content, file) for file in files]
    for outcome in outcomes:
        print(outcome.summary())
        for failure in outcome.failures:
            print(failure)
    failed = sum(not outcome.passed for outcome in outcomes)
    print(
        f"{len(outcomes)} script(s): {len(outcomes) - failed} passed, {failed} failed",
        file=sys.stderr,
    )
    return 1 if failed else 0


def reviews_command() -> int:
    """Print every page's owner, reviewer and review dates, soonest due first."""
    from bot.staff import reviews

    content = _library()
    if content is None:
        return 1
    reviews.print_rows(reviews.rows(content.documents), dt.date.today(), sys.stdout)
    return 0


def stats_command(
    config: settings_module.Settings,
    html: Path | None = None,
    lang: str | None = None,
    days: int = 30,
    until: dt.date | None = None,
) -> int:
    """Print the staff report for the configured database, or write it to `html` as a page."""
    from bot.staff import report_data, report_html, stats

    content = _library()
    if _no_database(config):
        print(f"no database at {_where(config)} yet: nothing to report", file=sys.stderr)
        return 1
    collect = partial(
        report_data.collect,
        days=days,
        content=content.content if content else None,
        lang=lang or config.default_language,
        today=until,
    )
    data = asyncio.run(_reading(config, collect))
    if html is None:
        print(stats.text(data), end="")
        return 0
    return _write_page(html, report_html.render(data), "the report")


def _write_page(path: Path, page: str, what: str) -> int:
    """Write a self-contained HTML page; 1 with the reason when the file cannot be written."""
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as error:
        print(f"{path}: cannot write {what} ({error.strerror}); check the path", file=sys.stderr)
        return 1
    print(f"wrote {path}: open it in a web browser (it needs no network)", file=sys.stderr)
    return 0


def _positive(text: str) -> int:
    """A whole number of at least 1, for argparse."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of days, 1 or more (got {text!r})"
        )
    return int(text)


def _iso_date(text: str) -> dt.date:
    """A date written YYYY-MM-DD, for argparse."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD (got {text!r})") from None


def main(argv: list[str]) -> int:
    """Run one command; return the exit code."""
    args = _parser().parse_args(argv)
    if args.command == "validate":
        code = validate(args.root, args.release)
        return max(code, impact_command(args.root)) if args.impact else code
    if args.command == "ask":
        return ask_command(args.text, args.lang)
    if args.command == "graph":
        return graph_command(
            args.flow,
            args.format,
            lang=args.lang,
            counts=args.stats,
            days=args.days,
            until=args.until,
            html=args.html,
        )
    if args.command == "test-conversations":
        return conversations_command(args.path)
    if args.command == "reviews":
        return reviews_command()
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
        return app.run(config, webhook=getattr(args, "webhook", False))
    if command == "stats":
        return stats_command(config, args.html, args.lang, args.days, args.until)
    print(f"not yet: {args.command}", file=sys.stderr)
    return 2
