"""The place a Slavic seed names only by its adjective or in a case that changes its last
consonant (Каховської ГЕС, у Новій Каховці: Каховка; Курской АЭС: Курск): the form the
press abroad writes (Kakhovka, Kursk), found by asking the seed language's word list
which of the few shapes such a place takes names a city (GeoNames)."""

from __future__ import annotations

import re

from monitor.rulebook.derive.cities import is_city_name
from monitor.rulebook.derive.lexicon import zipf
from monitor.rulebook.derive.places import nationality_of

# Languages written in Cyrillic that make a place's adjective with -sk- (каховський,
# курский, софийски) and decline it.
SLAVIC_CYRILLIC = frozenset({"uk", "ru", "be", "bg", "mk", "sr"})
_STEM = 3  # letters of the place's stem before -sk-
# A town is said about as often as its adjective (Херсон, Херсонської області), or more;
# a town far rarer than the adjective is named after a sea, a region or a state
# (Черноморск, Крымск after Черноморского флота, Крымского моста)
PLACE_MARGIN = 0.5

# A place's adjective: stem, -sk- (with the c or z it makes of a final k or g), and an
# adjective's case ending in any of these languages.
_ADJECTIVE = re.compile(
    rf"^(\w{{{_STEM},}}?)(ськ|цьк|зьк|ск|цк|зк)"
    "(ий|ый|ій|ой|ого|ому|им|ым|ім|ом|ої|ою|ей|ая|а|у|ую|е|ое|ые|ие|і|и|их|ых|ими|ыми|о|ог|ом)$"
)
# The Ukrainian locative and dative of a place in -ка, -га, -ха (Каховка: у Каховці;
# Прага: у Празі): the consonant changes before і.
_MUTATED = {"ці": ("ка",), "зі": ("га",), "сі": ("ха", "са")}


def _shapes(word: str) -> list[str]:
    """The places a word may name, likeliest first: an adjective's stem with the -sk- it
    keeps (донецька: Донецьк; курская: Курск), with -ка, -а or -са (каховська: Каховка;
    полтавська: Полтава; одеська: Одеса), or alone (херсонська: Херсон); a Ukrainian
    locative with its consonant back (Каховці: Каховка)."""
    shapes: list[str] = []
    adjective = _ADJECTIVE.match(word)
    if adjective:
        stem, sk = adjective.group(1), adjective.group(2)
        shapes += [stem + sk, stem + "ка", stem + "а", stem + "са", stem]
    for ending, nouns in _MUTATED.items():
        if word.endswith(ending) and len(word) - len(ending) >= _STEM:
            shapes += [word[: -len(ending)] + noun for noun in nouns]
    return shapes


def place_noun(word: str, lang: str) -> str | None:
    """The town a capitalised Slavic word names by its adjective or a changed case
    (lower-case, as GeoNames writes it): its likeliest shape that is the name of a city
    of 15,000 people or more and that the language says about as often as the word, or
    more (see PLACE_MARGIN). None when the word is no such form or none of its shapes is
    such a town, or when it names a people (Українська, Російської: the story's country
    at most)."""
    if lang not in SLAVIC_CYRILLIC or nationality_of(word):
        return None
    lower = word.lower()
    said = zipf(lower, lang) - PLACE_MARGIN
    return next((s for s in _shapes(lower) if s != lower and is_city_name(s)
                 and zipf(s, lang) >= said), None)
