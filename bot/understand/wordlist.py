"""wordfreq's word lists as compact tables, built once and kept on disk (does file I/O).

A Python dict of 760,000 words costs about 150 MB and two seconds to build at every start.
Here each language is a sorted array of 8-byte word hashes beside one byte per word (its
Zipf frequency x 10): about 7 MB in all, read from a cache file in milliseconds. Two words
whose hashes collide (less than one chance in ten million for the whole table) share a
frequency.
"""

from __future__ import annotations

import hashlib
import os
from array import array
from bisect import bisect_left
from importlib.metadata import version
from pathlib import Path

CACHE_FORMAT = 1


class WordTable:
    """word -> Zipf x 10 (an int), for the words at or above a floor of one language."""

    __slots__ = ("_hashes", "_values")

    def __init__(self, hashes: array[int], values: bytes) -> None:
        self._hashes = hashes
        self._values = values

    def __repr__(self) -> str:
        return f"WordTable(words={len(self._hashes)})"

    def __len__(self) -> int:
        return len(self._hashes)

    def get(self, word: str, default: int = 0) -> int:
        """The word's Zipf x 10, or `default` when the list does not have it."""
        key = word_hash(word)
        at = bisect_left(self._hashes, key)
        if at < len(self._hashes) and self._hashes[at] == key:
            return self._values[at]
        return default


def word_hash(word: str) -> int:
    """A stable 64-bit hash (Python's own `hash` changes from one process to the next)."""
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def word_table(lang: str, floor: float, cache: Path | None = None) -> WordTable:
    """The table for `lang` keeping words from Zipf `floor` up: from `cache` when it is there,
    else built from wordfreq's large list and saved there for the next start."""
    folder = cache or cache_folder()
    made_from = f"wordfreq{version('wordfreq')}-v{CACHE_FORMAT}"
    path = folder / f"words-{lang}-{floor:g}-{made_from}.bin"
    table = _read(path)
    if table is None:
        table = _build(lang, floor)
        _write(path, table)
    return table


def cache_folder() -> Path:
    """$PJB_CACHE, else $XDG_CACHE_HOME/patient-journey-bot, else ~/.cache/patient-journey-bot."""
    if configured := os.environ.get("PJB_CACHE"):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "patient-journey-bot"


def _build(lang: str, floor: float) -> WordTable:
    from wordfreq import available_languages, read_cBpack  # only when building: slow to import

    buckets = read_cBpack(available_languages("large")[lang])  # index = -centibels
    kept = round((9 - floor) * 100)
    best: dict[int, int] = {}
    for index, found in enumerate(buckets[: kept + 1]):
        value = round(90 - index / 10)
        for word in found:
            key = word_hash(word)
            best[key] = max(best.get(key, 0), value)
    keys = sorted(best)
    return WordTable(array("Q", keys), bytes(best[key] for key in keys))


def _read(path: Path) -> WordTable | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    count = int.from_bytes(data[:8], "little")
    if len(data) != 8 + 9 * count:
        return None  # a file cut short by a crash: build it again
    hashes = array("Q")
    hashes.frombytes(data[8 : 8 + 8 * count])
    return WordTable(hashes, data[8 + 8 * count :])


def _write(path: Path, table: WordTable) -> None:
    """Write the cache file whole or not at all; a read-only disk only costs the next start."""
    hashes, values = table._hashes, table._values
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(len(hashes).to_bytes(8, "little") + hashes.tobytes() + values)
        os.replace(partial, path)
    except OSError:
        return
