"""Countries, cities, languages, months and days in every language CLDR has (through
Babel; big cities also from GeoNames), so derive can tell a story's names from the places
and dates around them, and can write a country into a rule in the languages a
multilingual press uses.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache

import regex

from monitor.rulebook.derive.cities import capital_of, city_names, major_city_names, towns
from monitor.rulebook.derive.lexicon import AMBIGUITY_LANGUAGES, languages, max_zipf, uncased, zipf
from monitor.rulebook.names import BENGALI_LETTERS, BENGALI_SUFFIXES, case_stem, case_stems
from monitor.rulebook.names import script as name_script
from monitor.rulebook.normalize import folded_tokens

# The languages whose spelling of a country goes into a rule's context (wordfreq's), and
# Chinese as Taiwan and Hong Kong write it (澳洲 for Australia, where Beijing writes 澳大利亚)
CONTEXT_LOCALES = ("en", "es", "fr", "pt", "de", "it", "ar", "fa", "ur", "ru", "uk", "zh",
                   "zh_Hant", "ja", "ko", "hi", "he", "tr", "id", "nl", "pl")
# Endings that make a demonym or an adjective of a country's name in the languages derive
# sees (Moroccan, pakistanaise, marroquí, indonesio, китайский, المغربي).
_DEMONYM_ENDINGS = (
    "ian", "ean", "an", "ese", "ish", "i", "ais", "aise", "ois", "oise", "ien", "ienne",
    "ain", "aine", "ano", "ana", "anos", "anas", "eño", "eña", "ense", "ês", "esa", "és",
    "í", "íes", "ies", "is", "es", "er", "isch", "ische", "isk", "ski", "ska", "ский",
    "ская", "ские", "ي", "يه", "ية", "يون", "يين", "ه", "o", "a", "os", "as", "e", "s", "n",
    "en",
)
_ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")
_ARABIC_NISBA = re.compile("(?:ي|ية|يون|يين)$")  # an Arabic adjective of origin
_DEMONYM_END = re.compile(f"(?:{'|'.join(_DEMONYM_ENDINGS)})?$")
# Polish and Czech adjectives in their cases, after the -sk- or -ck- of the adjective
# (polskiej, polskich, české): elsewhere the endings are other words' (kamerou, paragem)
_SLAVIC_ADJECTIVE_END = re.compile(
    "(?:ie|iej|ich|im|imi|iego|iemu|ej|ych|ym|ego|ou|em|e|a|i|y)$")
_SLAVIC_ADJECTIVE_STEM = ("sk", "ck")
_SLAVIC_NOUN_END = re.compile("(?:ie|em|u|a|y|owi|u)$")
_PLURAL_NOUN_ENDS = ("ach", "ami", "om")
# Russian and Ukrainian adjectives of a country in their cases, folded (й as и, ї as і):
# the name's stem, -ск- or -ськ- and an adjective's ending (египетской, индийской,
# пакистанского, українській); not a bare -a or -e, which a Russian name takes too
# (Франциска is no French adjective)
_CYRILLIC_ADJECTIVE_END = re.compile(
    "(?:и|ан)?(?:ск(?:ии|ыи|ои|ая|ое|ую|ого|ому|им|ым|ом|ие|ые|их|ых|ими|ыми)"
    "|ськ(?:ии|іи|а|е|ого|ому|оі|ою|у|ім|им|і|их|ими))$")
# Greek declines a country (Τουρκίας, Αιγύπτου: of Turkey, of Egypt) and makes its
# adjective and people from the stem (τουρκικής, κινεζική, Κινέζοι), folded: final ς is σ
_GREEK_ENDS = "(?:οσ|ου|ο|ον|οι|ων|ουσ|η|ησ|εσ|α|ασ|ε|σ)"
_GREEK_CASE_END = re.compile(f"{_GREEK_ENDS}?$")
_GREEK_ADJECTIVE_END = re.compile(f"(?:(?:ικ|ιακ|εζικ|εζ|ανικ|ιν|ι){_GREEK_ENDS}|οι)$")
SHORT_GREEK_STEM = 3  # Κίν-α, κιν-εζική, Ρώσ-οι: only with a people's or adjective's ending
# A word the press writes for a country is one its language knows this often.
_COUNTRY_WORD_ZIPF = 1.5


# National languages without word frequencies (Azerbaijani, Kazakh, Georgian, Armenian,
# Estonian…): their names of countries are countries too, in a seed in one of them
NATIONAL_LOCALES = frozenset({"az", "kk", "ka", "hy", "et", "uz", "be", "sq", "mn", "ky",
                              "tg", "tk", "sw", "am", "km", "lo", "my", "si", "ne"})


@cache
def _locales() -> tuple[str, ...]:
    """CLDR's languages that derive reads seeds and sources in (those with word
    frequencies): the rarer locales name minor languages like common words (Tatá)."""
    from babel.localedata import locale_identifiers

    known = set(languages()) | set(CONTEXT_LOCALES) | {"sr", "hr", "bs", "nb", "no"}
    return tuple(sorted(i for i in locale_identifiers() if i in known))


def _parse(identifier: str):  # type: ignore[no-untyped-def]
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(identifier)
    except (UnknownLocaleError, ValueError):
        return None


# CLDR's territories that are no country (the European Union, the eurozone, the UN)
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "ZZ"})


@cache
def countries() -> dict[str, set[str]]:
    """Folded country name (any language) -> the ISO codes it names."""
    names: dict[str, set[str]] = defaultdict(set)
    for identifier in sorted({*_locales(), *NATIONAL_LOCALES}):
        locale = _parse(identifier)
        if locale is None:
            continue
        for code, name in locale.territories.items():
            if code.isalpha() and len(code) == 2 and code not in _NOT_COUNTRIES:
                names[folded_tokens(name)].add(code)
    # CLDR's names of two words and more, each without one of its words
    shorter: dict[str, set[str]] = defaultdict(set)
    for name, codes in names.items():
        words = name.split()
        for at in range(len(words) if len(words) >= 2 else 0):
            shorter[" ".join(words[:at] + words[at + 1:])] |= codes
    for code, name in _iso_names():
        folded = folded_tokens(name)
        # in Latin letters, folded, they are other languages' words (Vietnamese Mỹ is
        # "my", Serbian SAD is "sad"), and CLDR has the Latin names the press uses;
        # another country's CLDR name but a word is that one's (المالديف of جزر المالديف,
        # the Maldives islands, which one translation gives Moldova)
        if folded not in names and not folded.isascii() and len(folded) >= 3 \
                and not shorter.get(folded, set()) - {code}:
            names[folded].add(code)
    names.pop("", None)
    return dict(names)


@cache
def _capital_names() -> dict[str, set[str]]:
    """Country names CLDR writes in capitals (USA, in Swedish and Danish) -> ISO codes."""
    names: dict[str, set[str]] = defaultdict(set)
    for identifier in sorted({*_locales(), *NATIONAL_LOCALES}):
        locale = _parse(identifier)
        for code, name in (locale.territories.items() if locale is not None else ()):
            if name.isupper() and code.isalpha() and len(code) == 2 \
                    and code not in _NOT_COUNTRIES:
                names[name].add(code)
    return dict(names)


def _iso_names() -> list[tuple[str, str]]:
    """Countries' short names as the iso-codes translations (through pycountry) give
    them in the languages derive reads, where CLDR has only the long one (السعودية beside
    CLDR's المملكة العربية السعودية)."""
    return [(code, name) for lang in sorted({i.split("_")[0] for i in _locales()})
            for code, name in iso_short_names(lang).items()]


@cache
def iso_short_names(lang: str) -> dict[str, str]:
    """ISO code -> the country's short name in one language, from iso-codes (empty for a
    language it does not translate)."""
    import gettext

    import pycountry

    try:
        names = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return {}
    out = {}
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        if "," not in english:  # "Korea, Republic of" is no name as written
            out[country.alpha_2] = unicodedata.normalize("NFC", names.gettext(english))
    return out


@cache
def country_names(code: str, locales: tuple[str, ...] = CONTEXT_LOCALES) -> tuple[str, ...]:
    """A country's name in each of the given languages: as CLDR writes it, and the short
    name iso-codes gives where CLDR has only the long one (السعودية)."""
    out: dict[str, None] = {}
    for identifier in locales:
        locale = _parse(identifier)
        if locale is not None and code in locale.territories:
            out[locale.territories[code]] = None
        # and the short name the press writes, where CLDR has only the long one
        # (السعودية): those that name this country alone
        short = iso_short_names(identifier.split("_")[0]).get(code, "")
        if short and countries().get(folded_tokens(short)) == {code}:
            out[_without_marks(short)] = None
    return tuple(out)


# Two countries whose English names are together this common (the sum of their Zipf
# frequencies) meet in news of every kind: China and Japan, Russia and Ukraine, China
# and Hong Kong; Morocco and Pakistan (8.4) seldom do.
EVERYDAY_PAIR_ZIPF = 9.0


def everyday_pair(first: str, second: str) -> bool:
    """Whether two countries (ISO codes) are named together in too much news for the
    pair alone to tell a story: the world press names each of them that often."""
    import pycountry
    from babel import Locale

    english = Locale("en").territories

    def commonness(code: str) -> float:
        country = pycountry.countries.get(alpha_2=code)
        names = [english.get(code, "")]
        if country is not None:
            names.append(getattr(country, "common_name", None) or country.name)
        return max((zipf(name, "en") for name in names if name), default=0.0)

    return commonness(first) + commonness(second) >= EVERYDAY_PAIR_ZIPF


def _without_marks(name: str) -> str:
    """A name without the vowel and doubling marks iso-codes writes on Arabic (السّعوديّة):
    the press leaves them out, and a term is matched as written."""
    return str(regex.sub(r"[\u064b-\u065f\u0670]", "", name))


@cache
def country_words(code: str, locales: tuple[str, ...] = CONTEXT_LOCALES) -> tuple[str, ...]:
    """The country's adjectives and inflected forms in each language (Qatari, qatarie,
    Katars, katarische, Chinese): its name with a demonym ending, kept when that language's word
    list knows the word and it names this country alone (not Nigerian for Niger)."""
    out: dict[str, None] = {}
    for identifier in locales:
        locale = _parse(identifier)
        name = locale.territories.get(code) if locale is not None else None
        if not name or " " in name or not name.isalpha() or _UNSPACED_NAME.search(name):
            continue
        folded = folded_tokens(name)
        for ending in _DEMONYM_ENDINGS:
            if len(ending) == 1 and ending not in _ONE_LETTER.get(identifier, "i"):
                continue  # chinas, jordans: plurals and other words, not the country
            if ending in ("ski", "ska") and identifier != "pl":
                continue  # a Polish adjective's ending on another language's name
            word = folded + ending
            known = zipf(word, identifier)
            # a word of this language (not West Indies' indies in Polish), naming this
            # country alone
            if known >= _COUNTRY_WORD_ZIPF and known >= max_zipf(word) - 0.5 \
                    and _demonym_of(word) == {code} and word not in countries():
                out[word] = None
    return tuple(out)


@cache
def language_words(code: str, locales: tuple[str, ...] = CONTEXT_LOCALES) -> tuple[str, ...]:
    """The names of the country's own languages, as each language writes them: the
    press's word for its people and things too (Chinese, chinois, китайский, الصينية,
    polski). A language is the country's own when its name begins as the country's does
    in that language (not Portuguese for Brazil), or where the country is its home (see
    _home_languages: French, Dutch, Danish)."""
    out: dict[str, str] = {}
    own = official_languages(code)
    homes = _home_languages(code)
    for identifier in locales:
        locale = _parse(identifier)
        if locale is None or code not in locale.territories:
            continue
        words = [_bare(w) for w in folded_tokens(locale.territories[code]).split()]
        for language in own:
            name = locale.languages.get(language, "")
            folded = folded_tokens(name)
            if not folded.isalpha() or _UNSPACED_NAME.search(name) or folded in countries():
                continue  # Tiếng Trung, 中国語: a phrase, not the adjective; Korea in id
            bare = _bare(folded)
            # and a word of that language above all (not Arab in Indonesian: English's)
            if _language_home(language) not in (None, code):
                continue  # French is France's, not French Guiana's nor French Polynesia's
            if (any(len(w) >= 3 and bare[:3] == w[:3] for w in words) or language in homes) and (
                    identifier not in languages()
                    or zipf(folded, identifier) >= max_zipf(folded) - 0.5):
                out.setdefault(folded, name)
        for word, base in _variant_words(identifier).get(code, ()):
            if base in own and folded_tokens(locale.languages.get(base, "")) in out:
                continue  # its own language's variant (portugais européen): no adjective
            folded = folded_tokens(word)
            if identifier not in languages() or zipf(folded, identifier) >= max_zipf(folded) - 0.5:
                out.setdefault(folded, word)
    return tuple(out.values())


# a language official for most people in more countries than this is the press's of many
# (English: the United States is CLDR's likely country for it, but "English" no word for
# Americans)
MAX_HOME_COUNTRIES = 30
HOME_SHARE = 50  # per cent of the country's people the language is official for


@cache
def _home_languages(code: str) -> frozenset[str]:
    """The languages whose home the country is: CLDR's likely country for them, official
    there for most of its people, in few countries so, and their English name beginning
    as no other country's does but those named with it (French: France, and French
    Guiana; not Portuguese, Portugal's, for Brazil, nor Arabic, Saudi Arabia's, for
    Egypt). Their names are its people's word in every language (Dutch, néerlandais)."""
    from babel import Locale
    from babel.core import get_global

    spoken = get_global("territory_languages")
    likely = get_global("likely_subtags")
    english = Locale.parse("en")
    out = set()
    for language in official_languages(code):
        subtags = likely.get(language, "")
        info = spoken.get(code, {}).get(language, {})
        if subtags.count("_") != 2 or subtags.rsplit("_", 1)[1] != code \
                or info.get("population_percent", 0) < HOME_SHARE:
            continue
        majority = [c for c, found in spoken.items() if language in found
                    and found[language].get("official_status")
                    and found[language].get("population_percent", 0) >= HOME_SHARE]
        name = folded_tokens(english.languages.get(language, ""))
        if not name.isalpha() or len(majority) > MAX_HOME_COUNTRIES:
            continue
        if any(len(word) >= 3 and word != name and word[:3] == name[:3]
               for other, country in english.territories.items() if other != code
               for word in folded_tokens(country).split()):
            continue
        out.add(language)
    return frozenset(out)


@cache
def _language_home(language: str) -> str | None:
    """The country a language is the home language of (see _home_languages), if any."""
    return next((code for code in _territories() if language in _home_languages(code)), None)


@cache
def _variant_words(identifier: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """ISO code -> the adjective a language's names of other languages' variants give the
    country (American English, anglais américain, inglés estadounidense, британский
    английский): a word for its people and things where its language is another's; one
    that two countries share (European Spanish, European Portuguese) is neither's."""
    locale = _parse(identifier)
    if locale is None:
        return {}
    found: dict[str, set[str]] = defaultdict(set)
    bases: dict[str, str] = {}
    for key, name in locale.languages.items():
        base, _, code = key.partition("_")
        base_name = folded_tokens(locale.languages.get(base, ""))
        if len(code) != 2 or not code.isalpha() or not base_name or _UNSPACED_NAME.search(name):
            continue
        rest = [w for w in name.split() if folded_tokens(w) not in base_name.split()]
        # the language's own name and one word more, a word alone (not d’Espagne, High)
        if len(rest) == len(name.split()) - len(base_name.split()) == 1 and rest[0].isalpha() \
                and folded_tokens(rest[0]) not in countries():
            found[rest[0]].add(code)
            bases[rest[0]] = base
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for word, codes in found.items():
        if len(codes) == 1:
            out[next(iter(codes))].append((word, bases[word]))
    return {code: tuple(words) for code, words in out.items()}


@cache
def _language_word_codes() -> dict[str, frozenset[str]]:
    """Folded language-named adjective (chinois, китайский) -> the countries it is of."""
    from babel import Locale

    codes: dict[str, set[str]] = defaultdict(set)
    for code in map(str, Locale.parse("en").territories):
        if code.isalpha() and len(code) == 2:
            for word in language_words(code):
                codes[folded_tokens(word)].add(code)
    return {word: frozenset(found) for word, found in codes.items()}


def nationality_of(word: str) -> set[str]:
    """The countries a word names or describes: a country, its demonym, or the adjective
    named like its language in any of its forms (chinois, китайской, chińskiego)."""
    return set(_nationality_of(word))


@lru_cache(maxsize=65536)
def _nationality_of(word: str) -> frozenset[str]:
    found = country_of(word)
    if found:
        return frozenset(found)
    folded = folded_tokens(word)
    table = _language_word_codes()
    if folded in table:
        return frozenset(table[folded])
    # an inflected form: the adjective less its ending, at least five letters long
    for cut in (1, 2, 3):
        stem = folded[: len(folded) - cut]
        if len(stem) < 5:
            break
        hits = {c for w, cs in table.items() if w.startswith(stem) and len(w) - len(stem) <= 3
                for c in cs}
        if hits:
            return frozenset(hits)
    return frozenset()


def _bare(word: str) -> str:
    """A folded word without the Arabic article (الصينية, الصين)."""
    return word[2:] if word.startswith("ال") else word


# The one-letter endings that make a country's adjective or case: -i everywhere (Qatari,
# qatari), the genitive -s of German and Dutch (Katars), Arabic script's ي (باكستاني).
_ONE_LETTER = {"de": "is", "nl": "is", "ar": "iي", "fa": "iي", "ur": "iي"}
_UNSPACED_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@cache
def subdivision_codes() -> frozenset[str]:
    """ISO 3166-2 codes of the countries' states and provinces (BR-AM, US-CA)."""
    import pycountry

    return frozenset(region.code for region in pycountry.subdivisions)


# wordfreq's Serbo-Croatian: a Serbian seed in Cyrillic is read through it, and CLDR
# names its languages apart
SERBO_CROATIAN = "sh"
_LANGUAGES_OF = {SERBO_CROATIAN: ("sr", "hr", "bs")}


@cache
def speaking_countries(lang: str) -> frozenset[str]:
    """The countries where a language is official or spoken in fact (CLDR); for
    Serbo-Croatian, where Serbian, Croatian or Bosnian is."""
    spoken = _LANGUAGES_OF.get(lang, (lang,))
    return frozenset(code for names in countries().values() for code in names
                     if any(one in official_languages(code) for one in spoken))


SHORT_TOWN = 3


@cache
def _home_towns(lang: str) -> frozenset[str]:
    """The towns (GeoNames) of the countries that speak the seed's language, folded and
    also without their case endings."""
    return frozenset(_town_countries(lang))


def home_town(word: str, lang: str) -> bool:
    """Whether a word names a town of the seed's language's countries, in any case
    (Eindhoven, Πειραιά): the press there names its towns as often as common words, but
    they are places, not words."""
    folded = folded_tokens(word)
    if len(folded) <= SHORT_TOWN:
        return False  # a syllable or a short word is many towns' part (Bộ, ministry)
    return any(form in _home_towns(lang) for form in (folded, *case_stems(folded)))


@cache
def _town_countries(lang: str) -> dict[str, frozenset[str]]:
    """Each town (GeoNames) of the countries that speak the seed's language, folded and
    also without its case ending -> the countries it is in."""
    found: dict[str, set[str]] = {}
    for code in speaking_countries(lang):
        for name in towns(frozenset({code})):
            folded = folded_tokens(name)
            for form in (folded, *case_stems(folded)):
                found.setdefault(form, set()).add(code)
    return {form: frozenset(codes) for form, codes in found.items()}


def town_countries(word: str, lang: str) -> frozenset[str]:
    """The countries of the seed's language a word names a town of, in any case
    (Skellefteå: SE; Λάρισας: GR), or none: its own country is in all its news."""
    folded = folded_tokens(word)
    if len(folded) <= SHORT_TOWN:
        return frozenset()
    table = _town_countries(lang)
    return next((table[form] for form in (folded, *case_stems(folded)) if form in table),
                frozenset())


@cache
def official_languages(code: str) -> tuple[str, ...]:
    """The languages CLDR says a country uses officially or in fact (fa for IR)."""
    from babel.languages import get_official_languages

    return tuple(get_official_languages(code, de_facto=True))


@cache
def language_country(lang: str) -> str | None:
    """The country whose press writes mostly in a language (ko: KR, ja: JP), as CLDR's
    likely subtags have it, where the language is official there; none for a language of
    many countries' press (en, es, fr, ar)."""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(lang, "")
    code = likely.split("_")[-1] if likely.count("_") == 2 else ""
    if not code or lang not in official_languages(code):
        return None
    spoken = [c for c in _territories() if lang in official_languages(c)]
    return code if len(spoken) <= 2 else None


@cache
def _territories() -> tuple[str, ...]:
    """The countries CLDR knows the languages of (ISO codes)."""
    from babel.core import get_global

    return tuple(c for c in get_global("territory_languages") if len(c) == 2 and c.isalpha())


@cache
def own_languages(code: str) -> tuple[str, ...]:
    """The country's official languages CLDR knows (hu for HU): its own press names it in
    them (Magyarország), whatever the languages a press elsewhere uses."""
    from babel.languages import get_official_languages

    return tuple(lang for lang in get_official_languages(code, de_facto=True)
                 if lang not in CONTEXT_LOCALES and _parse(lang) is not None)


# A word of two countries' names this common in English is an everyday word (United,
# Virgin, New); in the names' own language, where the country's name is common too
# (Корея, 3.95 in Ukrainian), only more than this (Republik)
SHARED_WORD_ZIPF = 4.0
OWN_SHARED_ZIPF = 4.5


def _shared_words(territories: dict[str, str], lang: str) -> set[str]:
    """The words two or more countries' names share in one language, no everyday words:
    Корея of Південна Корея and Північна Корея, Guinea, Sudan. Alone, a word names
    neither country, but it is a place, no name to watch (Корея готова підтримувати)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for code, name in territories.items():
        if len(code) == 2 and code.isalpha() and code not in _PSEUDO_TERRITORIES:
            for word in name.lower().split():
                seen[word].add(code)
    # (its frequencies read the word as written: folded, Vietnamese Thủy, Quốc are none)
    return {folded_tokens(word) for word, codes in seen.items()
            if len(codes) >= 2 and len(word) >= 4 and lang != "vi"
            and zipf(word, "en") < SHARED_WORD_ZIPF and zipf(word, lang) < OWN_SHARED_ZIPF}


_PSEUDO_TERRITORIES = frozenset({"XA", "XB", "ZZ"})  # CLDR's test and unknown regions


@cache
def _other_names() -> frozenset[str]:
    """Folded city, language, month and day names, and the world's regions and unions
    (Europe, 유럽, Africa, 유럽연합), in every CLDR language."""
    names: set[str] = set()
    for identifier in _locales():
        locale = _parse(identifier)
        if locale is None:
            continue
        names.update(folded_tokens(n) for n in locale.languages.values())
        regions = [n for code, n in locale.territories.items()
                   if code.isdigit() or code in _NOT_COUNTRIES]  # Europe, the EU
        # as written, and run together as Korean writes them (유럽 연합, 유럽연합)
        names.update(folded_tokens(n) for n in regions)
        names.update(folded_tokens(n.replace(" ", "")) for n in regions if uncased(n))
        for zone_id, zone in locale.time_zones.items():
            names.add(folded_tokens(zone.get("city") or zone_id.rsplit("/", 1)[-1]))
        names |= _shared_words(locale.territories, locale.language)
    for zone_id in _zone_ids():
        names.add(folded_tokens(zone_id.rsplit("/", 1)[-1].replace("_", " ")))
    names |= major_city_names()
    names.discard("")
    return frozenset(names)


def capital_names(code: str) -> tuple[str, ...]:
    """A country's capital as the press writes it in the languages of a rule's context
    (Beijing, Pékin, Пекин, بكين): it often stands for the country's government."""
    key = capital_of(code)
    return city_names(key, CONTEXT_LOCALES) if key else ()


@cache
def _dates() -> frozenset[str]:
    """Folded month and day names in every CLDR language derive reads."""
    names: set[str] = set()
    for identifier in _locales():
        locale = _parse(identifier)
        if locale is None:
            continue
        for context in ("format", "stand-alone"):
            names.update(folded_tokens(n) for n in locale.months[context]["wide"].values())
            names.update(folded_tokens(n) for n in locale.days[context]["wide"].values())
    names.discard("")
    return frozenset(names)


def is_date(word: str, lang: str | None = None) -> bool:
    """A month or day name in some CLDR language (febrero, Monday, octobre), or (lang) in
    that language or English: Mai, May in German, is a Vietnamese family name."""
    if lang is None:
        return folded_tokens(word) in _dates()
    return folded_tokens(word) in _dates_in(lang) | _dates_in("en")


# endings a language writes on a day's name: Swedish "on Wednesday" (onsdagen), German
# and English adverbs and plurals (montags, Mondays); not Montage, an assembly
DAY_ENDINGS = ("s", "en", "ens")
# Cyrillic case endings, the letter that changes in a day's or month's name in another
# case (среда: в среду; январь: 5 января); a Latin letter changes a word (abril: abrió)
_CASE_LETTERS = frozenset("аяеуюыиоьй")


def is_date_form(word: str, lang: str) -> bool:
    """A day's name of the language with an ending (Swedish onsdagen, "on Wednesday"),
    or a Cyrillic day's or month's name in another case (в среду, 5 января): in every
    story, none of its words."""
    folded = folded_tokens(word)
    return any(
        (len(folded) == len(name) >= 5 and folded[:-1] == name[:-1]
         and {folded[-1], name[-1]} <= _CASE_LETTERS)
        or (folded.startswith(name) and folded[len(name):] in DAY_ENDINGS
            and name in _dates_in(lang, days_only=True))
        for name in _dates_in(lang) if " " not in name)


@cache
def _dates_in(identifier: str, days_only: bool = False) -> frozenset[str]:
    """Folded month and day names (or only day names) in one language."""
    locale = _parse(identifier)
    if locale is None:
        return frozenset() if days_only else _dates()
    tables = (locale.days,) if days_only else (locale.months, locale.days)
    return frozenset(folded_tokens(n) for context in ("format", "stand-alone")
                     for table in tables
                     for n in table[context]["wide"].values()) - {""}


def _zone_ids() -> set[str]:
    """The time zones' ids (Africa/Casablanca): their cities, in English."""
    import zoneinfo

    try:
        return set(zoneinfo.available_timezones())
    except (OSError, ValueError):
        return set()


@cache
def _stems() -> dict[str, set[str]]:
    """Country-name stems (the name less its last one or two letters) -> ISO codes."""
    stems: dict[str, set[str]] = defaultdict(set)
    for name, codes in countries().items():
        name = _bare(name)
        shortest = SHORT_GREEK_STEM if name_script(name) == "greek" else 4
        if " " in name or len(name) < shortest:
            continue
        for cut in (0, 1, 2):
            stem = name[: len(name) - cut]
            if len(stem) >= shortest:
                stems[stem] |= codes
    return stems


MIN_COUNTRY_INITIALS = 3  # two letters are many things' (RM, RK)


@cache
def union_letters() -> frozenset[str]:
    """The letters of the unions of countries CLDR counts among its territories and
    names by their initials (EU, the European Union; UN, the United Nations): in every
    story of their members, context at most."""
    from babel import Locale

    return frozenset(code for code, name in Locale("en").territories.items()
                     if code.isalpha() and code in _NOT_COUNTRIES
                     and "".join(w[0] for w in name.split() if w[:1].isupper()) == code)


@cache
def english_initials() -> dict[str, str]:
    """Latin initials -> the one country whose English name (CLDR's) they spell, word by
    capitalised word (US, UK, UAE, NZ): as often an organisation's letters (CAR, PR), so
    a country's only where the seed names that country too."""
    import pycountry
    from babel import Locale

    out: dict[str, set[str]] = defaultdict(set)
    for code, name in Locale("en").territories.items():
        if len(code) != 2 or not code.isalpha() or pycountry.countries.get(alpha_2=code) is None:
            continue  # a region (Outlying Oceania) or a union (the EU), no country
        words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
        if len(words) >= 2:
            out["".join(w[0] for w in words)].add(code)
    return {initials: next(iter(codes)) for initials, codes in out.items() if len(codes) == 1}


@cache
def _country_initials() -> dict[str, set[str]]:
    """A country's initials in the languages derive reads (КНР, США, ОАЭ, ЮАР, ΗΠΑ):
    the first letters of the capitalised words of its ISO 3166 names (pycountry's, in
    each language's translation), three or more of them."""
    import gettext

    import pycountry

    out: dict[str, set[str]] = defaultdict(set)
    for lang in _locales():
        try:
            names = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for country in pycountry.countries:
            for attr in ("name", "official_name"):
                english = getattr(country, attr, None)
                if not english:
                    continue
                if "," in english:
                    continue  # "Korea, Republic of" is no name as written
                # the capitalised words, a hyphen between two of them too (Южно-Африканская)
                words = [w for w in re.split(r"\s+|-(?=[^\W\d_])", names.gettext(english))
                         if w[:1].isupper()]
                initials = "".join(w[0] for w in words)
                # Latin initials are as often an organisation's as a country's (ITC, ISS,
                # CAR): Cyrillic and Greek ones only, where the press writes a country so;
                # each letter a word's, not a syllable's (Vietnamese Mo-na-cô)
                if len(initials) >= MIN_COUNTRY_INITIALS and not initials.isascii() and \
                        all(len(w) >= MIN_COUNTRY_INITIALS for w in words):
                    out[initials].add(country.alpha_2)
    # initials two countries share are neither's
    return {initials: codes for initials, codes in out.items() if len(codes) == 1}


# a word this much more common than the country name it is a case form of is a word of
# its own (Bulgarian като, "as", is no Катар; само, "only", no Самоа)
CASE_FORM_MARGIN = 1.5
# Bengali writes a case ending against a country (বাংলাদেশের) and makes its adjective
# with one of these (চীনা, ভারতীয়)
_BENGALI_ADJECTIVE_ENDS = ("ীয়", "ি", "া")
# Turkish and Azeri make a country's people with -li (Çinli, Pakistanlılar: Chinese,
# Pakistanis), folded
_TURKIC = ("tr", "az")
_TURKIC_DEMONYM = regex.compile(r"^(\w{3,}?)l[iu](?:lar|ler)?$")
# a capitalised word, an apostrophe (or Finnish's colon) and a short lower-case ending:
# Turkish, Azeri and the Slavic languages in Latin letters write a name's case endings so
# (Türkiye'deki, Gürcistan'ın, Westinghouse'em, TVO:n), English its possessive
SUFFIXED = regex.compile(r"^(\p{Lu}[\p{L}\p{M}]{2,})['’:]\p{Ll}{1,5}$")
DEMONYM_MARGIN = 1.0


_SHORT_NAME = 3  # letters: a word this short in capitals is an acronym (see country_of)


def country_of(word: str, lang: str | None = None) -> set[str]:
    """The ISO codes a word or phrase names, as a country or as its demonym or adjective
    (Morocco, Marruecos, المغرب, Moroccan, marroquíes → MA), or by its initials (КНР);
    (lang) not where the seed's language says it as a common word of its own."""
    if (suffixed := SUFFIXED.match(word)) and " " not in word:
        # a name with its ending after an apostrophe (Türkiye'nin, Pakistan's): the name
        return country_of(suffixed.group(1), lang)
    folded = folded_tokens(word)
    said = zipf(word.lower(), lang) if lang else 0.0

    def named(code: str, margin: float = CASE_FORM_MARGIN) -> bool:
        """Whether the word is not far more common than the country's own name there."""
        return not lang or said <= max((zipf(n.lower(), lang) for n in country_names(
            code, (lang,))), default=0.0) + margin

    if word.isupper() and " " not in word and word in _country_initials():
        return _country_initials()[word]
    if word.isupper() and len(word) <= _SHORT_NAME:
        # an acronym (SEC, the Securities and Exchange Commission; BI) is no country a
        # short name in some language folds to (Séc, Czechia in Vietnamese; Bỉ, Belgium),
        # only one a language writes so (USA)
        return set(_capital_names().get(word, ()))
    if folded in countries():
        return countries()[folded]
    if " " in folded:
        return set()
    bare = _bare(folded)  # without the Arabic article
    if bare in countries():
        return countries()[bare]
    if BENGALI_LETTERS.match(folded):
        # Bengali writes a case ending against the name (বাংলাদেশের, চীনের: of
        # Bangladesh, of China) and makes its adjective with -ি, -া or -ীয় (চীনা, ভারতীয়)
        for ending in (*BENGALI_SUFFIXES, *_BENGALI_ADJECTIVE_ENDS):
            if folded.endswith(ending) and folded[: -len(ending)] in countries():
                return countries()[folded[: -len(ending)]]
    turkic = _TURKIC_DEMONYM.match(folded)
    if turkic and lang in (None, *_TURKIC) and turkic.group(1) in countries():
        return countries()[turkic.group(1)]
    stem = case_stem(folded)
    if stem != folded and not word[:1].islower():
        # a Russian country name in another case (Монголии, Китая, России), written with
        # its capital (лівим берегом, by the left bank, is no Лівія; грузом no Грузия)
        cased = {code for name in _places_starting(stem[:3]) if name in countries()
                 and _case_of(folded, stem, name)
                 for code in countries()[name] if named(code)}
        if cased:
            return cased
    if max_zipf(folded) >= 4.5 and not _ARABIC_NISBA.search(folded):
        return set()  # an everyday word ("dans", "bras") is no demonym; an Arabic one
        # with the ending of one (الروسي, the Russian) is common as a demonym
    # nor one of the seed's language's (Hungarian angol, English, is no Angolan)
    # and a demonym is said less than its country (French malades, the sick, is far more
    # common than the Maldives, whose Indonesian name Maladewa it looks like)
    return {code for code in _demonym_of(bare) if named(code, DEMONYM_MARGIN)}


# What a place's name ends in, folded, after the stem its cases share (Росси-я, Кита-и,
# Пекин, Монголи-я); and the plural's endings, which a country or city in the singular never
# takes (словами is no Словакия, суров no Сирия)
_NOMINATIVE_ENDS = frozenset({"", "а", "я", "ия", "аи", "еи", "ои", "ь", "и", "ія", "і",
                              "о", "е", "ы", "ів", "їв"})  # Ханой, Харків (Харкові), Київ
_PLURAL_ENDS = ("ами", "ями", "ах", "ях", "ов", "ев", "ам", "ям")


def _case_of(word: str, stem: str, name: str) -> bool:
    """Whether a folded Cyrillic word is the folded place name in another case: the name
    is the stem and a nominative ending, and the word no plural unless the name is one
    (Нидерландов of Нидерланды, Філіппінах of Філіппіни)."""
    if name == word:
        return True  # the name itself (Бургас, whose stem the case reading cut short)
    return name.startswith(stem) and name[len(stem):] in _NOMINATIVE_ENDS \
        and not (word.endswith(_PLURAL_ENDS) and not name.endswith(("ы", "и")))


def _demonym_of(word: str) -> set[str]:
    """The ISO codes whose name's stem, with a demonym ending, makes this folded word."""
    stems = _stems()
    found: set[str] = set()
    # an Arabic stem may be four letters (روسي from روسيا, so الروسي is Russian)
    # and a Cyrillic one (инди of индийской)
    arabic = bool(_ARABIC_LETTERS.match(word))
    cyrillic, greek = name_script(word) == "cyrillic", name_script(word) == "greek"
    # (and Latin only in a plural name's case: Chin-ach of Chiny)
    shortest = SHORT_GREEK_STEM if greek else 4
    for size in range(len(word), shortest - 1, -1):
        stem, tail = word[:size], word[size:]
        if stem not in stems:
            continue
        if greek:
            if _GREEK_ADJECTIVE_END.fullmatch(tail) or (
                    size > SHORT_GREEK_STEM and _GREEK_CASE_END.fullmatch(tail)):
                found |= stems[stem]
            continue
        if (cyrillic and _CYRILLIC_ADJECTIVE_END.fullmatch(tail)) or (
                (arabic or size >= 5) and (
                    _DEMONYM_END.fullmatch(tail)
                    or (stem.endswith(_SLAVIC_ADJECTIVE_STEM)
                        and _SLAVIC_ADJECTIVE_END.fullmatch(tail))
                    # a whole country name in a Polish or Czech case (w Pakistanie, na
                    # Tajwanie, z Pakistanem)
                    or (stem in countries() and _SLAVIC_NOUN_END.fullmatch(tail)))) \
                or (f"{stem}y" in countries() and tail in _PLURAL_NOUN_ENDS):
            # (the last: a plural name's case, w Chinach, z Węgrami, of Chiny, Węgry)
            found |= stems[stem]
    return found


def is_place_or_date(word: str) -> bool:
    """A country, demonym, city, language, month or day name in some CLDR language."""
    folded = folded_tokens(word)
    if folded in _other_names() or folded in _dates():
        return True
    bare = _bare(folded)
    if bare in _other_names() or country_of(word):
        return True
    # a Russian city or country in another case (Пекине, Монголии)
    stem = case_stem(folded)
    if stem != folded and any(_case_of(folded, stem, n) for n in _places_starting(stem[:3])):
        return True
    # or its adjective (Шанхайской, Московский, Пекинского): the place's stem and -ск-
    base = _RUSSIAN_PLACE_ADJECTIVE.sub("", folded)
    return base != folded and len(base) >= 4 and any(
        n.startswith(base[:-1]) and abs(len(n) - len(base)) <= 2
        for n in _places_starting(base[:3]))


_RUSSIAN_PLACE_ADJECTIVE = re.compile(  # folded: й is и
    "и?ск(?:ии|ая|ое|ие|ого|ои|ому|ом|ую|их|им|ими)$")


# the endings that make a place's adjective (Europese, Nijmeegse, Rotterdamer, Bostonian)
_PLACE_ADJECTIVE_END = re.compile(r"(?:e?se|sche?|ische?[nrms]?|er|ean|ian|ese|aise?|oise?)$")
PLACE_STEM = 5  # letters an adjective shares with its place's name
PLACE_LENGTHS = 3  # letters a place's name and its adjective's stem may differ by
PLACE_TAIL = 2  # letters at its stem's end an adjective may write otherwise (Nijmeegse)
ENGLISH_WORD_ZIPF = 4.0


def place_adjective(word: str, places: Iterable[str] | None = None) -> bool:
    """Whether a word is the adjective of a place the gazetteer knows (Europese of
    Europa, Amsterdamse, Parisian), or of one of these folded places (Nijmeegse of a
    seed's Nijmegen): a word capitalised for its place, no name of its own."""
    folded = folded_tokens(word)
    match = _PLACE_ADJECTIVE_END.search(folded)
    if " " in folded or match is None or match.start() < PLACE_STEM:
        return False
    if zipf(folded, "en") >= ENGLISH_WORD_ZIPF:
        return False  # an English word (manager, not of Managua)
    base = folded[: match.start()]
    if places is not None:
        # the seed's own places, whose adjective may double a vowel (Nijmegen, Nijmeegse)
        shared = max(PLACE_STEM, len(base) - PLACE_TAIL)
        return folded not in places and any(
            abs(len(n) - len(base)) <= PLACE_LENGTHS and " " not in n
            and len(os.path.commonprefix((n, base))) >= shared for n in places)
    return any(abs(len(n) - len(base)) <= PLACE_LENGTHS and " " not in n and n.startswith(base[:-1])
               for n in _places_starting(base[:PLACE_STEM]))


@cache
def _places_starting(start: str) -> tuple[str, ...]:
    """Folded city, country and language names, in any script, that begin with these
    letters (Пекине's and Europese's places)."""
    return tuple(n for n in (*_other_names(), *countries()) if n.startswith(start))


@cache
def _regions() -> frozenset[str]:
    """Folded names of every country's provinces, regions, prefectures and capital
    districts (ISO 3166-2, through pycountry)."""
    try:
        import pycountry
    except ImportError:
        return frozenset()
    names: set[str] = set()
    for region in pycountry.subdivisions:
        for part in re.split(r"\s*[/,(]\s*|\s+-\s+", region.name):
            folded = folded_tokens(part)
            if folded:
                names.add(folded)
    return frozenset(names)


def is_region(word: str) -> bool:
    """A province, region, prefecture or capital district of some country (Rabat,
    Islāmābād, Tata): a place in any story, unless the seed presents it as a company."""
    folded = folded_tokens(word)
    return folded in _regions() or folded.removesuffix(" city") in _regions()


def is_public_place(name: str) -> bool:
    """Whether a name is a country, a province or a city: what a public office heads
    (not a company: el presidente de YPF), and a name the press abroad writes as it is."""
    return bool(country_of(name)) or is_region(name) or is_place_or_date(name)


def is_marked_region(word: str, lang: str) -> bool:
    """A region named in the seed's language with the mark for state or province after
    it (조지아주, 텍사스주, 北卡罗来纳州), or by its name alone where no country has it."""
    name = unmarked(word)
    found = _regions_by_name(lang).get(name)
    return found is not None and (name != word or not found[1])


# pycountry's translations of ISO 3166-2 names, by the locale its files are named for.
_REGION_LOCALES = {"zh": "zh_CN", "nb": "nb_NO"}
# Written after a region's name in Chinese, Japanese and Korean (北卡罗来纳州 = 北卡罗来纳).
_REGION_MARKS = ("州", "県", "省", "府", "道", "주", "도", "성")
MIN_REGION_CHARS = 4  # a shorter region name is too often part of other words or names
COMMON_REGION_ZIPF = 3.0
MIN_REGION_SYLLABLES = 2  # in Chinese, Japanese and Korean a character is a syllable
_SYLLABIC = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@cache
def _region_translations(lang: str) -> dict[str, str]:
    """ISO 3166-2 code -> the region's name in `lang`, where pycountry has one."""
    import gettext

    import pycountry

    try:
        table = gettext.translation("iso3166-2", pycountry.LOCALES_DIR,
                                    languages=[_REGION_LOCALES.get(lang, lang)])
    except OSError:
        return {}
    out = {}
    for region in pycountry.subdivisions:
        name = table.gettext(region.name)
        if name != region.name or lang == "en":
            out[region.code] = name
    return out


def unmarked(name: str) -> str:
    """A region's name without the mark for state or province after it (조지아주)."""
    for mark in _REGION_MARKS:
        if name.endswith(mark) and len(name) > len(mark) + 1:
            return name[: -len(mark)]
    return name


@cache
def _regions_by_name(lang: str) -> dict[str, tuple[str, bool]]:
    """A region's name in `lang` (and in English), without its mark -> its ISO code and
    whether it is also a country's name (Georgia: then only with its mark, 조지아주);
    names shared by two regions are left out (they do not say which)."""
    import pycountry

    names: dict[str, set[str]] = defaultdict(set)
    for code, name in _region_translations(lang).items():
        names[unmarked(name)].add(code)
    for region in pycountry.subdivisions:
        names[region.name].add(region.code)
    return {n: (next(iter(c)), bool(countries().get(folded_tokens(n))))
            for n, c in names.items() if len(c) == 1 and len(n) >= (
                MIN_REGION_SYLLABLES if _SYLLABIC.search(n) else MIN_REGION_CHARS)}


_KANA_LETTER = "\u30a1-\u30fa\u30fc"
_HANGUL_LETTER = "\uac00-\ud7af"


@cache
def _syllabic_pattern(name: str) -> re.Pattern[str]:
    """A region's name in kana, Hangul or Chinese characters as a whole word: not a piece
    of a longer katakana word (グル in ソフトバンクグループ), nor the end of a Korean one
    (a particle may follow it)."""
    before = after = ""
    if re.match(f"[{_KANA_LETTER}]", name):
        before = f"(?<![{_KANA_LETTER}])"
    if re.search(f"[{_KANA_LETTER}]$", name):
        after = f"(?![{_KANA_LETTER}])"
    if re.match(f"[{_HANGUL_LETTER}]", name):
        before = f"(?<![{_HANGUL_LETTER}])"
    return re.compile(before + re.escape(name) + after)


def regions_in(text: str, lang: str) -> dict[str, int]:
    """The provinces and states (ISO 3166-2 code) a text names, with how often: each
    region's name in the text's language or in English, as written in the text."""
    folded = f" {folded_tokens(text)} "
    raw = unicodedata.normalize("NFC", text)
    found: dict[str, int] = {}
    for name, code, pattern, how in _region_names_to_find(lang):
        if how == "country":  # a country's name too: the region only with its mark
            # (조지아주), and then every time the text names it (조지아 주지사)
            n = sum(len(_syllabic_pattern(name + mark).findall(raw)) for mark in _REGION_MARKS)
            if n:
                n = len(_syllabic_pattern(name).findall(raw)) + n
        elif how == "syllabic":  # unspaced, or with particles attached (Korean)
            n = len(_syllabic_pattern(name).findall(raw))
        elif how == "capitalised":
            n = len(inside_sentence(name).findall(raw))
        else:
            n = folded.count(f" {pattern} ")
        if n:
            found[code] = found.get(code, 0) + n
    return found


@cache
def _region_names_to_find(lang: str) -> tuple[tuple[str, str, str, str], ...]:
    """The region names regions_in looks for in a text of this language, each with its
    code, folded form and how it is found: the same for every text, so sorted out once."""
    # the common words of the languages derive checks, and of the text's own where the
    # region's country does not speak it (Swedish hela, whole, is no Hela of Papua New
    # Guinea; Hindi's गुजरात is common as Gujarat's name)
    words = tuple(dict.fromkeys((*AMBIGUITY_LANGUAGES, lang)))
    spoken = speaking_countries(lang)
    out: list[tuple[str, str, str, str]] = []
    for name, (code, country) in _regions_by_name(lang).items():
        pattern = folded_tokens(name)
        if not pattern or (country and not _SYLLABIC.search(name)):
            continue
        how = "folded"
        if not _SYLLABIC.search(name):
            checked = AMBIGUITY_LANGUAGES if code.split("-")[0] in spoken else words
            own = official_languages(code.split("-")[0])
            if any(zipf(pattern, w) >= COMMON_REGION_ZIPF for w in checked if w not in own):
                continue  # a common word somewhere (North, Most, Coast)
            if any(zipf(pattern, w) >= COMMON_REGION_ZIPF for w in checked if w in own):
                if not name[:1].isupper():
                    continue
                # common in its own country's language, where it is said as often as a
                # place (Taranto) or is a word too (Fermo, still): the name as written,
                # with its capital, inside a sentence
                how = "capitalised"
        if country:
            how = "country"
        elif _SYLLABIC.search(name):
            how = "syllabic"
        out.append((name, code, pattern, how))
    return tuple(out)


@lru_cache(maxsize=4096)
def inside_sentence(name: str) -> re.Pattern[str]:
    """A name as written, after a word or comma of its sentence (not a sentence's
    first word, which any word may be capitalised as)."""
    return re.compile(rf"(?<=, |; |[^\W_] ){re.escape(name)}(?!\w)")


def region_names_in(lang: str) -> bool:
    """Whether pycountry names regions in this language (not in Arabic, Persian, Urdu)."""
    return lang == "en" or bool(_region_translations(lang))


# A word of the seed is read as a region by its sound when it is this rare in its language
# and this long: a shorter or commoner one is a word of the language (سند is a document)
REGION_SOUND_ZIPF = 3.5
MIN_REGION_SOUND = 5


def regions_by_sound(text: str, codes: list[str]) -> dict[str, int]:
    """The regions of these countries a text names in a script pycountry has no region
    names in, read by sound against their English one-word names (بلوچستان = Balochistan,
    not سند for Sindh): ISO 3166-2 code -> how often."""
    import pycountry

    from monitor.rulebook.names import same_name

    names: dict[str, str] = {}
    for country in codes:
        for region in pycountry.subdivisions.get(country_code=country) or []:  # type: ignore[no-untyped-call]
            word = folded_tokens(unmarked(region.name))
            if " " not in word and "-" not in word and len(word) >= MIN_REGION_SOUND:
                names[word] = region.code
    words = Counter(regex.findall(r"[\p{L}\p{M}]+", folded_tokens(text)))
    found: Counter[str] = Counter()
    for word, n in words.items():
        if len(word) < MIN_REGION_SOUND or max_zipf(word) >= REGION_SOUND_ZIPF:
            continue
        for name, code in names.items():
            if same_name(name, word):
                found[code] += n
    return dict(found)


@cache
def region_names(code: str, locales: tuple[str, ...] = CONTEXT_LOCALES) -> tuple[str, ...]:
    """A region's name in English and in each of the given languages pycountry translates
    it to (North Carolina, Caroline du Nord, 北卡罗来纳州, ノースカロライナ)."""
    out: dict[str, None] = {}
    for lang in ("en", *locales):
        name = _region_translations(lang).get(code)
        if name:
            out[name] = None
            if unmarked(name) != name:
                out[unmarked(name)] = None
    return tuple(out)


REGION_WORD_ZIPF = 5.0  # the distinctive word of a region's name is no more common
MIN_REGION_WORD = 5


@cache
def region_word(code: str) -> str | None:
    """The distinctive word of a region's English name of several words (Carolina of
    North Carolina), which languages pycountry does not translate keep (Carolina do
    Norte, Nordkarolina is not one): context beside a story's names, never a name."""
    from monitor.rulebook.derive.lexicon import max_zipf

    words = [w for w in _region_translations("en").get(code, "").split()
             if len(w) >= MIN_REGION_WORD and w.isalpha()]
    if len(_region_translations("en").get(code, "").split()) < 2 or not words:
        return None
    rarest = min(words, key=lambda w: max_zipf(w.lower()))
    return rarest if max_zipf(rarest.lower()) < REGION_WORD_ZIPF else None
