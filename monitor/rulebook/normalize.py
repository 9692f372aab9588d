"""Fold text the same way for rules and entries, as DESIGN.md's matching semantics say.

Text becomes a sequence of word tokens: NFKC, case-folded, Latin accents removed, Arabic
diacritics, tatweel and letter variants (alef forms, yeh, teh marbuta, kaf, heh, and
Urdu's ھ ے ۃ) unified, every script's digits read as 0-9. Any dash, hyphen, space or
punctuation separates tokens, letters and digits split apart (JF-17 = JF 17 = JF17), `×`
reads as `x` (8×8 = 8x8 = 8 x 8), a change of script is a boundary, and combining marks
stay with their word (Devanagari vowel signs are part of the word). Scripts written
without spaces (Chinese, Japanese, Thai, …) give one token per character, so a term
matches inside a run.

Everything here is C-level string work (NFKC/NFD, one regex, str.replace): folding is
the per-entry cost that every rule shares, so it must stay cheap.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache, lru_cache


def _marks() -> str:
    return "".join(
        chr(cp) for cp in range(0x0300, 0x10000) if unicodedata.category(chr(cp))[0] == "M"
    )


_LATIN = (
    "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u1d00-\u1dbf\u1e00-\u1eff"
    "\u2c60-\u2c7f\ua720-\ua7ff\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
# Letters and marks only: the scripts' own punctuation (، ؛ ؟ ۔ । ॥) ends a word.
_ARABIC = (
    "\u034f\u0610-\u061a\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08ff\ufb50-\ufd3d\ufd50-\ufdfb\ufe70-\ufefc"
)
_DEVANAGARI = "\u034f\u0900-\u0963\u0971-\u097f\ua8e0-\ua8f7\ua8fb\ua8fd-\ua8ff"
_CYRILLIC = "\u034f\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"
_GREEK = "\u034f\u0370-\u03ff\u1f00-\u1fff"
_HEBREW = (
    "\u034f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u05d0-\u05ea\u05ef-\u05f3"
    "\ufb1d-\ufb4f"
)
# A geresh (or the apostrophe written for it) after gimel, zayin or tsadi makes the
# sound foreign names need (ג׳ = j, ז׳ = zh, צ׳ = ch): part of the word, not a break.
_GERESH = re.compile("(?<=[גזצץ])['’\u05f3](?=[\u05d0-\u05ea]|\\W|$)")
# Written without spaces between words: one token per character (with its marks).
_UNSPACED = (
    "\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\u0e00-\u0e4f\u0e5a-\u0e7f"
    "\u0e80-\u0ecf\u0eda-\u0eff\u1780-\u17df\u1000-\u103f\u1050-\u109f"
)


@cache
def _token_re() -> re.Pattern[str]:
    """The tokeniser, compiled on first use (it is large; commands that match nothing
    should not pay for it at startup)."""
    marks = re.escape(_marks())
    # Every character a token can begin with, checked once before the alternatives: the
    # spaces and punctuation between words are passed over a third faster.
    begins = (
        rf"(?=[\d{_LATIN}{_ARABIC}{_DEVANAGARI}{_CYRILLIC}{_GREEK}{_HEBREW}{_UNSPACED}"
        rf"{marks}]|[^\W\d_])"
    )
    return re.compile(
        rf"{begins}(?:\d+|[{_LATIN}]+|[{_ARABIC}]+|[{_DEVANAGARI}]+|[{_CYRILLIC}]+"
        rf"|[{_GREEK}]+|[{_HEBREW}]+|[{_UNSPACED}][{marks}]*|(?:[^\W\d_]|[{marks}])+)"
    )
# Removed after decomposition: Latin accents, Arabic harakat, hamza marks, Quranic marks
# and tatweel. Indic vowel signs and viramas are not in this set: they are the word.
_DROP = re.compile("[\u0300-\u036f\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
_REPLACE = (
    ("ى", "ي"), ("ی", "ي"), ("ے", "ي"), ("ة", "ه"), ("ۃ", "ه"), ("ہ", "ه"), ("ھ", "ه"),
    ("ە", "ه"), ("ک", "ك"),
    ("ø", "o"), ("Ø", "O"), ("đ", "d"), ("Đ", "D"), ("ł", "l"), ("Ł", "L"), ("ı", "i"),
)


# Invisible format characters inside words (soft hyphen, zero-width (non-)joiners, word
# joiner, BOM) become a combining grapheme joiner: part of the word, dropped by folding.
# Every replacement here is one character for one, so token spans index the NFKC text.
_INVISIBLE = re.compile("[\u00ad\u200c\u200d\u2060\ufeff]")
_TIMES = re.compile(r"(?<=\d)(\s*)×(?=\s*\d)")


def prepare(text: str) -> str:
    """NFKC, invisible characters made part of their word, and `×` between digits read as
    `x` (8×8 = 8x8); the same length as the NFKC text, which token spans index."""
    text = unicodedata.normalize("NFKC", text)
    if "×" in text:
        text = _TIMES.sub(r"\1x", text)
    if not text.isascii():
        text = _INVISIBLE.sub("\u034f", text)
        if "ג" in text or "ז" in text or "צ" in text or "ץ" in text:
            text = _GERESH.sub("\u05f3", text)
    return text


_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a digit that is not 0-9 (٧, ۷, ७, …)


@cache
def _digits() -> dict[int, str]:
    """Every script's decimal digits (Arabic-Indic ٠١٢, Urdu/Persian ۰۱۲, Devanagari ०१२,
    …) as 0-9, one character for one: "JF-١٧" is "JF-17"."""
    return {
        cp: str(unicodedata.decimal(chr(cp)))
        for cp in range(0x0660, 0x10000)
        if unicodedata.category(chr(cp)) == "Nd"
    }


def _fold(value: str) -> str:
    value = _DROP.sub("", unicodedata.normalize("NFD", value))
    for src, dst in _REPLACE:
        if src in value:
            value = value.replace(src, dst)
    if not value.isascii() and _OTHER_DIGIT.search(value):
        value = value.translate(_digits())
    return value


def folded_tokens(text: str) -> str:
    """The text as folded tokens joined by single spaces (what the automaton scans)."""
    return _fold(" ".join(_token_re().findall(prepare(text))).casefold())


def fold_case_kept(token: str) -> str:
    """Fold one token but keep its case (for `case:` terms)."""
    return _fold(token)


Span = tuple[int, int]


def token_spans(text: str) -> tuple[str, list[Span]]:
    """The prepared text and its tokens' (start, end) spans (used only to explain hits)."""
    prepared = prepare(text)
    return prepared, [m.span() for m in _token_re().finditer(prepared)]


_AHEAD = 64  # token spans found at once when a run of characters is walked


class TokenSpans:
    """A prepared text's token spans, found only as far as they are asked for: a hit near
    the top of a long entry does not pay for the spans of the rest."""

    __slots__ = ("_found", "_rest", "_text")

    def __init__(self, prepared: str) -> None:
        self._found: list[Span] = []
        self._rest = _token_re().finditer(prepared)
        self._text = prepared

    def reaches(self, count: int) -> bool:
        """Whether the text has at least `count` tokens."""
        found = self._found
        if len(found) < count:
            found += [m.span() for m in itertools.islice(self._rest, count - len(found))]
        return len(found) >= count

    def touching(self, index: int) -> bool:
        """Whether token `index` ends where the next begins (no space or mark between)."""
        found = self._found
        if len(found) < index + 2:
            self.reaches(index + _AHEAD)  # asked along a run: find the next ones too
            if len(found) < index + 2:
                return False
        return found[index][1] == found[index + 1][0]

    def spaced(self, index: int) -> bool:
        """Whether only spaces or a hyphen stand between token `index` and the next (no
        full stop, comma or bracket: they are words of one phrase)."""
        if not self.reaches(index + 2):
            return False
        between = self._text[self._found[index][1] : self._found[index + 1][0]]
        return between.strip() in ("", "-")

    def __getitem__(self, index: int) -> Span:
        if index < 0:
            raise IndexError("token spans are read from the start")
        self.reaches(index + 1)
        return self._found[index]

    def upto(self, start: int, end: int) -> list[Span]:
        """The spans of tokens [start, end) (fewer where the text ends first)."""
        self.reaches(end)
        return self._found[start:end]


def lazy_token_spans(text: str) -> tuple[str, TokenSpans]:
    """The prepared text and its token spans, found as far as they are read."""
    prepared = prepare(text)
    return prepared, TokenSpans(prepared)


@lru_cache(maxsize=65536)
def term_tokens(term: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A rule's term as (folded tokens, case-kept tokens)."""
    raw = _token_re().findall(prepare(term))
    return tuple(_fold(t.casefold()) for t in raw), tuple(_fold(t) for t in raw)
