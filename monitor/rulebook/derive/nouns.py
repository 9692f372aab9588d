"""German writes every noun with a capital, so a capital there tells no name: a word is a
common noun when German knows it far better than other languages do and declines it
(Fabrik, Fabriken), or when it is made of German nouns (Werksgelände, Prozessabwasser);
a town is never one (Heide, Grünheide). The Nordic languages and Dutch also write a
compound noun as one word, capitalised at a sentence's start (Batteritillverkaren)."""

from __future__ import annotations

import re

from monitor.rulebook.derive.lexicon import max_zipf, zipf
from monitor.rulebook.derive.places import home_town

# A capitalised German word this common in German is a noun, unless other languages know
# it nearly as well (Tesla, Musk: names the press everywhere writes).
NOUN_ZIPF = 3.0
ELSEWHERE_MARGIN = 1.0
KNOWN_ELSEWHERE = 2.5
# Each part of a compound noun is a German word at least this common and this long.
PART_ZIPF = 3.0
MIN_PART = 3
_LINKS = ("", "s", "es", "n", "en", "e")  # Fugenelemente: Betrieb-s-kita, Straße-n-bahn
# The languages of the international press, which write the names everyone writes;
# Dutch, Polish and Turkish share or borrow many German nouns (verband, hektar).
_OTHER_LANGUAGES = ("en", "fr", "es", "it", "pt")
_ENDINGS = ("en", "n", "e", "er", "ern", "s", "es")  # plural and case: Zulassung-en
_INFLECTIONS = ("en", "n", "e", "es")  # a noun's plural or genitive (not -er, -s: Wolfsburger)


def is_german_noun(word: str, compounds: bool = True) -> bool:
    """Whether a capitalised German word is a common noun rather than a name: one German
    declines (Fabrik, Fabriken), or (when asked) one made of German nouns."""
    lower = word.lower()
    if "-" in lower or not lower.isalpha():
        return False  # Oder-Spree, Tesla-Fabrik: a name's part is there
    if home_town(lower, "de"):
        return False  # Heide, Grünheide: German-speaking towns, though made of words
    if known_noun(lower) or _plain_noun(lower, compounds):
        return True
    if any(lower.endswith(e) and _german_word(lower[: -len(e)]) for e in _ENDINGS):
        return True  # the seed declines it itself (Zulassungen, Elektroautos)
    if (plain := _without_umlaut(lower)) != lower and _german_word(lower) and any(
            _german_word(base) and zipf(base, "de") >= zipf(lower, "de")
            for base in (plain, plain[:-1] if plain.endswith("e") else plain)):
        # a plural by its umlaut alone or with -e, German's own word and rarer than its
        # singular (Häfen, Gärten, Verträge); not a surname, which is commoner than the
        # word it looks like (Höcke, hocke) or no German-only word (Krämer, Kramer), nor
        # one in -er, a trade's (Köhler, Förster)
        return True
    # a compound the international press writes too is a brand (Volkswagen, Biontech)
    return compounds and _compound(lower) and max_zipf(lower, _OTHER_LANGUAGES) < KNOWN_ELSEWHERE


# German's noun-making endings (Einstufung, Bestrebung, Diffamierungen, Sicherheit): a
# long word with one that the list knows at all is a noun (a surname so is short: Hartung)
_NOUN_SUFFIXES = ("ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften",
                  "ität", "itäten", "ismus", "nisse")
SUFFIXED_ZIPF = 2.0
MIN_SUFFIXED = 8
# a word this common in German that no other language of the press writes at all is a
# German word (Gutachten, an expert report), however seldom it is declined
GERMAN_ONLY_ZIPF = 4.0
UNKNOWN_ELSEWHERE = 1.0
KNOWN_COMPOUND_ZIPF = 2.5


def _plain_noun(lower: str, compounds: bool = True) -> bool:
    """A German noun by its ending, or one German alone says often, or (when asked) a
    compound only German writes."""
    german = zipf(lower, "de")
    elsewhere = max_zipf(lower, _OTHER_LANGUAGES)
    if len(lower) >= MIN_SUFFIXED and lower.endswith(_NOUN_SUFFIXES) \
            and german >= SUFFIXED_ZIPF and elsewhere < KNOWN_ELSEWHERE:
        return True
    if elsewhere >= UNKNOWN_ELSEWHERE:
        return False
    # (and a compound German knows that no other language writes: Verdachtsfall; a
    # company of words is written abroad too: Rheinmetall)
    return german >= GERMAN_ONLY_ZIPF or (
        compounds and german >= KNOWN_COMPOUND_ZIPF and _compound(lower))


def german_only(word: str) -> bool:
    """Whether no other language of the international press writes the word at all."""
    return max_zipf(word.lower(), _OTHER_LANGUAGES) < UNKNOWN_ELSEWHERE


def known_noun(lower: str) -> bool:
    """A word German knows well and other languages far less (Fabrik, not Tesla), and in
    an inflected form too (Fabriken, Verbandes): a surname or a company (Scholz,
    Rheinmetall) is seldom declined."""
    return _german_word(lower) and _declined_too(lower)


def _german_word(lower: str) -> bool:
    """A word German knows well and other languages far less (Zulassung, Elektroauto)."""
    german = zipf(lower, "de")
    return german >= NOUN_ZIPF and german - max_zipf(lower, _OTHER_LANGUAGES) >= ELSEWHERE_MARGIN


def _declined_too(lower: str) -> bool:
    """Whether German writes the word in a plural or genitive form as well."""
    return max(zipf(form, "de") for form in _declensions(lower)) >= NOUN_ZIPF


def _declensions(lower: str) -> list[str]:
    """A noun's plural and genitive forms, with an umlaut too (Anschlag, Anschläge)."""
    umlauted = _umlauted(lower)
    return [lower + e for e in _INFLECTIONS] + [umlauted + e for e in ("e", "er", "en")]


_UMLAUT = {"au": "äu", "a": "ä", "o": "ö", "u": "ü"}
_LAST_VOWEL = re.compile("(au|a|o|u)(?=[^aeiouäöü]*$)")
# and before an unstressed -el, -en, -er (Hafen, Häfen; Vogel, Vögel)
_STEM_VOWEL = re.compile("(au|a|o|u)(?=[^aeiouäöü]*(?:e[lnr][^aeiouäöü]*)?$)")


def _umlauted(lower: str, unstressed: bool = False) -> str:
    """The word with its last a, o, u or au umlauted (or its stem's, before -el, -en or
    -er, when `unstressed`): how German makes many plurals."""
    pattern = _STEM_VOWEL if unstressed else _LAST_VOWEL
    return pattern.sub(lambda m: _UMLAUT[m.group()], lower, count=1)


def plural_written(word: str, written: frozenset[str]) -> bool:
    """Whether a German text, by its words in lower case, also writes the word's plural
    by umlaut, as German knows it (Hafen, Häfen; Vertrag, Verträge): a noun, since no
    name takes one."""
    lower = word.lower()
    umlauted = _umlauted(lower, unstressed=True)
    return umlauted != lower and any(form in written and zipf(form, "de") >= NOUN_ZIPF
                                     for form in (umlauted, umlauted + "e"))


_UNDONE = {v: k for k, v in _UMLAUT.items()}
_LAST_UMLAUT = re.compile("(äu|ä|ö|ü)(?=[^aeiouäöü]*(?:e[lnr]?[^aeiouäöü]*)?$)")


def _without_umlaut(lower: str) -> str:
    """The word with its last umlaut undone (häfen: hafen; anschläge: anschlage)."""
    return _LAST_UMLAUT.sub(lambda m: _UNDONE[m.group()], lower, count=1)


def _compound(lower: str, depth: int = 2) -> bool:
    """Made of known German words (two, or three: Trinkwasser-schutz-gebiet), with a
    linking letter or two between them."""
    for cut in range(MIN_PART, len(lower) - MIN_PART + 1):
        head, tail = lower[:cut], lower[cut:]
        # the last part is a noun, declined too (Gelände, Kita; not -tech, -per)
        if not _declined(tail) and not (depth > 1 and _compound(tail, depth - 1)):
            continue
        for link in _LINKS:
            if head.endswith(link) and len(head) - len(link) >= MIN_PART and \
                    zipf(head[: len(head) - len(link)], "de") >= PART_ZIPF:
                return True
    return False


# Languages that write a compound noun as one word (Batteritillverkaren, the battery
# maker; Konkursförvaltaren, the receiver), whose capital at a sentence's start tells
# nothing; German has its own reading above.
COMPOUNDING = frozenset({"sv", "da", "nb", "nn", "no", "nl", "fi", "is"})
TAIL_ZIPF = 2.5  # a compound's last part carries an article or ending, so it is rarer
MIN_TAIL = 4


def is_compound(lower: str, lang: str) -> bool:
    """Whether a word is made of two words of the language (batteri + tillverkaren;
    styrelse + ordföranden), with a linking -s- or -e- between them. A part English knows
    better is a brand's (Fingrid: fin + grid)."""
    def native(part: str, least: float) -> bool:
        known = zipf(part, lang)
        return known >= least and known > zipf(part, "en")

    for cut in range(MIN_PART, len(lower) - MIN_TAIL + 1):
        head, tail = lower[:cut], lower[cut:]
        if not native(tail, TAIL_ZIPF):
            continue
        if any(head.endswith(link) and len(head) - len(link) >= MIN_PART
               and native(head[: len(head) - len(link)], PART_ZIPF)
               for link in ("", "s", "e")):
            return True
    return False


def _declined(lower: str) -> bool:
    """A common German word: in a plural or genitive too, or ending like one, or far
    commoner in German than elsewhere (Kita, Abwasser; not -tech, -per)."""
    german = zipf(lower, "de")
    return german >= PART_ZIPF and (
        lower.endswith(_INFLECTIONS)
        or german - max_zipf(lower, _OTHER_LANGUAGES) >= ELSEWHERE_MARGIN
        or _declined_too(lower))
