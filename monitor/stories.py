"""Which entries are one story: near-duplicate detection by banded MinHash (LSH).

An entry's title and text become word shingles; a MinHash signature of those shingles
estimates how much two entries share (Jaccard), and its bands are keys stored in the
database, so finding the candidates for a new entry is one indexed lookup whatever the
number of stories, in any process and on either engine. A candidate folds only when the
signatures agree well enough and the titles are not one template with a different number
or name ("… feed 12" / "… feed 13", "Day 12 of …" / "Day 13 of …").

Written here rather than taken from datasketch: its LSH index lives in one process's
memory, and the signature is a few lines that would otherwise pull in numpy and scipy.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass

from monitor.rulebook.normalize import folded_tokens

PERMUTATIONS = 64
BANDS = 16  # 16 bands of 4 rows: pairs sharing about half their shingles or more meet
ROWS = PERMUTATIONS // BANDS
SIMILARITY = 0.5  # estimated Jaccard at which a candidate is the same story
SHINGLE = 3  # words per shingle
TEXT_WORDS = 400  # the start of the text is enough to tell copies apart

_PRIME = (1 << 61) - 1
_MAX = (1 << 64) - 1
_SEEDS = [
    (
        int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest(), "big") | 1,
        int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest(), "big"),
    )
    for i in range(PERMUTATIONS)
]


@dataclass(frozen=True)
class Fingerprint:
    """An entry as story folding sees it: its signature and band keys, and its title words."""

    signature: tuple[int, ...]
    bands: tuple[str, ...]
    title_words: tuple[str, ...]


def shingles(title: str, text: str) -> set[str]:
    """Word shingles of the folded title and the start of the text (any script)."""
    start = text[:TEXT_WORDS * 12]  # room for TEXT_WORDS words; a huge text is not folded whole
    words = (folded_tokens(title) + " " + folded_tokens(start)).split()[:TEXT_WORDS]
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(items: set[str]) -> tuple[int, ...]:
    """The MinHash signature: per permutation, the least hash over the shingles."""
    if not items:
        return tuple([_MAX] * PERMUTATIONS)
    hashes = [
        int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")
        for s in items
    ]
    return tuple(min((a * h + b) % _PRIME for h in hashes) for a, b in _SEEDS)


def band_keys(sig: tuple[int, ...]) -> tuple[str, ...]:
    """One key per band: the band's number and a short hash of its rows."""
    keys = []
    for band in range(BANDS):
        rows = sig[band * ROWS:(band + 1) * ROWS]
        digest = hashlib.blake2b(repr(rows).encode(), digest_size=8).hexdigest()
        keys.append(f"{band}:{digest}")
    return tuple(keys)


def fingerprint(title: str, text: str) -> Fingerprint:
    """What is stored and compared for an entry."""
    sig = signature(shingles(title, text))
    return Fingerprint(sig, band_keys(sig), tuple(folded_tokens(title).split()))


def similarity(one: tuple[int, ...], other: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    if not one or len(one) != len(other):
        return 0.0
    return sum(a == b for a, b in zip(one, other, strict=True)) / len(one)


def _is_number(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


def _is_name(word: str, original: str) -> bool:
    """A word written with a capital in the original title, or in a script without case
    (Arabic, Devanagari, …), where any word may be a name."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return False
    if all(ch.lower() == ch.upper() for ch in letters):
        return True
    return any(w[:1].isupper() and folded_tokens(w) == word for w in original.split())


def different_subjects(one: str, other: str) -> bool:
    """Titles that say the same thing about a different number or name: same words but
    for one replaced run, and every replaced word a number or a name."""
    a, b = folded_tokens(one).split(), folded_tokens(other).split()
    numbers_a = {w for w in a if _is_number(w)}
    numbers_b = {w for w in b if _is_number(w)}
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return True
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
           if op[0] != "equal"]
    if len(ops) != 1 or ops[0][0] != "replace":
        return False
    _, i1, i2, j1, j2 = ops[0]
    if i2 - i1 > 3 or j2 - j1 > 3 or len(a) - (i2 - i1) < 2:
        return False
    return all(
        _is_number(w) or _is_name(w, title)
        for words, title in ((a[i1:i2], one), (b[j1:j2], other))
        for w in words
    )


def same_story(
    new: Fingerprint, new_title: str, old_signature: tuple[int, ...], old_title: str
) -> bool:
    """Whether a candidate found by its bands is the same story as the new entry."""
    if similarity(new.signature, old_signature) < SIMILARITY:
        return False
    return not different_subjects(new_title, old_title)


def encode_signature(sig: tuple[int, ...]) -> str:
    """The signature as stored: hex words, space-separated."""
    return " ".join(f"{v:x}" for v in sig)


def decode_signature(text: str | None) -> tuple[int, ...]:
    """A stored signature back (empty when none was stored, e.g. a story from before)."""
    try:
        return tuple(int(v, 16) for v in (text or "").split())
    except ValueError:
        return ()
