"""Search stored entries with the rules' query language (monitor.rulebook.query).

The full-text index only narrows the candidates: the query's positive words become an
index query that every match must satisfy (`index_query`), and the real matcher decides on
each candidate, so a search finds exactly what a rule with that query would. A query with
no word the index can look up (only ~names, or only author:/link: terms) is run over the
newest SCAN_LIMIT entries instead, and the result says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from monitor.alerts import entry_document
from monitor.rulebook.matcher import CompiledRule, Hit, Matcher
from monitor.rulebook.query import And, Near, Node, Not, Or, QueryError, Term, parse_query
from monitor.storage import AllOf, AnyOf, IndexQuery, IndexWords, Storage, StoredEntry

INDEXED_FIELDS = frozenset({"title", "summary", "content"})
BATCH = 200  # candidates read from the index first; each further read takes 4 times more
# (the index ranks every candidate again on each read, so few reads beat small ones)
MAX_CANDIDATES = 10_000  # candidates the matcher looks at, at most, for one page
SCAN_LIMIT = 2_000  # newest entries looked at when the index cannot narrow


@dataclass(frozen=True)
class Found:
    """An entry the query matches, with the matcher's explanation (terms, snippet)."""

    entry: StoredEntry
    hit: Hit


@dataclass
class SearchResult:
    """One page of matches, and how they were found."""

    query: str
    found: list[Found] = field(default_factory=list)
    offset: int = 0
    more: bool = False  # another page follows
    examined: int = 0  # candidates the matcher looked at
    warnings: list[str] = field(default_factory=list)  # lower-case operators
    scan: bool = False  # no indexable word: the newest SCAN_LIMIT entries were scanned
    cut: bool = False  # stopped at a bound: more matches may exist further on

    @property
    def note(self) -> str | None:
        """What the user should know about how far the search looked, if anything."""
        if self.scan:
            return (f"no word the index can look up (only ~names, NOT or author:/link: "
                    f"terms): scanned the newest {SCAN_LIMIT} entries")
        if self.cut:
            return f"stopped after the best {MAX_CANDIDATES} candidates: narrow the query"
        return None


def index_query(node: Node) -> IndexQuery | None:
    """What every entry matching `node` must contain in the index, or None when the index
    cannot tell (NOT, ~names, terms scoped to unindexed fields). Never narrower than the
    query: a superset of its matches."""
    if isinstance(node, Term):
        if node.name or not node.fields & INDEXED_FIELDS:
            return None
        return IndexWords(node.tokens, node.prefix)
    if isinstance(node, Not):
        return None
    if isinstance(node, Near):
        node = And((node.left, node.right))
    if isinstance(node, And):
        parts = [p for p in (index_query(c) for c in node.children) if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))
    assert isinstance(node, Or)
    options = [index_query(c) for c in node.children]
    if any(p is None for p in options):
        return None
    return AnyOf(tuple(p for p in options if p is not None))


_LOWER_OPERATOR = re.compile(r'"[^"]*"?|(?<![\w:~*-])(and|or|not|near(?:/\d+)?)(?![\w:*-])')


def operator_warnings(query: str) -> list[str]:
    """A warning for each lower-case and / or / not / near between words: they are
    searched as words, which is seldom what was meant."""
    found = []
    for match in _LOWER_OPERATOR.finditer(query):
        word = match.group(1)
        if word and query[:match.start()].strip() and query[match.end():].strip():
            found.append(f"column {match.start() + 1}: {word!r} is searched as a word; write "
                         f"{word.upper()} for the operator (or \"{word}\" to keep the word)")
    return found


def parse(query: str) -> Node:
    """The query parsed as a rule's would be (QueryError with its column otherwise)."""
    try:
        return parse_query(query)
    except RecursionError:  # the parser recurses per bracket
        raise QueryError("the query nests too deeply; use fewer brackets", 1) from None


def search(store: Storage, query: str, limit: int = 50, offset: int = 0) -> SearchResult:
    """The matches from `offset` (at most `limit`), best first; raises QueryError."""
    node = parse(query)
    matcher = Matcher([CompiledRule("search", node)])
    need = index_query(node)
    result = SearchResult(query=query, offset=offset, scan=need is None,
                          warnings=operator_warnings(query))
    store.index_entries()
    bound = SCAN_LIMIT if need is None else MAX_CANDIDATES
    matched = 0
    position = 0
    batch_size = BATCH
    while position < bound:
        wanted = min(batch_size, bound - position)
        batch_size *= 4
        batch = store.search_candidates(need, wanted, position)
        position += len(batch)
        for entry in batch:
            result.examined += 1
            hits = matcher.match(entry_document(entry))
            if not hits:
                continue
            matched += 1
            if matched <= offset:
                continue
            if len(result.found) == limit:
                result.more = True
                return result
            result.found.append(Found(entry, hits[0]))
        if len(batch) < wanted:
            return result
    result.cut = need is not None
    return result
