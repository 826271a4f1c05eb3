"""Check YAML data against the shipped JSON Schemas, the same ones editors use (pure).

jsonschema is imported on first use: a start from a content snapshot never needs it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.content.loader import Document, data_digest
from bot.content.problems import Problem

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_DIR = Path(__file__).parent / "schema"


@cache
def _registry() -> Registry[Any]:
    from referencing import Registry, Resource

    resources = [
        (file.name, Resource.from_contents(json.loads(file.read_text(encoding="utf-8"))))
        for file in sorted(SCHEMA_DIR.glob("*.schema.json"))
    ]
    return Registry().with_resources(resources)


@cache
def validator(kind: str) -> Draft202012Validator:
    """The validator for one kind of file: flow, ui, glossary, hospital or safety."""
    from jsonschema import Draft202012Validator

    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=_registry())


_FOLLOWED: set[tuple[str, str]] = set()
"""(kind, digest of the data) of documents found to follow their schema in this process: a
file read again unchanged (a reload, a copy of the content) is not walked again."""


def check(doc: Document, kind: str) -> list[Problem]:
    """Every place where `doc` does not follow the `kind` schema, with a hint to fix it."""
    seen = (kind, data_digest(doc.data))
    if seen in _FOLLOWED:
        return []
    problems = []
    for error in sorted(validator(kind).iter_errors(doc.data), key=lambda e: list(e.path)):
        deepest = _deepest(error)
        where = doc.mark(*deepest.absolute_path)
        problems.append(Problem(where, "E_SCHEMA", _explain(deepest, kind)))
    if not problems:
        _FOLLOWED.add(seen)
    return problems


def _deepest(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf, the alternative that came closest, so the message is specific."""
    while error.context:
        error = max(error.context, key=lambda e: (len(e.absolute_path), -len(e.message)))
    return error


def _explain(error: ValidationError, kind: str) -> str:
    path = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    hint = {
        "required": "add it",
        "additionalProperties": "check the spelling of the key or remove it",
        "pattern": "use lowercase letters, digits and _ (dates as YYYY-MM-DD)",
        "type": "fix the kind of value",
        "minLength": "write the text",
        "minItems": "add at least one item",
    }.get(str(error.validator), "see the schema")
    described = error.schema.get("description") if isinstance(error.schema, dict) else None
    if error.validator == "pattern" and described:
        hint = described  # the schema says what this value must look like ("one word, no spaces")
    return f"{path}: {error.message}; {hint} (schema: {kind}.schema.json)"
