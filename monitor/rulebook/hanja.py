"""Sino-Korean readings of Han characters (libhangul's table, BSD): the Chinese and
Japanese press write Korean names and words in the characters they come from (高麗亜鉛 =
고려아연, Korea Zinc; 崔允範 = 최윤범; 議決権 = 의결권), which no reading by sound finds."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources

# a run of characters is read in at most this many ways (a character has one to three)
MAX_READINGS = 64


@cache
def _table() -> dict[str, tuple[str, ...]]:
    """Each character's readings, read from the package's data once per process."""
    text = resources.files("monitor.rulebook").joinpath("data/hanja.txt").read_text("utf-8")
    table: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            char, _, readings = line.partition("\t")
            table[char] = tuple(readings.split())
    return table


def readings(char: str) -> tuple[str, ...]:
    """The Hangul syllables a Han character is read as in Korean (none if not one)."""
    return _table().get(char, ())


@cache
def _read_syllables() -> frozenset[str]:
    return frozenset(r for found in _table().values() for r in found)


def korean_syllable_read(syllable: str) -> bool:
    """Whether a Hangul syllable is how some Han character is read (고, 려; not 플, 랜):
    a word of such syllables may be a Sino-Korean one, a word with another is not."""
    return unicodedata.normalize("NFC", syllable) in _read_syllables()


def korean_readings(run: str) -> Iterator[str]:
    """The ways a run of Han characters reads in Korean, as Hangul syllables (NFC); none
    when a character has no reading."""
    found = [readings(char) for char in run]
    if all(found):
        yield from ("".join(r) for r in itertools.islice(itertools.product(*found),
                                                          MAX_READINGS))


def hangul_word(word: str) -> str | None:
    """A word as Hangul syllables (NFC: folded Korean is in letters), or None if it is
    not all syllables (MBK파트너스)."""
    syllables = unicodedata.normalize("NFC", word)
    if syllables and all("\uac00" <= char <= "\ud7a3" for char in syllables):
        return syllables
    return None
