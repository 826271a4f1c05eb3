"""Conversation scripts that staff write: read them, play them against the engine, and
report every miss at ``path:line`` (pure, except `script_files` and `run_file`, which read
the disk).

A script is a small YAML file under ``tests/conversations/``::

    # A patient learns what a biopsy involves       <- the first comment says what it checks
    lang: en                # the person's language (he, ar, ru or en)
    role: patient           # optional: the person has already chosen their language and
                            # answered who they are, and stands on the main menu
    staff_chat: true        # optional: as if STAFF_CHAT_ID were set ("Talk to a person")
    steps:
      - user: "/start"                     # a command: /start /back /menu /restart /language
      - user: {tap: "English"}             # a tap on a button shown now, by its label
      - user: "what is a biopsy"           # typed text, read as the bot reads it
      - expect:
          node: diagnosis.biopsy           # where the person is now (or flow: diagnosis)
          text_contains: "sample"          # the reply says this (case does not matter)
          buttons_include: ["After the biopsy"]
      - content_change: {rename: {treatment.chemo: chemotherapy}, remove: [treatment.vaccines]}

Each step acts on what the bot showed last: a tap needs a button on the last screen, and
`expect` checks the bot's answer to the step before it. A script stops at its first miss.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.content.library import Library, shown, structure_version
from bot.content.loader import Document, load_text
from bot.core import callback
from bot.core.engine import step as engine_step
from bot.core.events import ChooseLanguage, ChooseOption, Command, Event, Nav, Press, Start, Typed
from bot.core.model import GLOSSARY_FLOW, LANGUAGES, Content, Flow, Node, Target
from bot.core.replies import Button, RecordAlert, Transition
from bot.core.screens import HOME, way_in_question
from bot.core.state import Frame, State
from bot.understand.interpret import Understander, understander

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
"""The time every script runs at, so a script gives the same result every day."""

COMMANDS: Mapping[str, Nav | None] = MappingProxyType(
    {
        "/start": None,
        "/back": Nav.BACK,
        "/menu": Nav.MENU,
        "/restart": Nav.RESTART,
        "/language": Nav.LANGUAGE,
    }
)
"""Commands a script can type; /start is the Start event, the others navigate."""

SCRIPT_KEYS = ("lang", "role", "staff_chat", "steps")
STEP_KINDS = ("user", "expect", "content_change")
LIST_CHECKS = ("text_contains", "text_not_contains", "buttons_include", "buttons_exclude")
SINGLE_CHECKS = ("node", "flow", "safety", "lang")
EXPECT_KEYS = (*LIST_CHECKS, *SINGLE_CHECKS, "answers")
SAFETY_KINDS = ("emergency", "crisis", "none")
CHANGE_KEYS = ("rename", "remove")
SHOWN_CHARACTERS = 240
"""How much of each reply a failure quotes."""


@dataclass(frozen=True, slots=True)
class Failure:
    """One miss, printed as ``path:line: message``, then what the bot said, indented."""

    path: str
    line: int
    message: str
    context: str = ""

    def __str__(self) -> str:
        head = f"{self.path}:{self.line}: {self.message}"
        return f"{head}\n{self.context}" if self.context else head


@dataclass(frozen=True, slots=True)
class Say:
    """The person types `text`: a command when it starts with "/", else a message."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Tap:
    """The person taps the button labelled `label` on the last screen."""

    label: str
    line: int


@dataclass(frozen=True, slots=True)
class Check:
    """One expectation: `key` (e.g. "node") should be `value`; `answer` names the stored
    answer an ``answers`` check reads."""

    key: str
    value: str
    line: int
    answer: str = ""


@dataclass(frozen=True, slots=True)
class Expect:
    """Checks on the bot's last answer and where the person is now."""

    checks: tuple[Check, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ContentChange:
    """Staff publish new content mid-conversation: nodes renamed (the old id kept as an
    alias, as staff would write it) or removed."""

    rename: tuple[tuple[Frame, str], ...]
    remove: tuple[Frame, ...]
    line: int


Step = Say | Tap | Expect | ContentChange


@dataclass(frozen=True, slots=True)
class Script:
    """One parsed conversation script."""

    path: str
    about: str
    lang: str
    steps: tuple[Step, ...]
    role: str | None = None
    role_line: int = 1
    staff_chat: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one script: passed when it has no failures."""

    path: str
    about: str
    failures: tuple[Failure, ...] = field(default=())

    @property
    def passed(self) -> bool:
        """Whether every step did what the script expects."""
        return not self.failures

    def summary(self) -> str:
        """One line: pass or fail, the file, and what it checks."""
        verdict = "pass" if self.passed else "FAIL"
        return f"{verdict}  {self.path}" + (f"  ({self.about})" if self.about else "")


# Reading a script ----------------------------------------------------------------------


def parse(text: str, path: str) -> tuple[Script | None, tuple[Failure, ...]]:
    """The script written in `text`, or None and every problem at its line."""
    doc, problems = load_text(text, path)
    if doc is None or problems:
        return None, tuple(Failure(path, p.mark.line, p.message) for p in problems)
    reader = _Reader(doc)
    script = reader.script(_about(text))
    if reader.failures:
        return None, tuple(sorted(reader.failures, key=lambda failure: failure.line))
    return script, ()


def _about(text: str) -> str:
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

    def fail(self, keys: tuple[str | int, ...], message: str) -> None:
        self.failures.append(Failure(self.doc.path, self.line(*keys), message))

    def unknown(self, keys: tuple[str | int, ...], key: str, known: tuple[str, ...]) -> None:
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        self.fail(keys, f"unknown key '{key}'; {hint}use one of: {', '.join(known)}")

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

    def step(self, raw: Any, index: int) -> Step | None:
        where: tuple[str | int, ...] = ("steps", index)
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

    def user(self, value: Any, where: tuple[str | int, ...]) -> Say | Tap | None:
        line = self.line(*where)
        if isinstance(value, dict) and len(value) == 1 and "tap" in value:
            label = value["tap"]
            if isinstance(label, str) and label.strip():
                return Tap(label, line)
        elif isinstance(value, dict) and len(value) == 1 and "type" in value:
            value = value["type"]
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = str(value)
            command = text.strip().split()[0].lower() if text.strip() else ""
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

    def expect(self, value: Any, where: tuple[str | int, ...]) -> Expect | None:
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

    def change(self, value: Any, where: tuple[str | int, ...]) -> ContentChange | None:
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

    def frame(self, where: tuple[str | int, ...], page: Any) -> Frame | None:
        frame = Frame.parse(str(page))
        if frame.flow and frame.node:
            return frame
        self.fail(where, f"a page is written flow.node, e.g. treatment.chemo (got {page!r})")
        return None


# Playing a script ----------------------------------------------------------------------


def play(library: Library, script: Script) -> tuple[Failure, ...]:
    """Play `script` against the engine on `library`'s content; every miss of the first
    step that misses (none when the script passes)."""
    player = _Player(library, script)
    failures = player.begin()
    for item in script.steps:
        if failures:
            break
        failures = player.do(item)
    return failures


@dataclass(frozen=True, slots=True)
class _Shown:
    """A button on screen, with what a real tap on it carries."""

    button: Button
    at: Frame | None
    version: str


class _Player:
    """One person's conversation with the engine, step by step."""

    def __init__(self, library: Library, script: Script) -> None:
        self.library = library
        self.script = script
        self.content = replace(library.content, handoff=script.staff_chat)
        self.understander: Understander | None = None
        self.state = State()
        self.last: Transition | None = None
        self.shown: tuple[_Shown, ...] = ()

    def failure(self, line: int, message: str, context: bool = True) -> tuple[Failure, ...]:
        said = _transcript(self.last, self.state) if context else ""
        return (Failure(self.script.path, line, message, said),)

    def begin(self) -> tuple[Failure, ...]:
        """With a `role:`, bring the person to the main menu as they would get there: /start,
        a tap on their language, a tap on their answer to the welcome question."""
        role = self.script.role
        if role is None:
            return ()
        entry = way_in_question(self.content)
        values = [str(o.value) for o in entry.options if o.value] if entry else []
        if entry is None or role not in values:
            known = ", ".join(values) or "none: the menu flow asks no question"
            return self.failure(
                self.script.role_line,
                f"role '{role}' is not an answer to the welcome question; use one of: {known}",
                context=False,
            )
        answer = next(i for i, option in enumerate(entry.options) if option.value == role)
        self.send(Start(lang_hint=self.script.lang))
        for action in (ChooseLanguage(self.script.lang), ChooseOption(answer)):
            shown = next((s for s in self.shown if s.button.action == action), None)
            if shown is None:
                message = f"the welcome screens did not offer the way in as '{role}'"
                return self.failure(self.script.role_line, message)
            self.tap(shown)
        return ()

    def do(self, item: Step) -> tuple[Failure, ...]:
        """Carry out one step; its misses, if any."""
        if isinstance(item, Expect):
            return self.expect(item)
        if isinstance(item, ContentChange):
            return self.change(item)
        if isinstance(item, Tap):
            found = self.find(item)
            if isinstance(found, str):
                return self.failure(item.line, found)
            self.tap(found)
            return ()
        command = item.text.strip().split()[0].lower()
        if command in COMMANDS:
            nav = COMMANDS[command]
            self.send(Command(nav) if nav else Start(lang_hint=self.script.lang))
        else:
            understood = self.read().read(self.state, item.text).understanding
            self.send(Typed(understood))
        return ()

    def read(self) -> Understander:
        """How typed text is understood on the current content."""
        if self.content.flows is self.library.content.flows:
            return understander(self.library)
        if self.understander is None:  # built once, only when text is typed after a change
            self.understander = Understander(replace(self.library, content=self.content))
        return self.understander

    def send(self, event: Event) -> None:
        self.last = engine_step(self.content, self.state, event, NOW)
        self.state = self.last.state
        buttons = tuple(
            _Shown(button, reply.at, self.content.version)
            for reply in self.last.replies
            for row in reply.buttons
            for button in row
        )
        if buttons:
            self.shown = buttons

    def tap(self, shown: _Shown) -> None:
        """Press a button as Telegram sends it: through the versioned callback code."""
        code = callback.encode(shown.version, shown.at, shown.button.action)
        decoded = callback.decode(code)
        assert decoded is not None, f"button code {code!r} does not decode"
        version, at, action = decoded
        self.send(Press(action, at, version))

    def find(self, tap: Tap) -> _Shown | str:
        """The button labelled as the script says, or why there is none."""
        labels = [s.button.label for s in self.shown]
        if not labels:
            return f"no button labelled '{tap.label}': the bot has shown no buttons yet"
        exact = [s for s in self.shown if s.button.label.strip() == tap.label.strip()]
        loose = [s for s in self.shown if _label_key(s.button.label) == _label_key(tap.label)]
        chosen = exact or loose
        if len(chosen) == 1:
            return chosen[0]
        listed = ", ".join(f"'{label}'" for label in labels)
        if chosen:
            return f"several buttons match '{tap.label}'; write the label exactly: {listed}"
        close = difflib.get_close_matches(tap.label, labels, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"no button labelled '{tap.label}' on screen; buttons shown: {listed}{hint}"

    def expect(self, item: Expect) -> tuple[Failure, ...]:
        misses = [(check, m) for check in item.checks if (m := self.check(check))]
        return tuple(
            Failure(
                self.script.path,
                check.line,
                message,
                _transcript(self.last, self.state) if n == len(misses) - 1 else "",
            )
            for n, (check, message) in enumerate(misses)
        )

    def check(self, check: Check) -> str | None:
        """Why `check` does not hold now, or None when it does."""
        key, wanted = check.key, check.value
        if key in ("text_contains", "text_not_contains"):
            said = _text_key(_said(self.last))
            if (_text_key(wanted) in said) != (key == "text_contains"):
                verb = "contain" if key == "text_contains" else "not contain"
                return f"expected the reply to {verb} '{wanted}'"
            return None
        if key in ("buttons_include", "buttons_exclude"):
            labels = [s.button.label for s in self.shown]
            there = any(_label_key(label) == _label_key(wanted) for label in labels)
            if there != (key == "buttons_include"):
                verb = "a button" if key == "buttons_include" else "no button"
                listed = ", ".join(f"'{label}'" for label in labels) or "none"
                return f"expected {verb} labelled '{wanted}'; buttons shown: {listed}"
            return None
        got = self.actual(check)
        if got == wanted:
            return None
        names = {"node": "the person on node", "flow": "the person in flow", "lang": "language"}
        what = names.get(key, f"answer '{check.answer}' to be" if key == "answers" else key)
        return f"expected {what} '{wanted}' (got '{got}'){self.hint(check)}"

    def actual(self, check: Check) -> str:
        here = self.state.here
        if check.key == "node":
            return str(here) if here else "nowhere yet"
        if check.key == "flow":
            return here.flow if here else "nowhere yet"
        if check.key == "lang":
            return self.state.lang or "not chosen yet"
        if check.key == "answers":
            return self.state.answer_map.get(check.answer, "not answered")
        alerts = (
            [e.kind for e in self.last.effects if isinstance(e, RecordAlert)] if self.last else []
        )
        return alerts[0] if alerts else "none"

    def hint(self, check: Check) -> str:
        """How to fix an expectation that names a place the content does not have."""
        if check.key == "node":
            frame = Frame.parse(check.value)
            if self.content.node(frame.flow, frame.node) is None:
                pages = [f"{f.id}.{n}" for f in self.content.flows.values() for n in f.nodes]
                close = difflib.get_close_matches(check.value, pages, n=1)
                maybe = f"; did you mean '{close[0]}'?" if close else ""
                return f"; there is no node '{check.value}' in the content{maybe}"
        if check.key == "flow" and check.value not in self.content.flows:
            return f"; there is no flow '{check.value}': use one of {', '.join(self.content.flows)}"
        if check.key == "safety" and check.value != "none":
            return "; the safety rules are in content/safety.yaml"
        return ""

    def change(self, item: ContentChange) -> tuple[Failure, ...]:
        """Swap in the changed content, as /reload would; the person's state stays as saved."""
        problem = _change_problem(self.content, dict(item.rename), item.remove)
        if problem:
            return self.failure(item.line, problem, context=False)
        self.content = changed(self.content, dict(item.rename), item.remove)
        return ()


def changed(content: Content, rename: Mapping[Frame, str], remove: Collection[Frame]) -> Content:
    """`content` with nodes renamed (the old id kept as an alias) and nodes removed, the
    buttons and glossary links to them updated or dropped, and a new content version."""

    def moved(frame: Frame) -> Frame | None:
        if frame in remove:
            return None
        return Frame(frame.flow, rename[frame]) if frame in rename else frame

    def target(old: Target | None) -> Target | None:
        if old is None or old.node is None:
            return old
        new = moved(Frame(old.flow, old.node))
        return Target(new.flow, new.node) if new else None

    def node(flow: Flow, old: Node) -> Node:
        options = tuple(
            replace(o, target=target(o.target))
            for o in old.options
            if o.target is None or o.target.node is None or target(o.target)
        )
        terms = tuple(new.node for term in old.terms if (new := moved(Frame(GLOSSARY_FLOW, term))))
        new_id = rename.get(Frame(flow.id, old.id))
        aliases = (*old.aliases, old.id) if new_id else old.aliases
        return replace(old, id=new_id or old.id, options=options, terms=terms, aliases=aliases)

    flows: dict[str, Flow] = {}
    for flow in content.flows.values():
        nodes = [node(flow, n) for n in flow.nodes.values() if Frame(flow.id, n.id) not in remove]
        start = rename.get(Frame(flow.id, flow.start), flow.start)
        flows[flow.id] = replace(
            flow, start=start, nodes=MappingProxyType({n.id: n for n in nodes})
        )
    pages = {rule: new for rule, page in content.safety_pages.items() if (new := target(page))}
    return replace(
        content,
        version=structure_version(flows),
        flows=MappingProxyType(flows),
        safety_pages=MappingProxyType(pages),
    )


def _change_problem(
    content: Content, rename: Mapping[Frame, str], remove: Collection[Frame]
) -> str | None:
    """Why a content change cannot be made, or None."""
    for frame in (*rename, *remove):
        if content.node(frame.flow, frame.node) is None:
            return f"there is no node '{frame}' to change; check the flow and node id"
    for frame, new_id in rename.items():
        if content.node(frame.flow, new_id) is not None:
            return f"cannot rename '{frame}' to '{new_id}': flow '{frame.flow}' has that id"
    for frame in remove:
        if frame == HOME or frame.node == content.flows[frame.flow].start:
            return f"cannot remove '{frame}': a flow's start and the main menu must stay"
    return None


# What the bot said ---------------------------------------------------------------------


def _said(last: Transition | None) -> str:
    """Everything the last answer said: titles and texts."""
    if last is None:
        return ""
    return "\n".join(part for r in last.replies for part in (r.title, r.text) if part)


def _transcript(last: Transition | None, state: State) -> str:
    """The last answer as a failure shows it, indented under the failure line."""
    if last is None:
        return "    the bot has not said anything yet"
    lines = [f"    the bot replied (the person is now at {state.here or 'the start'}):"]
    for reply in last.replies:
        if reply.title:
            lines.append(f"      == {reply.title} ==")
        text = " ".join(reply.text.split())
        cut = text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + " …"
        lines.append(f"      {cut}")
        labels = [f"[{b.label}]" for row in reply.buttons for b in row]
        if labels:
            lines.append("      " + " ".join(labels))
    return "\n".join(lines)


def _text_key(text: str) -> str:
    """Text compared without regard to case or line breaks."""
    return " ".join(text.casefold().split())


def _label_key(label: str) -> str:
    """A label compared without case, emoji or punctuation ("🔬 Diagnosis and tests")."""
    kept = "".join(
        ch if ch.isalnum() or unicodedata.category(ch) == "Mn" else " " for ch in label.casefold()
    )
    return " ".join(kept.split())


# Files -----------------------------------------------------------------------------------


def script_files(path: Path) -> list[Path]:
    """The scripts at `path`: the file itself, or every *.yaml under the folder (reads the
    folder)."""
    if path.is_dir():
        return sorted(path.rglob("*.yaml"))
    return [path] if path.is_file() else []


def run_text(library: Library, text: str, path: str) -> Outcome:
    """Parse and play one script written in `text`."""
    script, failures = parse(text, path)
    if script is None:
        return Outcome(path, _about(text), failures)
    return Outcome(path, script.about, play(library, script))


def run_file(library: Library, file: Path) -> Outcome:
    """Read, parse and play one script file (reads the file)."""
    path = shown(file)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Outcome(path, "", (Failure(path, 1, f"cannot read the script ({error})"),))
    return run_text(library, text, path)
