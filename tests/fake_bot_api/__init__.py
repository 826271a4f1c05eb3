"""Fake Telegram Bot API server for tests: strict request checking against the Bot API spec."""

from .html_check import Entity, HtmlError, ParsedText, parse_html, utf16_len
from .server import (
    ApiError,
    BotMessage,
    CallbackQueryRecord,
    FakeBotApi,
    Request,
    Violation,
)
from .spec import ApiSpec, UploadedFile, load_spec

__all__ = [
    "ApiError",
    "ApiSpec",
    "BotMessage",
    "CallbackQueryRecord",
    "Entity",
    "FakeBotApi",
    "HtmlError",
    "ParsedText",
    "Request",
    "UploadedFile",
    "Violation",
    "load_spec",
    "parse_html",
    "utf16_len",
]
