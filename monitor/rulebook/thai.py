"""Thai words: cut from unspaced text, how common each is, and how it reads in Latin.

Thai writes no spaces between words and wordfreq has no Thai list, so derive could not
tell a Thai name from the words around it. PyThaiNLP (Apache-2.0, pure Python) brings the
three things that need: its dictionary segmenter (newmm), the Thai National Corpus's word
counts and a romanisation (the Royal Thai General System, with its dictionary of
loanwords read as the English they come from: แลนด์ = land).
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from typing import Any

# Thai letters, vowel signs and tone marks (not its digits or punctuation)
THAI = "\u0e01-\u0e3a\u0e40-\u0e4e"
_THAI_RUN = re.compile(f"[{THAI}]+")
_NOT_LATIN = re.compile("[^a-z]")


def has_thai(text: str) -> bool:
    """Whether a text has a Thai letter."""
    return _THAI_RUN.search(text) is not None


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The words of a text, Thai runs cut by the dictionary and the rest as written
    (whitespace left out)."""
    from pythainlp.tokenize import word_tokenize  # imported late: derive and Thai text only

    return tuple(w for w in word_tokenize(text, engine="newmm", keep_whitespace=False)
                 if w.strip())


def spaced(text: str) -> str:
    """The text with a space between the words of each Thai run."""
    return _THAI_RUN.sub(lambda run: " ".join(words(run.group())), text)


def unspaced(sentence: str, original: str) -> str:
    """A sentence of spaced() text as the original text writes it (its Thai words run
    together again, the spaces the original has kept), or the sentence as it is where
    the original does not have it."""
    parts = re.split(f"(?<=[{THAI}]) (?=[{THAI}])", sentence)
    if len(parts) < 2:
        return sentence
    found = re.search(" ?".join(re.escape(part) for part in parts), original)
    return found.group() if found else sentence


# Titles Thai writes right before a person's given name, which a space then parts from
# the family name (นายเศรษฐา ทวีสิน, Mr Srettha Thavisin): heads of government or
# state, other public offices, and plain titles (Mr, Mrs, Miss, Dr, General)
HEAD_TITLES = ("นายกรัฐมนตรี", "นายกฯ", "ประธานาธิบดี")
OFFICE_TITLES = (*HEAD_TITLES, "รองนายกรัฐมนตรี", "รัฐมนตรี", "รมว.", "รมช.", "ผู้ว่าราชการจังหวัด",
                 "ผู้ว่าฯ", "อธิบดี", "ปลัดกระทรวง", "เอกอัครราชทูต", "ผู้อำนวยการ")
_TITLES = (*OFFICE_TITLES, "นางสาว", "น.ส.", "นาย", "นาง", "ดร.", "พล.อ.", "คุณ")
_TITLED = re.compile(
    "(" + "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True)) + ")"
    f" ?([{THAI}]+) ([{THAI}]+)")
PERSON_WORD_ZIPF = 5.0  # a word this common after a family name is the sentence's (กล่าว)
GRAMMAR_ZIPF = 6.5  # and one this common begins no given name (ว่า, that)
GIVEN_PIECES = 3  # words the dictionary cuts a given name into, at most (แพ|ทอง|ธาร)


def titled_people(text: str) -> list[tuple[str, str, str]]:
    """People a Thai text names after their title, as (title, given name, family name):
    the given name is the Thai run the title leads, the family name the run after a
    space, without the everyday words written on after it (ทวีสินกล่าว: Thavisin said)."""
    out = []
    for match in _TITLED.finditer(text):
        title, given, family = match.groups()
        pieces = list(words(family))
        while len(pieces) > 1 and zipf(pieces[-1]) >= PERSON_WORD_ZIPF:
            pieces.pop()
        first = words(given)
        if any(len(t) > len(title) and (title + given).startswith(t) for t in _TITLES):
            continue  # the rest of a longer title (นาย|กรัฐมนตรี, the prime minister)
        if len(first) > GIVEN_PIECES or zipf(first[0]) >= GRAMMAR_ZIPF \
                or (len(pieces) == 1 and zipf(pieces[0]) >= PERSON_WORD_ZIPF):
            # a sentence after the title (เศรษฐาเคยเปิดเผยว่า…: Srettha once said that),
            # or the title's portfolio (รัฐมนตรีว่าการกระทรวง…, minister of …)
            continue
        out.append((title, given, "".join(pieces)))
    return out


# Thai consonants: initials are written with these alone (รฟท, สนข, กทม), no vowel
_CONSONANTS = re.compile("[\u0e01-\u0e2e]{2,5}")


def initials(word: str) -> bool:
    """Whether a Thai word is initials (รฟท, State Railway of Thailand): consonants only,
    as no Thai word is written."""
    return _CONSONANTS.fullmatch(word) is not None


@cache
def _counts() -> tuple[dict[str, int], int]:
    from pythainlp.corpus import tnc

    counts = dict(tnc.word_freqs())
    return counts, sum(counts.values())


@cache
def _corpus_words() -> Any:
    """The corpus's words as the segmenter's dictionary (see zipf)."""
    from pythainlp.tokenize import Trie

    return Trie(list(_counts()[0]))


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common a Thai word is on the Zipf scale (0 = unknown), by the Thai National
    Corpus. A word it does not count is cut into the words it does, and their
    frequencies are combined as wordfreq combines a phrase's (the rarest counts most):
    the corpus counts การขนส่ง, transport, as การ and ขนส่ง. A word with a piece the
    corpus does not know is rare."""
    from pythainlp.tokenize import word_tokenize

    counts, total = _counts()
    found = counts.get(word)
    if found:
        return math.log10(found / total * 1e9)
    parts = word_tokenize(word, custom_dict=_corpus_words(), engine="newmm",
                          keep_whitespace=False)
    if len(parts) < 2:
        return 0.0
    frequencies = [counts.get(p, 0) / total for p in parts]
    if not all(frequencies):
        return 0.0
    combined = 1 / sum(1 / f for f in frequencies)
    return math.log10(combined * 1e9)


@lru_cache(maxsize=65536)
def loanword(word: str) -> bool:
    """Whether the dictionary reads a piece of the word as the English it comes from,
    not as the Royal Thai General System would (บริดจ์ = bridge, not brit)."""
    from pythainlp.transliterate import romanize

    return any(romanize(piece, engine="lookup") != romanize(piece, engine="royin")
               for piece in words(word))


@lru_cache(maxsize=65536)
def romanised(word: str) -> str:
    """A Thai word in Latin letters as the Royal Thai General System writes it, a
    loanword as the English it comes from (ระนอง = ranong, บริดจ์ = bridge)."""
    from pythainlp.transliterate import romanize

    return _NOT_LATIN.sub("", "".join(str(romanize(piece, engine="lookup"))
                                      for piece in words(word)).lower())
