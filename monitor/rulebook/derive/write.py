"""From ranked candidates to a rules file: one rule per core name of the story, each under
the seed sentence it came from; names that need it get the story's own context nearby.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

from monitor.rulebook.derive.context import (
    country_terms,
    is_acronym,
    name_term,
    name_terms,
    quoted,
    rule_context,
    story_context,
    story_press,
)
from monitor.rulebook.derive.lexicon import uncased
from monitor.rulebook.derive.story import Candidate, Story

_GENERATED = "# monitor-derive-digest: "
NEAR = 20  # words between an ambiguous name and the story's context
PAIR_NEAR = 8  # words between the story's two countries


def slug(text: str) -> str:
    """A rule id from a name in any script: romanised, lower case, words joined by -."""
    from anyascii import anyascii

    ascii_text = anyascii(unicodedata.normalize("NFC", text))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "rule"


def rule_query(cand: Candidate, story: Story | None = None) -> str:
    """The watch query for a candidate: its forms ORed; the forms that name other things
    too (and every form of an ambiguous name) only near the story's context; the name
    itself where it has no such context (`unplaced`: written disabled)."""
    return " OR ".join(_placed(cand, story) or name_terms(cand, cand.forms()))


def _placed(cand: Candidate, story: Story | None) -> list[str]:
    """The parts of a candidate's query: its free forms, and its guarded ones near their
    context; none when every form needs context and the seed gives none."""
    if cand.ambiguous and cand.kind != "equipment":
        free: list[str] = []
        guarded = list(dict.fromkeys(
            t for f in cand.forms()
            for t in ([f"case:{quoted(f)}", *name_term(f, cand.kind)] if not uncased(f)
                      else name_term(f, cand.kind))))
    else:
        free = name_terms(cand, [f for f in cand.forms() if f not in cand.guarded])
        guarded = name_terms(cand, cand.guarded)
    context = rule_context(story, cand) if story else cand.context
    parts = list(free)
    if story and cand.kind != "acronym":
        # a name's acronym (GNI for Gunbuster Nickel Industry) is also other things'
        # (gross national income): like any acronym, placed by the countries abroad only
        letters = [t for t in guarded if t.startswith("case:") and is_acronym(t[5:].strip('"'))]
        short = story_context(story, cand, broad=not cand.tight, acronym=True) \
            if letters else []
        if short:
            parts.append(f"(({' OR '.join(letters)}) NEAR/{NEAR} ({' OR '.join(short)}))")
            guarded = [t for t in guarded if t not in letters]
    if guarded and context:
        parts.append(f"(({' OR '.join(guarded)}) NEAR/{NEAR} ({' OR '.join(context)}))")
        # a name famous at home is only this one written in another script
        parts += [f"abroad:{t}" for f in cand.at_home for t in name_term(f, cand.kind)
                  if t.startswith("~")]
    return parts


def unplaced(cand: Candidate, story: Story | None) -> bool:
    """Whether a name that is also a common word, a big brand or a short code (A2, a
    motorway) has no context from the seed to be placed by: its rule would be the bare
    word (every story that says it)."""
    return not _placed(cand, story)


def pair_query(story: Story) -> str | None:
    """The story's two main countries near each other (Morocco … Pakistan), for items
    that tell the story without its names."""
    if not story.pair or not PAIR_NEAR:
        return None
    first, second = story.countries[:2]
    press = story_press(story)
    return (f"({' OR '.join(country_terms(first, press=press))}) NEAR/{PAIR_NEAR} "
            f"({' OR '.join(country_terms(second, press=press))})")


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


def _notes(cand: Candidate) -> str:
    """Why the name is a rule, and where its forms the seed does not write came from."""
    used = [f"{', '.join(forms)} from {where}" for forms, where in cand.sources()]
    return cand.why + (f"; {'; '.join(used)}" if used else "")


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
            f"notes = {_string(_notes(cand))}",
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
