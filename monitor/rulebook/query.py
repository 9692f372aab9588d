"""The query language: words, "phrases", AND / OR / NOT, parentheses, NEAR/n, prefix*,
field scope (title: summary: content: author: link:), case: for case-sensitive terms,
~ for a name in any spelling or script (~Loudiyi, ~"Zaheer Ahmed Baber"; see names.py) and
abroad: for a name in any script but its own (abroad:~گوادر finds Gwadar, 瓜达尔).

    query   := or
    or      := and ("OR" and)*
    and     := near (["AND"] near)*          adjacent terms are ANDed
    near    := unary ("NEAR/n" unary)*       within n words, either order
    unary   := "NOT" unary | scoped
    scoped  := [field ":"] ["case:"] (WORD | WORD* | "PHRASE" | ~WORD | ~"PHRASE" | "(" or ")")
             | [field ":"] "abroad:" (~WORD | ~"PHRASE")

Operators are upper case; lower-case "and", "or", "not" are ordinary words. Errors carry
the 1-based column they point at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from monitor.errors import MonitorError
from monitor.rulebook.normalize import term_tokens

FIELDS = ("title", "summary", "content", "author", "link")
DEFAULT_FIELDS = frozenset({"title", "summary", "content"})
DEFAULT_NEAR = 10
MIN_PREFIX = 3


class QueryError(MonitorError):
    """A query that does not parse or cannot be accepted; `column` is 1-based."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.reason = message
        self.column = column


@dataclass(frozen=True)
class Term:
    """A word or phrase to find: folded tokens, optional case-kept tokens, scope; `name`
    for a ~ term, found by name key (monitor.rulebook.names) rather than by the automaton."""

    text: str
    tokens: tuple[str, ...]
    cased: tuple[str, ...] | None
    prefix: bool
    fields: frozenset[str]
    column: int = field(compare=False, default=0)
    name: bool = False
    # a name found only written in another script than the rule's (abroad:~گوادر): the
    # name famous at home, whose own press writes it in other news too
    abroad: bool = False

    @property
    def capitalised(self) -> bool:
        """Whether the rule writes the term with a capital (~Maduro, not ~maduro)."""
        return any(char.isupper() for char in self.text)

    @property
    def pattern(self) -> str:
        """What the automaton looks for in the space-joined folded tokens (for a name, a
        key of its own that never occurs in a scan string)."""
        if self.name:  # (one written with a capital apart: see NameIndex.add)
            return ("~^" if self.capitalised else "~") + " ".join(self.tokens)
        return " " + " ".join(self.tokens) + ("" if self.prefix else " ")


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class Near:
    """Two operands (each a term or an OR of terms) within `distance` words."""

    left: Node
    right: Node
    distance: int


Node = Term | And | Or | Not | Near

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<lparen>\()
      | (?P<rparen>\))
      | (?P<phrase>~?"[^"]*"?)
      | (?P<near>NEAR(?:/(?P<n>\d+))?(?=[\s()"]|$))
      | (?P<op>(?:AND|OR|NOT)(?=[\s()"]|$))
      | (?P<badscope>(?:title|summary|content|author|link|case|abroad):(?=\s|$))
      | (?P<scope>[A-Za-z]+:(?=\S))
      | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)


_BAD_NEAR = re.compile(r"NEAR/")  # NEAR/x, NEAR/, NEAR/5x: not a distance


@dataclass
class _Lexeme:
    kind: str
    text: str
    column: int
    n: int | None = None


def _lex(query: str) -> list[_Lexeme]:
    lexemes = []
    pos = 0
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        assert match is not None  # the word alternative matches any other character
        kind = match.lastgroup or "word"
        kind = kind if kind != "n" else "near"
        text = match.group()
        if kind == "phrase" and (len(text.lstrip("~")) < 2 or not text.endswith('"')):
            raise QueryError('unclosed quote: add the closing "', pos + 1)
        if kind == "badscope":
            example = "~Tata" if text.lower() == "abroad:" else "Tata"
            raise QueryError(f"no space after {text} : write {text}{example}", pos + 1)
        if kind == "word" and _BAD_NEAR.match(text):
            raise QueryError(f"{text}: NEAR takes a number of words, e.g. NEAR/5", pos + 1)
        if kind != "space":
            n = int(match.group("n")) if kind == "near" and match.group("n") else None
            lexemes.append(_Lexeme(kind, text, pos + 1, n))
        pos = match.end()
    return lexemes


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.lexemes = _lex(query)
        self.pos = 0

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.pos] if self.pos < len(self.lexemes) else None

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.pos]
        self.pos += 1
        return lexeme

    def end_column(self) -> int:
        return len(self.query) + 1

    def parse(self) -> Node:
        if not self.lexemes:
            raise QueryError("the query is empty: write the words to watch for", 1)
        node = self.parse_or()
        extra = self.peek()
        if extra is not None:
            if extra.kind == "rparen":
                raise QueryError("unbalanced parenthesis: this ) has no matching (", extra.column)
            raise QueryError(f"unexpected {extra.text!r}", extra.column)
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while (lexeme := self.peek()) and lexeme.kind == "op" and lexeme.text == "OR":
            self.take()
            children.append(self.parse_and(after=lexeme))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self, after: _Lexeme | None = None) -> Node:
        children = [self.parse_near(after)]
        while (lexeme := self.peek()) is not None:
            if lexeme.kind == "op" and lexeme.text == "AND":
                self.take()
                children.append(self.parse_near(after=lexeme))
            elif lexeme.kind in ("word", "phrase", "lparen", "scope") or (
                lexeme.kind == "op" and lexeme.text == "NOT"
            ):
                children.append(self.parse_near())
            else:
                break
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_near(self, after: _Lexeme | None = None) -> Node:
        left = self.parse_unary(after)
        nodes: list[Node] = []
        while (lexeme := self.peek()) and lexeme.kind == "near":
            self.take()
            right = self.parse_unary(after=lexeme)
            for operand, where in ((left, lexeme.column), (right, lexeme.column)):
                _check_near_operand(operand, where)
            nodes.append(Near(left, right, lexeme.n if lexeme.n is not None else DEFAULT_NEAR))
            left = right
        if not nodes:
            return left
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def parse_unary(self, after: _Lexeme | None = None) -> Node:
        lexeme = self.peek()
        if lexeme is None:
            where = f" after {after.text}" if after else ""
            raise QueryError(f"the query ends too early{where}: add a word", self.end_column())
        if lexeme.kind == "op" and lexeme.text == "NOT":
            self.take()
            return Not(self.parse_unary(after=lexeme))
        return self.parse_scoped(frozenset(), False)

    def parse_scoped(self, fields: frozenset[str], case: bool) -> Node:
        lexeme = self.peek()
        if lexeme is None:
            raise QueryError("the query ends too early: add a word", self.end_column())
        if lexeme.kind == "scope":
            self.take()
            name = lexeme.text[:-1].lower()
            if name == "case":
                return self.parse_scoped(fields, True)
            if name == "abroad":
                named = self.peek()
                if named is None or named.kind not in ("word", "phrase") \
                        or not named.text.startswith("~"):
                    raise QueryError(
                        "abroad: goes right before a name: abroad:~Gwadar (the name "
                        "written in any script but its own)", lexeme.column)
                self.take()
                return replace(_term(named, fields, case), abroad=True)
            if name not in FIELDS:
                raise QueryError(
                    f"unknown field {lexeme.text!r}: use one of "
                    + ", ".join(f + ":" for f in FIELDS) + ", case: or abroad:",
                    lexeme.column,
                )
            if fields and name not in fields:
                raise QueryError(f"{lexeme.text} inside another field scope", lexeme.column)
            return self.parse_scoped(frozenset({name}), case)
        if lexeme.kind == "lparen":
            self.take()
            if self.peek() is None:
                raise QueryError("unbalanced parenthesis: this ( is never closed", lexeme.column)
            if (inner := self.peek()) and inner.kind == "rparen":
                raise QueryError("empty parentheses: put words inside", inner.column)
            node = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise QueryError(
                    "unbalanced parenthesis: this ( is never closed", lexeme.column
                )
            self.take()
            return _rescope(node, fields, case, lexeme.column) if (fields or case) else node
        if lexeme.kind in ("word", "phrase"):
            self.take()
            return _term(lexeme, fields, case)
        if lexeme.kind == "rparen":
            raise QueryError("unbalanced parenthesis: this ) has no matching (", lexeme.column)
        raise QueryError(f"{lexeme.text} needs a word before and after it", lexeme.column)


def _term(lexeme: _Lexeme, fields: frozenset[str], case: bool) -> Term:
    text = lexeme.text
    prefix = False
    name = text.startswith("~")
    if name:
        text = text[1:]
        if case:
            raise QueryError(
                f"{lexeme.text!r}: case: and ~ do not go together (~ compares names in any "
                "script, where case means nothing): write ~Tata or case:Tata",
                lexeme.column,
            )
        if text.endswith("*"):
            raise QueryError(
                f"{lexeme.text!r}: a name (~) cannot end in *: write ~{text[:-1]} or "
                f"{text}", lexeme.column,
            )
        if not text:
            raise QueryError('~ goes right before a name: ~Loudiyi or ~"Zaheer Ahmed Baber"',
                             lexeme.column)
    if lexeme.kind == "phrase":
        text = text[1:-1]
    elif text.endswith("*"):
        prefix = True
        text = text[:-1]
    if "*" in text:
        raise QueryError("* is only allowed at the end of a word (Pakist*)", lexeme.column)
    folded, cased = term_tokens(text)
    if not folded:
        raise QueryError(f"{lexeme.text!r} has no letters or digits to match", lexeme.column)
    if prefix and len(folded[-1]) < MIN_PREFIX:
        raise QueryError(
            f"{lexeme.text!r}: a prefix needs at least {MIN_PREFIX} letters before *",
            lexeme.column,
        )
    return Term(
        text=lexeme.text,
        tokens=folded,
        cased=cased if case else None,
        prefix=prefix,
        fields=fields or DEFAULT_FIELDS,
        column=lexeme.column,
        name=name,
    )


def _rescope(node: Node, fields: frozenset[str], case: bool, column: int) -> Node:
    """Apply a field scope or case: to every term of a parenthesised group."""
    if isinstance(node, Term):
        if fields and node.fields != DEFAULT_FIELDS and not node.fields <= fields:
            raise QueryError("a field scope inside a different field scope", column)
        if case and node.name:
            raise QueryError(
                f"{node.text!r}: case: and ~ do not go together (~ compares names in any "
                "script, where case means nothing): take it out of the case: group",
                node.column,
            )
        cased = term_tokens(node.text.strip('"').rstrip("*"))[1] if case else node.cased
        return Term(node.text, node.tokens, cased, node.prefix,
                    fields or node.fields, node.column, node.name, node.abroad)
    if isinstance(node, And):
        return And(tuple(_rescope(c, fields, case, column) for c in node.children))
    if isinstance(node, Or):
        return Or(tuple(_rescope(c, fields, case, column) for c in node.children))
    if isinstance(node, Not):
        return Not(_rescope(node.child, fields, case, column))
    return Near(_rescope(node.left, fields, case, column),
                _rescope(node.right, fields, case, column), node.distance)


def _check_near_operand(node: Node, column: int) -> None:
    if isinstance(node, Term):
        return
    if isinstance(node, Or) and all(isinstance(c, Term) for c in node.children):
        return
    raise QueryError(
        "NEAR joins two words or phrases (or parenthesised ORs of them)", column
    )


def terms(node: Node) -> list[Term]:
    """Every term of a query, in order (NOT-ed ones included)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, And | Or):
        return [t for c in node.children for t in terms(c)]
    if isinstance(node, Not):
        return terms(node.child)
    return terms(node.left) + terms(node.right)


def positive_terms(node: Node) -> list[Term]:
    """Terms not under a NOT: the ones that can make a rule match (and explain a hit)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, And | Or):
        return [t for c in node.children for t in positive_terms(c)]
    if isinstance(node, Not):
        return []
    return positive_terms(node.left) + positive_terms(node.right)


def matches_nothing_present(node: Node) -> bool:
    """True if the query matches a document containing none of its terms."""
    if isinstance(node, Term | Near):
        return False
    if isinstance(node, And):
        return all(matches_nothing_present(c) for c in node.children)
    if isinstance(node, Or):
        return any(matches_nothing_present(c) for c in node.children)
    return not matches_nothing_present(node.child)


@dataclass(frozen=True)
class QueryWarning:
    """Something in a query that parses but likely means something else; `column` 1-based."""

    message: str
    column: int

    def __str__(self) -> str:
        return f"column {self.column}: {self.message}"


_LOWER_OPERATORS = {
    "and": "AND (both sides)", "or": "OR (either side)", "not": "NOT (exclude what follows)",
    "near": "NEAR/10 (within 10 words)",
}
_LOWER_NEAR = re.compile(r"near/(\d+)$", re.IGNORECASE)


def query_warnings(query: str) -> list[QueryWarning]:
    """Warnings for a query that parses: a lower-case and/or/not/near between terms is
    searched as a word, which is rarely what was meant. Empty for a query that does not
    lex (parse_query says why)."""
    try:
        lexemes = _lex(query)
    except QueryError:
        return []
    found = []
    for i, lexeme in enumerate(lexemes):
        if lexeme.kind != "word" or not 0 < i < len(lexemes) - 1:
            continue
        if lexemes[i - 1].kind in ("op", "near", "lparen", "scope"):
            continue
        if lexemes[i + 1].kind in ("op", "near", "rparen"):
            continue
        word = lexeme.text
        near = _LOWER_NEAR.match(word)
        if word.lower() in _LOWER_OPERATORS and word != word.upper():
            meant = _LOWER_OPERATORS[word.lower()]
        elif near and not word.startswith("NEAR"):
            meant = f"NEAR/{near.group(1)} (within {near.group(1)} words)"
        else:
            continue
        found.append(QueryWarning(
            f"{word!r} is searched as a word; write {meant}: operators are upper case",
            lexeme.column,
        ))
    return found


def point_at(query: str, column: int) -> str:
    """The query's line holding `column`, and a caret under it (two lines, indented)."""
    start = 0
    for line in query.splitlines(keepends=True) or [""]:
        if column <= start + len(line.rstrip("\n")) + 1 or start + len(line) >= len(query):
            text = line.rstrip("\n")
            offset = max(column - start - 1, 0)
            return f"  {text}\n  {' ' * offset}^"
        start += len(line)
    return f"  {query}\n  ^"


def parse_query(query: str) -> Node:
    """Parse and check a query; raises QueryError pointing at the column."""
    node = _Parser(query).parse()
    if matches_nothing_present(node):
        raise QueryError(
            "this query matches entries that contain none of its words (a lone NOT, or "
            "OR NOT): add a word every hit must contain, e.g. `Tata AND NOT Motors`",
            1,
        )
    return node
