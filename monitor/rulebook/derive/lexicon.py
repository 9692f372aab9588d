"""Word frequencies and scripts for derive: which language a seed is in, how rare a word is
there, and the seed's words in scripts written without capitals or spaces.

Frequencies come from `wordfreq` (its data ships with it; its Chinese and Japanese
tokenisers come with the `cjk` extra). Nothing here holds a seed's words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache, lru_cache

import regex

from monitor.rulebook import frequencies, thai

# Scripts with no capitals: names there are found by rarity and repetition.
_UNCASED = {"arabic", "hebrew", "devanagari", "cjk", "hangul", "thai", "bengali", "tamil",
            "georgian"}
# Languages worth trying, per script, when guessing a seed's language.
_BY_SCRIPT: dict[str, tuple[str, ...]] = {
    "latin": ("en", "es", "fr", "pt", "de", "it", "nl", "pl", "tr", "id", "sv", "ro", "cs",
              "ca", "vi", "ms", "hu", "fi", "da", "nb", "sk", "sl", "lt", "lv", "is", "fil",
              "sh"),  # Serbo-Croatian: wordfreq's list is in Latin letters
    "arabic": ("ar", "fa", "ur"),
    "cyrillic": ("ru", "uk", "bg", "mk", "sh"),
    "greek": ("el",),
    "hebrew": ("he",),
    "devanagari": ("hi",),
    "bengali": ("bn",),
    "tamil": ("ta",),
    "hangul": ("ko",),
    "thai": ("th",),
}
# A word this frequent (Zipf scale) in the seed's language is an ordinary word there.
COMMON_ZIPF = 4.5
# Languages that write each syllable apart, so that their words of two syllables (xả
# thải, discharge; ngư dân, fishermen) are two "words" to a word list, and every
# syllable of a name (Hà Tĩnh) is a word of its own
SYLLABLE_LANGUAGES = frozenset({"vi"})


@cache
def languages() -> tuple[str, ...]:
    """Every language derive has word frequencies for (what --lang accepts): wordfreq's,
    and Thai by the Thai National Corpus (see monitor.rulebook.thai)."""
    return tuple(sorted({*frequencies.available(), "th"}))


@lru_cache(maxsize=131072)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency (0 = unknown, 7 = the most common words) of a word or phrase; a
    Persian word joined by a zero-width non-joiner is read as the word it is made of
    (پایانه‌های is پایانه, terminals; بهره‌بردار is as common as its rarer half)."""
    found = _zipf(word, lang)
    if found or _ZWNJ not in word:
        return found
    parts = [p for p in word.split(_ZWNJ) if p]
    if parts and parts[0] in _BEFORE_ZWNJ:
        parts = parts[1:]
    while len(parts) > 1 and parts[-1] in _AFTER_ZWNJ:
        parts = parts[:-1]
    if not parts:
        return 0.0
    joined = _zipf(_ZWNJ.join(parts), lang) or _zipf("".join(parts), lang)
    return joined or min(_zipf(p, lang) for p in parts)


_ZWNJ = "\u200c"
# Persian prefixes and endings written apart with a zero-width non-joiner: the verb's
# mi-, plurals, the indefinite and relative -i, comparatives, pronoun endings.
_BEFORE_ZWNJ = frozenset({"می", "نمی"})
_AFTER_ZWNJ = frozenset({"ها", "های", "هایی", "ای", "ی", "تر", "ترین", "اش", "شان", "ام",
                         "ات", "مان", "تان", "اند", "ایم", "اید"})


def _zipf(word: str, lang: str) -> float:
    if lang == "th":
        return thai.zipf(word)
    if lang not in languages():
        # no list (wordfreq would also warn that it cannot cut Thai into words); a
        # language simplemma has a dictionary of, by that
        return DICTIONARY_ZIPF if lang in dictionary_languages() and in_dictionary(
            word, lang) else 0.0
    # Python lower-cases Turkish İ as i with a combining dot, a word no list knows
    # ("İki".lower() is not "iki", two)
    word = word.replace("i\u0307", "i")
    try:
        return frequencies.zipf_frequency(word, lang)
    except (LookupError, ImportError, ValueError):
        return 0.0


# simplemma's dictionaries of word forms (it ships them; nothing is downloaded), for the
# languages wordfreq has no list of, written with capitals: Swahili, Armenian, Estonian,
# Albanian, … The dictionaries hold inflected words, not every uninflected one (Georgian's
# lacks უკვე, already, and მესამე, third), so only capitals can find names there: not
# Georgian. Not Latin, Old English and other languages no seed of today's news is in.
_DICTIONARIES = ("sw", "hy", "et", "sq", "cy", "ga", "gd", "gl", "eo", "lb", "ast")
# A word the dictionary knows is an ordinary word of its language: it tells no more than
# that, so no word counts as rarer or commoner than another there (nor as grammar: the
# thresholds above this one, for words of scripts without capitals, never apply).
DICTIONARY_ZIPF = COMMON_ZIPF


@cache
def dictionary_languages() -> frozenset[str]:
    """The languages derive tells common words of by simplemma's dictionary alone."""
    return frozenset(code for code in _DICTIONARIES if code not in languages())


def has_word_list(lang: str) -> bool:
    """Whether derive can tell a common word of the language: by wordfreq's frequencies,
    or by simplemma's dictionary of its word forms."""
    return lang in languages() or lang in dictionary_languages()


@lru_cache(maxsize=65536)
def in_dictionary(word: str, lang: str) -> bool:
    """Whether simplemma's dictionary of the language knows every word of a word or
    phrase as a common word: not as a name, whose lemma it writes with a capital
    (Ստեփանակերտի, of Stepanakert: Ստեփանակերտ; Alhamisi, Thursday). Asked in lower
    case: a surname that is a word too (Kallas; kallas, a shore) is common, as Tata is
    in English, and the person needs the story's context; asked with a capital, every
    lower-case word a surname is made of (tamm, oak; saar, island) would be rare."""
    import simplemma  # its dictionaries load per language: derive only

    words = _WORDS.findall(word)
    return bool(words) and all(simplemma.is_known(w, lang) and not simplemma.lemmatize(
        w.lower(), lang=lang)[:1].isupper() for w in words)


# Languages in which a single word is checked for being common or a brand.
AMBIGUITY_LANGUAGES = ("en", "es", "fr", "pt", "de", "it", "ar", "ru", "zh", "ja", "tr", "id")
# Those written in Latin letters, where a word in Latin letters is an everyday word (a
# Chinese or Japanese list counts a Latin run it cuts into letters: lap is la + p there).
LATIN_LANGUAGES = tuple(code for code in AMBIGUITY_LANGUAGES if code in _BY_SCRIPT["latin"])


def max_zipf(word: str, langs: tuple[str, ...] = AMBIGUITY_LANGUAGES) -> float:
    """How common a word is in the language where it is most common."""
    return max(zipf(word, code) for code in langs)


def script(char: str) -> str:
    """The script of one letter, as derive groups them."""
    code = ord(char)
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    if 0x0370 <= code <= 0x03FF or 0x1F00 <= code <= 0x1FFF:
        return "greek"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
        return "hebrew"
    if 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x0900 <= code <= 0x097F:
        return "devanagari"
    if 0x0980 <= code <= 0x09FF:
        return "bengali"
    if 0x0B80 <= code <= 0x0BFF:
        return "tamil"
    if 0x0E00 <= code <= 0x0E7F:
        return "thai"
    if 0x10A0 <= code <= 0x10FF or 0x1C90 <= code <= 0x1CBF:
        return "georgian"  # Mkhedruli: Python calls its letters lower case, but it writes
        # no capitals (Mtavruli is for whole headings)
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "hangul"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF:
        return "cjk"
    return "other"


@lru_cache(maxsize=65536)
def uncased(word: str) -> bool:
    """True for a word in a script without capitals (Arabic, Chinese, Hebrew, …)."""
    return any(script(c) in _UNCASED or script(c) == "kana" for c in word if c.isalpha())


def script_languages(word: str) -> tuple[str, ...]:
    """The word-list languages written in a word's script (ru, uk, bg… for Cyrillic)."""
    return _BY_SCRIPT.get(main_script(word), ())


def main_script(text: str) -> str:
    """The script most of the text's letters are in (kana counts as Japanese)."""
    counts = Counter(script(c) for c in text if c.isalpha())
    if counts["kana"] and counts["kana"] >= 0.05 * (counts["kana"] + counts["cjk"]):
        counts["japanese"] = counts.pop("kana") + counts.pop("cjk", 0)
    return counts.most_common(1)[0][0] if counts else "latin"


def without_capitals(text: str) -> bool:
    """Whether the script most of the text is in writes no capitals (Devanagari, Thai,
    Arabic; Ethiopic, which derive has no name for, has no letter of either case)."""
    main = main_script(text)
    if main in _UNCASED or main == "japanese":
        return True
    return not any(c.isupper() or c.islower() for c in text if c.isalpha() and
                   script(c) == main)


_WORDS = regex.compile(r"(?:[^\W\d_]|\p{M})+")  # with vowel signs (Devanagari)


# A seed in a language with a word list has nearly all its words in that list (81% for a
# Turkish seed, whose suffixes make many rare forms); one in another language (Swahili,
# read as Spanish) about half.
KNOWN_SHARE = 0.7


def known_share(text: str, lang: str) -> float | None:
    """The share of a spaced seed's words the language's word list knows: how well the
    seed's language was told (None where words are not spaced, or the language has no
    word list)."""
    if lang in ("zh", "ja", "th") or lang not in languages():
        return None
    words = [w.lower() for w in _WORDS.findall(unicodedata.normalize("NFC", text))]
    if not words:
        return None
    return sum(1 for w in words if zipf(w, lang) > 0) / len(words)


CLOSE_LANGUAGES = 0.9  # a language whose common words the seed uses this much as another's


def detect_language(text: str) -> str:
    """The seed's language: its script first, then, among that script's languages, the one
    whose most common words it uses most."""
    text = unicodedata.normalize("NFC", text)
    main = main_script(text)
    if main == "japanese":
        return "ja"
    if main == "cjk":
        return "zh"
    choices = _BY_SCRIPT.get(main, ("en",))
    if len(choices) == 1:
        return choices[0]
    # as wordfreq reads each language (its Serbo-Croatian list is in Latin letters, and a
    # Serbian seed in Cyrillic is read through them)
    words = {lang: tokenize(text, lang) for lang in choices}
    common = {lang: set(frequencies.top_words(lang)) for lang in choices}
    counts = {lang: sum(1 for w in words[lang] if w in common[lang]) for lang in choices}
    top = max(counts.values())
    if not top:
        return choices[0]  # no common word of any (a name alone, figures): the script's first
    close = [lang for lang in choices if counts[lang] >= CLOSE_LANGUAGES * top]
    if len(close) == 1:
        return close[0]
    # languages that share their most common words (Malay and Indonesian: yang, dan,
    # untuk): the one whose word list knows the seed's words better (mahu, bahawa)
    return max(close, key=lambda lang: (_known_weight(words[lang], lang), counts[lang]))


def _known_weight(words: list[str], lang: str) -> float:
    """How common a seed's words are in a language, on average (Zipf, 0 if unknown)."""
    return sum(zipf(w, lang) for w in words) / len(words) if words else 0.0


def language_name(code: str) -> str:
    """A language's English name and code, as a message names it: Estonian (et)."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale("en").languages.get(code, "")
    except (UnknownLocaleError, ValueError):
        name = ""
    return f"{name} ({code})" if name else code


# what a language identifier calls a language that derive reads under another name
_SAME_LANGUAGE = {"tl": "fil", "no": "nb"}


def spoken_language(text: str, lang: str) -> str:
    """The language the seed is written in, where it has no word list of its own and
    derive reads it through a related one (Azerbaijani through Turkish, Croatian through
    Serbo-Croatian) or by a dictionary (Estonian): its grammar, such as its case endings,
    is that language's. Else the word list's own language."""
    import py3langid  # type: ignore[import-untyped]  # loads its model: derive only

    guess = str(py3langid.classify(text)[0])
    guess = _SAME_LANGUAGE.get(guess, guess)
    return lang if guess in languages() else guess


def tokenize(text: str, lang: str) -> list[str]:
    """Words as wordfreq splits them (Chinese and Japanese by their dictionaries); in a
    language it has no list for, runs of letters (it would warn that Thai comes out bad)."""
    if lang == "th":
        return [w.lower() for w in thai.words(text) if _WORDS.search(w)]
    if lang not in languages():
        return [str(w) for w in _WORDS.findall(text.lower())]
    try:
        return list(frequencies.wordfreq().tokenize(text, lang))
    except (ImportError, LookupError):
        return [str(w) for w in _WORDS.findall(text.lower())]


_KANJI_NAME = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,8}")
# Long vowels as the press writes Japanese names in Latin letters (Tōshiba = Toshiba).
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))


@cache
def _kakasi():  # type: ignore[no-untyped-def]
    import pykakasi  # imported late: its dictionaries take a moment to load

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


# A reading's word this short is one kanji read alone: a name cut short (三菱自, for
# 三菱自動車, is no "Mitsubishi Ji", which would be found in every Mitsubishi) or a
# Chinese name read in Japanese (鴻海, Hon Hai, is no "Ko Umi").
MIN_READING_WORD = 3


def japanese_reading(name: str) -> str | None:
    """How the press writes a Japanese name in kanji in Latin letters (東芝 = Toshiba,
    日立 = Hitachi, 島田太郎 = Shimada Taro): Hepburn without long vowels; None for
    anything but kanji, and for a reading with a word of one kanji read short (see
    MIN_READING_WORD)."""
    if not _KANJI_NAME.fullmatch(name):
        return None
    words = []
    for part in _kakasi().convert(name):
        word = str(part.get("hepburn", "")).lower()
        for long, short in _LONG_VOWELS:
            word = word.replace(long, short)
        if word and word.isascii():
            words.append(word.capitalize())
    if len(words) > 1 and any(len(word) < MIN_READING_WORD for word in words):
        return None
    return " ".join(words) or None
