"""Learn from triage: propose rule changes from the stories a person dismissed and kept.

A rule's alerts marked `dismissed` are what it should not have found; `read` and
`starred` ones are what it should keep. From the words of those stories this proposes an
exclusion (`AND NOT word`, words common in the dismissed and rare in the kept), a needed
context term (`AND (x OR y)` or NEAR, words common to the kept and absent from the
dismissed) or dropping the rule (almost everything it found was dismissed). Each proposal
is then measured the way `monitor backtest` measures a rule: the project's matcher over
the stored entries, giving the stories gained and lost and how each had been marked.

Everything here is pure: records in, records out; the archive scan is passed in.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from monitor.rulebook import frequencies
from monitor.rulebook.files import Rule
from monitor.rulebook.matcher import CompiledRule
from monitor.rulebook.normalize import fold_case_kept, token_spans
from monitor.rulebook.query import DEFAULT_NEAR, Node, Or, Term, parse_query, terms
from monitor.storage import Alert, HitDetail, StoredEntry
from monitor.urls import canonical_url

MIN_MARKED = 5  # fewer marked stories than this is anecdote, not a pattern
STOP_ZIPF = 5.6  # as frequent as "said", "también", "während": a function word, not a topic
MIN_SUPPORT = 2  # a word must be in at least this many stories to be learned from
MAX_WORDS = 3  # words in one exclusion or context group
SLACK = 0.1  # share of the other side's stories a learned word may also be in
DROP_SHARE = 0.9  # dismissed share of marked stories from which dropping is proposed
KEPT = ("read", "starred")
MARK_ORDER = ("kept", "unmarked", "dismissed")  # what a change costs is shown first

# Which languages' word lists tell a common word of each script (by Unicode name prefix).
SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "LATIN": ("en", "es", "fr", "pt", "de", "it", "nl"),
    "ARABIC": ("ar", "fa", "ur"),
    "CYRILLIC": ("ru", "uk"),
    "DEVANAGARI": ("hi",),
    "HEBREW": ("he",),
    "GREEK": ("el",),
    "CJK": ("zh", "ja"),
    "HIRAGANA": ("ja",),
    "KATAKANA": ("ja",),
    "HANGUL": ("ko",),
}
UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR")


@dataclass(frozen=True)
class Story:
    """One story of a rule as triage sees it: its alert (if any), title, mark and words."""

    key: str
    title: str
    mark: str  # "dismissed", "kept" or "unmarked"
    entry_ids: tuple[int, ...]
    words: frozenset[str] = frozenset()  # folded words (CJK: two-character runs)
    title_words: frozenset[str] = frozenset()  # those of them in a title


@dataclass(frozen=True)
class Change:
    """A proposed change to one rule: its kind, the new query (None: disable the rule),
    the words it was learned from and why."""

    rule_id: str
    kind: str  # "exclude", "context" or "drop"
    query: str | None
    words: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Side:
    """Stories gained or lost by a change, and how many of them had been marked how."""

    stories: tuple[Story, ...]
    entries: int

    def count(self, mark: str) -> int:
        return sum(1 for s in self.stories if s.mark == mark)


@dataclass(frozen=True)
class Suggestion:
    """A change with its backtest diff; `number` is what `--apply N` takes."""

    number: int
    change: Change
    old_query: str
    gained: Side
    lost: Side


@dataclass(frozen=True)
class Advice:
    """What triage taught about one rule: its marked stories and the suggestions, or a
    note saying why there are none."""

    rule_id: str
    dismissed: int
    kept: int
    suggestions: list[Suggestion] = field(default_factory=list)
    note: str = ""

    @property
    def marked(self) -> int:
        return self.dismissed + self.kept


# -- words ------------------------------------------------------------------------------------


def _script(char: str) -> str:
    return unicodedata.name(char, "").split(" ", 1)[0]


def _frequency(word: str, lang: str) -> float:
    """A word's frequency in the language's small list (every word above zipf 3, all a
    stop-word cut and a rarity tie-break need); 0 where there is no such list."""
    try:
        return frequencies.token_frequency(word, lang, "small")
    except LookupError:
        return 0.0


@cache
def zipf(word: str) -> float:
    """How common a word is in the languages written in its script (0 = unknown)."""
    script = _script(word[0]) if word else ""
    best = 0.0
    for lang in SCRIPT_LANGUAGES.get(script, ()):
        if script not in UNSPACED:
            best = max(best, _frequency(word, lang))
            continue
        try:  # Chinese and Japanese need wordfreq's own segmenting (and simplification)
            frequency = frequencies.word_frequency(word, lang, "small")
        except (LookupError, ValueError, ImportError, RuntimeError):
            continue  # a tokenizer missing here: the other language still tells
        best = max(best, frequency)
    return round(math.log10(best) + 9, 2) if best > 0 else 0.0


def known(word: str) -> bool:
    """For a run of a script written without spaces: whether it is a word of its
    languages' lists (汽车), not a run across two words (塔汽). Other words: True."""
    script = _script(word[0]) if word else ""
    if script not in UNSPACED:
        return True
    return any(_frequency(word, lang) > 0 for lang in SCRIPT_LANGUAGES.get(script, ()))


def text_words(text: str) -> dict[str, str]:
    """Folded word -> its surface form (NFKC, lower case), for the words worth learning:
    letters (not bare numbers), three or more characters, or two in capitals (EU) or in
    a script without case; scripts written without spaces give their two-character runs,
    as the matcher would see a two-character term."""
    prepared, spans = token_spans(text)
    found: dict[str, str] = {}
    previous: tuple[str, str] | None = None
    for start, end in spans:
        written = prepared[start:end]
        surface = written.casefold()
        folded = fold_case_kept(surface)
        if _script(surface[0]) in UNSPACED:
            if previous is not None:
                found.setdefault(f"{previous[0]} {folded}", previous[1] + surface)
            previous = (folded, surface)
            continue
        previous = None
        if surface.isdigit() or len(surface) < 2:
            continue
        if len(surface) == 2 and surface != written.upper() and not written.isupper():
            continue  # "th" of 4th, "ll" of we'll; an acronym or a caseless word stays
        found.setdefault(folded, surface)
    return found


def _common(surface: str) -> bool:
    return zipf(surface) >= STOP_ZIPF


# -- stories ---------------------------------------------------------------------------------


def stories(
    alerts: Sequence[Alert], hits: Iterable[HitDetail], entries: dict[int, StoredEntry]
) -> tuple[list[Story], dict[int, str], dict[str, str]]:
    """A rule's stories from its alerts and their hits (words only for the marked ones,
    from the entries in the archive window), the story key of each entry behind an alert,
    and the surface form of every folded word."""
    by_alert: dict[int, list[int]] = {}
    for hit in hits:
        by_alert.setdefault(hit.alert_id, []).append(hit.entry_id)
    surfaces: dict[str, str] = {}
    found: list[Story] = []
    entry_story: dict[int, str] = {}
    for alert in alerts:
        key = f"alert:{alert.id}"
        ids = tuple(dict.fromkeys(by_alert.get(alert.id, ())))
        for entry_id in ids:
            entry_story[entry_id] = key
        mark = ("dismissed" if alert.status == "dismissed"
                else "kept" if alert.status in KEPT or alert.starred else "unmarked")
        words: set[str] = set()
        titled: set[str] = set()
        if mark != "unmarked":
            present = [entries[i] for i in ids if i in entries]
            if not present:
                continue  # outside the window: neither learned from nor counted
            for entry in present:
                titled.update(text_words(entry.title or ""))
                for text in {entry.title, entry.summary_text, entry.content_text}:
                    for folded, surface in text_words(text or "").items():
                        words.add(folded)
                        surfaces.setdefault(folded, surface)
        found.append(Story(key, alert.title, mark, ids, frozenset(words), frozenset(titled)))
    return found, entry_story, surfaces


# -- learning ---------------------------------------------------------------------------------


def _own_words(node: Node) -> set[str]:
    """Folded words of the rule's own terms (never proposed back to it)."""
    return {token for term in terms(node) for token in term.tokens}


def _query_word(surface: str) -> str:
    return surface if surface.isalnum() else f'"{surface}"'


def _group(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")"


def _base(rule: Rule) -> str:
    """The rule's query as the left side of `… AND x`: parenthesised when it is an OR."""
    return f"({rule.query})" if isinstance(rule.ast, Or) else rule.query


def _greedy(
    target_stories: list[Story], other_stories: list[Story], candidates: Iterable[str],
    surfaces: dict[str, str], fits: Callable[[int, int], bool],
) -> tuple[list[str], int, int]:
    """Up to MAX_WORDS words that together are in the most `target` stories while
    `fits(target stories covered, other stories covered)`; each word must add MIN_SUPPORT
    stories and SLACK of the target (chance words of a large triage do not count). Ties go
    to the word in more of their titles (what the stories are about), then to a listed
    word over a run across two (CJK), then the rarer.
    Returns the words and how many target and other stories they are in."""
    target_of: dict[str, set[int]] = {}
    other_of: dict[str, set[int]] = {}
    for word in candidates:
        target_of[word] = {i for i, s in enumerate(target_stories) if word in s.words}
        other_of[word] = {i for i, s in enumerate(other_stories) if word in s.words}
    covered: set[int] = set()
    spilled: set[int] = set()
    chosen: list[str] = []
    least = max(MIN_SUPPORT, math.ceil(SLACK * len(target_stories)))
    while len(covered) < len(target_stories) and len(chosen) < MAX_WORDS:
        best: tuple[int, int, int, bool, float, str] | None = None
        for word in sorted(target_of):
            gain = len(target_of[word] - covered)
            if word in chosen or gain < least:
                continue
            spill = len(spilled | other_of[word])
            if not fits(len(covered) + gain, spill):
                continue
            titled = sum(1 for i in target_of[word] - covered
                         if word in target_stories[i].title_words)
            surface = surfaces.get(word, word)
            rank = (gain, -spill, titled, known(surface), -zipf(surface), word)
            if best is None or rank[:5] > best[:5]:
                best = rank
        if best is None:
            break
        word = best[5]
        chosen.append(word)
        covered |= target_of[word]
        spilled |= other_of[word]
    return chosen, len(covered), len(spilled)


def _candidates(
    mine: list[frozenset[str]], theirs: list[frozenset[str]], own: set[str],
    surfaces: dict[str, str],
) -> set[str]:
    """Words in at least MIN_SUPPORT of `mine`, in at most SLACK of `theirs`, not the
    rule's own and not function words of their language."""
    allowed = math.floor(SLACK * len(theirs))
    counts: dict[str, int] = {}
    for words in mine:
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    return {
        w for w, n in counts.items()
        if n >= MIN_SUPPORT and w not in own
        and sum(1 for s in theirs if w in s) <= allowed
        and not _common(surfaces.get(w, w))
    }


def learn(rule: Rule, found: Sequence[Story], surfaces: dict[str, str]) -> tuple[str, list[Change]]:
    """The changes triage suggests for a rule (unmeasured), or a note why there are none.
    A context change comes twice (AND and, when the rule allows it, NEAR): the backtest
    keeps the better."""
    dismissed_stories = [s for s in found if s.mark == "dismissed"]
    kept_stories = [s for s in found if s.mark == "kept"]
    dismissed = [s.words for s in dismissed_stories]
    kept = [s.words for s in kept_stories]
    marked = len(dismissed) + len(kept)
    if marked < MIN_MARKED:
        return (f"rule {rule.id}: {marked} marked stor{'y' if marked == 1 else 'ies'}, "
                f"need at least {MIN_MARKED}"), []
    if not dismissed:
        return (f"rule {rule.id}: none of its {marked} marked stories dismissed; "
                "nothing to change"), []
    changes: list[Change] = []
    if rule.enabled and len(dismissed) >= DROP_SHARE * marked:
        changes.append(Change(
            rule.id, "drop", None, (),
            f"{len(dismissed)} of its {marked} marked stories were dismissed",
        ))
    if not kept:
        return "", changes
    own = _own_words(rule.ast)
    shown = {w: _query_word(surfaces.get(w, w)) for w in surfaces}
    excluded, in_dismissed, in_kept = _greedy(
        dismissed_stories, kept_stories, _candidates(dismissed, kept, own, surfaces),
        surfaces, lambda gone, lost: _worth(gone, lost, len(kept)),
    )
    if excluded:
        words = tuple(shown[w] for w in excluded)
        changes.append(Change(
            rule.id, "exclude", f"{_base(rule)} AND NOT {_group(words)}", words,
            f"in {in_dismissed} of {len(dismissed)} dismissed stories, "
            f"{in_kept} of {len(kept)} kept",
        ))
    allowed = math.floor(SLACK * len(dismissed))
    needed, in_kept, in_dismissed = _greedy(
        kept_stories, dismissed_stories, _candidates(kept, dismissed, own, surfaces),
        surfaces, lambda _, spill: spill <= allowed,
    )
    if needed and _worth(len(dismissed) - in_dismissed, len(kept) - in_kept, len(kept)):
        words = tuple(shown[w] for w in needed)
        why = (f"in {in_kept} of {len(kept)} kept stories, "
               f"{in_dismissed} of {len(dismissed)} dismissed")
        changes.append(Change(rule.id, "context", f"{_base(rule)} AND {_group(words)}",
                              words, why))
        if _near_operand(rule.ast):
            near = f"{_base(rule)} NEAR/{DEFAULT_NEAR} {_group(words)}"
            changes.append(Change(rule.id, "context", near, words,
                                  why + f", within {DEFAULT_NEAR} words of the rule's terms"))
    return "", changes


def _worth(dismissed_gone: int, kept_lost: int, kept: int) -> bool:
    """Whether taking these stories away serves the triage: at least MIN_SUPPORT
    dismissed ones, at most SLACK of the kept, and at most SLACK of what goes is kept."""
    return (dismissed_gone >= MIN_SUPPORT and kept_lost <= math.floor(SLACK * kept)
            and kept_lost <= SLACK * (kept_lost + dismissed_gone))


def _near_operand(node: Node) -> bool:
    """Whether the query can stand on one side of NEAR (a term or an OR of terms)."""
    return isinstance(node, Term) or (
        isinstance(node, Or) and all(isinstance(c, Term) for c in node.children)
    )


# -- measuring ---------------------------------------------------------------------------------

Scan = Callable[[Sequence[CompiledRule]], dict[str, set[int]]]


def diff(
    before: set[int], after: set[int], found: Sequence[Story], entry_story: dict[int, str],
    entries: dict[int, StoredEntry],
) -> tuple[Side, Side]:
    """(gained, lost) stories between two sets of hit entries: a story is lost when none
    of its entries is hit any more, gained when none was hit before."""
    by_key = {s.key: s for s in found}
    link_story: dict[str, str] = {}
    for story in found:
        for entry_id in story.entry_ids:
            url = canonical_url(entries[entry_id].link) if entry_id in entries else None
            if url:
                link_story.setdefault(url, story.key)

    def key(entry_id: int) -> str:
        if entry_id in entry_story:
            return entry_story[entry_id]
        entry = entries.get(entry_id)
        url = canonical_url(entry.link) if entry else None
        return link_story.get(url or "", url or f"entry:{entry_id}")

    def grouped(ids: set[int]) -> dict[str, set[int]]:
        out: dict[str, set[int]] = {}
        for entry_id in ids:
            out.setdefault(key(entry_id), set()).add(entry_id)
        return out

    old, new = grouped(before), grouped(after)

    def side(keys: Iterable[str], source: dict[str, set[int]]) -> Side:
        chosen = []
        count = 0
        for k in keys:
            ids = source[k]
            count += len(ids)
            story = by_key.get(k)
            if story is None:
                first = entries.get(min(ids))
                story = Story(k, first.title if first else k, "unmarked", tuple(sorted(ids)))
            chosen.append(Story(k, story.title, story.mark, tuple(sorted(ids))))
        chosen.sort(key=lambda s: (MARK_ORDER.index(s.mark), s.title, s.key))
        return Side(tuple(chosen), count)

    return side(new.keys() - old.keys(), new), side(old.keys() - new.keys(), old)


def _better(a: tuple[Side, Side], b: tuple[Side, Side]) -> bool:
    """Whether diff `a` (gained, lost) serves the triage better than `b`: fewer kept
    stories lost, then more dismissed ones gone, then fewer unmarked ones lost."""
    def score(d: tuple[Side, Side]) -> tuple[int, int, int]:
        gained, lost = d
        return (-lost.count("kept"), lost.count("dismissed") - gained.count("dismissed"),
                -lost.count("unmarked"))
    return score(a) > score(b)


def suggest(
    rules: Sequence[Rule], triage: dict[str, tuple[list[Story], dict[int, str]]],
    surfaces: dict[str, str], entries: dict[int, StoredEntry], scan: Scan,
) -> list[Advice]:
    """Learn changes for each rule from its stories, measure them all in one scan of the
    archive (`scan` maps compiled rules to the ids of the entries each hits), keep those
    that take dismissed stories away, and number them in rule order from 1."""
    learned: list[tuple[Rule, str, list[Change]]] = []
    compiled: list[CompiledRule] = []
    for rule in rules:
        found, _ = triage.get(rule.id, ([], {}))
        note, changes = learn(rule, found, surfaces)
        learned.append((rule, note, changes))
        compiled.append(CompiledRule(f"{rule.id}\0", rule.ast))
        for index, change in enumerate(changes):
            if change.query is not None:
                compiled.append(CompiledRule(f"{rule.id}\0{index}", parse_query(change.query)))
    hits = scan(compiled) if compiled else {}
    advice: list[Advice] = []
    number = 0
    for rule, note, changes in learned:
        found, entry_story = triage.get(rule.id, ([], {}))
        before = hits.get(f"{rule.id}\0", set())
        best: dict[str, tuple[Change, tuple[Side, Side]]] = {}
        for index, change in enumerate(changes):
            after = set() if change.query is None else hits.get(f"{rule.id}\0{index}", set())
            measured = diff(before, after, found, entry_story, entries)
            gained, lost = measured
            gone = lost.count("dismissed") - gained.count("dismissed")
            kept = sum(1 for s in found if s.mark == "kept")
            if not (_worth(gone, lost.count("kept"), kept) if change.kind != "drop"
                    else gone > 0 and lost.count("kept") <= SLACK * (gone + lost.count("kept"))):
                continue  # the archive does not bear it out
            held = best.get(change.kind)
            if held is None or _better(measured, held[1]):
                best[change.kind] = (change, measured)
        suggestions = []
        for kind in ("exclude", "context", "drop"):
            if kind in best:
                number += 1
                change, (gained, lost) = best[kind]
                suggestions.append(Suggestion(number, change, rule.query, gained, lost))
        dismissed = sum(1 for s in found if s.mark == "dismissed")
        kept = sum(1 for s in found if s.mark == "kept")
        if not note and not suggestions:
            note = (f"rule {rule.id}: no change found that the {dismissed + kept} "
                    "marked stories bear out")
        advice.append(Advice(rule.id, dismissed, kept, suggestions, note))
    return advice
