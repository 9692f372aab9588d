"""A conjugated verb (acordaron, firmaron, подписали, усвојила: agreed, signed, adopted) is
in every story, so it is no word of one story: simplemma gives a word's lemma, and a
lemma with its language's infinitive ending, other than the word itself in the plural
or another gender, is a verb's."""

from __future__ import annotations

import re
from functools import lru_cache

# Infinitive endings, in the languages where simplemma's lemmas tell a verb by them: not
# where its dictionary makes verbs of nouns (Portuguese compra, ajuda; Italian contratto,
# voto; Polish zamknięcie) nor where nouns share the ending (Swedish -a, Dutch -en).
_INFINITIVES = {
    "es": ("ar", "er", "ir", "ír"),
    "fr": ("er", "ir", "re", "oir"),
    "ru": ("ть", "ти", "чь", "ться", "тись", "чься"),
    "hbs": ("ti", "ći"),
    "el": ("ω", "ώ", "ομαι", "ούμαι", "άμαι", "ιέμαι"),
}
# Portuguese and Italian: simplemma's lemmas make verbs of nouns there (compra, contratto),
# so a word is a verb only in a finite form no noun takes: a past tense, an imperfect, a
# future or a conditional (assinaram, cancelou; approvò, firmarono)
_FINITE = {
    "pt": ("aram", "eram", "iram", "ou", "iu", "avam", "ava", "aria", "ariam", "ará", "arão",
           "erá", "irá", "erão", "irão"),
    "it": ("ò", "ì", "arono", "erono", "irono", "ava", "avano", "eva", "evano", "erà", "irà",
           "eranno", "iranno"),
}
_FINITE_INFINITIVES = {"pt": ("ar", "er", "ir"), "it": ("are", "ere", "ire", "rre")}
# wordfreq's and CLDR's codes for the languages simplemma reads as one
_SIMPLEMMA_CODE = {"sr": "hbs", "hr": "hbs", "bs": "hbs", "sh": "hbs"}
_VOWELS = frozenset("аеиоуыэюя")
_NOUN_ENDINGS = ("s", "es")  # a noun's or adjective's plural (nucleares: nuclear)
# the endings of a noun made of a verb, which simplemma gives the verb for
_VERBAL_NOUNS = {"hbs": ("nje", "nja", "nju", "njem"), "ru": ("ние", "ния", "нию", "нием", "нии")}


# Turkish: simplemma gives a stem, not an infinitive; what follows the stem tells a finite
# verb: a past (imzala-ndı, it was signed), a participle (sür-düğünü, that it goes on),
# the present, the future or the reported past
_TURKISH_VERB = re.compile(
    "(?:[ıiuü]?[nl])?(?:[dt][ıiuü](?:lar|ler|k|m|n|nız|niz|nuz|nüz)?"
    "|[dt][ıiuü]ğ.*|[ıiuü]?yor.*|y?[ae]c[ae][kğ].*|m[ıiuü]ş.*)")


def _turkish_verb(lower: str) -> bool:
    import simplemma

    stem = simplemma.lemmatize(lower, lang="tr")
    return stem != lower and lower.startswith(stem) and len(stem) >= 2 \
        and _TURKISH_VERB.fullmatch(lower[len(stem):]) is not None


@lru_cache(maxsize=4096)
def is_verb(word: str, lang: str) -> bool:
    """Whether a word of the seed is a conjugated verb of its language (acordaron,
    celebra, подписали, усвојила; in Portuguese and Italian only a finite form, assinou);
    in Turkish by what follows the stem; never for a language not in those tables."""
    code = _SIMPLEMMA_CODE.get(lang, lang)
    lower = word.lower()
    if code == "tr":
        return _turkish_verb(lower)
    if code in _FINITE:
        if not lower.endswith(_FINITE[code]):
            return False
        endings = _FINITE_INFINITIVES[code]
    elif not (endings := _INFINITIVES.get(code, ())):
        return False
    if code == "hbs":
        from wordfreq.transliterate import SR_LATN_TABLE

        lower = lower.translate(SR_LATN_TABLE)  # simplemma reads it in Gaj's Latin letters
    import simplemma  # its dictionaries load per language: derive only

    lemma = simplemma.lemmatize(lower, lang=code)
    if lemma == lower or not lemma.endswith(endings):
        return False
    if lower in (lemma + e for e in _NOUN_ENDINGS) or lower[:-1] == lemma[:-1]:
        return False  # a noun or adjective in the plural or another gender (nucleari)
    if lower.endswith(_VERBAL_NOUNS.get(code, ())):
        return False  # a noun made of the verb (ископавање, excavation)
    # (not a noun in -сть, -фть: область, нефть, region, oil)
    return not (code == "ru" and lemma.endswith(("ть", "ться"))
                and lemma[-3 if lemma.endswith("ть") else -5] not in _VOWELS)
