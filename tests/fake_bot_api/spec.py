"""Request checking against the Bot API description (api.min.json) and its prose-only limits."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .html_check import HtmlError, parse_formatted, utf16_len

SPEC_PATH = Path(__file__).with_name("api.min.json")

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER = 200
MAX_KEYBOARD_BUTTONS = 100
MAX_COMMANDS = 100
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

_INT_RE = re.compile(r"[+-]?\d+")
_FLOAT_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_ATTACH_RE = re.compile(r"attach://([\w.-]+)")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_CONSTANT_RE = re.compile(r', (?:always|must be) "?([a-z_]+)"?$')
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
_INLINE_BUTTON_LOOKS = frozenset({"text", "icon_custom_emoji_id", "style"})


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    name: str
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class FieldSpec:
    """A method parameter or an object field: its name, allowed types and whether required."""

    name: str
    types: tuple[str, ...]
    required: bool
    constant: str | None = None


@dataclass(frozen=True)
class MethodSpec:
    """A Bot API method: canonical name, parameters and return types."""

    name: str
    params: Mapping[str, FieldSpec]
    returns: tuple[str, ...]


@dataclass(frozen=True)
class TypeSpec:
    """A Bot API object type: fields, or the subtypes of an abstract type."""

    name: str
    fields: Mapping[str, FieldSpec]
    subtypes: tuple[str, ...]


def _fields(raw: Mapping[str, Any]) -> dict[str, FieldSpec]:
    """Field specs; a subtype's discriminator ('always "x"', 'must be x') becomes its constant."""
    fields = {}
    for item in raw.get("fields", []):
        match = _CONSTANT_RE.search(item["description"]) if raw.get("subtype_of") else None
        constant = match.group(1) if match else None
        types = tuple(item["types"])
        fields[item["name"]] = FieldSpec(item["name"], types, bool(item["required"]), constant)
    return fields


class ApiSpec:
    """The Bot API description with value checking against its types."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.version: str = raw["version"]
        self.methods: dict[str, MethodSpec] = {
            name.lower(): MethodSpec(name, _fields(item), tuple(item.get("returns", [])))
            for name, item in raw["methods"].items()
        }
        self.types: dict[str, TypeSpec] = {
            name: TypeSpec(name, _fields(item), tuple(item.get("subtypes", [])))
            for name, item in raw["types"].items()
        }

    def method(self, name: str) -> MethodSpec | None:
        """Return the method spec for a case-insensitive method name."""
        return self.methods.get(name.lower())

    def check_value(self, value: object, types: tuple[str, ...], path: str) -> str | None:
        """Return why value fits none of types, or None when one fits."""
        problems = [
            (self._affinity(value, kind), self._check_one(value, kind, path)) for kind in types
        ]
        if any(problem is None for _, problem in problems):
            return None
        return max(problems, key=lambda item: item[0])[1]

    def _affinity(self, value: object, kind: str) -> int:
        """How plausibly value was meant as kind; used to pick the most helpful problem."""
        if kind.startswith("Array of "):
            return 1 if isinstance(value, list) else 0
        spec = self.types.get(kind)
        if spec is None or not isinstance(value, dict):
            return 0
        names = set(spec.fields)
        for subtype in spec.subtypes:
            names |= set(self.types[subtype].fields) if subtype in self.types else set()
        discriminated = any(
            item.constant is not None and value.get(item.name) == item.constant
            for item in spec.fields.values()
        )
        return 1 + len(names & set(value)) + 100 * discriminated

    def _check_one(self, value: object, kind: str, path: str) -> str | None:
        if kind.startswith("Array of "):
            return self._check_array(value, kind.removeprefix("Array of "), path)
        scalar = _SCALAR_CHECKS.get(kind)
        if scalar is not None:
            return None if scalar(value) else f"{path} must be {kind}, got {_show(value)}"
        spec = self.types.get(kind)
        if spec is None:
            return None
        if spec.subtypes:
            return self.check_value(value, spec.subtypes, path)
        return self._check_object(value, spec, path)

    def _check_array(self, value: object, item_kind: str, path: str) -> str | None:
        if not isinstance(value, list):
            return f"{path} must be an Array of {item_kind}, got {_show(value)}"
        for index, item in enumerate(value):
            problem = self.check_value(item, (item_kind,), f"{path}[{index}]")
            if problem:
                return problem
        return None

    def _check_object(self, value: object, spec: TypeSpec, path: str) -> str | None:
        if not isinstance(value, dict):
            return f"{path} must be a JSON object ({spec.name}), got {_show(value)}"
        unknown = [key for key in value if key not in spec.fields]
        if unknown and spec.fields:
            return f'{path}: unknown field "{unknown[0]}" for {spec.name}'
        for item in spec.fields.values():
            present = value.get(item.name) is not None
            if item.required and not present:
                return f'{path}: {spec.name} is missing required field "{item.name}"'
            if present and item.constant is not None and value[item.name] != item.constant:
                return f'{path}.{item.name} must be "{item.constant}" for {spec.name}'
            if present:
                problem = self.check_value(value[item.name], item.types, f"{path}.{item.name}")
                if problem:
                    return problem
        return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_float(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_input_file(value: object) -> bool:
    return isinstance(value, UploadedFile) or (
        isinstance(value, str) and value.startswith("attach://")
    )


_SCALAR_CHECKS: dict[str, Callable[[object], bool]] = {
    "Integer": _is_int,
    "Float": _is_float,
    "Boolean": lambda value: isinstance(value, bool),
    "String": lambda value: isinstance(value, str),
    "InputFile": _is_input_file,
}


def _show(value: object) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


@cache
def load_spec(path: Path = SPEC_PATH) -> ApiSpec:
    """Load (once) and return the Bot API description."""
    return ApiSpec(json.loads(path.read_text(encoding="utf-8")))


def loose_json(value: object) -> object:
    """Parse a string that looks like a JSON object or array; return anything else unchanged."""
    if isinstance(value, str) and value[:1] in "[{" and value:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def coerce(raw: object, types: tuple[str, ...]) -> tuple[object, str | None]:
    """Decode a transported value (form strings, JSON values) for types; return it and a problem."""
    if not isinstance(raw, str):
        if isinstance(raw, int | float) and not isinstance(raw, bool) and types == ("String",):
            return str(raw), None
        return raw, None
    if "String" in types:
        return (int(raw) if "Integer" in types and _INT_RE.fullmatch(raw) else raw), None
    if "InputFile" in types:
        return raw, None
    return _coerce_string(raw, types[0])


def _coerce_string(raw: str, kind: str) -> tuple[object, str | None]:
    if kind == "Integer":
        return (int(raw), None) if _INT_RE.fullmatch(raw.strip()) else (raw, "must be an Integer")
    if kind == "Float":
        return (float(raw), None) if _FLOAT_RE.fullmatch(raw.strip()) else (raw, "must be a Float")
    if kind == "Boolean":
        flag = _BOOLEANS.get(raw.strip().lower())
        return (flag, None) if flag is not None else (raw, "must be a Boolean")
    try:
        return json.loads(raw), None
    except ValueError:
        return raw, f"can't parse JSON-serialized {kind}"


def attach_names(raw_params: Mapping[str, object]) -> set[str]:
    """Names of multipart parts referenced as attach://name by any parameter."""
    names: set[str] = set()
    for value in raw_params.values():
        text = value if isinstance(value, str) else ""
        names.update(_ATTACH_RE.findall(text))
    return names


def check_params(
    spec: ApiSpec, method: MethodSpec, raw_params: Mapping[str, object]
) -> tuple[dict[str, object], list[str]]:
    """Decode the parameters of one call and return them with every spec violation found."""
    params: dict[str, object] = {}
    problems: list[str] = []
    attached = attach_names(raw_params)
    for name, raw in raw_params.items():
        field_spec = method.params.get(name)
        if field_spec is None:
            params[name] = loose_json(raw)
            if not (isinstance(raw, UploadedFile) and name in attached):
                problems.append(f'Bad Request: unknown parameter "{name}" for method {method.name}')
            continue
        value, problem = coerce(raw, field_spec.types)
        params[name] = value
        problem = problem and f"parameter {name} {problem}"
        problem = problem or spec.check_value(value, field_spec.types, name)
        if problem:
            problems.append(f"Bad Request: {problem}")
    for field_spec in method.params.values():
        if field_spec.required and field_spec.name not in raw_params:
            problems.append(
                f'Bad Request: parameter "{field_spec.name}" is required for method {method.name}'
            )
    return params, problems


def check_limits(method: str, params: Mapping[str, object]) -> list[str]:
    """Check the limits that the Bot API states only in prose; call after check_params passed."""
    problems = _check_text(method, params) + _check_caption(params)
    problems += check_markup(params.get("reply_markup"))
    extra = _METHOD_LIMITS.get(method)
    if extra is not None:
        problems += extra(params)
    return problems


def _check_text(method: str, params: Mapping[str, object]) -> list[str]:
    text = params.get("text")
    if method not in ("sendMessage", "editMessageText") or not isinstance(text, str):
        return []
    try:
        parsed = parse_formatted(text, _parse_mode(params))
    except HtmlError as error:
        return [f"Bad Request: can't parse entities: {error}"]
    if not parsed.text.strip():
        return ["Bad Request: message text is empty"]
    if parsed.length > MAX_TEXT:
        return [
            f"Bad Request: message is too long ({parsed.length} UTF-16 code units after "
            f"entity parsing, limit {MAX_TEXT})"
        ]
    return []


def _check_caption(params: Mapping[str, object]) -> list[str]:
    caption = params.get("caption")
    if not isinstance(caption, str):
        return []
    try:
        parsed = parse_formatted(caption, _parse_mode(params))
    except HtmlError as error:
        return [f"Bad Request: can't parse caption entities: {error}"]
    if parsed.length > MAX_CAPTION:
        return [f"Bad Request: message caption is too long ({parsed.length} > {MAX_CAPTION})"]
    return []


def _parse_mode(params: Mapping[str, object]) -> str | None:
    mode = params.get("parse_mode")
    return mode if isinstance(mode, str) else None


def check_markup(markup: object) -> list[str]:
    """Check the shape of an inline or reply keyboard beyond its JSON types."""
    if not isinstance(markup, dict):
        return []
    if isinstance(markup.get("inline_keyboard"), list):
        return _check_rows(markup["inline_keyboard"], "inline keyboard", _check_inline_button)
    if isinstance(markup.get("keyboard"), list):
        return _check_rows(markup["keyboard"], "reply keyboard", _check_reply_button)
    return []


def _check_rows(rows: list[Any], what: str, check: Callable[[Any], str | None]) -> list[str]:
    problems: list[str] = []
    total = 0
    for index, row in enumerate(rows):
        if not isinstance(row, list) or not row:
            problems.append(f"Bad Request: {what} row {index} must be a non-empty list of buttons")
            continue
        total += len(row)
        problems += [f"Bad Request: {problem}" for button in row if (problem := check(button))]
    if total > MAX_KEYBOARD_BUTTONS:
        problems.append(f"Bad Request: {what} has {total} buttons, at most {MAX_KEYBOARD_BUTTONS}")
    return problems


def _check_inline_button(button: object) -> str | None:
    if not isinstance(button, dict):
        return "inline keyboard button must be an object"
    if not str(button.get("text", "")).strip():
        return "inline keyboard button text must be non-empty"
    actions = sorted(
        key
        for key, value in button.items()
        if key not in _INLINE_BUTTON_LOOKS and value is not None
    )
    if len(actions) != 1:
        label = button["text"]
        return f'inline keyboard button "{label}" must have exactly one action field, has {actions}'
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
        size = len(str(data).encode("utf-8"))
        return f"BUTTON_DATA_INVALID: callback_data must be 1-64 bytes in UTF-8, got {size}"
    url = button.get("url")
    if url is not None and not str(url).strip():
        return f'inline keyboard button "{button["text"]}" has an empty url'
    return None


def _check_reply_button(button: object) -> str | None:
    if not isinstance(button, dict):
        return "reply keyboard button must be an object"
    if not str(button.get("text", "")).strip():
        return "reply keyboard button text must be non-empty"
    actions = [
        key
        for key, value in button.items()
        if key not in _INLINE_BUTTON_LOOKS and value is not None
    ]
    if len(actions) > 1:
        return (
            f'reply keyboard button "{button["text"]}" has more than one action: {sorted(actions)}'
        )
    return None


def _check_callback_answer(params: Mapping[str, object]) -> list[str]:
    text = params.get("text")
    if isinstance(text, str) and utf16_len(text) > MAX_CALLBACK_ANSWER:
        size = utf16_len(text)
        return [f"Bad Request: MESSAGE_TOO_LONG: callback answer text has {size} > 200 characters"]
    return []


def _check_commands(params: Mapping[str, object]) -> list[str]:
    commands = params.get("commands")
    if not isinstance(commands, list):
        return []
    problems: list[str] = []
    if len(commands) > MAX_COMMANDS:
        problems.append(f"Bad Request: too many commands ({len(commands)} > {MAX_COMMANDS})")
    for item in commands:
        command, description = str(item.get("command", "")), str(item.get("description", ""))
        if not _COMMAND_RE.fullmatch(command):
            problems.append(
                f'Bad Request: BOT_COMMAND_INVALID: "{command}" (1-32 chars of a-z, 0-9, _)'
            )
        if not 1 <= len(description) <= 256:
            problems.append(
                f'Bad Request: command "{command}" description must be 1-256 characters'
            )
    return problems


def _check_chat_action(params: Mapping[str, object]) -> list[str]:
    action = params.get("action")
    if action in CHAT_ACTIONS:
        return []
    return [f'Bad Request: wrong parameter action in request: "{action}"']


_METHOD_LIMITS: dict[str, Callable[[Mapping[str, object]], list[str]]] = {
    "answerCallbackQuery": _check_callback_answer,
    "setMyCommands": _check_commands,
    "sendChatAction": _check_chat_action,
}
