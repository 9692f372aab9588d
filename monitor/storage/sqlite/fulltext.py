"""The SQLite search index holds the monitor's own folded tokens (monitor.rulebook.normalize),
not FTS5's reading of the raw text, so it finds what rules match: JF-17 = JF17, Arabic alef
forms, Arabic-Indic digits, Latin accents. `monitor_fold` is the SQL function that folds.
"""

from __future__ import annotations

import re
import sqlite3

from monitor.rulebook.normalize import folded_tokens
from monitor.storage.records import AllOf, AnyOf, IndexQuery, IndexWords

FOLD_FUNCTION = "monitor_fold"
# meta key: the index holds folded tokens (an older database's index of raw text is
# emptied and rebuilt once, by index_entries)
FOLDED_KEY = "fts_tokens"
FOLDED_VALUE = "folded"


def fold(text: str | None) -> str:
    """What the index takes for one field: its folded tokens joined by spaces."""
    return folded_tokens(text or "")


def register(conn: sqlite3.Connection) -> None:
    """Make monitor_fold(text) callable in SQL on this connection."""
    conn.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


def _words(words: IndexWords) -> str:
    # Folded tokens are letters, marks and digits only: no quote can occur in them.
    tokens = [re.sub(r'"', "", token) for token in words.tokens]
    return '"' + " ".join(tokens) + '"' + (" *" if words.prefix else "")


def match_text(need: IndexQuery) -> str:
    """`need` as an FTS5 MATCH expression over the folded index."""
    if isinstance(need, IndexWords):
        return _words(need)
    joiner = " AND " if isinstance(need, AllOf) else " OR "
    assert isinstance(need, AllOf | AnyOf)
    return "(" + joiner.join(match_text(part) for part in need.parts) + ")"


def plain_words(query: str) -> str | None:
    """A query in FTS5's syntax over the folded index: each word or "phrase" folded into a
    phrase of tokens, AND / OR / NOT and parentheses kept; None if no word is left."""
    out: list[str] = []
    for raw in re.findall(r'"[^"]*"?|[()]|[^\s()"]+', query):
        if raw in ("AND", "OR", "NOT", "(", ")"):
            out.append(raw)
            continue
        prefix = raw.endswith("*")
        text = raw.rstrip("*").strip('"')
        if ":" in text and not raw.startswith('"'):
            text = text.split(":", 1)[1]  # a column filter: every column is searched
        tokens = folded_tokens(text).split()
        if tokens:
            out.append(_words(IndexWords(tuple(tokens), prefix)))
    if not any(part not in ("AND", "OR", "NOT", "(", ")") for part in out):
        return None
    return " ".join(out)


def all_words(query: str) -> str | None:
    """Every word of the query, all required: the reading of a query that did not parse."""
    tokens = folded_tokens(query).split()
    return " AND ".join(_words(IndexWords((t,))) for t in tokens) or None
