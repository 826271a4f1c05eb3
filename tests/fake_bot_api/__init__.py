"""Fake Telegram Bot API server for tests: strict request checking against the Bot API spec."""

from .html_check import Entity, HtmlError, ParsedText, parse_html, utf16_len
from .server import (
    SECRET_HEADER,
    ApiError,
    BotMessage,
    CallbackQueryRecord,
    FakeBotApi,
    Request,
    Violation,
    WebhookDelivery,
)
from .spec import ApiSpec, UploadedFile, load_spec

__all__ = [
    "SECRET_HEADER",
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
    "WebhookDelivery",
    "load_spec",
    "parse_html",
    "utf16_len",
]
