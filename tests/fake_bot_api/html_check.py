"""Telegram HTML parse-mode checking: allowed tags, well-formedness, entities and UTF-16 length."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

PARSE_MODES = ("html", "markdown", "markdownv2")

_SPECIAL_RE = re.compile(r"[<>&]")
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8}));")
_START_TAG_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_END_TAG_RE = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_ATTR_RE = re.compile(
    r"""\s+([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+)))?"""
)
_TAG_END_RE = re.compile(r"\s*>")
_TIME_FORMAT_RE = re.compile(r"r|w?[dD]?[tT]?")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}


class HtmlError(ValueError):
    """The text is not valid Telegram HTML (Telegram answers "can't parse entities")."""


@dataclass(frozen=True)
class Entity:
    """One MessageEntity produced by parsing; offset and length in UTF-16 code units."""

    type: str
    offset: int
    length: int
    extra: tuple[tuple[str, str | int], ...] = ()

    def to_dict(self) -> dict[str, str | int]:
        """Return the entity as the Bot API's MessageEntity JSON object."""
        return {"type": self.type, "offset": self.offset, "length": self.length, **dict(self.extra)}


@dataclass(frozen=True)
class ParsedText:
    """Plain text and entities after entity parsing, as Telegram stores a message."""

    text: str
    entities: tuple[Entity, ...] = ()

    @property
    def length(self) -> int:
        """Length in UTF-16 code units, the unit of Telegram's text limits."""
        return utf16_len(self.text)

    def entity_dicts(self) -> list[dict[str, str | int]]:
        """Return the entities as a list of MessageEntity JSON objects."""
        return [entity.to_dict() for entity in self.entities]


@dataclass
class _Open:
    """A start tag waiting for its end tag."""

    tag: str
    start: int
    type: str | None
    extra: dict[str, str | int] = field(default_factory=dict)


def utf16_len(text: str) -> int:
    """Return the length of text in UTF-16 code units."""
    return sum(2 if ord(char) > 0xFFFF else 1 for char in text)


def parse_formatted(text: str, parse_mode: str | None) -> ParsedText:
    """Parse text with a Bot API parse_mode; Markdown modes are passed through unparsed."""
    if not parse_mode:
        return ParsedText(text)
    mode = parse_mode.lower()
    if mode not in PARSE_MODES:
        raise HtmlError(f'unsupported parse_mode "{parse_mode}"')
    if mode == "html":
        return parse_html(text)
    return ParsedText(text)


def check_html(source: str) -> str | None:
    """Return why source is not valid Telegram HTML, or None when it is."""
    try:
        parse_html(source)
    except HtmlError as error:
        return str(error)
    return None


def parse_html(source: str) -> ParsedText:
    """Parse Telegram HTML into plain text and entities; raise HtmlError like Telegram would."""
    return _HtmlParser(source).run()


class _HtmlParser:
    """A strict single-pass parser of Telegram's HTML subset."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0
        self.chunks: list[str] = []
        self.utf16_pos = 0
        self.stack: list[_Open] = []
        self.entities: list[Entity] = []

    def run(self) -> ParsedText:
        """Consume the whole source and return the result."""
        while self.pos < len(self.source):
            match = _SPECIAL_RE.search(self.source, self.pos)
            end = match.start() if match else len(self.source)
            self._emit(self.source[self.pos : end])
            self.pos = end
            if match:
                self._special(match.group())
        if self.stack:
            raise HtmlError(
                f'can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        ordered = sorted(self.entities, key=lambda entity: (entity.offset, -entity.length))
        return ParsedText("".join(self.chunks), tuple(ordered))

    def _byte_offset(self) -> int:
        return len(self.source[: self.pos].encode("utf-8"))

    def _emit(self, text: str) -> None:
        if text:
            self.chunks.append(text)
            self.utf16_pos += utf16_len(text)

    def _special(self, char: str) -> None:
        if char == "&":
            self._entity()
        elif char == ">":
            raise HtmlError(f'unescaped ">" at byte offset {self._byte_offset()}: use &gt;')
        elif self.source.startswith("</", self.pos):
            self._end_tag()
        else:
            self._start_tag()

    def _entity(self) -> None:
        match = _ENTITY_RE.match(self.source, self.pos)
        if match is None:
            snippet = self.source[self.pos : self.pos + 10].split(";")[0]
            raise HtmlError(
                f'unsupported HTML entity or unescaped "&" at byte offset {self._byte_offset()} '
                f'("{snippet}..."): only &lt; &gt; &amp; &quot; and numeric entities are allowed'
            )
        named, decimal, hexadecimal = match.groups()
        if named:
            char = _NAMED_ENTITIES[named]
        else:
            code = int(decimal) if decimal else int(hexadecimal, 16)
            if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise HtmlError(f"invalid numeric entity at byte offset {self._byte_offset()}")
            char = chr(code)
        self._emit(char)
        self.pos = match.end()

    def _start_tag(self) -> None:
        match = _START_TAG_RE.match(self.source, self.pos)
        if match is None:
            raise HtmlError(f'unexpected "<" at byte offset {self._byte_offset()}: use &lt;')
        tag = match.group(1).lower()
        attrs, end = _read_attributes(self.source, match.end())
        if end is None:
            raise HtmlError(f'unclosed start tag "{tag}" at byte offset {self._byte_offset()}')
        self.stack.append(self._open(tag, attrs))
        self.pos = end

    def _open(self, tag: str, attrs: dict[str, str]) -> _Open:
        if tag in _SIMPLE_TAGS:
            return self._open_simple(tag, attrs)
        builder = _SPECIAL_TAGS.get(tag)
        if builder is None:
            raise HtmlError(f'unsupported start tag "{tag}" at byte offset {self._byte_offset()}')
        entity_type, extra = builder(attrs, self._byte_offset())
        return _Open(tag, self.utf16_pos, entity_type, extra)

    def _open_simple(self, tag: str, attrs: dict[str, str]) -> _Open:
        language = attrs.get("class", "")
        parent = self.stack[-1] if self.stack else None
        if tag == "code" and parent and parent.tag == "pre" and language.startswith("language-"):
            parent.extra["language"] = language.removeprefix("language-")
            return _Open(tag, self.utf16_pos, None)
        return _Open(tag, self.utf16_pos, _SIMPLE_TAGS[tag])

    def _end_tag(self) -> None:
        match = _END_TAG_RE.match(self.source, self.pos)
        if match is None:
            raise HtmlError(f"malformed end tag at byte offset {self._byte_offset()}")
        tag = match.group(1).lower()
        if not self.stack:
            raise HtmlError(f'unexpected end tag "{tag}" at byte offset {self._byte_offset()}')
        top = self.stack.pop()
        if top.tag != tag:
            raise HtmlError(
                f"unmatched end tag at byte offset {self._byte_offset()}, "
                f'expected "</{top.tag}>", found "</{tag}>"'
            )
        length = self.utf16_pos - top.start
        if top.type and length > 0:
            extra = tuple(sorted(top.extra.items()))
            self.entities.append(Entity(top.type, top.start, length, extra))
        self.pos = match.end()


def _read_attributes(source: str, pos: int) -> tuple[dict[str, str], int | None]:
    """Read attributes after a tag name; return them and the index after '>' (None if no '>')."""
    attrs: dict[str, str] = {}
    while match := _ATTR_RE.match(source, pos):
        name, double, single, bare = match.groups()
        value = next((part for part in (double, single, bare) if part is not None), "")
        attrs[name.lower()] = html.unescape(value)
        pos = match.end()
    end = _TAG_END_RE.match(source, pos)
    return attrs, end.end() if end else None


_TagResult = tuple[str | None, dict[str, str | int]]


def _span(attrs: dict[str, str], offset: int) -> _TagResult:
    if attrs.get("class") != "tg-spoiler":
        raise HtmlError(f'tag "span" at byte offset {offset} must have class="tg-spoiler"')
    return "spoiler", {}


def _link(attrs: dict[str, str], offset: int) -> _TagResult:
    href = attrs.get("href", "").strip()
    if not href:
        raise HtmlError(f'tag "a" at byte offset {offset} must have a non-empty href')
    return "text_link", {"url": href}


def _custom_emoji(attrs: dict[str, str], offset: int) -> _TagResult:
    emoji_id = attrs.get("emoji-id", "")
    if not emoji_id.isdigit():
        raise HtmlError(f'tag "tg-emoji" at byte offset {offset} needs a numeric emoji-id')
    return "custom_emoji", {"custom_emoji_id": emoji_id}


def _date_time(attrs: dict[str, str], offset: int) -> _TagResult:
    unix = attrs.get("unix", "")
    time_format = attrs.get("format", "")
    if not unix.isdigit():
        raise HtmlError(f'tag "tg-time" at byte offset {offset} needs a numeric unix attribute')
    if not _TIME_FORMAT_RE.fullmatch(time_format):
        raise HtmlError(f'tag "tg-time" at byte offset {offset} has an invalid format')
    extra: dict[str, str | int] = {"unix_time": int(unix)}
    if time_format:
        extra["date_time_format"] = time_format
    return "date_time", extra


def _blockquote(attrs: dict[str, str], offset: int) -> _TagResult:
    del offset
    return ("expandable_blockquote" if "expandable" in attrs else "blockquote"), {}


_SPECIAL_TAGS = {
    "span": _span,
    "a": _link,
    "tg-emoji": _custom_emoji,
    "tg-time": _date_time,
    "blockquote": _blockquote,
}
