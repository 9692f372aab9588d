"""From ranked candidates to a rules file: one rule per core name of the story, each under
the seed sentence it came from; names that need it get the story's own context nearby.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import cache

import regex

from monitor.rulebook.derive.candidates import Candidate, Story
from monitor.rulebook.derive.lexicon import uncased
from monitor.rulebook.derive.places import (
    CONTEXT_LOCALES,
    country_names,
    country_words,
    official_languages,
    own_languages,
    region_names,
    region_word,
)
from monitor.rulebook.normalize import folded_tokens

_GENERATED = "# monitor-derive-digest: "
NEAR = 20  # words between an ambiguous name and the story's context
PAIR_NEAR = 8  # words between the story's two countries


@cache
def name_operator() -> bool:
    """True when the query language has the name operator (`~Loudiyi`: any spelling or
    script of a name)."""
    from monitor.rulebook.query import QueryError, parse_query

    try:
        parse_query('~Loudiyi OR ~"Abdeltif Loudiyi"')
    except QueryError:
        return False
    return True


def slug(text: str) -> str:
    """A rule id from a name in any script: romanised, lower case, words joined by -."""
    from anyascii import anyascii

    ascii_text = anyascii(unicodedata.normalize("NFC", text))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "rule"


def _quoted(form: str) -> str:
    """A term as the query language writes it: phrases and hyphenated forms in quotes."""
    if regex.fullmatch(r"(?:[^\W_]|\p{M})+", form):
        return form
    return '"' + form.replace('"', "") + '"'


def _acronym(form: str) -> bool:
    return form.isalpha() and form.isupper() and len(form) <= 6 and not uncased(form)


def _name_term(form: str, kind: str) -> str:
    """A name in any spelling or script when the query language can say so; a model
    designation, or a name with capitals inside it (WhAP, not "whap"), as written."""
    if re.search(r"[a-z][A-Z]", form) and " " not in form:
        return f"case:{_quoted(form)}"
    if name_operator() and kind != "equipment" and not any(c.isdigit() for c in form):
        return "~" + _quoted(form)
    return _quoted(form)


def _terms(cand: Candidate, forms: list[str]) -> list[str]:
    return list(dict.fromkeys(
        f"case:{_quoted(f)}" if _acronym(f) else _name_term(f, cand.kind) for f in forms))


def country_terms(code: str) -> list[str]:
    """A country in the languages a multilingual press uses, with its adjectives by
    prefix (Pakist* = Pakistani, pakistaníes; باكستان* = باكستانية)."""
    out: list[str] = []
    for name in country_names(code, CONTEXT_LOCALES + own_languages(code)):
        out.append(("~" if name_operator() else "") + _quoted(name))
        stem = name[: len(name) - 2]
        if len(name) >= 7 and regex.fullmatch(r"(?:[^\W\d_]|\p{M})+", name) \
                and not _UNSPACED.search(name) \
                and not name.startswith("ال"):
            out.append(stem + "*")
    # and its adjectives and inflected forms (Qatari, Katars), which no prefix reaches
    # in a short name
    out.extend(_quoted(word) for word in country_words(code, CONTEXT_LOCALES + own_languages(code)))
    return list(dict.fromkeys(out))


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def story_context(story: Story, cand: Candidate, broad: bool = True,
                  acronym: bool = False) -> list[str]:
    """Terms that place a name in this story: the other core names and the seeds' own
    words, and (broad) the seeds' main countries in the languages a press uses; for an
    acronym (or a name's acronym), only the countries abroad."""
    terms: list[str] = []
    mine = {folded_tokens(f) for f in cand.forms()}
    for other in story.core:
        if other is cand or (other.ambiguous and cand.kind != "acronym" and not other.lead):
            # a common word is no context, but an acronym's expansion may be one, and so
            # may a name of the headline and lead (三菱重工 for ボンバルディア)
            continue
        if mine & {folded_tokens(f) for f in other.forms()}:
            continue  # another candidate of the same name would place it by itself
        if other.kind == "equipment" and cand.kind != "equipment":
            continue  # a model (VVER-1200) is in every story of its maker
        forms = [f for f in other.forms() if not _acronym(f)]
        terms.extend(_terms(other, forms)[:3])
    # the seed's words, but not one of the name's own (パートナーズ is no context for
    # 日本産業パートナーズ: the name would place itself)
    own_text = " ".join(folded_tokens(f) for f in cand.forms())
    terms.extend(_quoted(t) for t in story.terms if folded_tokens(t) not in own_text)
    terms.extend(story.numbers)  # a figure reads the same in every language
    # an acronym (JIP) is also every other organisation's with those letters, and a
    # fairly common name (چابهار) every other story's of its place: the seed's own
    # country places neither, a country abroad that the story is about does
    acronym = acronym or cand.kind == "acronym"
    abroad = cand.abroad or acronym
    for code in story.countries:
        home = story.lang in official_languages(code)
        if (broad and not acronym) or (abroad and not home):
            terms.extend(country_terms(code))
    own = {folded_tokens(f) for f in cand.forms()}
    # the story's state or province: a place in any story, but beside a core name it says
    # this story (Toyota … North Carolina); not for a town, whose own region it is
    for code in [] if cand.tight else story.regions:
        names = region_names(code)
        if own & {folded_tokens(n) for n in names}:
            continue  # the name is that region
        terms.extend(("~" if name_operator() else "") + _quoted(n) for n in names)
        word = region_word(code)
        if word and folded_tokens(word) not in own:
            terms.append(("~" if name_operator() else "") + _quoted(word))
    return list(dict.fromkeys(terms))


def rule_query(cand: Candidate, story: Story | None = None) -> str:
    """The watch query for a candidate: its forms ORed; the forms that name other things
    too (and every form of an ambiguous name) only near the story's context."""
    if cand.ambiguous and cand.kind != "equipment":
        free: list[str] = []
        guarded = list(dict.fromkeys(
            t for f in cand.forms()
            for t in ([f"case:{_quoted(f)}", _name_term(f, cand.kind)] if not uncased(f)
                      else [_name_term(f, cand.kind)])))
        context = story_context(story, cand, broad=False) if story else cand.context
    else:
        free = _terms(cand, [f for f in cand.forms() if f not in cand.guarded])
        guarded = _terms(cand, cand.guarded)
        context = story_context(story, cand, broad=not cand.tight) if story else cand.context
    parts = list(free)
    if story and cand.kind != "acronym":
        # a name's acronym (GNI for Gunbuster Nickel Industry) is also other things'
        # (gross national income): like any acronym, placed by the countries abroad only
        letters = [t for t in guarded if t.startswith("case:") and _acronym(t[5:].strip('"'))]
        short = story_context(story, cand, broad=not cand.tight, acronym=True) \
            if letters else []
        if short:
            parts.append(f"(({' OR '.join(letters)}) NEAR/{NEAR} ({' OR '.join(short)}))")
            guarded = [t for t in guarded if t not in letters]
    if guarded and context:
        parts.append(f"(({' OR '.join(guarded)}) NEAR/{NEAR} ({' OR '.join(context)}))")
    if not parts:  # nothing to watch without context, and no context: the name itself
        parts = _terms(cand, cand.forms())
    return " OR ".join(parts)


def unplaced(cand: Candidate, story: Story | None) -> bool:
    """Whether a name that is also a common word or a big brand has no context from the
    seed to be placed by: its rule would be the bare word (every story that says it)."""
    if not cand.ambiguous or cand.kind == "equipment":
        return False
    context = story_context(story, cand, broad=False) if story else cand.context
    return not context


def pair_query(story: Story) -> str | None:
    """The story's two main countries near each other (Morocco … Pakistan), for items
    that tell the story without its names."""
    if not story.pair or not PAIR_NEAR:
        return None
    first, second = story.countries[:2]
    return (f"({' OR '.join(country_terms(first))}) NEAR/{PAIR_NEAR} "
            f"({' OR '.join(country_terms(second))})")


def _comment(text: str, width: int = 88) -> list[str]:
    words, lines, line = text.split(), [], "# «"
    for word in words:
        if len(line) + len(word) + 1 > width:
            lines.append(line.rstrip())
            line = "# "
        line += word + " "
    lines.append(line.rstrip() + "»")
    return lines


def _string(value: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def rules_text(candidates: list[Candidate], seeds: list[str], story: Story | None = None) -> str:
    """A rules file for the story's core candidates, each rule under the seed sentence it
    came from; the others are left to the listing.

    The file ends its header with a digest of its body, so a later `derive --write` can
    tell whether the user has edited it since."""
    body: list[str] = []
    used: set[str] = set()
    chosen = [c for c in candidates if c.core] or candidates
    for cand in chosen:
        base = rule_id = slug(cand.term)
        number = 1
        while rule_id in used:
            number += 1
            rule_id = f"{base}-{number}"
        used.add(rule_id)
        severity = "high" if cand.rarity >= 5.0 and not cand.ambiguous else (
            "normal" if cand.rarity >= 3.0 else "low"
        )
        off = unplaced(cand, story)
        body += [""] + _comment(cand.sentence) + (
            ["# Off: a common word or brand, and the seed gives nothing to place it by; add",
             "# a term it must be near (query = '… NEAR/20 (…)') and remove enabled."]
            if off else []) + [
            "[[rule]]",
            f"id = {_string(rule_id)}",
            f"name = {_string(cand.term)}",
            f"query = {_string(rule_query(cand, story))}",
            f'severity = "{severity}"',
            f"tags = [{_string(cand.kind)}]",
            f"notes = {_string(cand.why)}",
        ] + (["enabled = false"] if off else [])
    pair = pair_query(story) if story else None
    if pair and story:
        names = " / ".join(story.countries[:2])
        body += ["", f"# The story's two countries ({names}) near each other.", "[[rule]]",
                 f"id = {_string(slug('story ' + ' '.join(story.countries[:2])))}",
                 f"name = {_string('story: ' + names)}", f"query = {_string(pair)}",
                 'severity = "low"', 'tags = ["countries"]',
                 f"notes = {_string('the seeds name these countries most')}"]
    text = "\n".join(body).lstrip("\n") + "\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    header = [
        f"# Watch rules proposed by `monitor derive` from {', '.join(seeds)}.",
        "# Review them: remove what is noise, add the spellings your sources use.",
        f"{_GENERATED}{digest}",
    ]
    return "\n".join(header) + "\n\n" + text


def edited_since_derived(text: str) -> bool:
    """True if a file was not written by derive, or was changed after it was."""
    match = re.search("^" + re.escape(_GENERATED) + r"([0-9a-f]{16})\n\n", text, re.M)
    if not match:
        return True
    body = text[match.end() :]
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16] != match.group(1)
