"""Load every YAML file of a content root, check it all, build the Content (reads files)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.content import governance, parse, schema
from bot.content.alerts import DESCRIBED, FEVER_RULES, check_alerts, check_example_rules
from bot.content.answers import check_answers
from bot.content.buttons import check_buttons
from bot.content.hours import quiet_time, working_hours
from bot.content.loader import Document, load_file
from bot.content.numbers import check_numbers
from bot.content.problems import Problem, Severity, has_errors
from bot.content.scripts import check_scripts
from bot.content.style import check_style
from bot.content.validate import check_graph
from bot.content.vocabularies import check_vocabularies
from bot.core.model import Content, Flow, Mark, Target, Text
from bot.core.state import Frame

CONTENT_FILES = {
    "ui": "ui.yaml",
    "glossary": "glossary.yaml",
    "hospital": "hospital.yaml",
    "safety": "safety.yaml",
    "safety_examples": "safety_examples.yaml",
    "smalltalk": "smalltalk.yaml",
    "words": "words.yaml",
    "cancers": "cancers.yaml",
    "medicines": "medicines.yaml",
    "procedures": "procedures.yaml",
    "symptoms": "symptoms.yaml",
    "services": "services.yaml",
    "wants": "wants.yaml",
    "scope": "scope.yaml",
    "stages": "stages.yaml",
    "style": "style.yaml",
    "examples": "examples.yaml",
    "hours": "hours.yaml",
}
VOCABULARIES = ("cancers", "medicines", "procedures", "symptoms", "services")
"""Content files read with the vocabulary schema: what the bot recognises in typed text."""
REPOSITORY = Path(__file__).resolve().parents[2]
MEDICAL_FILES = ("content/glossary.yaml", "content/safety.yaml", "content/safety_examples.yaml")
"""Content files with a file-level review block (owner, reviewer, dates, sources)."""


@dataclass(frozen=True, slots=True)
class Library:
    """Checked content plus the documents it came from (the understanding layer reads them)."""

    content: Content
    documents: MappingProxyType[str, Document]
    warnings: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Loaded:
    """The result of loading: the library when there are no errors, and every problem."""

    library: Library | None
    problems: tuple[Problem, ...]


def shown(path: Path) -> str:
    """A path as staff should see it: relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load(
    root: Path = REPOSITORY,
    today: dt.date | None = None,
    default_language: str = "he",
    extra_ui_keys: tuple[str, ...] = (),
) -> Loaded:
    """Read `root`/flows and `root`/content, check everything, and build the Content."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    flow_files = sorted((root / "flows").glob("*.yaml"))
    content_files = {kind: root / "content" / name for kind, name in CONTENT_FILES.items()}
    for file in [*flow_files, *content_files.values()]:
        if not file.exists():
            if file.parent.name == "content" and file.name in ("ui.yaml", "hospital.yaml"):
                problems.append(
                    Problem(
                        Mark(shown(file), 1, 1),
                        "E_MISSING_FILE",
                        f"{file.name} is missing; create it",
                    )
                )
            continue
        doc, found = load_file(file, shown(file))
        problems += found
        if doc is not None:
            docs[f"{file.parent.name}/{file.name}"] = doc
    problems += _check_schemas(docs)
    if has_errors(problems):
        return Loaded(None, tuple(problems))
    problems += _check_governance(docs, today)
    flows = _flows(docs, problems)
    hours = working_hours(docs.get("content/hours.yaml"), problems)
    quiet, remind_at = quiet_time(docs.get("content/hours.yaml"), today, hours)
    content = Content(
        version=structure_version(flows),
        flows=MappingProxyType(flows),
        ui=parse.ui_strings(docs["content/ui.yaml"]),
        settings=parse.settings(docs["content/hospital.yaml"]),
        safety_replies=_safety_replies(docs.get("content/safety.yaml")),
        safety_pages=_safety_pages(docs.get("content/safety.yaml")),
        default_language=default_language,
        hours=hours,
        quiet=quiet,
        remind_at=remind_at,
    )
    problems += check_graph(content, docs["content/ui.yaml"].mark(), extra_ui_keys)
    problems += check_answers(content, docs)
    problems += check_alerts(content, docs)
    problems += check_example_rules(docs)
    problems += check_vocabularies(content, docs)
    problems += check_style(docs)
    problems += check_scripts(docs)
    problems += check_buttons(docs)
    problems += check_numbers(docs)
    ordered = tuple(
        sorted(set(problems), key=lambda p: (p.mark.path, p.mark.line, p.mark.col, p.code))
    )
    if has_errors(list(ordered)):
        return Loaded(None, ordered)
    warnings = tuple(p for p in ordered if p.severity is Severity.WARNING)
    return Loaded(Library(content, MappingProxyType(docs), warnings), ordered)


def structure_version(flows: dict[str, Flow]) -> str:
    """A short fingerprint of what gives buttons their meaning: nodes, options, terms.

    Editing words (texts, labels, match phrases) keeps the version, so nobody's buttons go
    stale for a typo fix; adding, removing or re-pointing an option changes it.
    """
    digest = hashlib.sha256()
    for flow in sorted(flows.values(), key=lambda f: f.id):
        digest.update(f"{flow.id}>{flow.start}\n".encode())
        for node in flow.nodes.values():
            targets = ",".join(
                f"{o.target.flow if o.target else ''}.{o.target.node if o.target else ''}={o.value}"
                for o in node.options
            )
            digest.update(f"{node.id}|{node.ask}|{targets}|{','.join(node.terms)}\n".encode())
    return digest.hexdigest()[:6]


def _kind(key: str) -> str:
    if key.startswith("flows/"):
        return "flow"
    kind = key.removeprefix("content/").removesuffix(".yaml")
    return "vocabulary" if kind in VOCABULARIES else kind


def _check_schemas(docs: dict[str, Document]) -> list[Problem]:
    problems: list[Problem] = []
    for key, doc in docs.items():
        problems += schema.check(doc, _kind(key))
    return problems


def _check_governance(docs: dict[str, Document], today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    for key, doc in docs.items():
        if key.startswith("flows/"):
            problems += governance.check_flow(doc, today)
        elif key in MEDICAL_FILES:
            problems += governance.check_document(doc, today)
    return problems


def _flows(docs: dict[str, Document], problems: list[Problem]) -> dict[str, Flow]:
    flows: dict[str, Flow] = {}
    for key, doc in docs.items():
        if not key.startswith("flows/"):
            continue
        stem = key.removeprefix("flows/").removesuffix(".yaml")
        seen: dict[str, int] = {}
        for index, node in enumerate(doc.data["nodes"]):
            if node["id"] in seen:
                problems.append(
                    Problem(
                        doc.mark("nodes", index, "id"),
                        "E_DUPLICATE_ID",
                        f"node id '{node['id']}' is used twice in this flow; rename one",
                    )
                )
            seen[node["id"]] = index
        flow = parse.flow(doc, problems)
        if flow.id != stem:
            problems.append(
                Problem(
                    doc.mark("id"),
                    "E_FLOW_ID",
                    f"flow id '{flow.id}' must match the file name '{stem}'",
                )
            )
        if flow.id in flows:
            problems.append(
                Problem(
                    doc.mark("id"), "E_DUPLICATE_ID", f"flow id '{flow.id}' is used by another file"
                )
            )
        flows[flow.id] = flow
    glossary = docs.get("content/glossary.yaml")
    if glossary is not None:
        seen_terms: set[str] = set()
        for index, term in enumerate(glossary.data["terms"]):
            if term["id"] in seen_terms:
                problems.append(
                    Problem(
                        glossary.mark("terms", index, "id"),
                        "E_DUPLICATE_ID",
                        f"term id '{term['id']}' is used twice; rename one",
                    )
                )
            seen_terms.add(term["id"])
        flow = parse.glossary(glossary)
        flows[flow.id] = flow
    return flows


def _safety_replies(doc: Document | None) -> MappingProxyType[str, Text]:
    """The general replies by kind, and each rule's own reply as 'rule:<id>'."""
    if doc is None:
        return MappingProxyType({})
    replies = {k: parse.text(v) for k, v in doc.data.get("replies", {}).items()}
    for rule_id, spec in _safety_specs(doc.data):
        if "reply" in spec:
            replies[f"rule:{rule_id}"] = parse.text(spec["reply"])
    return MappingProxyType(replies)


def _safety_pages(doc: Document | None) -> MappingProxyType[str, Target]:
    """The page each rule's reply offers as a button ("more about this")."""
    if doc is None:
        return MappingProxyType({})
    pages: dict[str, Target] = {}
    for rule_id, spec in _safety_specs(doc.data):
        if "page" in spec:
            page = Frame.parse(str(spec["page"]))
            pages[rule_id] = Target(page.flow, page.node or None)
    return MappingProxyType(pages)


def _safety_specs(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    fever = data.get("fever", {})
    described = [(DESCRIBED, data["described"])] if "described" in data else []
    return (
        [(rule_id, fever) for rule_id in FEVER_RULES]
        + described
        + [(rule["id"], rule) for rule in data.get("rules", [])]
    )
