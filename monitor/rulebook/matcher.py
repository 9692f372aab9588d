"""Match every enabled rule against a document at once.

All terms of all rules go into one Aho-Corasick automaton over the folded token string;
a document is scanned once, and only rules with a term seen are evaluated. The
automaton is built once per rulebook, so its cost is paid when rules change, not per entry.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import ahocorasick

from monitor.rulebook.normalize import Token, folded_tokens, token_spans
from monitor.rulebook.query import FIELDS, And, Node, Not, Or, Term, positive_terms, terms

SNIPPET_CHARS = 200
MARK_OPEN, MARK_CLOSE = "**", "**"


@dataclass(frozen=True)
class Occurrence:
    """Where a term was found: a field and a token range [start, end) in it."""

    field: str
    start: int
    end: int


@dataclass(frozen=True)
class MatchedTerm:
    """A term of a hit, with its character span in the field's (NFKC) text."""

    term: str
    field: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Hit:
    """A rule that matched a document: which terms, where, and a snippet with them marked."""

    rule_id: str
    terms: tuple[MatchedTerm, ...]
    snippet: str


@dataclass(frozen=True)
class CompiledRule:
    """What the matcher needs of a rule: its id and parsed query."""

    id: str
    query: Node


@dataclass
class _Document:
    """One document's folded fields, with lazily computed token spans (for hits only)."""

    fields: Mapping[str, str]
    scan: str = ""
    starts: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    _spaces: list[int] | None = None
    _tokens: dict[str, tuple[str, list[Token]]] = field(default_factory=dict)

    def spaces(self) -> list[int]:
        if self._spaces is None:
            self._spaces = [i for i, c in enumerate(self.scan) if c == " "]
        return self._spaces

    def tokens(self, name: str) -> tuple[str, list[Token]]:
        if name not in self._tokens:
            self._tokens[name] = token_spans(self.fields.get(name) or "")
        return self._tokens[name]


def document_fields(
    title: str = "", summary: str = "", content: str = "", author: str = "", link: str = ""
) -> dict[str, str]:
    """The fields a rule can scope to; content equal to the summary is not scanned twice."""
    return {
        "title": title or "",
        "summary": summary or "",
        "content": "" if content == summary else (content or ""),
        "author": author or "",
        "link": link or "",
    }


class Matcher:
    """Compiled rules: `match(fields)` returns one Hit per matching rule."""

    def __init__(self, rules: Iterable[CompiledRule]) -> None:
        self.rules = list(rules)
        self._automaton = ahocorasick.Automaton()
        pattern_ids: dict[str, int] = {}
        self._patterns: list[str] = []
        self._term_rules: dict[Term, set[int]] = defaultdict(set)
        self._pattern_terms: list[set[Term]] = []
        for index, rule in enumerate(self.rules):
            for term in terms(rule.query):
                pattern = term.pattern
                if pattern not in pattern_ids:
                    pattern_ids[pattern] = len(self._patterns)
                    self._patterns.append(pattern)
                    self._pattern_terms.append(set())
                self._pattern_terms[pattern_ids[pattern]].add(term)
                self._term_rules[term].add(index)
        for pattern, pid in pattern_ids.items():
            self._automaton.add_word(pattern, (pid, len(pattern)))
        if pattern_ids:
            self._automaton.make_automaton()
        self._empty = not pattern_ids

    def __len__(self) -> int:
        return len(self.rules)

    def _scan(self, doc: _Document) -> dict[Term, list[Occurrence]]:
        """Run the automaton once; occurrences of every term seen (before scope/case)."""
        parts = []
        offset = 0
        for name in FIELDS:
            piece = "\x00 " + folded_tokens(doc.fields.get(name) or "") + " "
            doc.starts.append(offset)
            doc.names.append(name)
            parts.append(piece)
            offset += len(piece)
        doc.scan = "".join(parts)
        found: dict[Term, list[Occurrence]] = defaultdict(list)
        for end, (pid, length) in self._automaton.iter(doc.scan):
            start = end - length + 1
            index = bisect.bisect_right(doc.starts, start) - 1
            spaces = doc.spaces()
            first_space = bisect.bisect_left(spaces, doc.starts[index])
            token = bisect.bisect_left(spaces, start) - first_space
            pattern = self._patterns[pid]
            count = pattern.strip(" ").count(" ") + 1
            occurrence = Occurrence(doc.names[index], token, token + count)
            for term in self._pattern_terms[pid]:
                found[term].append(occurrence)
        return found

    def match(self, fields: Mapping[str, str]) -> list[Hit]:
        """Every rule the document matches, with its explanation."""
        if self._empty:
            return []
        doc = _Document(fields)
        raw = self._scan(doc)
        if not raw:
            return []
        seen: dict[Term, list[Occurrence]] = {}
        for term, occurrences in raw.items():
            valid = [o for o in occurrences if _valid(term, o, doc)]
            if valid:
                seen[term] = valid
        candidates = sorted({i for term in seen for i in self._term_rules[term]})
        hits = []
        for index in candidates:
            rule = self.rules[index]
            if evaluate(rule.query, seen):
                hits.append(_explain(rule, seen, doc))
        return hits


def _valid(term: Term, occurrence: Occurrence, doc: _Document) -> bool:
    """Field scope and case: checks the automaton (which sees folded text) cannot make."""
    if occurrence.field not in term.fields:
        return False
    if term.cased is None:
        return True
    _, tokens = doc.tokens(occurrence.field)
    found = [t.cased for t in tokens[occurrence.start : occurrence.end]]
    if len(found) != len(term.cased):
        return False
    if term.prefix:
        return found[:-1] == list(term.cased[:-1]) and found[-1].startswith(term.cased[-1])
    return found == list(term.cased)


def _near(left: Node, right: Node, distance: int, seen: Mapping[Term, list[Occurrence]]) -> bool:
    def occurrences(node: Node) -> list[Occurrence]:
        if isinstance(node, Term):
            return seen.get(node, [])
        assert isinstance(node, Or)
        return [o for child in node.children for o in occurrences(child)]

    rights = occurrences(right)
    for a in occurrences(left):
        for b in rights:
            if a.field != b.field:
                continue
            gap = b.start - a.end if b.start >= a.end else a.start - b.end
            if gap <= distance:
                return True
    return False


def evaluate(node: Node, seen: Mapping[Term, list[Occurrence]]) -> bool:
    """The query's truth given which terms occur (and where, for NEAR)."""
    if isinstance(node, Term):
        return node in seen
    if isinstance(node, And):
        return all(evaluate(c, seen) for c in node.children)
    if isinstance(node, Or):
        return any(evaluate(c, seen) for c in node.children)
    if isinstance(node, Not):
        return not evaluate(node.child, seen)
    return _near(node.left, node.right, node.distance, seen)


def _explain(rule: CompiledRule, seen: Mapping[Term, list[Occurrence]], doc: _Document) -> Hit:
    matched: list[MatchedTerm] = []
    for term in dict.fromkeys(positive_terms(rule.query)):
        for occurrence in seen.get(term, []):
            text, tokens = doc.tokens(occurrence.field)
            if occurrence.end > len(tokens):
                continue
            start = tokens[occurrence.start].start
            end = tokens[occurrence.end - 1].end
            matched.append(MatchedTerm(term.text, occurrence.field, start, end, text[start:end]))
    anchor = _anchor(matched)
    matched.sort(key=lambda m: (FIELDS.index(m.field), m.start))
    return Hit(rule.id, tuple(matched), snippet(doc, matched, anchor))


_SNIPPET_FIELDS = ("summary", "content", "title", "author", "link")


def _anchor(matched: list[MatchedTerm]) -> MatchedTerm | None:
    """The snippet centres on the query's first term found, in the body rather than the
    title (which is shown anyway) when the body has it."""
    if not matched:
        return None
    first_term = matched[0].term
    candidates = [m for m in matched if m.term == first_term]
    return min(candidates, key=lambda m: (_SNIPPET_FIELDS.index(m.field), m.start))


def snippet(doc: _Document, matched: list[MatchedTerm], anchor: MatchedTerm | None) -> str:
    """About SNIPPET_CHARS of text around the anchor match, every match in it marked."""
    if anchor is None:
        return ""
    text, _ = doc.tokens(anchor.field)
    spans = sorted({(m.start, m.end) for m in matched if m.field == anchor.field})
    begin = max(0, anchor.start - SNIPPET_CHARS // 3)
    if begin > 0:
        space = text.rfind(" ", 0, begin)
        if space < 0 or begin - space >= 30:
            begin = 0 if begin < 30 else begin
        else:
            begin = space + 1
    finish = min(len(text), begin + SNIPPET_CHARS)
    if finish < len(text):
        space = text.find(" ", finish)
        finish = space if 0 <= space - finish < 30 else finish
    out, pos = [], begin
    for start, end in spans:
        if start < pos or end > finish:
            continue
        out.append(text[pos:start])
        out.append(MARK_OPEN + text[start:end] + MARK_CLOSE)
        pos = end
    out.append(text[pos:finish])
    body = " ".join("".join(out).split())
    return ("…" if begin > 0 else "") + body + ("…" if finish < len(text) else "")
