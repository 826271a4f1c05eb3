"""The compact word tables: the same frequencies as wordfreq, kept on disk between starts."""

from __future__ import annotations

from pathlib import Path

from wordfreq import zipf_frequency

from bot.understand.wordlist import word_table

WORDS = {"en": ["the", "fever", "chemotherapy", "oncologist"], "ru": ["температура", "химия"]}


def test_the_table_gives_wordfreqs_own_figures(tmp_path: Path) -> None:
    for lang, words in WORDS.items():
        table = word_table(lang, 2.0, tmp_path)
        for word in words:
            assert abs(table.get(word) / 10 - zipf_frequency(word, lang, "large")) <= 0.1, word
        assert table.get("qzxwvkj") == 0


def test_the_second_start_reads_the_file_and_a_cut_file_is_built_again(tmp_path: Path) -> None:
    first = word_table("en", 2.0, tmp_path)
    (saved,) = tmp_path.glob("words-en-*.bin")
    assert len(word_table("en", 2.0, tmp_path)) == len(first)
    saved.write_bytes(saved.read_bytes()[:1000])  # a crash in the middle of writing
    again = word_table("en", 2.0, tmp_path)
    assert len(again) == len(first) and again.get("fever") == first.get("fever")


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert word_table("en", 2.0, blocked / "cache").get("fever") > 0
