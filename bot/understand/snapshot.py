"""Content and its understanding, read back from a snapshot when nothing changed (does I/O).

Loading the YAML and building the indexes takes seconds; a snapshot of both, keyed by the
bytes of every content file, of the code and of the day (review warnings depend on it), comes
back in a fraction of that. Any change to a file, the code or the date misses the key and
builds afresh, exactly as without a snapshot. The story model and the described alarm's model,
the slowest parts to build, are kept on their own too, each keyed by the examples it learned
from: a change to the pages alone, or a new day, reuses them. Snapshots hold content only, never
anything a person typed; they are written whole or not at all, readable by their owner only.
"""

from __future__ import annotations

import contextlib
import copyreg
import datetime as dt
import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.content.library import REPOSITORY, Library, Loaded, load
from bot.content.loader import Document, PathKey
from bot.core.model import Mark
from bot.understand import stories
from bot.understand.described import taught
from bot.understand.interpret import Understander
from bot.understand.readers import remember, understander
from bot.understand.wordlist import cache_folder

FORMAT = 2
KEPT = 4
"""Snapshots kept in the cache folder (older ones are removed when a new one is written)."""
PACKAGE = Path(__file__).resolve().parents[1]


def prepared(
    root: Path = REPOSITORY,
    today: dt.date | None = None,
    default_language: str = "he",
    extra_ui_keys: tuple[str, ...] = (),
) -> Loaded:
    """`library.load(...)`, with the Understander for it ready: from a snapshot, or built
    and then saved as one."""
    today = today or dt.date.today()
    path = cache_folder() / f"content-{_key(root, today, default_language, extra_ui_keys)}.pickle"
    found = _read(path)
    if found is not None:
        loaded, reader = found
        assert loaded.library is not None
        remember(loaded.library, reader)
        _know_models(loaded.library, reader)
        return loaded
    loaded = load(root, today, default_language, extra_ui_keys)
    if loaded.library is not None:
        models = _model_paths(loaded.library)
        for model in models:
            _recall_model(model)
        reader = understander(loaded.library)
        _write(path, (loaded, reader))
        for model in models:
            _keep_model(model)
    return loaded


def _model_examples(library: Library) -> tuple[Mapping[str, Any] | None, Mapping[str, Any]]:
    """What each learned model learns from: the story model, then the described alarm."""

    def data(name: str) -> Mapping[str, Any] | None:
        doc = library.documents.get(f"content/{name}.yaml")
        return doc.data if doc else None

    return data("examples"), taught(data("safety_examples"), data("examples"), data("smalltalk"))


def _model_paths(library: Library) -> list[tuple[str, Path]]:
    """Each learned model's key and where it is kept: the story model and the described
    alarm. Content whose pages changed (a reload, a test's copy, a new day) keeps the models
    its examples gave, which take seconds each to learn."""
    code = b"".join(
        (PACKAGE / "understand" / name).read_bytes()
        for name in ("stories.py", "normalize.py", "described.py")
    )
    found = []
    for examples in _model_examples(library):
        key = stories.examples_key(examples)
        digest = hashlib.blake2b(digest_size=16)
        digest.update(repr((FORMAT, sys.version, key)).encode())
        digest.update(code)
        found.append((key, cache_folder() / f"stories-{digest.hexdigest()}.pickle"))
    return found


def _know_models(library: Library, reader: Understander) -> None:
    """The models a snapshot brought back, known to this process as learned from their
    examples: content that then changes only its pages (a staff script's rename, a reload)
    keeps them instead of learning them again."""
    story_examples, alarm_examples = _model_examples(library)
    stories.keep(stories.examples_key(story_examples), reader.stories)
    if reader.described is not None:
        stories.keep(stories.examples_key(alarm_examples), reader.described.model)


def _recall_model(model: tuple[str, Path]) -> None:
    key, path = model
    if stories.known(key) is not None:
        return
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError):
        found = pickle.loads(path.read_bytes())
        if isinstance(found, stories.StoryModel):
            stories.keep(key, found)


def _keep_model(model: tuple[str, Path]) -> None:
    key, path = model
    learned = stories.known(key)
    if learned is not None and not path.exists():
        _write_whole(path, learned, "stories-*.pickle")


def _key(root: Path, today: dt.date, default_language: str, extra: tuple[str, ...]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    settings = (FORMAT, sys.version, today.isoformat(), default_language, extra)
    digest.update(repr(settings).encode())
    sources = [
        *sorted((root / "flows").glob("*.yaml")),
        *sorted((root / "content").glob("*.yaml")),
        *sorted(PACKAGE.rglob("*.py")),
        *sorted(PACKAGE.rglob("*.json")),
    ]
    for source in sources:
        digest.update(str(source.relative_to(source.parents[1])).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _read(path: Path) -> tuple[Loaded, Understander] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    gc.disable()  # millions of small objects: collecting while they arrive triples the time
    try:
        found = pickle.loads(data)
    except Exception:  # a snapshot from another build of the code: build afresh
        return None
    else:
        # They live as long as the content (build_now freezes them too): without this the
        # first collections after start would walk them all, 80 ms before the first poll.
        gc.freeze()
    finally:
        gc.enable()
    loaded, reader = found
    if not isinstance(loaded, Loaded) or not isinstance(reader, Understander):
        return None
    return loaded, reader


def _write(path: Path, found: tuple[Loaded, Understander]) -> None:
    """Write the snapshot whole."""
    _write_whole(path, found, "content-*.pickle")


def _write_whole(path: Path, found: object, kind: str) -> None:
    """Write whole (a temporary file, then a rename), owner-only, keeping the newest KEPT of
    its `kind`; a disk that cannot take it costs only the next start's time."""
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            pickle.dump(found, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        older = sorted(path.parent.glob(kind), key=lambda p: p.stat().st_mtime)
        for stale in older[:-KEPT]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _mapping_proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


class PackedMarks(Mapping[PathKey, Mark]):
    """A document's marks as a snapshot keeps them: one bytes object, unpacked on first use.

    Marks are only read to place a problem (`validate`, the release check); unpacking them
    all as Mark objects was a third of the time a snapshot took to read, and 10 MB held.
    Unpacked, each is a line and column packed in one int, made a Mark when asked for.
    """

    __slots__ = ("_blob", "_packed", "path")

    def __init__(self, path: str, blob: bytes) -> None:
        self.path = path
        self._blob = blob
        self._packed: dict[PathKey, int] | None = None

    def _unpacked(self) -> dict[PathKey, int]:
        if self._packed is None:
            gc.disable()  # thousands of key tuples: a collection of the whole heap each time
            try:
                self._packed = pickle.loads(self._blob)
            finally:
                gc.enable()
        return self._packed

    def __getitem__(self, key: PathKey) -> Mark:
        packed = self._unpacked()[key]
        return Mark(self.path, packed >> _COLUMN_BITS, packed & _COLUMN_MASK)

    def __contains__(self, key: object) -> bool:
        return key in self._unpacked()

    def __iter__(self) -> Iterator[PathKey]:
        return iter(self._unpacked())

    def __len__(self) -> int:
        return len(self._unpacked())

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackedMarks, (self.path, self._blob))


_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


def _reduce_document(doc: Document) -> tuple[Any, ...]:
    """A Document pickled with its marks packed (see PackedMarks)."""
    marks = doc.marks
    if not isinstance(marks, PackedMarks):
        if not all(m.path == doc.path and 0 <= m.col <= _COLUMN_MASK for m in marks.values()):
            return (Document, (doc.path, doc.data, dict(marks)))
        packed = {key: (m.line << _COLUMN_BITS) | m.col for key, m in marks.items()}
        marks = PackedMarks(doc.path, pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL))
    return (Document, (doc.path, doc.data, marks))


copyreg.pickle(MappingProxyType, lambda proxy: (_mapping_proxy, (dict(proxy),)))
copyreg.pickle(Document, _reduce_document)
