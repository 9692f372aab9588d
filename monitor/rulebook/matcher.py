"""Match every enabled rule against a document at once.

All terms of all rules go into one Aho-Corasick automaton over the folded token string;
a document is scanned once, and only rules with a term seen are evaluated. Names (`~`
terms) are looked up word by word in one name index (monitor.rulebook.names), so they too
cost the same whatever the number of rules, and a name found is a trigger like a term
seen. Both are built once per rulebook, so their cost is paid when rules change, not per
entry.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import ahocorasick
import regex

from monitor.rulebook.names import NameIndex, rule_words, sounded_letters
from monitor.rulebook.names import script as name_script
from monitor.rulebook.normalize import (
    TokenSpans,
    fold_case_kept,
    folded_tokens,
    lazy_token_spans,
    term_tokens,
    token_spans,
)
from monitor.rulebook.query import FIELDS, And, Node, Not, Or, Term, positive_terms, terms
from monitor.snippets import Snippet, squeeze

SNIPPET_CHARS = 200


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
    snippet: Snippet


@dataclass(frozen=True)
class CompiledRule:
    """What the matcher needs of a rule: its id and parsed query."""

    id: str
    query: Node


# A word that starts with a capital, or follows a hyphen right after a letter or digit
_WRITTEN = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{L}\p{M}\p{N}]*"
                         r"|(?<=[\p{L}\p{N}]-)[\p{L}\p{M}\p{N}]+")


class _Document:
    """One document's fields and scan string; token spans are computed only for hits."""

    __slots__ = ("fields", "scan", "starts", "content_is_summary", "folded", "_tokens",
                 "_written")

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = fields
        # Feeds often repeat the summary as the content: scan it once, count it as both.
        self.content_is_summary = bool(fields.get("summary")) and (
            fields.get("content") == fields.get("summary")
        )
        parts = []
        self.starts: list[int] = []
        self.folded: list[str] = []
        offset = 0
        for name in FIELDS:
            value = "" if name == "content" and self.content_is_summary else fields.get(name)
            folded = folded_tokens(value or "")
            self.folded.append(folded)
            piece = "\x00 " + folded + " "
            self.starts.append(offset)
            parts.append(piece)
            offset += len(piece)
        self.scan = "".join(parts)
        self._tokens: dict[str, tuple[str, TokenSpans]] = {}
        self._written: dict[str, frozenset[str]] = {}

    def occurrence(self, end: int, length: int, count: int) -> Occurrence:
        """The field and token range of an automaton match ending at `end`."""
        start = end - length + 1
        index = bisect.bisect_right(self.starts, start) - 1
        token = self.scan.count(" ", self.starts[index], start + 1) - 1
        return Occurrence(FIELDS[index], token, token + count)

    def tokens(self, name: str) -> tuple[str, TokenSpans]:
        if name not in self._tokens:
            self._tokens[name] = lazy_token_spans(self.fields.get(name) or "")
        return self._tokens[name]

    def written_words(self, name: str) -> frozenset[str]:
        """The folded words a field writes with a capital or after a hyphen."""
        if name not in self._written:
            found = _WRITTEN.findall(self.fields.get(name) or "")
            self._written[name] = frozenset(
                token for word in found for token in folded_tokens(word).split(" "))
        return self._written[name]

    def names(self, index: NameIndex) -> dict[int, list[Occurrence]]:
        """Where each indexed name occurs, by name id (the pattern id of its term)."""
        found: dict[int, list[Occurrence]] = defaultdict(list)
        for name, folded in zip(FIELDS, self.folded, strict=True):
            if not folded:
                continue

            def adjacent(i: int, name: str = name) -> bool:
                # Only asked inside runs of kana or Chinese characters: do the two tokens
                # touch in the text (no space or punctuation between)?
                return self.tokens(name)[1].touching(i)

            def written(word: str, name: str = name) -> bool:
                # Asked of words that may be pieces of a split name, or names that are
                # also common words: a script without capitals, a link (lower case), or a
                # word the field writes with a capital or after a hyphen (Yun-beom,
                # YouTube): one pass over the field (not its token spans), remembered
                if not word[:1].islower() or name == "link":
                    return True
                return word in self.written_words(name)

            def spaced(i: int, name: str = name) -> bool:
                # Asked only of a name's short word beside its long one: one phrase?
                return self.tokens(name)[1].spaced(i)

            for name_id, ranges in index.find(folded, adjacent, written, spaced).items():
                found[name_id].extend(Occurrence(name, a, b) for a, b in ranges)
        return found


def document_fields(
    title: str = "", summary: str = "", content: str = "", author: str = "", link: str = ""
) -> dict[str, str]:
    """The fields a rule can scope to (content equal to the summary is scanned once)."""
    return {
        "title": title or "",
        "summary": summary or "",
        "content": content or "",
        "author": author or "",
        "link": link or "",
    }


def _trigger(node: Node, rarity: Callable[[Term], tuple[int, ...]]) -> list[Term] | None:
    """Terms of which at least one must occur whenever the query matches (None: no such
    guarantee from this node). For AND and NEAR one operand's triggers suffice, so the
    rarest is chosen; OR needs all of its children's."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return None
    if isinstance(node, Or):
        parts = [_trigger(child, rarity) for child in node.children]
        return None if any(p is None for p in parts) else [t for p in parts for t in p or ()]
    operands = node.children if isinstance(node, And) else (node.left, node.right)
    options = [found for found in (_trigger(c, rarity) for c in operands) if found]
    if not options:
        return None
    return min(options, key=lambda ts: (max(rarity(t) for t in ts), len(ts)))


class Matcher:
    """Compiled rules: `match(fields)` returns one Hit per matching rule."""

    def __init__(self, rules: Iterable[CompiledRule]) -> None:
        self.rules = list(rules)
        self._automaton = ahocorasick.Automaton()
        pattern_ids: dict[str, int] = {}
        self._lengths: list[int] = []
        self._counts: list[int] = []
        self._pattern_terms: list[set[Term]] = []
        self._names = NameIndex()
        users: dict[str, set[int]] = defaultdict(set)
        for index, rule in enumerate(self.rules):
            for term in terms(rule.query):
                users[term.pattern].add(index)
                pattern = term.pattern
                if pattern not in pattern_ids:
                    pattern_ids[pattern] = len(self._lengths)
                    self._lengths.append(len(pattern))
                    self._counts.append(len(term.tokens))
                    self._pattern_terms.append(set())
                    if term.name:
                        words, sounded = _name_words(term)
                        self._names.add(pattern_ids[pattern], words,
                                        capitalised=term.capitalised, sounded=sounded)
                self._pattern_terms[pattern_ids[pattern]].add(term)

        def rarity(term: Term) -> tuple[int, ...]:
            # Shared by many rules means common (context words); then prefer what reads
            # as a name: several words, a capital, case: or ~, longer.
            named = (len(term.tokens) > 1 or term.cased is not None or term.name
                     or term.text[:1].isupper())
            return (len(users[term.pattern]), 0 if named else 1, -len(term.pattern))

        self._triggers: list[list[int]] = [[] for _ in self._lengths]
        for index, rule in enumerate(self.rules):
            # parse_query refuses queries that match with none of their terms present, so
            # when no narrower trigger exists, "any of its terms" is always a sound one.
            for term in set(_trigger(rule.query, rarity) or terms(rule.query)):
                self._triggers[pattern_ids[term.pattern]].append(index)
        self._pattern_of: dict[Term, int] = {
            term: pid for pid, ts in enumerate(self._pattern_terms) for term in ts
        }
        scanned = [(p, pid) for p, pid in pattern_ids.items() if not p.startswith("~")]
        for pattern, pid in scanned:
            self._automaton.add_word(pattern, pid)
        if scanned:
            self._automaton.make_automaton()
        self._scanned = bool(scanned)
        self._empty = not pattern_ids

    def __len__(self) -> int:
        return len(self.rules)

    def match(self, fields: Mapping[str, str]) -> list[Hit]:
        """Every rule the document matches, with its explanation."""
        if self._empty:
            return []
        doc = _Document(fields)
        ends: dict[int, list[int]] = defaultdict(list)
        if self._scanned:
            for end, pid in self._automaton.iter(doc.scan):
                ends[pid].append(end)
        names = doc.names(self._names) if self._names else {}
        candidates: set[int] = set()
        for pid in (*ends, *names):
            candidates.update(self._triggers[pid])
        if not candidates:
            return []
        seen = _Seen(self, doc, ends, names)
        hits = []
        for index in sorted(candidates):
            rule = self.rules[index]
            if evaluate(rule.query, seen):
                hits.append(_explain(rule, seen, doc))
        return hits


class _Seen:
    """Valid occurrences of each term, worked out only when a candidate rule asks."""

    def __init__(
        self, matcher: Matcher, doc: _Document, ends: dict[int, list[int]],
        names: dict[int, list[Occurrence]],
    ) -> None:
        self.matcher = matcher
        self.doc = doc
        self.ends = ends
        self.names = names
        self.cache: dict[Term, list[Occurrence]] = {}

    def get(self, term: Term, default: list[Occurrence] | None = None) -> list[Occurrence]:
        if term not in self.cache:
            pid = self.matcher._pattern_of[term]
            length, count = self.matcher._lengths[pid], self.matcher._counts[pid]
            if term.name:
                found = list(self.names.get(pid, ()))
            else:
                found = [self.doc.occurrence(end, length, count)
                         for end in self.ends.get(pid, ())]
            self.cache[term] = [o for o in found if _valid(term, o, self.doc)]
        return self.cache[term] or (default if default is not None else [])

    def __contains__(self, term: Term) -> bool:
        return bool(self.get(term))


def _name_words(term: Term) -> tuple[list[str], list[str] | None]:
    """A ~ term's words as the name index wants them (kana and Chinese runs joined where
    the rule writes them together), and the same words with their signed letters as they
    sound, where that differs (Erdoğan: erdoan; see names.sounded_letters)."""
    text = term.text[1:].strip('"')
    prepared, spans = token_spans(text)
    if len(spans) != len(term.tokens):
        return rule_words(term.tokens, lambda i: True), None

    def adjacent(i: int) -> bool:
        return spans[i][1] == spans[i + 1][0]

    words = rule_words(term.tokens, adjacent)
    raw = [prepared[start:end] for start, end in spans]
    sounded = [sounded_letters(token) for token in raw]
    if not any(sounded):
        return words, None
    tokens = [term_tokens(new or token)[0] for new, token in zip(sounded, raw, strict=True)]
    if any(len(t) != 1 for t in tokens):
        return words, None
    return words, rule_words(tuple(t[0] for t in tokens), adjacent)


def _valid(term: Term, occurrence: Occurrence, doc: _Document) -> bool:
    """Field scope and case: checks the automaton (which sees folded text) cannot make."""
    if occurrence.field not in term.fields and not (
        occurrence.field == "summary" and doc.content_is_summary and "content" in term.fields
    ):
        return False
    if term.abroad and _in_own_script(term, occurrence, doc):
        return False
    if term.cased is None:
        return True
    text, tokens = doc.tokens(occurrence.field)
    span = tokens.upto(occurrence.start, occurrence.end)
    found = [fold_case_kept(text[start:end]) for start, end in span]
    if len(found) != len(term.cased):
        return False
    if term.prefix:
        return found[:-1] == list(term.cased[:-1]) and found[-1].startswith(term.cased[-1])
    return found == list(term.cased)


def _in_own_script(term: Term, occurrence: Occurrence, doc: _Document) -> bool:
    """Whether a name was found written in the script the rule writes it in."""
    text, tokens = doc.tokens(occurrence.field)
    span = tokens.upto(occurrence.start, occurrence.end)
    if not span:
        return False
    start, end = span[0]
    return name_script(folded_tokens(text[start:end])) == name_script(term.tokens[0])


# A headline is read with the text under it: the end of the title and the start of the
# summary (or content) are next to each other for NEAR.
_FOLLOWS_TITLE = ("summary", "content")


def _across_title(a: Occurrence, b: Occurrence, distance: int, doc: _Document) -> bool:
    """Whether one occurrence in the title and one in the text under it are within
    `distance` words: the title's words after the one, then the text's before the other."""
    title, text = (a, b) if a.field == "title" else (b, a)
    if title.field != "title" or text.field not in _FOLLOWS_TITLE:
        return False
    if text.field == "content" and doc.fields.get("summary") and not doc.content_is_summary:
        return False  # the summary stands between them
    headline = doc.folded[FIELDS.index("title")]
    body = doc.folded[FIELDS.index(text.field)]
    if body == headline or body.startswith(headline + " "):
        return False  # the text repeats the headline: its end is not beside its start
    title_text, title_spans = doc.tokens("title")
    after = title_text[title_spans[title.end - 1][1]:]
    runs = after.split()
    if runs and not after[:1].isspace():
        runs.pop(0)  # the rest of the occurrence's own word
    words = sum(1 for w in runs if any(ch.isalnum() for ch in w))
    body_text, body_spans = doc.tokens(text.field)
    before = body_text[: body_spans[text.start][0]]
    runs = before.split()
    if runs and not before[-1:].isspace():
        runs.pop()  # the start of the occurrence's own word
    words += sum(1 for w in runs if any(ch.isalnum() for ch in w))
    return words <= distance


def _near(left: Node, right: Node, distance: int, seen: _Seen) -> bool:
    """Within `distance` words, either order, in the same field or across the end of the
    title and the start of the text under it. Words are what a reader counts (runs
    between spaces), so "8×8" or "JF-17" between the two is one word."""

    shared = seen.doc.content_is_summary

    def occurrences(node: Node) -> list[tuple[Occurrence, str | None]]:
        """Each occurrence, with the one field it stands for when that matters: content
        equal to the summary is scanned once, so a summary occurrence is a content one too,
        except for a term scoped to just one of them (summary:x NEAR content:y is two
        fields, even then)."""
        if isinstance(node, Term):
            side = None
            if shared and ("summary" in node.fields) != ("content" in node.fields):
                side = "summary" if "summary" in node.fields else "content"
            return [(o, side if o.field == "summary" else None) for o in seen.get(node, [])]
        assert isinstance(node, Or)
        return [pair for child in node.children for pair in occurrences(child)]

    rights = occurrences(right)
    for a, a_side in occurrences(left):
        for b, b_side in rights:
            if a.field != b.field:
                if _across_title(a, b, distance, seen.doc):
                    return True
                continue
            if a_side and b_side and a_side != b_side:
                continue
            first, second = (a, b) if a.start <= b.start else (b, a)
            if second.end <= first.end or second.start == first.start:
                # one occurrence cannot be both sides (x NEAR/3 x), nor one inside the
                # other: Morowali in Kabupaten Morowali, MBK in MBK Partners, is one place
                continue
            if second.start < first.end or second.start - first.end <= distance:
                return True  # overlapping, or close even counted in tokens (never fewer)
            text, tokens = seen.doc.tokens(a.field)
            between = text[tokens[first.end - 1][1] : tokens[second.start][0]]
            runs = between.split()
            if runs and not between[:1].isspace():
                runs.pop(0)  # the rest of the first word, as the 's of Tata's
            if runs and not between[-1:].isspace():
                runs.pop()  # the start of the second word
            words = sum(1 for w in runs if any(ch.isalnum() for ch in w))
            if words <= distance:
                return True
    return False


def evaluate(node: Node, seen: _Seen) -> bool:
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


def _explain(rule: CompiledRule, seen: _Seen, doc: _Document) -> Hit:
    matched: list[MatchedTerm] = []
    for term in dict.fromkeys(positive_terms(rule.query)):
        for occurrence in seen.get(term, []):
            text, tokens = doc.tokens(occurrence.field)
            if not tokens.reaches(occurrence.end):
                continue
            start = tokens[occurrence.start][0]
            end = tokens[occurrence.end - 1][1]
            label = f"abroad:{term.text}" if term.abroad else term.text
            matched.append(MatchedTerm(label, occurrence.field, start, end, text[start:end]))
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


def snippet(
    doc: _Document, matched: list[MatchedTerm], anchor: MatchedTerm | None
) -> Snippet:
    """About SNIPPET_CHARS of text around the anchor match, every match in it marked."""
    if anchor is None:
        return Snippet()
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
    marks = [(start - begin, end - begin) for start, end in spans
             if start >= begin and end <= finish]
    body = squeeze(text[begin:finish], marks)
    lead = "…" if begin > 0 else ""
    return Snippet(lead + body.text + ("…" if finish < len(text) else ""),
                   tuple((start + len(lead), end + len(lead)) for start, end in body.marks))
