"""Pinyin syllables: every one Chinese characters are read as, and a Latin word read as
them (Xinjiang: xin jiang), for the name operator to read a Latin name spelled in pinyin
as other scripts write its sounds (x as sh, q as ch: Xinjiang = شينجيانغ)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from anyascii import anyascii

_FINALS = ("a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "i",
           "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "u", "ua", "uo",
           "uai", "ui", "uan", "un", "uang", "ue")
_SYLLABLE = re.compile(f"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcs]?)({'|'.join(_FINALS)})$")
# syllables without an initial consonant, spelled with y and w
_ZERO = frozenset({"yi", "ya", "ye", "yao", "you", "yan", "yin", "yang", "ying", "yong",
                   "yu", "yue", "yuan", "yun", "yo", "wu", "wa", "wo", "wai", "wei", "wan",
                   "wen", "wang", "weng"})
_INITIAL = re.compile("[bpmfdtnlgkhjqxrzcs]")
LONGEST = 6  # letters: zhuang


def is_syllable(syllable: str) -> bool:
    """Whether a lower-case syllable has pinyin's shape (an initial and a final)."""
    return syllable in _ZERO or _SYLLABLE.match(syllable) is not None


def has_initial(syllable: str) -> bool:
    """Whether a syllable starts with an initial consonant (not a y or w one, nor ang)."""
    return _INITIAL.match(syllable) is not None


def initial_and_final(syllable: str) -> tuple[str, str] | None:
    """A syllable's initial consonant ("" for none) and final; None for a y or w one or
    one that is no pinyin."""
    found = _SYLLABLE.match(syllable)
    return (found.group(1), found.group(2)) if found else None


@cache
def syllables() -> frozenset[str]:
    """Every syllable Chinese characters are read as (anyascii's pinyin, without tones),
    less the few of other languages it also gives (Cantonese gwaan, Japanese seki)."""
    found: set[str] = set()
    for code in range(0x4E00, 0xA000):
        found.update(s.lower() for s in re.findall("[A-Z][a-z]*", anyascii(chr(code))))
    return frozenset(s for s in found if is_syllable(s))


@lru_cache(maxsize=65536)
def latin_pinyin(word: str) -> tuple[str, ...] | None:
    """A lower-case Latin word read as pinyin syllables, the fewest it can be and of those
    the fewest without an initial after the first (Xinjiang: xin jiang); None when it is
    not wholly such syllables."""
    known = syllables()
    best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (len(word) + 1)
    best[0] = (0, 0, ())
    for start in range(len(word)):
        if (prior := best[start]) is None:
            continue
        for end in range(start + 1, min(len(word), start + LONGEST) + 1):
            piece = word[start:end]
            if piece in known:
                bare = prior[1] + (start > 0 and not has_initial(piece))
                way = (prior[0] + 1, bare, (*prior[2], piece))
                if (held := best[end]) is None or way[:2] < held[:2]:
                    best[end] = way
    found = best[len(word)]
    return found[2] if found else None
