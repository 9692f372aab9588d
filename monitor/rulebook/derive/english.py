"""English for a name of the seed's that pairs a proper name with an everyday word (Tren
Maya, Çanakkale Köprüsü, قطر للطاقة): the press abroad translates the word and keeps the
name (Maya Train, Çanakkale Bridge, QatarEnergy), where `~` finds only the spellings.
The word's English comes from data/english.tsv.gz (the Open Multilingual Wordnet joined
to the Open English WordNet; see english_data.py)."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

from monitor.rulebook.names import ARABIC_PREFIXES

# Arabic script writes the article, "and", "for", "with" against a word (للطاقة is طاقة,
# energy, with "for the"): tried as the name operator reads them, where three letters
# are left
_ARABIC_SCRIPT = frozenset({"ar", "fa", "ur"})
MIN_LEFT = 3


@cache
def _table(lang: str) -> dict[str, str]:
    """One language's everyday words -> their English word, read from the package's data
    once per process and language."""
    data = resources.files("monitor.rulebook").joinpath("data/english.tsv.gz").read_bytes()
    prefix = f"{lang}\t"
    table: dict[str, str] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line.startswith(prefix):
            _, word, english = line.split("\t")
            table[word] = english
    return table


def _lemma(word: str, lang: str) -> str:
    """The word's dictionary form by simplemma (köprüsü -> köprü), or the word."""
    import simplemma  # its dictionaries load per language: derive only

    try:
        return str(simplemma.lemmatize(word, lang=lang)).lower()
    except (ValueError, KeyError):  # a language it has no dictionary of
        return word


def english_word(word: str, lang: str) -> str | None:
    """The English word for an everyday word of the language (the one most of its senses
    give): as written, else its dictionary form, else (Arabic script) without the letters
    attached before it; None for a name or a word the data has not."""
    table = _table(lang)
    lower = word.lower()
    forms = [lower, _lemma(lower, lang)]
    if lang in _ARABIC_SCRIPT:
        forms += [lower[len(p):] for p in ARABIC_PREFIXES
                  if lower.startswith(p) and len(lower) - len(p) >= MIN_LEFT]
    return next((table[f] for f in forms if f in table), None)


def _place_english(word: str, lang: str) -> str | None:
    """A country's or city's English name, if the word is one (قطر: Qatar)."""
    from monitor.rulebook.derive.cities import city_named, city_names
    from monitor.rulebook.derive.places import country_names, country_of

    codes = country_of(word, lang)
    if len(codes) == 1:
        return next(iter(country_names(next(iter(codes)), ("en",))), None)
    city = city_named(word)
    return next(iter(city_names(city, ("en",))), None) if city else None


def translated_names(words: list[str], lang: str) -> list[str]:
    """A name of two words, a proper name or place and an everyday word, in English with
    the word translated and the place by its English name: in either order and with "of"
    (Tren Maya: Maya Train, Train Maya, Train of Maya; قطر للطاقة: Qatar Energy). None for
    any other name: two everyday words translated word for word are mostly the wrong
    senses (حقل الشمال, North Field, would be Left Field)."""
    if len(words) != 2:
        return []
    places = [_place_english(w, lang) for w in words]
    english = [None if place else english_word(w, lang) for w, place in zip(words, places,
                                                                           strict=True)]
    if sum(e is not None for e in english) != 1:
        return []
    at = 0 if english[0] else 1
    word = str(english[at]).title()
    name = places[1 - at] or words[1 - at]
    return [f"{name} {word}", f"{word} {name}", f"{word} of {name}"]
