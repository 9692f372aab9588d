"""Full-text search on PostgreSQL for every script: the tsvector and tsquery are written
from the monitor's own folded tokens (monitor.rulebook.normalize), so Arabic, Devanagari,
Cyrillic or Chinese text is searched the way rules match it, and no English stemmer
decides what a word is. Positions are kept, so "quoted phrases" work.

The query syntax is FTS5's, as on SQLite: words (implicit AND), "phrases", AND, OR, NOT,
parentheses, a trailing * for a prefix; `column:` prefixes are ignored.
"""

from __future__ import annotations

import re

from monitor.rulebook.normalize import folded_tokens
from monitor.storage.records import AllOf, AnyOf, IndexQuery, IndexWords

MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
MAX_LEXEME_BYTES = 2000  # below PostgreSQL's 2 KiB limit per lexeme
MAX_POSITIONS_PER_LEXEME = 255


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def document_vector(title: str, *bodies: str) -> str:
    """A tsvector literal: title tokens weighted A, body tokens D, with positions."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, text in (("A", title), *(("", body) for body in bodies)):
        for token in folded_tokens(text or "").split():
            position = min(position + 1, MAX_POSITION)  # past it, words are still found
            if len(token.encode("utf-8")) > MAX_LEXEME_BYTES:
                continue
            spots = positions.setdefault(token, [])
            if len(spots) < MAX_POSITIONS_PER_LEXEME:
                spots.append(f"{position}{weight}")
        position = min(position + 1, MAX_POSITION)  # a gap: no phrase from title into body
    return " ".join(f"{_lexeme(tok)}:{','.join(spots)}" for tok, spots in positions.items())


_TOKEN = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')


def _operand(text: str) -> str | None:
    """One word or phrase as a tsquery operand (folded tokens joined by <->)."""
    prefix = text.endswith("*")
    text = text.rstrip("*")
    if ":" in text and not text.startswith('"'):
        text = text.split(":", 1)[1]  # FTS5's column filter: all columns are searched
    tokens = folded_tokens(text.strip('"')).split()
    if not tokens:
        return None
    parts = [_lexeme(tok) for tok in tokens]
    if prefix:
        parts[-1] += ":*"
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def query_text(query: str) -> str | None:
    """An FTS5-style query as a tsquery literal, or None when nothing searchable is left.
    Stray operators and parentheses are dropped or closed; should PostgreSQL still refuse
    it, `plain_query` is the fallback."""
    out: list[str] = []
    want_operand = True  # after an operator or '(' (else two operands meet: implicit AND)
    depth = 0
    for raw in _TOKEN.findall(query):
        upper = raw.upper() if raw in ("AND", "OR", "NOT") else None
        if raw == "(":
            if not want_operand:
                out.append("&")
            out.append("(")
            depth += 1
            want_operand = True
        elif raw == ")":
            if depth == 0:
                continue
            while out and out[-1] in ("&", "|", "!", "& !"):
                out.pop()
            depth -= 1
            if out and out[-1] == "(":
                out.pop()  # "()": nothing inside
                if out and out[-1] in ("&", "|", "!", "& !"):
                    out.pop()
                want_operand = not out or out[-1] == "("
            else:
                out.append(")")
                want_operand = False
        elif upper in ("AND", "OR"):
            if not want_operand:
                out.append("&" if upper == "AND" else "|")
                want_operand = True
        elif upper == "NOT":
            out.append("& !" if not want_operand else "!")
            want_operand = True
        else:
            operand = _operand(raw)
            if operand is None:
                continue
            if not want_operand:
                out.append("&")
            out.append(operand)
            want_operand = False
    while depth:
        while out and out[-1] in ("&", "|", "!", "& !"):
            out.pop()
        if out and out[-1] == "(":
            out.pop()
        else:
            out.append(")")
        depth -= 1
    while out and out[-1] in ("&", "|", "!", "& !", "("):
        out.pop()
    return " ".join(out) or None


def plain_query(query: str) -> str | None:
    """Every word of the query, all required: the reading of a query that did not parse."""
    tokens = folded_tokens(query).split()
    return " & ".join(_lexeme(tok) for tok in tokens) or None


def need_text(need: IndexQuery) -> str:
    """`need` as a tsquery literal over the folded vector, a prefix as :*. The words of a
    phrase are only required, not in a row (&): positions stop at 16383 and at 255 per
    word, so <-> could miss a long document's phrase; the matcher checks the order."""
    if isinstance(need, IndexWords):
        parts = [_lexeme(token) for token in need.tokens]
        if need.prefix:
            parts[-1] += ":*"
        return "(" + " & ".join(parts) + ")"
    assert isinstance(need, AllOf | AnyOf)
    joiner = " & " if isinstance(need, AllOf) else " | "
    return "(" + joiner.join(need_text(part) for part in need.parts) + ")"
