"""Word frequencies from wordfreq's lists, held in about ten bytes a word.

wordfreq keeps each list it loads as a dict of strings (about a hundred bytes a word, and
the list of lists it was read from beside it); derive reads some twenty lists, which came
to a gigabyte. Here a list is the sorted hashes of its words and each word's frequency
bin, looked up by bisection; a phrase's frequency is combined from its tokens' by
wordfreq's own rule. A list is built on first use, about a second, and kept in the
user's cache folder (cache_folder), from which later runs read it in a millisecond.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import itertools
import logging
import math
import operator
import os
import re
from array import array
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from monitor.atomic import write_atomically

TOP_WORDS = 100  # the most common words kept as words (to tell a seed's language)


@cache
def wordfreq() -> Any:
    """The wordfreq module (its tokenisers are used as they are)."""
    import wordfreq  # imported late: its tokenisers and dictionaries take a moment

    try:  # wordfreq's Chinese tokeniser logs its dictionary loading at DEBUG on stderr
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass
    return wordfreq


def _key(word: str) -> int:
    """A word's key: the first 8 bytes of its BLAKE2b digest (the same in every process,
    so a list stored once serves every later run)."""
    return int.from_bytes(_digest(word.encode("utf-8", "surrogatepass")), "little", signed=True)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=8).digest()


def _keys(words: Iterable[str]) -> array[int]:
    """_key of each word, by map rather than a loop (a list has up to 700,000 words)."""
    encoded = map(operator.methodcaller("encode", "utf-8", "surrogatepass"), words)
    return array("q", b"".join(map(_digest, encoded)))


class WordList:
    """One language's list: `frequency(token)` is wordfreq's frequency of that token (0
    when the list does not have it). Two of a list's words sharing a key is about a one
    in 10^8 chance."""

    __slots__ = ("_bins", "_hashes")

    def __init__(self, hashes: array[int], bins: array[int]) -> None:
        self._hashes = hashes
        self._bins = bins

    @classmethod
    def from_pack(cls, pack: list[list[str]]) -> WordList:
        """From wordfreq's buckets of words, commonest first, 1 cB apart."""
        bins = itertools.chain.from_iterable(
            itertools.repeat(index, len(bucket)) for index, bucket in enumerate(pack))
        # a word in two buckets keeps the last, as in wordfreq's own dict
        by_key = dict(zip(_keys(itertools.chain.from_iterable(pack)), bins, strict=True))
        hashes = sorted(by_key)
        return cls(array("q", hashes), array("H", map(by_key.__getitem__, hashes)))

    def to_bytes(self) -> bytes:
        count = len(self._hashes).to_bytes(8, "little")
        return _MAGIC + count + self._hashes.tobytes() + self._bins.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> WordList:
        """As to_bytes wrote it; ValueError for anything else (a cut-off file)."""
        if not data.startswith(_MAGIC):
            raise ValueError("not a word list")
        count = int.from_bytes(data[len(_MAGIC):len(_MAGIC) + 8], "little")
        start = len(_MAGIC) + 8
        if len(data) != start + 10 * count:
            raise ValueError("word list cut off")
        hashes, bins = array("q"), array("H")
        hashes.frombytes(data[start:start + 8 * count])
        bins.frombytes(data[start + 8 * count:])
        return cls(hashes, bins)

    def frequency(self, token: str) -> float:
        key = _key(token)
        at = bisect.bisect_left(self._hashes, key)
        if at < len(self._hashes) and self._hashes[at] == key:
            return float(10 ** (-self._bins[at] / 100))  # wordfreq's cB_to_freq
        return 0.0


_MAGIC = b"monitor-wordlist-1\n"


def cache_folder() -> Path:
    """Where built lists are kept: $MONITOR_CACHE, else the user's cache folder
    ($XDG_CACHE_HOME or ~/.cache)/monitor; one subfolder per wordfreq version."""
    root = os.environ.get("MONITOR_CACHE")
    if root:
        base = Path(root)
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "monitor"
    return base / f"wordfreq-{_version()}"


def cache_is_cold() -> bool:
    """Whether no list is kept yet (the first derive on this machine builds them)."""
    try:
        return not any(cache_folder().glob("best_*.bin"))
    except OSError:
        return True


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wordfreq")
    except PackageNotFoundError:
        return "unknown"


@cache
def available(wordlist: str = "best") -> dict[str, str]:
    """Each language wordfreq has this list for, and its file."""
    return dict(wordfreq().available_languages(wordlist))


@cache
def word_list(lang: str, wordlist: str = "best") -> WordList:
    """The language's list, read once (LookupError when wordfreq has none): a kept list
    is read without importing wordfreq, which alone takes longer than reading it."""
    stored = cache_folder() / f"{wordlist}_{lang}.bin"
    try:
        return WordList.from_bytes(stored.read_bytes())
    except (OSError, ValueError):
        pass
    path = available(wordlist).get(lang)
    if path is None:
        raise LookupError(f"no {wordlist} word list for {lang!r}")
    words = WordList.from_pack(wordfreq().read_cBpack(path))
    _store(stored, words.to_bytes())
    return words


def _store(path: Path, data: bytes) -> None:
    """Written whole or not at all (another run may be reading or writing it too); a
    folder that cannot be written only costs the next run the time to build it again.
    The first list of a new wordfreq version removes the lists of the others."""
    try:
        if not path.parent.exists():
            with contextlib.suppress(OSError):  # an old folder left costs disk, not this list
                _prune(path.parent)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    except OSError:
        pass


def _prune(keep: Path) -> None:
    """Remove the lists built for older wordfreq versions (tens of MB each), which no run
    of this version reads: only folders that hold nothing but such lists, and none of a
    newer version (another install may share the cache)."""
    mine = _release(keep.name)
    for other in keep.parent.glob("wordfreq-*"):
        older = _release(other.name)
        if other == keep or not other.is_dir() or mine is None or older is None \
                or older >= mine:
            continue
        files = list(other.iterdir())
        if all(f.is_file() and f.suffix == ".bin" for f in files):
            for f in files:
                f.unlink(missing_ok=True)
            other.rmdir()


def _release(folder: str) -> tuple[int, ...] | None:
    """The version a cache folder's name gives (wordfreq-3.1.1 -> (3, 1, 1))."""
    match = re.fullmatch(r"wordfreq-(\d+(?:\.\d+)*)", folder)
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


_PLAIN_PHRASE = re.compile("[a-z]+(?: [a-z]+)*")


@cache
def _tokenizer(lang: str) -> str:
    """How wordfreq cuts the language into words: "regex" by its own rules, "jieba" or
    "mecab" by a dictionary (which cuts even a Latin word into pieces)."""
    return str(wordfreq().get_language_info(lang)["tokenizer"])


def word_frequency(word: str, lang: str, wordlist: str = "best") -> float:
    """wordfreq.word_frequency, read from the compact list: the word cut into tokens as
    wordfreq cuts it, 1/f summed over them, each word break Chinese infers costing a
    factor of ten, rounded to three significant digits; 0 when a token is unknown. Not
    cached here: each caller keeps the answers it asks for again."""
    wf = wordfreq()
    if _PLAIN_PHRASE.fullmatch(word) and _tokenizer(lang) == "regex":
        tokens = word.split(" ")  # what wordfreq's tokeniser gives, a hundred times faster
    else:
        tokens = wf.lossy_tokenize(word, lang)
    if not tokens:
        return 0.0
    words = word_list(lang, wordlist)
    one_over = 0.0
    for token in tokens:
        smashed = wf.smash_numbers(token)
        freq = words.frequency(smashed)
        if not freq:
            return 0.0
        if smashed != token:
            freq *= wf.digit_freq(token)
        one_over += 1.0 / freq
    freq = 1.0 / one_over
    if _tokenizer(lang) == "jieba":
        freq *= wf.INFERRED_SPACE_FACTOR ** -(len(tokens) - 1)
    return round(freq, math.floor(-math.log10(freq)) + 3)


def zipf_frequency(word: str, lang: str, wordlist: str = "best") -> float:
    """wordfreq.zipf_frequency from the compact list (0 = unknown, 7 = the commonest)."""
    freq = word_frequency(word, lang, wordlist)
    return round(math.log10(freq) + 9, 2) if freq > 1e-9 else 0.0  # wordfreq's floor


def token_frequency(token: str, lang: str, wordlist: str = "best") -> float:
    """The frequency of one token as the list has it (no cutting, no digits read)."""
    return word_list(lang, wordlist).frequency(token)


@cache
def top_words(lang: str) -> list[str]:
    """The language's TOP_WORDS most common words, commonest first (its whole list is
    read for them, and let go)."""
    path = available().get(lang)
    if path is None:
        raise LookupError(f"no word list for {lang!r}")
    words = itertools.chain.from_iterable(wordfreq().read_cBpack(path))
    numbers = wordfreq().has_digit_sequence  # as wordfreq.top_n_list: no digit runs
    return list(itertools.islice((w for w in words if not numbers(w)), TOP_WORDS))
