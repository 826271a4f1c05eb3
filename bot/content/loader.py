"""Read YAML into plain data while keeping where every value was written (does file I/O)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from bot.content.problems import Problem, Severity
from bot.core.model import Mark

PathKey = tuple[str | int, ...]


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it (several times faster at start-up); same nodes and marks."""


def data_digest(data: Any) -> str:
    """A digest of read data: equal for equal data, whatever file or order it came from."""
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML file's data and the mark of every value in it, by its path of keys."""

    path: str
    data: Any
    marks: Mapping[PathKey, Mark]

    def mark(self, *keys: str | int) -> Mark:
        """The mark of the value at `keys`, or of the nearest enclosing value."""
        path: PathKey = tuple(keys)
        while path and path not in self.marks:
            path = path[:-1]
        return self.marks.get(path, Mark(self.path, 1, 1))


class _Reader:
    """Turns a composed YAML node tree into data, recording marks and duplicate keys."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.marks: dict[PathKey, Mark] = {}
        self.problems: list[Problem] = []
        self.constructor = SafeConstructor()

    def mark_of(self, node: yaml.Node) -> Mark:
        return Mark(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def construct(self, node: yaml.Node) -> Any:
        """A scalar's value; one with a tag YAML does not know ("!0") is a problem at its
        line, and its text is kept so the rest of the file is still read."""
        try:
            return self.constructor.construct_object(node)
        except ConstructorError as error:
            self.problems.append(
                Problem(
                    self.mark_of(node),
                    "E_YAML",
                    f"YAML error: {error.problem or 'unknown value'}; remove the tag"
                    f" ('{node.tag}') or put the value in quotes",
                )
            )
            return node.value if isinstance(node, yaml.ScalarNode) else None

    def read(self, node: yaml.Node, path: PathKey) -> Any:
        self.marks[path] = self.mark_of(node)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(self.construct(key_node))
                if key in result:
                    self.problems.append(
                        Problem(
                            self.mark_of(key_node),
                            "E_DUPLICATE_KEY",
                            f"key '{key}' appears twice in this mapping; keep one",
                        )
                    )
                result[key] = self.read(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.read(item, (*path, i)) for i, item in enumerate(node.value)]
        value = self.construct(node)
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()[:10]
        return value


def load_text(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text; on a syntax error return no document and one problem at its line."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Mark(path, mark.line + 1, mark.column + 1) if mark else Mark(path, 1, 1)
        what = error.problem or error.context or "invalid YAML"
        message = f"YAML syntax error: {what}; check indentation, colons and quotes here"
        return None, [Problem(where, "E_YAML", message)]
    except yaml.YAMLError as error:
        return None, [Problem(Mark(path, 1, 1), "E_YAML", f"YAML error: {error}")]
    if root is None:
        return None, [Problem(Mark(path, 1, 1), "E_EMPTY", "the file is empty; add its content")]
    reader = _Reader(path)
    data = reader.read(root, ())
    return Document(path, data, reader.marks), reader.problems


def load_file(file: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one YAML file; `shown_as` is the path used in problem lines."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [
            Problem(
                Mark(shown_as, 1, 1), "E_READ", f"cannot read the file ({error})", Severity.ERROR
            )
        ]
    return load_text(text, shown_as)
