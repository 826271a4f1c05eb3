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


def database_path(url: str) -> Path:
    """The file of a ``sqlite:///relative`` or ``sqlite:////absolute`` DATABASE_URL."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        raise SettingsError(f"DATABASE_URL must start with {prefix} (got {url!r})")
    rest = url[len(prefix) :]
    if not rest or rest == "/":
        raise SettingsError(f"DATABASE_URL names no file (got {url!r})")
    return Path(rest)


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
    return Settings(
        telegram_token=env.get("TELEGRAM_BOT_TOKEN", "").strip(),
        telegram_base_url=env.get("TELEGRAM_BASE_URL", "").strip(),
        database_path=database_path(
            env.get("DATABASE_URL", "").strip() or "sqlite:///data/bot.sqlite3"
        ),
        staff_chat_id=staff_chat,
        admin_user_ids=_ids(env.get("ADMIN_USER_IDS", ""), "ADMIN_USER_IDS"),
        default_language=language,
        ticket_quiet_hours=quiet_hours,
    )
