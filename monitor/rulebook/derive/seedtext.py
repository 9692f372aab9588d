"""A seed's text as derive reads it: its sentences, its headline, lead and byline, its
words, and how often it says a name's form."""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from monitor.rulebook.derive.affixes import SEED_ARABIC_PREFIXES, SEED_HEBREW_PREFIXES
from monitor.rulebook.derive.lexicon import uncased
from monitor.rulebook.names import script as name_script
from monitor.rulebook.normalize import folded_tokens
from monitor.text import SENTENCE_MARKS

_SENTENCE = re.compile(rf"[^{SENTENCE_MARKS}\n]+(?:[{SENTENCE_MARKS}]+[»\"”’)」』]*|\n|$)")

# Words: letters with the marks that write their vowels (Devanagari, Bengali and Thai
# vowel signs are marks, not letters, to Python's re: सेमीकंडक्टर would fall apart).
WORD = regex.compile(r"[^\W_](?:[\w\p{M}×]|[-‐‑‒–'’](?=\w))*")  # no closing quote


def sentence_words(sentence: str) -> list[str]:
    """A sentence's words (WORD), as strings."""
    return [str(w) for w in WORD.findall(sentence)]


# Words a period follows inside a sentence: a title (Dr. Mustafa Madbouly, M. Macron)
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "jr", "sr", "sra", "srta", "dra", "ing", "lic", "mme", "mlle", "mgr", "no", "nr",
    "vs", "co", "corp", "inc", "ltd", "bros", "hon", "rev", "pres", "gral", "av", "art"})
_INITIAL = regex.compile(r"(?:^|[\s(«\"“])(?:\p{Lu}|(?:\p{L}{1,3}\.)+\p{L}{1,3})$")


def split_sentences(text: str) -> list[str]:
    """A text's sentences: a mark ends one where a space, a line's end or a closing quote
    follows it, not after an initial, an abbreviation of dotted letters or a title (M.K.
    Stalin, Stretto di Messina S.p.A., Dr. Madbouly), nor inside a figure (3.5)."""
    out: list[str] = []
    end = -1
    for match in _SENTENCE.finditer(text):
        piece = match.group()
        if out and match.start() == end and _continues(out[-1], text[end:end + 1]):
            out[-1] += piece
        else:
            out.append(piece)
        end = match.end()
    return [s.strip() for s in out if s.strip()]


def _continues(before: str, after: str) -> bool:
    """Whether a sentence piece ending in a period runs on into the next, whose first
    character follows it."""
    if not before.endswith("."):
        return False
    if after.isalnum():
        return True  # no space after the mark: 3.5, S.p.A, www.x.com
    word = before[:-1].rsplit(None, 1)[-1] if before[:-1].split() else ""
    return bool(_INITIAL.search(" " + word)) or word.lower().lstrip("(«\"“") in _ABBREVIATIONS


HEADLINE_WORDS = 30  # a first line longer than this is no headline


def lead_sentences(text: str) -> list[str]:
    """The headline (every sentence of its line: 준공… 단속으로 is one headline) and the
    first sentence under it."""
    line, body = headline_line(text)
    if line is None:
        return split_sentences(text)[:2]  # no headline line: the first two sentences
    return split_sentences(line) + split_sentences(body)[:1]


def headline_line(text: str) -> tuple[str | None, str]:
    """A seed's first line when short enough to be a headline, and the text under it."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or len(lines[0].split()) > HEADLINE_WORDS:
        return None, text
    return lines[0], "\n".join(lines[1:])


def headline_lines(texts: list[str]) -> list[str]:
    """The seeds' headline lines: a short first line with a blank line under it (or under
    its byline, see without_byline). A seed that opens with a long paragraph has none, nor
    does one wrapped at a short width (its first line is half a sentence)."""
    return [line.strip() for text in map(without_byline, texts)
            if (line := headline_line(text)[0]) is not None
            and not text.lstrip().partition("\n")[2].partition("\n")[0].strip()]


BYLINE_WORDS = 8  # a byline or dateline is no longer than this


def without_byline(text: str) -> str:
    """A seed without the byline or dateline between its headline and a blank line ("By
    Jane Doe", "Jane Doe, Southern Courier, 3 March 2025"): a short line, ending no
    sentence, whose words but one are capitalised or figures. The author is no name of
    the story; a deck under a headline has its small words, and stays."""
    lines = text.lstrip().split("\n")
    if len(lines) < 4 or headline_line(text)[0] is None or lines[2].strip():
        return text
    words = WORD.findall(lines[1])
    small = [w for w in words if not (w[0].isupper() or w[0].isdigit())]
    if not words or len(words) > BYLINE_WORDS or len(small) > 1 \
            or lines[1].rstrip().rstrip("»\"”’)").endswith(tuple(SENTENCE_MARKS)):
        return text
    return "\n".join([lines[0], *lines[2:]])


def seed_headline(text: str) -> str:
    """A seed's headline: its headline line, else its first sentence."""
    line, _ = headline_line(text)
    return line if line is not None else next(iter(split_sentences(text)), "")


def form_pattern(form: str) -> str:
    """What a form looks like in folded text: whole tokens, except in scripts where words
    take attached prefixes or are not spaced (there, any occurrence)."""
    folded = folded_tokens(form)
    return folded if uncased(form) else f" {folded} "


def mentions_of(form: str, folded: str) -> int:
    pattern = form_pattern(form)
    if not pattern.strip():
        return 0
    if pattern[0] != " " and name_script(pattern) in ("arabic", "hebrew"):
        # the whole word, with any prefix attached (لروساتوم), not a piece of another
        # word (اتوم of روساتوم)
        return len(_attached(pattern).findall(folded))
    return folded.count(pattern)


@lru_cache(maxsize=4096)
def _attached(pattern: str) -> re.Pattern[str]:
    prefixes = "|".join(sorted(
        {folded_tokens(p) for p in SEED_ARABIC_PREFIXES + SEED_HEBREW_PREFIXES},
        key=len, reverse=True))
    return re.compile(rf"(?<!\S)(?:{prefixes})?{re.escape(pattern)}(?!\S)")
