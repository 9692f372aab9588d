"""The words of a seed in a script without capitals (Arabic, Persian, Urdu, Hebrew,
Hindi, Tamil) with what is written against them: the prefixes attached before (و ب ل ال,
ה ב ל), the endings after (a dual, a plural, a pronoun, a Tamil case), how common a word
is without them, and whether a rare word is a common one inflected rather than a name."""

from __future__ import annotations

import re
from functools import lru_cache

from monitor.rulebook.derive.lexicon import zipf
from monitor.rulebook.names import ARABIC_ARTICLE, HEBREW_PREFIXES, tamil_nominatives

# A word in a script without capitals is a name candidate only if it is this rare.
UNCASED_ZIPF = 3.0

# Words that present the next as a company, with or without an attached و ب ل: "شركة X"
# (the company X), even when X is also a common word or said only once.
_ORG_CUES = ("شركة", "مجموعة", "شرکت", "חברת", "कंपनी")

# Prefixes attached to an Arabic, Persian or Urdu word (and, by, for, the) and to a Hebrew
# one: a name is looked up without them. Hebrew's are the matcher's, and in a seed also
# the article (הבאיקר, the Baykar, is the seed's own word, never a text's common one).
SEED_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")
SEED_HEBREW_PREFIXES = ("וה", "ה", *HEBREW_PREFIXES)

# Languages whose words take attached prefixes (و ب ل ال, ו ה ב ל מ ש): Persian and Urdu
# write the same letters at the start of plain words (بهره‌برداری, بندر).
_PREFIXED = {"ar": SEED_ARABIC_PREFIXES, "he": SEED_HEBREW_PREFIXES}


def bare(word: str, lang: str = "") -> str:
    """An Arabic or Hebrew word without the prefixes attached to it, if what is left is
    rarer (والمغرب -> المغرب -> مغرب is not: only prefixes the word can spare); in a
    seed of another language (Persian, Urdu) the word as written."""
    tables = [_PREFIXED[lang]] if lang in _PREFIXED else [] if lang else list(
        _PREFIXED.values())
    for prefixes in tables:
        for prefix in prefixes:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                return word[len(prefix):]
    return word


def tamil_stem(word: str, lang: str) -> str | None:
    """A Tamil word without its case ending (கூடங்குளத்தில், in Kudankulam: கூடங்குளம்),
    where the word list knows it better so; by an ending its letters show only, unless the
    list does not know the word at all (புடின், Putin, is no புட் with ின்: see
    names.tamil_nominatives). None for any other word."""
    known = zipf(word, lang)
    said = {form: zipf(form, lang) for form in tamil_nominatives(word, marked=known > 0)}
    best = max(said, key=said.__getitem__, default="")
    return best if best and said[best] > known else None


CONJUNCTIONS = frozenset({"و"})  # "and" attached to the next Arabic word


def unjoined(word: str) -> str:
    """An Arabic word without the "and" attached to it (وإكسون -> إكسون), when enough is
    left to be a name."""
    if word[:1] in CONJUNCTIONS and len(word) >= 4:
        return word[1:]
    return word


def uncased_zipf(word: str, lang: str) -> float:
    """How common a word of an uncased script is, with or without its attached prefixes,
    or without its Tamil case ending (உலைக்கு, to the reactor, is உலை)."""
    # "and" and the article (و ال وال بال لل), not the one-letter prepositions: a name
    # may start with their letter (لفان, فيليبس)
    # (any form without a Tamil ending: how common it may be, not which form it is)
    forms = {word, *tamil_nominatives(word)}
    for prefixes in (SEED_ARABIC_PREFIXES, SEED_HEBREW_PREFIXES):
        forms |= {word[len(p):] for p in prefixes if word.startswith(p)
                  and len(word) > len(p) + 2 and (len(p) > 1 or p in ("و", "ו", "ה")
                                                  or word[len(p)] in _HAMZA_SEATS)}
    return max(zipf(f, lang) for f in forms)


# An alef with hamza starts a word, so a letter before it is a preposition attached to
# that word (لإقدام, for undertaking: إقدام), whatever the letter starts elsewhere
_HAMZA_SEATS = frozenset("أإآ")

# Arabic dual and sound plural endings: a rare word that is a common one with such an
# ending is that word, inflected (الرئيسان, the two presidents; يشهدان, they both witness)
_ARABIC_ENDINGS = ("ان", "ين", "ون", "ات")
_DUAL_CONSTRUCT = ("تي", "تا")
INFLECTED_STEM = 3  # letters the common word must keep
INFLECTED_ZIPF = 4.0  # and how common it must be
# the masculine plural's endings, which few names end in: a word derive gathers for
# another reason (repeated, beside a rare one) is looked at with these only (the dual's
# ان and the feminine ات end names: زيدان, لبنان, عرفات)
ARABIC_PLURALS = ("ين", "ون")

# Hindi's plural and oblique plural endings on a noun (फंडों, funds; कंपनियों)
_HINDI_ENDINGS = ("ियों", "ों", "ओं", "एं", "ें")


def inflected(word: str, lang: str, endings: tuple[str, ...] = _ARABIC_ENDINGS) -> bool:
    """Whether a rare Arabic or Hindi word is a common word with a dual or plural ending:
    the word, not a name (Hindi's endings whatever `endings` says: no name ends so)."""
    if lang == "hi":  # the stem alone, or with the ी or ा the ending replaced
        return any(word.endswith(ending) and len(word) - len(ending) >= INFLECTED_STEM
                   and max(zipf(word[: -len(ending)] + vowel, lang) for vowel in ("", "ी", "ा"))
                   >= INFLECTED_ZIPF for ending in _HINDI_ENDINGS)
    if lang != "ar":
        return False
    if dual_construct(word, lang):
        return True
    for form in dict.fromkeys((word, unjoined(word))):
        for ending in endings:
            stem = form[: -len(ending)]
            if form.endswith(ending) and len(stem) >= INFLECTED_STEM \
                    and max(zipf(stem, lang), zipf(ARABIC_ARTICLE + stem, lang)) \
                    >= INFLECTED_ZIPF:
                return True  # (حاليين: حالي, الحالي, current)
    return False


def dual_construct(word: str, lang: str) -> bool:
    """Whether an Arabic word is a common feminine noun in the dual before its complement
    (دولتي المصب, the two downstream states: دولة), or with "my": that noun, no name."""
    if lang != "ar":
        return False
    for form in dict.fromkeys((word, unjoined(word))):
        stem = form[:-2] + "ة"
        if form.endswith(_DUAL_CONSTRUCT) and len(stem) > INFLECTED_STEM and max(
                zipf(stem, lang), zipf(ARABIC_ARTICLE + stem, lang)) >= INFLECTED_ZIPF:
            return True
    return False


# The pronouns Arabic writes against a noun or verb (its, his, their): not our and your
# (نا, كم), rare in news and the end of foreign names (تيرانا, Tirana)
_ARABIC_PRONOUNS = ("هما", "هم", "هن", "ها", "ه")
_ARABIC_NAME_ENDINGS = ("نا", "كم")

# Languages without capitals whose word forms simplemma's dictionary knows
_LEMMATISED = frozenset({"ar", "fa", "he", "hi"})


@lru_cache(maxsize=65536)
def common_with_ending(word: str, lang: str) -> bool:
    """Whether a rare word of a script without capitals is a common word with an ending
    the language's dictionary knows: a pronoun, the accusative's alif, an adjective's
    feminine (حصارها, its siege: حصار; خانقا; أممية, of the UN); the word, not a name.
    Not the dual or a plural, which end names too (لفان is no لف with ان: see
    inflected), nor a noun's feminine, which makes women's names of men's (نجيبة)."""
    if lang not in _LEMMATISED:
        return False
    if lang == "ar":
        for pronoun in _ARABIC_PRONOUNS:  # (حاوياته, its containers: حاويات)
            rest = word[: -len(pronoun)]
            if word.endswith(pronoun) and len(rest) >= INFLECTED_STEM and max(
                    zipf(rest, lang), zipf(rest[:-1] + "ة", lang) if rest.endswith("ت")
                    else 0.0) >= UNCASED_ZIPF:
                return True
    import simplemma  # its dictionaries load per language: derive only

    lemma = simplemma.lemmatize(word, lang=lang)
    ending = word[len(lemma):]
    return lemma != word and word.startswith(lemma) and len(lemma) >= INFLECTED_STEM \
        and ending not in _ARABIC_ENDINGS and ending not in _ARABIC_NAME_ENDINGS \
        and (ending != "ة" or lemma.endswith("ي")) and zipf(lemma, lang) >= UNCASED_ZIPF


def org_cue(word: str) -> bool:
    """Whether an uncased word presents the next as a company (شركة, لشركة, وشركة)."""
    return word in _ORG_CUES or (word[1:] in _ORG_CUES and word[0] in "وبلف")


def presented(term: str, text: str) -> bool:
    """Whether the seed presents an uncased name as a company (شركة X)."""
    first = term.split()[0]
    return any(org_cue(before) for before in re.findall(rf"(\S+)\s+{re.escape(first)}", text))
