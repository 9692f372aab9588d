"""The compact word lists (monitor.rulebook.frequencies) give wordfreq's own figures, and
keep them in the cache folder for the next run."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import wordfreq

from monitor.rulebook import frequencies


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and no list held from an earlier test."""
    monkeypatch.setenv("MONITOR_CACHE", str(tmp_path))
    frequencies.word_list.cache_clear()
    yield frequencies.cache_folder()
    frequencies.word_list.cache_clear()


@pytest.mark.parametrize("lang", ["en", "pt", "ar", "zh", "ja", "ko", "ru", "he"])
def test_every_figure_is_wordfreqs_own(lang: str) -> None:
    """Words from all over the list, phrases of two, digits, unknown words, other scripts
    (from the lists derive uses, in the usual cache folder)."""
    rng = random.Random(lang)
    words = list(wordfreq.iter_wordlist(lang))
    sample = rng.sample(words, 300) + [
        f"{a} {b}" for a, b in zip(rng.sample(words, 60), rng.sample(words, 60), strict=True)
    ] + ["xqzvw", "Tata", "JF-17", "2024", "ボーイング", "波音公司", "قطر للطاقة", "İki", "",
         "sao paulo", "new york city", "the", "rio de janeiro", "xqzvw city", "a  b"]
    for word in sample:
        assert frequencies.zipf_frequency(word, lang) == wordfreq.zipf_frequency(word, lang), word
    assert frequencies.top_words(lang) == wordfreq.top_n_list(lang, frequencies.TOP_WORDS)


def test_words_stored_in_the_same_bytes_are_still_two_words() -> None:
    """Python's own string hash reads 'be' and 敢 (U+6562) as the same two bytes."""
    assert frequencies.zipf_frequency("be", "zh") == wordfreq.zipf_frequency("be", "zh")
    assert frequencies.zipf_frequency("敢", "zh") == wordfreq.zipf_frequency("敢", "zh")
    assert frequencies.zipf_frequency("be", "zh") != frequencies.zipf_frequency("敢", "zh")


def test_a_list_is_built_once_and_read_back_from_the_cache(cache: Path) -> None:
    built = frequencies.word_list("fr")
    stored = cache / "best_fr.bin"
    assert stored.exists() and stored.stat().st_size > 1_000_000
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no temporary left
    frequencies.word_list.cache_clear()
    again = frequencies.word_list("fr")
    assert again is not built
    for word in ("le", "gouvernement", "anticonstitutionnellement", "xqzvw"):
        assert again.frequency(word) == built.frequency(word)


def test_a_kept_list_is_read_without_asking_wordfreq(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Importing wordfreq to ask which lists it has takes longer than reading a kept
    list (the matcher's first look-up in a new process paid it)."""
    built = frequencies.word_list("fr")
    frequencies.word_list.cache_clear()

    def no_wordfreq(wordlist: str = "best") -> dict[str, str]:
        raise AssertionError("wordfreq asked for a kept list")

    monkeypatch.setattr(frequencies, "available", no_wordfreq)
    assert frequencies.word_list("fr").frequency("le") == built.frequency("le")


def test_the_first_list_of_a_new_wordfreq_version_removes_the_old_versions(
        cache: Path) -> None:
    """An upgrade of wordfreq leaves the lists of the old version unread: the first list
    built for the new one removes them, and nothing else: not a newer version's (another
    install may share the folder), not a folder holding anything but lists."""
    old = cache.parent / "wordfreq-0.0.1"
    old.mkdir(parents=True)
    (old / "best_fr.bin").write_bytes(b"old")
    newer = cache.parent / "wordfreq-999.0"
    newer.mkdir()
    (newer / "best_fr.bin").write_bytes(b"newer")
    source = cache.parent / "wordfreq-0.0.2"  # an unpacked source tree, say
    source.mkdir()
    (source / "setup.py").write_text("", encoding="utf-8")
    mine = cache.parent / "notes.txt"
    mine.write_text("kept", encoding="utf-8")
    frequencies.word_list("nl")
    assert (cache / "best_nl.bin").exists()
    assert not old.exists() and mine.read_text(encoding="utf-8") == "kept"
    assert (newer / "best_fr.bin").exists() and (source / "setup.py").exists()


def test_a_cut_off_cache_file_is_built_again(cache: Path) -> None:
    frequencies.word_list("it")
    stored = cache / "best_it.bin"
    stored.write_bytes(stored.read_bytes()[:1000])  # a run killed while writing, say
    frequencies.word_list.cache_clear()
    assert frequencies.word_list("it").frequency("della") > 0.001
    assert stored.stat().st_size > 1_000_000


def test_a_cache_folder_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("MONITOR_CACHE", str(blocked))
    frequencies.word_list.cache_clear()
    try:
        assert frequencies.zipf_frequency("hola", "es") == wordfreq.zipf_frequency("hola", "es")
    finally:
        frequencies.word_list.cache_clear()


def test_a_language_without_a_list_is_a_lookup_error(cache: Path) -> None:
    with pytest.raises(LookupError):
        frequencies.word_list("tlh")


def test_the_first_derive_on_a_machine_says_it_is_building_the_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold cache costs the first derive about 25 s: it says so, once, on stderr."""
    from click.testing import CliRunner

    from monitor.cli import cli
    from monitor.rulebook import derive

    def no_story(*args: object, **kwargs: object) -> object:
        raise SystemExit(0)  # only the message before it is under test

    monkeypatch.setenv("MONITOR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(derive, "derive_story", no_story)
    seed = tmp_path / "seed.txt"
    seed.write_text("Tata Advanced Systems opens a plant in Berrechid.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["derive", str(seed)])
    assert "first derive here: building word frequency lists in" in result.stderr
    assert str(tmp_path / "cache") in result.stderr
    (frequencies.cache_folder() / "best_en.bin").parent.mkdir(parents=True)
    (frequencies.cache_folder() / "best_en.bin").write_bytes(b"")
    assert "first derive" not in CliRunner().invoke(cli, ["derive", str(seed)]).stderr
