"""Run conversation script files: find them, read each, play it, one outcome a script (reads
the disk)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.content.library import Library, shown
from bot.staff.conversations.play import play
from bot.staff.conversations.read import about, parse
from bot.staff.conversations.script import Failure


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


def script_files(path: Path) -> list[Path]:
    """The scripts at `path`: the file itself, or every *.yaml under the folder (reads the
    folder)."""
    if path.is_dir():
        return sorted(path.rglob("*.yaml"))
    return [path] if path.is_file() else []


def run_text(library: Library, text: str, path: str) -> Outcome:
    """Parse and play one script written in `text` (pure)."""
    script, failures = parse(text, path)
    if script is None:
        return Outcome(path, about(text), failures)
    return Outcome(path, script.about, play(library, script))


def run_file(library: Library, file: Path) -> Outcome:
    """Read, parse and play one script file (reads the file)."""
    path = shown(file)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Outcome(path, "", (Failure(path, 1, f"cannot read the script ({error})"),))
    return run_text(library, text, path)
