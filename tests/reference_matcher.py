"""A deliberately plain reference matcher, for property tests of monitor.rulebook.matcher.

It knows ASCII-ish text only: accents are dropped (NFD, combining marks removed), `×`
reads as a separate `x`, and text splits into runs of ASCII letters and runs of digits
(so JF-17 = JF 17 = JF17 and 8×8 = 8 x 8). The parsed query (the AST classes of
monitor.rulebook.query) is evaluated by scanning token lists: a phrase is consecutive
tokens, a prefix is `startswith` on the last token, a field scope picks the token lists to
scan, and `case:` compares the case-kept tokens. NEAR/n counts words as a reader does:
whitespace-separated chunks with a letter or digit in them, strictly between the chunks
holding the two occurrences (either order, same field; "JF-17" or "Tata's" is one word),
or after one in the title and before the other in the text under it.
A `~` name of k words occurs where k consecutive tokens are each the same name as its
words, or (k > 1) where one token is the same name as its words written together, "the
same name" being monitor.rulebook.names.same_name, one pair of words at a time (the
matcher finds names through an index and a per-word cache instead); a one-word name
the rule writes with a capital is a common word only where the field writes that word
with one (capital_needed), or in a link, which writes every word in lower case.
No automaton, no shared state, no character spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import regex

from monitor.rulebook.names import capital_needed, same_name
from monitor.rulebook.query import And, Near, Node, Not, Or, Term

_RUN = re.compile(r"[A-Za-z]+|[0-9]+")
# a word that starts with a capital, or follows a hyphen right after a letter or digit
_WRITTEN = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{L}\p{M}\p{N}]*"
                         r"|(?<=[\p{L}\p{N}]-)[\p{L}\p{M}\p{N}]+")


def tokens(text: str, keep_case: bool = False) -> list[str]:
    """ASCII-ish text as tokens: accents dropped, runs of letters and runs of digits."""
    decomposed = unicodedata.normalize("NFD", text.replace("×", " x "))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    found = _RUN.findall(plain)
    return found if keep_case else [t.lower() for t in found]


@dataclass(frozen=True)
class Span:
    """An occurrence: field and token range [start, end)."""

    field: str
    start: int
    end: int


class ReferenceDocument:
    """A document's fields as lower-cased and case-kept token lists, and for each token
    the number of the whitespace-separated word it belongs to."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.folded: dict[str, list[str]] = {}
        self.cased: dict[str, list[str]] = {}
        self.word_of: dict[str, list[int]] = {}
        self.written: dict[str, set[str]] = {}
        for name, text in fields.items():
            cased: list[str] = []
            word_of: list[int] = []
            for number, chunk in enumerate((text or "").split()):
                found = tokens(chunk, keep_case=True)
                cased += found
                word_of += [number] * len(found)
            self.cased[name] = cased
            self.folded[name] = [t.lower() for t in cased]
            self.word_of[name] = word_of
            # the words the field writes with a capital or after a hyphen, somewhere
            self.written[name] = {t.lower() for word in _WRITTEN.findall(text or "")
                                  for t in tokens(word)}


def _term_words(term: Term) -> str:
    """The words a term asks for, as the user wrote them (no quotes, no trailing *)."""
    text = term.text
    text = text.removeprefix("~") if term.name else text
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    if term.prefix:
        return text[:-1]
    return text


def name_spans(term: Term, doc: ReferenceDocument) -> list[Span]:
    """Every place in the term's fields where its name occurs, word by word or joined."""
    want = tokens(_term_words(term))
    spans = []
    for name in sorted(term.fields):
        have = doc.folded.get(name, [])
        written = doc.written.get(name, set())

        def same(name_word: str, word: str, written: set[str] = written,
                 field: str = name) -> bool:
            # a name the rule writes with a capital is a common word only so written;
            # a link writes every word in lower case (example.org/tata is Tata's)
            if term.capitalised and len(want) == 1 and capital_needed(word) \
                    and word not in written and field != "link":
                return False
            return same_name(name_word, word)

        for i in range(len(have)):
            run = have[i : i + len(want)]
            if len(run) == len(want) and all(map(same, want, run)):
                spans.append(Span(name, i, i + len(want)))
            elif len(want) > 1 and same("".join(want), have[i]):
                spans.append(Span(name, i, i + 1))
    return spans


def term_spans(term: Term, doc: ReferenceDocument) -> list[Span]:
    """Every place in the term's fields where its tokens occur (case-kept for case:)."""
    if term.name:
        return name_spans(term, doc)
    case = term.cased is not None
    want = tokens(_term_words(term), keep_case=case)
    if not want:
        return []
    spans = []
    for name in sorted(term.fields):
        have = (doc.cased if case else doc.folded).get(name, [])
        for i in range(len(have) - len(want) + 1):
            head_ok = have[i : i + len(want) - 1] == want[:-1]
            last = have[i + len(want) - 1]
            last_ok = last.startswith(want[-1]) if term.prefix else last == want[-1]
            if head_ok and last_ok:
                spans.append(Span(name, i, i + len(want)))
    return spans


def _operand_spans(node: Node, doc: ReferenceDocument) -> list[Span]:
    if isinstance(node, Term):
        return term_spans(node, doc)
    if isinstance(node, Or):
        return [s for child in node.children for s in _operand_spans(child, doc)]
    raise AssertionError(f"NEAR operand the parser should have refused: {node!r}")


def _words_between(a: Span, b: Span, doc: ReferenceDocument) -> int:
    """Words (chunks with a token) strictly between the two occurrences' words."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    if second.start < first.end:
        return 0  # overlapping occurrences
    word_of = doc.word_of[a.field]
    last_word, next_word = word_of[first.end - 1], word_of[second.start]
    return len({w for w in word_of if last_word < w < next_word})


def _nested(a: Span, b: Span) -> bool:
    """Whether one occurrence's tokens are all among the other's (the same one included)."""
    return (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def evaluate(node: Node, doc: ReferenceDocument) -> bool:
    """The query's truth on the document, straight from the AST."""
    if isinstance(node, Term):
        return bool(term_spans(node, doc))
    if isinstance(node, And):
        return all(evaluate(c, doc) for c in node.children)
    if isinstance(node, Or):
        return any(evaluate(c, doc) for c in node.children)
    if isinstance(node, Not):
        return not evaluate(node.child, doc)
    assert isinstance(node, Near)
    # One occurrence is never both sides: "x NEAR x" needs two mentions of x, and an
    # occurrence inside the other ("b" in "a b") is the same mention.
    rights = _operand_spans(node.right, doc)
    return any(
        (a.field == b.field and not _nested(a, b) and _words_between(a, b, doc) <= node.distance)
        or _across_title(a, b, doc, node.distance)
        for a in _operand_spans(node.left, doc)
        for b in rights
    )


def _across_title(a: Span, b: Span, doc: ReferenceDocument, distance: int) -> bool:
    """A headline is read with the text under it: the title's words after one occurrence
    and the words of the summary (or of the content, when there is no other summary)
    before the other, unless that text starts by repeating the headline."""
    title, text = (a, b) if a.field == "title" else (b, a)
    if title.field != "title" or text.field not in ("summary", "content"):
        return False
    summary = doc.folded.get("summary", [])
    if text.field == "content" and summary and summary != doc.folded.get("content"):
        return False
    headline, body = doc.folded["title"], doc.folded[text.field]
    if body[: len(headline)] == headline:
        return False
    title_words, body_words = doc.word_of["title"], doc.word_of[text.field]
    after = {w for w in title_words if w > title_words[title.end - 1]}
    before = {w for w in body_words if w < body_words[text.start]}
    return len(after) + len(before) <= distance


def reference_match(query: Node, fields: Mapping[str, str]) -> bool:
    """Whether the parsed query matches a document given as field name -> text."""
    return evaluate(query, ReferenceDocument(fields))
