"""A snippet: plain text and the character spans of the matched terms in it.

The spans are data beside the text, never marks inside it, so a title or summary that
itself contains `**` cannot shift, fake or hide a highlight in the web view, Atom, the digest
or the terminal.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

Mark = tuple[int, int]  # [start, end) character offsets into Snippet.text

# How snippets were stored before their marks were data: terms wrapped in ** in the text.
_IN_BAND = re.compile(r"\*\*(.+?)\*\*")
# White space that squeezing changes: leading, two or more, or one that is not a space.
_SPACE_RUN = re.compile(r"^\s+|\s{2,}|[^\S ]")


@dataclass(frozen=True)
class Snippet:
    """Text around a hit, with the matched terms as [start, end) offsets into it."""

    text: str = ""
    marks: tuple[Mark, ...] = ()

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def parts(self) -> Iterator[tuple[str, bool]]:
        """(text, is a matched term) pieces in order; marks out of range or overlapping an
        earlier one are ignored, so a bad stored span never breaks rendering."""
        pos = 0
        for start, end in sorted(self.marks):
            if start < pos or end > len(self.text) or end <= start:
                continue
            if start > pos:
                yield self.text[pos:start], False
            yield self.text[start:end], True
            pos = end
        if pos < len(self.text):
            yield self.text[pos:], False

    def render(
        self, marked: Callable[[str], str], plain: Callable[[str], str] = str
    ) -> str:
        """The snippet as one string: each piece through `plain`, each term through
        `marked` (escape in both for HTML or Markdown)."""
        return "".join(marked(text) if is_term else plain(text) for text, is_term in self.parts())

    def marks_json(self) -> str:
        """The marks as stored: a JSON list of [start, end] pairs."""
        return json.dumps([list(mark) for mark in self.marks])

    @classmethod
    def stored(cls, text: str | None, marks: str | None) -> Snippet:
        """A snippet as read from the database. `marks` is NULL on rows written before
        marks were data: their terms are still wrapped in ** in the text."""
        if marks is None:
            return cls.in_band(text or "")
        try:
            pairs = json.loads(marks)
            found = tuple((int(a), int(b)) for a, b in pairs)
        except (TypeError, ValueError):
            found = ()
        return cls(text or "", found)

    @classmethod
    def in_band(cls, marked: str) -> Snippet:
        """A snippet from text with **term** marks (the old stored form)."""
        out: list[str] = []
        spans: list[Mark] = []
        pos = size = 0
        for match in _IN_BAND.finditer(marked):
            before = marked[pos:match.start()]
            out.append(before)
            size += len(before)
            term = match.group(1)
            spans.append((size, size + len(term)))
            out.append(term)
            size += len(term)
            pos = match.end()
        out.append(marked[pos:])
        return cls("".join(out), tuple(spans))


def squeeze(text: str, marks: list[Mark]) -> Snippet:
    """`text` with every run of white space made one space and the ends trimmed, the
    marks moved to follow their characters."""
    kept: list[str] = []
    starts: list[int] = []  # each run of white space: where it starts …
    runs: list[tuple[int, int, int]] = []  # … its end, what it keeps, what runs before cut
    removed = pos = 0
    for run in _SPACE_RUN.finditer(text):
        start, end = run.span()
        keep = 0 if start == 0 else 1  # leading space is dropped, inner runs keep one
        kept.append(text[pos:start])
        if keep:
            kept.append(" ")
        starts.append(start)
        runs.append((end, keep, removed))
        removed += end - start - keep
        pos = end
    kept.append(text[pos:])
    trimmed = "".join(kept).rstrip(" ")

    def where(old: int) -> int:
        """The new offset of old offset `old`: less what was cut before it."""
        index = bisect.bisect_right(starts, old) - 1
        if index < 0:
            return old
        end, keep, before = runs[index]
        return old - before - max(0, min(old, end) - starts[index] - keep)

    moved = []
    for start, end in marks:
        new_start, new_end = where(start), min(where(end), len(trimmed))
        # a mark never begins on the space that ends the piece before it
        while new_start < new_end and trimmed[new_start] == " ":
            new_start += 1
        while new_end > new_start and trimmed[new_end - 1] == " ":
            new_end -= 1
        if new_end > new_start:
            moved.append((new_start, new_end))
    return Snippet(trimmed, tuple(moved))
