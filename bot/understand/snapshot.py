"""Content and its understanding, read back from a snapshot when nothing changed (does I/O).

Loading the YAML and building the indexes takes seconds; a snapshot of both, keyed by the
bytes of every content file, of the code and of the day (review warnings depend on it), comes
back in a fraction of that. Any change to a file, the code or the date misses the key and
builds afresh, exactly as without a snapshot. Snapshots hold content only, never anything a
person typed; they are written whole or not at all, readable by their owner only.
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
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.content.library import REPOSITORY, Loaded, load
from bot.understand.interpret import Understander, remember, understander
from bot.understand.wordlist import cache_folder

FORMAT = 1
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
        return loaded
    loaded = load(root, today, default_language, extra_ui_keys)
    if loaded.library is not None:
        _write(path, (loaded, understander(loaded.library)))
    return loaded


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
    finally:
        gc.enable()
    loaded, reader = found
    if not isinstance(loaded, Loaded) or not isinstance(reader, Understander):
        return None
    return loaded, reader


def _write(path: Path, found: tuple[Loaded, Understander]) -> None:
    """Write the snapshot whole (a temporary file, then a rename), owner-only; a disk that
    cannot take it costs only the next start's time."""
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            pickle.dump(found, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        older = sorted(path.parent.glob("content-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in older[:-KEPT]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _mapping_proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


copyreg.pickle(MappingProxyType, lambda proxy: (_mapping_proxy, (dict(proxy),)))
