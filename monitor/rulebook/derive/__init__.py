"""`monitor derive`: from seed documents to watch rules (candidates, ranking, rules file)."""

from monitor.rulebook.derive.candidates import (
    DeriveError,
    derive,
    derive_story,
)
from monitor.rulebook.derive.context import story_context, translated_abroad
from monitor.rulebook.derive.lexicon import (
    KNOWN_SHARE,
    detect_language,
    dictionary_languages,
    has_word_list,
    known_share,
    language_name,
    languages,
)
from monitor.rulebook.derive.seedtext import headline_lines
from monitor.rulebook.derive.story import Candidate, Story
from monitor.rulebook.derive.write import (
    edited_since_derived,
    rule_query,
    rules_text,
    slug,
    unplaced,
)

__all__ = [
    "KNOWN_SHARE", "Candidate", "DeriveError", "Story", "derive", "derive_story",
    "detect_language", "dictionary_languages", "edited_since_derived", "has_word_list",
    "headline_lines",
    "known_share", "language_name", "languages",
    "rule_query", "rules_text", "slug", "story_context", "translated_abroad", "unplaced",
]
