"""Read a conversation script: its YAML checked and turned into steps, each mistake at
``path:line`` (pure)."""

from __future__ import annotations

from bot.content.loader import Document, load_text
from bot.content.problems import suggestion
from bot.core.model import LANGUAGES
from bot.core.state import Frame
from bot.staff.conversations.script import (
    COMMANDS,
    Check,
    ContentChange,
    Expect,
    Failure,
    Say,
    Script,
    Step,
    Tap,
    first_word,
)

SCRIPT_KEYS = ("lang", "role", "staff_chat", "steps")
STEP_KINDS = ("user", "expect", "content_change")
LIST_CHECKS = ("text_contains", "text_not_contains", "buttons_include", "buttons_exclude")
SINGLE_CHECKS = ("node", "flow", "safety", "lang")
EXPECT_KEYS = (*LIST_CHECKS, *SINGLE_CHECKS, "answers")
SAFETY_KINDS = ("emergency", "crisis", "none")
CHANGE_KEYS = ("rename", "remove")

Where = tuple[str | int, ...]
"""The keys that lead to a value in the script's YAML, e.g. ("steps", 2, "expect")."""


def parse(text: str, path: str) -> tuple[Script | None, tuple[Failure, ...]]:
    """The script written in `text`, or None and every problem at its line."""
    doc, problems = load_text(text, path)
    if doc is None or problems:
        return None, tuple(Failure(path, p.mark.line, p.message) for p in problems)
    reader = _Reader(doc)
    script = reader.script(about(text))
    if reader.failures:
        return None, tuple(sorted(reader.failures, key=lambda failure: failure.line))
    return script, ()


def about(text: str) -> str:
    """The script's first comment line: what it checks."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#") and "yaml-language-server" not in stripped:
            return stripped.lstrip("#").strip()
        if stripped and not stripped.startswith("#"):
            break
    return ""


class _Reader:
    """Turns a script's YAML into steps, noting each mistake at its line."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.failures: list[Failure] = []

    def line(self, *keys: str | int) -> int:
        return self.doc.mark(*keys).line

    def fail(self, keys: Where, message: str) -> None:
        self.failures.append(Failure(self.doc.path, self.line(*keys), message))

    def unknown(self, keys: Where, key: str, known: tuple[str, ...]) -> None:
        advice = f"use one of: {', '.join(known)}"
        hint = suggestion(key, known, "")
        self.fail(keys, f"unknown key '{key}'; " + (f"{hint} {advice}" if hint else advice))

    def script(self, about: str) -> Script:
        data = self.doc.data
        empty = Script(self.doc.path, about, "en", ())
        if not isinstance(data, dict):
            self.fail((), "a script is a mapping with `lang:` and `steps:`")
            return empty
        for key in data:
            if key not in SCRIPT_KEYS:
                self.unknown((key,), key, SCRIPT_KEYS)
        lang = data.get("lang")
        if lang not in LANGUAGES:
            self.fail(("lang",), f"`lang:` must be one of {', '.join(LANGUAGES)} (got {lang!r})")
        role = data.get("role")
        if role is not None and not isinstance(role, str):
            self.fail(("role",), f"`role:` must be an answer such as patient (got {role!r})")
        staff_chat = data.get("staff_chat", False)
        if not isinstance(staff_chat, bool):
            self.fail(("staff_chat",), f"`staff_chat:` must be true or false (got {staff_chat!r})")
        raw_steps = data.get("steps")
        if not isinstance(raw_steps, list) or not raw_steps:
            self.fail(("steps",), "`steps:` must be a list of `- user:` and `- expect:` lines")
            return empty
        steps = tuple(s for i, raw in enumerate(raw_steps) if (s := self.step(raw, i)))
        return Script(
            path=self.doc.path,
            about=about,
            lang=str(lang),
            steps=steps,
            role=role if isinstance(role, str) else None,
            role_line=self.line("role"),
            staff_chat=staff_chat is True,
        )

    def step(self, raw: object, index: int) -> Step | None:
        where: Where = ("steps", index)
        if not isinstance(raw, dict) or len(raw) != 1 or next(iter(raw)) not in STEP_KINDS:
            got = ", ".join(map(str, raw)) if isinstance(raw, dict) else repr(raw)
            self.fail(
                where, f"a step is exactly one of `user:`, `expect:`, `content_change:` (got {got})"
            )
            return None
        kind, value = next(iter(raw.items()))
        if kind == "user":
            return self.user(value, (*where, kind))
        if kind == "expect":
            return self.expect(value, (*where, kind))
        return self.change(value, (*where, kind))

    def user(self, value: object, where: Where) -> Say | Tap | None:
        line = self.line(*where)
        if isinstance(value, dict) and len(value) == 1 and "tap" in value:
            label = value["tap"]
            if isinstance(label, str) and label.strip():
                return Tap(label, line)
        elif isinstance(value, dict) and len(value) == 1 and "type" in value:
            value = value["type"]
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = str(value)
            command = first_word(text)
            if command.startswith("/") and command not in COMMANDS:
                self.fail(
                    where, f"unknown command '{command}'; a script can type {', '.join(COMMANDS)}"
                )
                return None
            if text.strip():
                return Say(text, line)
        self.fail(
            where,
            f'`user:` is typed text ("what is a biopsy"), a command ("/menu") '
            f'or a tap ({{tap: "Biopsy"}}) (got {value!r})',
        )
        return None

    def expect(self, value: object, where: Where) -> Expect | None:
        if not isinstance(value, dict) or not value:
            self.fail(
                where, f"`expect:` is a mapping such as {{node: diagnosis.biopsy}} (got {value!r})"
            )
            return None
        checks: list[Check] = []
        for key, wanted in value.items():
            at = (*where, key)
            if key not in EXPECT_KEYS:
                self.unknown(at, key, EXPECT_KEYS)
            elif key in LIST_CHECKS:
                items = wanted if isinstance(wanted, list) else [wanted]
                for i, item in enumerate(items):
                    spot = (*at, i) if isinstance(wanted, list) else at
                    if isinstance(item, (str, int, float)) and str(item).strip():
                        checks.append(Check(key, str(item), self.line(*spot)))
                    else:
                        self.fail(spot, f"`{key}:` takes text or a list of texts (got {item!r})")
            elif key == "answers":
                if not isinstance(wanted, dict) or not wanted:
                    self.fail(
                        at, f"`answers:` is a mapping such as {{role: family}} (got {wanted!r})"
                    )
                    continue
                for name, answer in wanted.items():
                    checks.append(Check(key, str(answer), self.line(*at, name), answer=name))
            elif key == "safety" and wanted not in SAFETY_KINDS:
                self.fail(at, f"`safety:` is one of {', '.join(SAFETY_KINDS)} (got {wanted!r})")
            elif not isinstance(wanted, str) or not wanted:
                self.fail(at, f"`{key}:` takes one text (got {wanted!r})")
            else:
                checks.append(Check(key, wanted, self.line(*at)))
        return Expect(tuple(checks), self.line(*where)) if checks else None

    def change(self, value: object, where: Where) -> ContentChange | None:
        if not isinstance(value, dict) or not value:
            self.fail(
                where,
                "`content_change:` takes `rename: {flow.old_id: new_id}` "
                "and/or `remove: [flow.node]`",
            )
            return None
        rename: list[tuple[Frame, str]] = []
        remove: list[Frame] = []
        for key, item in value.items():
            if key not in CHANGE_KEYS:
                self.unknown((*where, key), key, CHANGE_KEYS)
            elif key == "rename" and isinstance(item, dict) and item:
                for old, new in item.items():
                    frame, new_id = self.frame((*where, key, old), old), str(new)
                    new_id = new_id.removeprefix(f"{frame.flow}.") if frame else new_id
                    if frame and new_id.replace("_", "").isalnum():
                        rename.append((frame, new_id))
                    elif frame:
                        self.fail(
                            (*where, key, old),
                            f"the new id must be a node id such as chemotherapy (got {new!r})",
                        )
            elif key == "remove" and isinstance(item, list) and item:
                remove += [f for i, p in enumerate(item) if (f := self.frame((*where, key, i), p))]
            else:
                shape = "{flow.old_id: new_id}" if key == "rename" else "[flow.node, ...]"
                self.fail((*where, key), f"`{key}:` takes {shape} (got {item!r})")
        if not rename and not remove:
            return None
        return ContentChange(tuple(rename), tuple(remove), self.line(*where))

    def frame(self, where: Where, page: object) -> Frame | None:
        frame = Frame.parse(str(page))
        if frame.flow and frame.node:
            return frame
        self.fail(where, f"a page is written flow.node, e.g. treatment.chemo (got {page!r})")
        return None
