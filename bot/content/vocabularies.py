"""Checks over vocabularies, wants, safety and support pages: pages and ids exist (pure)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bot.content.loader import Document
from bot.content.problems import Problem, Severity
from bot.core.model import LANGUAGES, Content

VOCABULARY_FILES = (
    "content/cancers.yaml",
    "content/medicines.yaml",
    "content/procedures.yaml",
    "content/symptoms.yaml",
    "content/services.yaml",
)


def check_vocabularies(content: Content, docs: Mapping[str, Document]) -> list[Problem]:
    """Every problem in the vocabularies (schema checks have already passed)."""
    problems: list[Problem] = []
    for key in VOCABULARY_FILES:
        doc = docs.get(key)
        if doc is not None:
            problems += _vocabulary(content, doc)
    safety = docs.get("content/safety.yaml")
    if safety is not None:
        if "page" in safety.data.get("fever", {}):
            problems += _page(content, safety, safety.data["fever"]["page"], ("fever", "page"))
        if "page" in safety.data.get("described", {}):
            page = safety.data["described"]["page"]
            problems += _page(content, safety, page, ("described", "page"))
        for index, rule in enumerate(safety.data.get("rules", [])):
            problems += _page(content, safety, rule.get("page"), ("rules", index, "page"))
        oxygen = safety.data.get("oxygen")
        rules = {rule["id"] for rule in safety.data.get("rules", [])}
        if oxygen is not None and oxygen["rule"] not in rules:
            problems.append(
                Problem(
                    safety.mark("oxygen", "rule"),
                    "E_UNKNOWN_RULE",
                    f"oxygen.rule '{oxygen['rule']}' is not a rule id in this file; use one of"
                    " the ids under rules (e.g. breathing)",
                )
            )
    wants = docs.get("content/wants.yaml")
    if wants is not None:
        for index, want in enumerate(wants.data["wants"]):
            problems += _page(content, wants, want.get("page"), ("wants", index, "page"))
            problems += _languages(wants, want["phrases"], ("wants", index, "phrases"), want["id"])
    scope = docs.get("content/scope.yaml")
    if scope is not None:
        for key in ("support_pages", "end_of_life_pages"):
            for index, page in enumerate(scope.data.get(key, [])):
                problems += _page(content, scope, page, (key, index))
    if safety is not None and scope is not None:
        problems += _not_causes(safety, scope)
    return problems


def _not_causes(safety: Document, scope: Document) -> Iterator[Problem]:
    """Each of safety.yaml's `not_causes` names a topic of scope.yaml's `outside`."""
    topics = {topic["id"] for topic in scope.data.get("outside", [])}
    for index, topic in enumerate(safety.data.get("not_causes", [])):
        if topic not in topics:
            yield Problem(
                safety.mark("not_causes", index),
                "E_UNKNOWN_TOPIC",
                f"not_causes: '{topic}' is not a topic id under `outside` in content/scope.yaml;"
                " use one of those ids (e.g. pharmacy)",
            )


def _vocabulary(content: Content, doc: Document) -> Iterator[Problem]:
    data: dict[str, Any] = doc.data
    classes: dict[str, Any] = data.get("classes", {})
    for name, spec in classes.items():
        yield from _page(content, doc, spec["page"], ("classes", name, "page"))
        yield from _page(content, doc, spec.get("side_effects"), ("classes", name, "side_effects"))
    seen: set[str] = set()
    for index, entry in enumerate(data["entries"]):
        where = ("entries", index)
        if entry["id"] in seen:
            yield Problem(
                doc.mark(*where, "id"),
                "E_DUPLICATE_ID",
                f"entry id '{entry['id']}' is used twice in this file; rename one",
            )
        seen.add(entry["id"])
        if "class" in entry and entry["class"] not in classes:
            known = ", ".join(sorted(classes)) or "none defined"
            yield Problem(
                doc.mark(*where, "class"),
                "E_UNKNOWN_CLASS",
                f"class '{entry['class']}' is not defined under classes (known: {known})",
            )
        yield from _page(content, doc, entry.get("page"), (*where, "page"))
        yield from _languages(doc, entry["names"], (*where, "names"), entry["id"])


def _page(
    content: Content, doc: Document, page: str | None, where: tuple[str | int, ...]
) -> Iterator[Problem]:
    if page is None:
        return
    flow, _, node = page.partition(".")
    if content.node(flow, node) is None:
        yield Problem(
            doc.mark(*where),
            "E_UNKNOWN_TARGET",
            f"page '{page}' does not exist; write it as flow.node (e.g. treatment.chemo)",
        )


def _languages(
    doc: Document, names: Mapping[str, list[str]], where: tuple[str | int, ...], entry: str
) -> Iterator[Problem]:
    missing = [lang for lang in LANGUAGES if not names.get(lang)]
    if missing:
        yield Problem(
            doc.mark(*where),
            "W_VOCABULARY_LANGUAGE",
            f"'{entry}' has no names in {', '.join(missing)}; add how people write it there",
            Severity.WARNING,
        )
