"""Settings from the environment or `.env`, read once at start-up (reads the environment)."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

from bot.core.model import LANGUAGES


class SettingsError(ValueError):
    """A setting that cannot be used, with what is expected."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable: see .env.example for each setting."""

    telegram_token: str = ""
    telegram_base_url: str = ""
    database_path: Path = Path("data/bot.sqlite3")
    staff_chat_id: int | None = None
    admin_user_ids: frozenset[int] = frozenset()
    default_language: str = "he"
    ticket_quiet_hours: float = 24.0
    """A ticket nobody wrote in for this long closes by itself (TICKET_QUIET_HOURS)."""
    postgres_url: str = ""
    """DATABASE_URL when it names PostgreSQL (replicas share it); empty: the SQLite file."""
    webhook_url: str = ""
    """The public HTTPS address Telegram posts updates to (WEBHOOK_URL); empty: long polling."""
    webhook_secret: str = ""
    """The secret Telegram sends with every update (WEBHOOK_SECRET); others are refused."""
    webhook_listen: str = "127.0.0.1:8080"
    """Where the webhook server listens, host:port, behind the TLS proxy (WEBHOOK_LISTEN)."""
    retention_days: int = 365
    """People inactive this many days are erased by a daily job (RETENTION_DAYS)."""


POSTGRES_SCHEMES = ("postgresql://", "postgres://")
"""How a DATABASE_URL names PostgreSQL (as libpq and asyncpg spell it)."""


WEBHOOK_SCHEMES = ("https://", "http://127.0.0.1:", "http://localhost:")
"""Telegram posts only to HTTPS; plain HTTP is for a Bot API server on this machine."""


def is_postgres(url: str) -> bool:
    """Whether DATABASE_URL names a PostgreSQL database rather than a SQLite file."""
    return url.startswith(POSTGRES_SCHEMES)


def database_path(url: str) -> Path:
    """The file of a ``sqlite:///relative`` or ``sqlite:////absolute`` DATABASE_URL."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        raise SettingsError(
            f"DATABASE_URL must start with {prefix} or postgresql:// (got {safe_url(url)!r})"
        )
    rest = url[len(prefix) :]
    if not rest or rest == "/":
        raise SettingsError(f"DATABASE_URL names no file (got {url!r})")
    return Path(rest)


def safe_url(url: str) -> str:
    """A database URL without its password, fit for an error message."""
    head, at, tail = url.rpartition("@")
    if not at or "://" not in head:
        return url
    scheme, _, user = head.partition("://")
    return f"{scheme}://{user.split(':', 1)[0]}:***@{tail}"


def _listen(raw: str) -> str:
    host, colon, port = raw.rpartition(":")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SettingsError(f"WEBHOOK_LISTEN must be host:port, e.g. 0.0.0.0:8080 (got {raw!r})")
    return raw


def _days(raw: str) -> int:
    try:
        days = int(raw)
    except ValueError:
        days = 0
    if days < 1:
        raise SettingsError(
            f"RETENTION_DAYS must be a whole number of days, 1 or more (got {raw!r})"
        )
    return days


def _ids(raw: str, name: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in raw.replace(" ", "").split(",") if part)
    except ValueError as error:
        raise SettingsError(f"{name} must be numbers separated by commas (got {raw!r})") from error


def load(env_file: Path | None = Path(".env")) -> Settings:
    """Read settings from the environment, after loading `env_file` if it exists."""
    if env_file is not None and env_file.exists():
        load_dotenv(env_file, override=False)
    env = os.environ
    language = env.get("DEFAULT_LANGUAGE", "he").strip() or "he"
    if language not in LANGUAGES:
        raise SettingsError(f"DEFAULT_LANGUAGE must be one of {LANGUAGES} (got {language!r})")
    staff = env.get("STAFF_CHAT_ID", "").strip()
    try:
        staff_chat = int(staff) if staff else None
    except ValueError as error:
        raise SettingsError(f"STAFF_CHAT_ID must be a number (got {staff!r})") from error
    quiet = env.get("TICKET_QUIET_HOURS", "").strip() or "24"
    try:
        quiet_hours = float(quiet)
    except ValueError:
        quiet_hours = -1.0
    if not (quiet_hours > 0 and math.isfinite(quiet_hours)):
        raise SettingsError(
            f"TICKET_QUIET_HOURS must be a number of hours above 0, e.g. 24 (got {quiet!r})"
        )
    url = env.get("DATABASE_URL", "").strip() or "sqlite:///data/bot.sqlite3"
    webhook = env.get("WEBHOOK_URL", "").strip()
    if webhook and not webhook.startswith(WEBHOOK_SCHEMES):
        raise SettingsError(f"WEBHOOK_URL must start with https:// (got {webhook!r})")
    return Settings(
        telegram_token=env.get("TELEGRAM_BOT_TOKEN", "").strip(),
        telegram_base_url=env.get("TELEGRAM_BASE_URL", "").strip(),
        database_path=Path("data/bot.sqlite3") if is_postgres(url) else database_path(url),
        postgres_url=url if is_postgres(url) else "",
        webhook_url=webhook,
        webhook_secret=env.get("WEBHOOK_SECRET", "").strip(),
        webhook_listen=_listen(env.get("WEBHOOK_LISTEN", "").strip() or "127.0.0.1:8080"),
        retention_days=_days(env.get("RETENTION_DAYS", "").strip() or "365"),
        staff_chat_id=staff_chat,
        admin_user_ids=_ids(env.get("ADMIN_USER_IDS", ""), "ADMIN_USER_IDS"),
        default_language=language,
        ticket_quiet_hours=quiet_hours,
    )
